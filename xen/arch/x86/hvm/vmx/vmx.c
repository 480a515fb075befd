/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Intel VMX backend: enabling VMX on each CPU, the ops table the common
 * HVM layer calls (struct hvm_function_table), guest register access and
 * the path into the guest.
 *
 * Entry path, per vCPU: resume() makes the VMCS current here and jumps to
 * vmx_asm_do_vmentry (entry.S), which calls vmx_pre_entry() (interrupts
 * off from there on) and VMLAUNCHes or VMRESUMEs.  A VM exit lands in
 * entry.S, which saves the guest GPRs into this CPU's cpu_info and calls
 * vmx_vmexit_handler() (exits.c), then goes round again.
 *
 * Not boot-tested: QEMU's TCG has no VMX.  See docs/vmx.md.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/xmalloc.h>
#include <asm/msr-index.h>
#include <asm/p2m.h>
#include <asm/processor.h>
#include <asm/hvm/irq.h>

#include "vmx.h"

#define CPUID1_ECX_VMX          (1U << 5)
#define NO_CPU                  (~0U)

/* entry.S addresses struct cpu_regs from REGS_R15 and REGS_RAX. */
BUILD_BUG_ON(offsetof(struct cpu_regs, r15) != REGS_R15);
BUILD_BUG_ON(offsetof(struct cpu_regs, r8) != REGS_R15 + 72);
BUILD_BUG_ON(offsetof(struct cpu_regs, rax) != REGS_RAX);
BUILD_BUG_ON(offsetof(struct cpu_regs, rdi) != REGS_RAX + 32);
BUILD_BUG_ON(offsetof(struct cpu_info, guest_regs) != 0);

static void *vmxon_region[NR_CPUS];

/* --- Per-CPU enabling --- */

/* VMXON needs the host CR0/CR4 to satisfy the fixed-bit MSRs. */
static void fix_host_crs(void)
{
    unsigned long cr0 = read_cr0();

    if ( (cr0 & vmx_caps.cr0_fixed0) != vmx_caps.cr0_fixed0 )
        write_cr0(cr0 | vmx_caps.cr0_fixed0);
    write_cr4(read_cr4() | X86_CR4_VMXE);
}

static int feature_control_up(unsigned int cpu)
{
    uint64_t val = rdmsr(MSR_IA32_FEATURE_CONTROL), new_val = 0;

    switch ( vmx_feature_control(val, &new_val) )
    {
    case VMX_FC_OK:
        return 0;
    case VMX_FC_WRITE:
        wrmsr(MSR_IA32_FEATURE_CONTROL, new_val);
        return 0;
    default:
        printk(XENLOG_ERR "VMX: CPU%u: disabled by firmware "
               "(IA32_FEATURE_CONTROL %#lx)\n", cpu, (unsigned long)val);
        return -ENODEV;
    }
}

static int vmx_cpu_up(void)
{
    unsigned int cpu = smp_processor_id();
    int rc = feature_control_up(cpu);

    if ( rc )
        return rc;
    if ( !vmxon_region[cpu] )
    {
        vmxon_region[cpu] = alloc_xenheap_page();
        if ( !vmxon_region[cpu] )
            return -ENOMEM;
        memset(vmxon_region[cpu], 0, PAGE_SIZE);
        *(uint32_t *)vmxon_region[cpu] = vmx_caps.revision_id;
    }
    fix_host_crs();
    if ( !vmx_vmxon(__pa(vmxon_region[cpu])) )
    {
        write_cr4(read_cr4() & ~X86_CR4_VMXE);
        printk(XENLOG_ERR "VMX: CPU%u: VMXON failed\n", cpu);
        return -EIO;
    }
    /* Whatever ran before us may have left EPT translations behind. */
    vmx_invept(INVEPT_ALL_CONTEXT, 0);
    vmx_vpid_cpu_up(cpu);
    return 0;
}

/* --- Domains and vCPUs --- */

static int vmx_domain_initialise(struct domain *d)
{
    struct vmx_domain *vd = xzalloc(struct vmx_domain);

    if ( !vd )
        return -ENOMEM;
    vd->io_bitmap = alloc_xenheap_pages(VMX_IO_BITMAP_ORDER);
    if ( !vd->io_bitmap )
    {
        xfree(vd);
        return -ENOMEM;
    }
    /* Every port exits until hvm_domain_io_passthrough() opens some. */
    memset(vd->io_bitmap, 0xff, PAGE_SIZE << VMX_IO_BITMAP_ORDER);
    /*
     * The p2m root may be a recycled page some CPU still caches
     * translations for: every CPU INVEPTs before first running us.
     */
    cpumask_setall(&vd->ept_stale);
    d->arch.hvm = vd;
    return 0;
}

static void vmx_domain_destroy(struct domain *d)
{
    struct vmx_domain *vd = vmx_dom(d);

    if ( !vd )
        return;
    free_xenheap_pages(vd->io_bitmap, VMX_IO_BITMAP_ORDER);
    xfree(vd);
    d->arch.hvm = NULL;
}

/* Takes effect at once: every vCPU's VMCS points at the same bitmap. */
static void vmx_io_passthrough(struct domain *d, uint16_t port, bool pass)
{
    vmx_io_bitmap_set(vmx_dom(d)->io_bitmap, port, pass);
}

static void free_vmx_vcpu(struct vmx_vcpu *x)
{
    if ( x->vmcs )
        free_xenheap_page(x->vmcs);
    if ( x->msr_area )
        free_xenheap_page(x->msr_area);
    xfree(x);
}

static int vmx_vcpu_initialise(struct vcpu *v)
{
    struct vmx_vcpu *x = xzalloc(struct vmx_vcpu);

    if ( !x )
        return -ENOMEM;
    x->vmcs = alloc_xenheap_page();
    x->msr_area = alloc_xenheap_page();
    if ( !x->vmcs || !x->msr_area )
    {
        free_vmx_vcpu(x);
        return -ENOMEM;
    }
    memset(x->vmcs, 0, PAGE_SIZE);
    memset(x->msr_area, 0, PAGE_SIZE);
    *(uint32_t *)x->vmcs = vmx_caps.revision_id;
    x->vmcs_pa = __pa(x->vmcs);
    x->active_cpu = x->vpid_cpu = NO_CPU;
    /* VMCLEAR sets the launch state to "clear" (VMCS life cycle). */
    if ( !vmx_vmclear(x->vmcs_pa) )
    {
        free_vmx_vcpu(x);
        return -EIO;
    }
    v->arch.hvm = x;
    vmx_vmcs_enter(v);
    vmx_vmcs_construct(v);
    vmx_vmcs_exit(v);
    return 0;
}

static void vmx_vcpu_destroy(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);

    if ( !x )
        return;
    vmx_vmcs_release(v);
    free_vmx_vcpu(x);
    v->arch.hvm = NULL;
}

/* --- Control registers --- */

void vmx_set_cr0(struct vcpu *v, uint64_t val)
{
    vmx_vmwrite(CR0_READ_SHADOW, val);
    vmx_vmwrite(GUEST_CR0, vmx_cr0_real(val));
}

void vmx_set_cr4(struct vcpu *v, uint64_t val)
{
    vmx_vmwrite(CR4_READ_SHADOW, val);
    vmx_vmwrite(GUEST_CR4, vmx_cr4_real(val));
}

/* EFER.LMA and the "IA-32e mode guest" entry control must agree. */
void vmx_set_efer(struct vcpu *v, uint64_t val)
{
    uint64_t entry = vmx_vmread(VM_ENTRY_CONTROLS);

    vmx_vmwrite(GUEST_IA32_EFER, val);
    if ( val & EFER_LMA )
        entry |= ENTRY_IA32E_MODE;
    else
        entry &= ~ENTRY_IA32E_MODE;
    vmx_vmwrite(VM_ENTRY_CONTROLS, entry);
}

/* The guest's view: shadow for bits we own, the real CR for the rest. */
static uint64_t guest_cr(unsigned int real, unsigned int shadow,
                         uint64_t mask)
{
    return (vmx_vmread(real) & ~mask) | (vmx_vmread(shadow) & mask);
}

bool vmx_load_pdptes(struct vcpu *v, uint64_t cr3)
{
    p2m_type_t t;
    unsigned long mfn = p2m_get_entry(v->domain, cr3 >> PAGE_SHIFT, &t);
    const uint64_t *pdpte;
    unsigned int i;

    if ( mfn == INVALID_MFN || !p2m_is_ram(t) )
        return false;
    /* PAE CR3 is 32-byte aligned, bits 11:5 select the table. */
    pdpte = (const uint64_t *)((char *)mfn_to_virt(mfn) + (cr3 & 0xfe0));
    for ( i = 0; i < 4; i++ )
        vmx_vmwrite(GUEST_PDPTE0 + 2 * i, pdpte[i]);
    return true;
}

/* --- Ops: registers and segments --- */

/* Where v's RSP, RIP and RFLAGS are now: this CPU's frame if it runs. */
static struct cpu_regs *vcpu_frame(const struct vcpu *v)
{
    return v == current ? guest_cpu_regs()
                        : &((struct vcpu *)v)->arch.user_regs;
}

void vmx_sync_regs_from_vmcs(struct cpu_regs *regs)
{
    regs->rsp = vmx_vmread(GUEST_RSP);
    regs->rip = vmx_vmread(GUEST_RIP);
    regs->rflags = vmx_vmread(GUEST_RFLAGS);
}

void vmx_sync_regs_to_vmcs(const struct cpu_regs *regs)
{
    vmx_vmwrite(GUEST_RSP, regs->rsp);
    vmx_vmwrite(GUEST_RIP, regs->rip);
    vmx_vmwrite(GUEST_RFLAGS, regs->rflags | X86_EFLAGS_MBS);
}

/* The ops take const vCPUs; making a VMCS current changes no guest state. */
static struct vcpu *unconst(const struct vcpu *v)
{
    return (struct vcpu *)v;
}

/* The guest MSR area's entry for msr (construct_controls() fills it). */
static struct vmx_msr_entry *area_msr(const struct vcpu *v, uint32_t msr)
{
    struct vmx_msr_entry *e = vmx_of(v)->msr_area;
    unsigned int i;

    for ( i = 0; i < VMX_NR_GUEST_MSRS; i++ )
        if ( e[i].index == msr )
            return &e[i];
    return NULL;
}

static uint32_t reg_msr(enum hvm_reg reg)
{
    switch ( reg )
    {
    case HVM_STAR:      return MSR_STAR;
    case HVM_LSTAR:     return MSR_LSTAR;
    case HVM_CSTAR:     return MSR_CSTAR;
    case HVM_SFMASK:    return MSR_SYSCALL_MASK;
    case HVM_SHADOW_GS: return MSR_SHADOW_GS_BASE;
    default:            return 0;
    }
}

static uint64_t read_reg(const struct vcpu *v, enum hvm_reg reg)
{
    const struct vmx_msr_entry *m;

    switch ( reg )
    {
    case HVM_CR0:
        return guest_cr(GUEST_CR0, CR0_READ_SHADOW, vmx_cr0_mask());
    case HVM_CR2:
        return vmx_of(v)->cr2;
    case HVM_CR3:
        return vmx_vmread(GUEST_CR3);
    case HVM_CR4:
        return guest_cr(GUEST_CR4, CR4_READ_SHADOW, vmx_cr4_mask());
    case HVM_EFER:
        return vmx_vmread(GUEST_IA32_EFER);
    case HVM_RIP:
        return vcpu_frame(v)->rip;
    case HVM_RSP:
        return vcpu_frame(v)->rsp;
    case HVM_RFLAGS:
        return vcpu_frame(v)->rflags;
    case HVM_CPL:
        /* SDM: the CPL is SS.DPL. */
        return (vmx_vmread(GUEST_SS_AR_BYTES) >> 5) & 3;
    case HVM_SYSENTER_CS:
        return vmx_vmread(GUEST_SYSENTER_CS);
    case HVM_SYSENTER_ESP:
        return vmx_vmread(GUEST_SYSENTER_ESP);
    case HVM_SYSENTER_EIP:
        return vmx_vmread(GUEST_SYSENTER_EIP);
    case HVM_STAR: case HVM_LSTAR: case HVM_CSTAR: case HVM_SFMASK:
    case HVM_SHADOW_GS:
        m = area_msr(v, reg_msr(reg));
        return m ? m->data : 0;
    }
    return 0;
}

static uint64_t vmx_get_reg(const struct vcpu *v, enum hvm_reg reg)
{
    uint64_t val;

    vmx_vmcs_enter(unconst(v));
    val = read_reg(v, reg);
    vmx_vmcs_exit(unconst(v));
    return val;
}

static void write_reg(struct vcpu *v, enum hvm_reg reg, uint64_t val)
{
    switch ( reg )
    {
    case HVM_CR0:
        vmx_set_cr0(v, val);
        break;
    case HVM_CR2:
        vmx_of(v)->cr2 = val;
        break;
    case HVM_CR3:
        vmx_vmwrite(GUEST_CR3, val);
        /* PAE paging outside long mode: VM entry takes the PDPTEs. */
        if ( (read_reg(v, HVM_CR0) & X86_CR0_PG) &&
             (read_reg(v, HVM_CR4) & X86_CR4_PAE) &&
             !(read_reg(v, HVM_EFER) & EFER_LMA) )
            vmx_load_pdptes(v, val);
        break;
    case HVM_CR4:
        vmx_set_cr4(v, val);
        break;
    case HVM_EFER:
        vmx_set_efer(v, val);
        break;
    case HVM_RIP:
        vcpu_frame(v)->rip = val;
        break;
    case HVM_RSP:
        vcpu_frame(v)->rsp = val;
        break;
    case HVM_RFLAGS:
        vcpu_frame(v)->rflags = val | X86_EFLAGS_MBS;
        break;
    case HVM_CPL:
        /* The CPL is SS.DPL: it changes with SS, never on its own. */
        break;
    case HVM_SYSENTER_CS:
        vmx_vmwrite(GUEST_SYSENTER_CS, val);
        break;
    case HVM_SYSENTER_ESP:
        vmx_vmwrite(GUEST_SYSENTER_ESP, val);
        break;
    case HVM_SYSENTER_EIP:
        vmx_vmwrite(GUEST_SYSENTER_EIP, val);
        break;
    case HVM_STAR: case HVM_LSTAR: case HVM_CSTAR: case HVM_SFMASK:
    case HVM_SHADOW_GS:
        area_msr(v, reg_msr(reg))->data = val;
        break;
    }
}

static void vmx_set_reg(struct vcpu *v, enum hvm_reg reg, uint64_t val)
{
    vmx_vmcs_enter(v);
    write_reg(v, reg, val);
    vmx_vmcs_exit(v);
}

static void vmx_get_segment(const struct vcpu *v, enum x86_segment seg,
                            struct segment_register *r)
{
    vmx_vmcs_enter(unconst(v));
    vmx_vmcs_get_segment(seg, r);
    vmx_vmcs_exit(unconst(v));
}

static void vmx_set_segment(struct vcpu *v, enum x86_segment seg,
                            const struct segment_register *r)
{
    vmx_vmcs_enter(v);
    vmx_vmcs_set_segment(seg, r);
    vmx_vmcs_exit(v);
}

/* --- Ops: misc --- */

static void vmx_init_hypercall_insn(uint8_t *p)
{
    p[0] = 0x0f;                        /* VMCALL */
    p[1] = 0x01;
    p[2] = 0xc1;
}

static void vmx_flush_guest_tlbs(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);

    if ( !x )
        return;
    vmx_vpid_invalidate(x);
    vmx_ept_flush_domain(v->domain);
    /* A vCPU in guest mode elsewhere must exit to see the flush. */
    if ( v->is_running && v->processor != smp_processor_id() )
        smp_send_event_check_cpu(v->processor);
}

static void dump_segments(void)
{
    static const char names[][5] = {
        "es", "cs", "ss", "ds", "fs", "gs", "tr", "ldtr", "gdtr", "idtr",
    };
    struct segment_register r;
    unsigned int s;

    for ( s = x86_seg_es; s <= x86_seg_idtr; s++ )
    {
        vmx_vmcs_get_segment(s, &r);
        printk("  %-4s sel %04x attr %03x limit %08x base %016lx\n",
               names[s], r.sel, r.attr, r.limit, (unsigned long)r.base);
    }
}

static void dump_state(const struct vcpu *v)
{
    const struct vmx_vcpu *x = vmx_of(v);

    printk("  rip %016lx rsp %016lx rflags %08lx cpl %lu\n",
           (unsigned long)read_reg(v, HVM_RIP),
           (unsigned long)read_reg(v, HVM_RSP),
           (unsigned long)read_reg(v, HVM_RFLAGS),
           (unsigned long)read_reg(v, HVM_CPL));
    printk("  cr0 %08lx (real %08lx) cr2 %016lx cr3 %016lx\n",
           (unsigned long)read_reg(v, HVM_CR0),
           (unsigned long)vmx_vmread(GUEST_CR0), (unsigned long)x->cr2,
           (unsigned long)read_reg(v, HVM_CR3));
    printk("  cr4 %08lx (real %08lx) efer %016lx entry ctls %08lx\n",
           (unsigned long)read_reg(v, HVM_CR4),
           (unsigned long)vmx_vmread(GUEST_CR4),
           (unsigned long)read_reg(v, HVM_EFER),
           (unsigned long)vmx_vmread(VM_ENTRY_CONTROLS));
    printk("  exit reason %#lx qual %#lx intr-info %#lx idt-vec %#lx "
           "interruptibility %#lx\n",
           (unsigned long)vmx_vmread(VM_EXIT_REASON),
           (unsigned long)vmx_vmread(EXIT_QUALIFICATION),
           (unsigned long)vmx_vmread(VM_EXIT_INTR_INFO),
           (unsigned long)vmx_vmread(IDT_VECTORING_INFO),
           (unsigned long)vmx_vmread(GUEST_INTERRUPTIBILITY_INFO));
    printk("  vpid %u on CPU%d, launched %d\n", x->vpid,
           (int)x->active_cpu, x->launched);
    dump_segments();
}

static void dump_gprs(const struct cpu_regs *r)
{
    printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
           r->rax, r->rbx, r->rcx, r->rdx);
    printk("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
           r->rsi, r->rdi, r->rbp, r->r8);
    printk("  r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n",
           r->r9, r->r10, r->r11, r->r12);
    printk("  r13 %016lx r14 %016lx r15 %016lx\n", r->r13, r->r14, r->r15);
}

static void vmx_dump_vcpu(const struct vcpu *v)
{
    bool here = v == current;

    printk("%pv: VMX guest state\n", v);
    if ( !vmx_of(v) )
        return;
    /* Its VMCS can't be borrowed from under a running guest. */
    if ( v->is_running && !here )
    {
        printk("  running on CPU%u\n", v->processor);
        return;
    }
    vmx_vmcs_enter(unconst(v));
    dump_state(v);
    vmx_vmcs_exit(unconst(v));
    dump_gprs(here ? guest_cpu_regs() : &v->arch.user_regs);
}

/* --- Entering the guest --- */

bool vmx_guest_64bit(void)
{
    return (vmx_vmread(GUEST_IA32_EFER) & EFER_LMA) &&
           (vmx_vmread(GUEST_CS_AR_BYTES) & (1U << 13));
}

void vmx_advance_rip(struct vcpu *v, struct cpu_regs *regs)
{
    uint64_t intr = vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);

    regs->rip += vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
    if ( !vmx_guest_64bit() )
        regs->rip = (uint32_t)regs->rip;
    /* The instruction completed, so an STI or MOV SS shadow is over. */
    if ( intr & (INTR_SHADOW_STI | INTR_SHADOW_MOV_SS) )
        vmx_vmwrite(GUEST_INTERRUPTIBILITY_INFO,
                    intr & ~(INTR_SHADOW_STI | INTR_SHADOW_MOV_SS));
}

static void sync_ept(struct vcpu *v, unsigned int cpu)
{
    struct vmx_vcpu *x = vmx_of(v);
    uint64_t eptp = vmx_eptp(v->domain->arch.p2m->root_ma);

    if ( x->eptp_loaded != eptp )
    {
        vmx_vmwrite(EPT_POINTER, eptp);
        x->eptp_loaded = eptp;
    }
    vmx_ept_sync_cpu(v->domain, cpu, eptp);
}

/* State the common code keeps in struct arch_vcpu (hvm/msr.c). */
static void sync_arch_state(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);

    if ( x->pat_loaded != v->arch.guest_pat )
    {
        vmx_vmwrite(GUEST_IA32_PAT, v->arch.guest_pat);
        x->pat_loaded = v->arch.guest_pat;
    }
    if ( x->tsc_offset_loaded != v->arch.tsc_offset )
    {
        vmx_vmwrite(TSC_OFFSET, v->arch.tsc_offset);
        x->tsc_offset_loaded = v->arch.tsc_offset;
    }
}

/*
 * Run softirqs until none is pending, ending with interrupts off: an
 * interrupt from then on stays pending and makes the guest exit at once
 * (external-interrupt exiting).  A softirq may schedule us away.
 */
static void softirqs_then_irqs_off(struct vcpu *v, unsigned int cpu)
{
    for ( ; ; )
    {
        local_irq_enable();
        hvm_do_resume(v);
        local_irq_disable();
        if ( !softirq_pending(cpu) )
            break;
        local_irq_enable();
        do_softirq();
    }
}

unsigned int vmx_pre_entry(void)
{
    struct vcpu *v = current;
    struct vmx_vcpu *x = vmx_of(v);
    unsigned int cpu = smp_processor_id();

    softirqs_then_irqs_off(v, cpu);
    /* Common choice of the interrupt to inject, then VMX's delivery. */
    hvm_intr_assist(v);
    vmx_intr_assist(v);
    /* Before the VPID/EPT checks, which a p2m flush's mark may fail. */
    p2m_guest_enter();
    vmx_vpid_sync(v, cpu);
    sync_ept(v, cpu);
    sync_arch_state(v);
    vmx_sync_regs_to_vmcs(guest_cpu_regs());
    if ( read_cr2() != x->cr2 )
        write_cr2(x->cr2);
    return x->launched;
}

noreturn void vmx_vmentry_failure(void)
{
    struct vcpu *v = current;

    p2m_guest_exit();
    printk(XENLOG_ERR "%pv: VM%s failed, VM-instruction error %lu\n", v,
           vmx_of(v)->launched ? "RESUME" : "LAUNCH",
           (unsigned long)vmx_vmread(VM_INSTRUCTION_ERROR));
    vmx_dump_vcpu(v);
    domain_crash(v->domain);
    /* vmx_pre_entry() runs the scheduler, which takes the dead vCPU off. */
    reset_stack_and_jump(vmx_asm_do_vmentry);
}

/* context_switch() has put the vCPU's registers in this CPU's frame. */
static noreturn void vmx_resume(struct vcpu *v)
{
    /* Taking the VMCS from another CPU may need that CPU to answer. */
    local_irq_enable();
    vmx_vmcs_load(v);
    reset_stack_and_jump(vmx_asm_do_vmentry);
}

/* --- Boot --- */

static const struct hvm_function_table vmx_function_table = {
    .name = "VMX",
    .p2m_pt_ops = &ept_pt_ops,
    .cpu_up = vmx_cpu_up,
    .domain_initialise = vmx_domain_initialise,
    .domain_destroy = vmx_domain_destroy,
    .vcpu_initialise = vmx_vcpu_initialise,
    .vcpu_destroy = vmx_vcpu_destroy,
    .resume = vmx_resume,
    .get_reg = vmx_get_reg,
    .set_reg = vmx_set_reg,
    .get_segment = vmx_get_segment,
    .set_segment = vmx_set_segment,
    .inject_event = vmx_inject_event,
    .event_pending = vmx_event_pending,
    .get_event = vmx_get_event,
    .init_hypercall_insn = vmx_init_hypercall_insn,
    .flush_guest_tlbs = vmx_flush_guest_tlbs,
    .dump_vcpu = vmx_dump_vcpu,
    .io_passthrough = vmx_io_passthrough,
};

const struct hvm_function_table *start_vmx(void)
{
    struct vmx_msr_values m = { 0 };
    int rc;

    if ( !(cpuid_ecx(1) & CPUID1_ECX_VMX) )
        return NULL;
    vmx_read_cap_msrs(&m);
    rc = vmx_compute_caps(&m, &vmx_caps);
    if ( rc )
    {
        printk(XENLOG_WARNING "VMX: CPU lacks EPT, VPID, unrestricted "
               "guest or a needed control (%d)\n", rc);
        return NULL;
    }
    if ( vmx_bitmaps_init() )
        return NULL;
    printk("VMX: EPT, VPID, unrestricted guest; pin %#x cpu %#x cpu2 %#x "
           "exit %#x entry %#x\n", vmx_caps.pin, vmx_caps.cpu,
           vmx_caps.cpu2, vmx_caps.exit, vmx_caps.entry);
    return &vmx_function_table;
}
