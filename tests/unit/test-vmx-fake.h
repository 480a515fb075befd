/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-ins for the VMX backend's unit tests (test-vmx-*.c): a fake
 * VMCS (an array indexed by field encoding, each write cut to the field's
 * width), logs of VMPTRLD/VMCLEAR/INVEPT, the common HVM handlers as
 * recorders, and "current" as a plain variable.  Then the real
 * xen/arch/x86/hvm/vmx/ sources, compiled unmodified.
 */
#ifndef TEST_VMX_FAKE_H
#define TEST_VMX_FAKE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/xmalloc.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/io.h>
#include <asm/p2m.h>

#include "harness.h"

/* Count the checks made, for the closing line. */
static unsigned long nr_checks;

#undef EXPECT
#undef EXPECT_EQ
#define EXPECT(c)       (nr_checks++, test_check(!!(c), #c, __FILE__, \
                                                 __LINE__))
#define EXPECT_EQ(a, b) (nr_checks++,                                   \
                         test_check_eq((long long)(a), (long long)(b), \
                                       #a, #b, __FILE__, __LINE__))

/* The host has no per-CPU stack block: these are plain variables. */
static struct vcpu *fake_current;
static unsigned int fake_cpu;
static struct cpu_regs fake_frame;
#undef current
#define current fake_current
#undef smp_processor_id
#define smp_processor_id() fake_cpu
#undef guest_cpu_regs
#define guest_cpu_regs() (&fake_frame)

#define VMX_INSN_STANDINS 1
#include "../../xen/arch/x86/hvm/vmx/vmcs.h"

/* ---- The fake VMX instructions ---- */

static uint64_t fake_vmcs[0x8000];
static unsigned int nr_vmptrld, nr_vmclear, nr_invept_single, nr_invept_all;
static uint64_t last_invept_eptp;

uint64_t vmx_vmread(uint32_t field)
{
    return fake_vmcs[field & 0x7fff];
}

void vmx_vmwrite(uint32_t field, uint64_t val)
{
    unsigned int bits = vmcs_field_bits(field);

    fake_vmcs[field & 0x7fff] = bits == 64 ? val : val & ((1UL << bits) - 1);
}

bool vmx_vmxon(paddr_t pa)
{
    return true;
}

void vmx_vmxoff(void)
{
}

bool vmx_vmptrld(paddr_t pa)
{
    nr_vmptrld++;
    return true;
}

bool vmx_vmclear(paddr_t pa)
{
    nr_vmclear++;
    return true;
}

bool vmx_invept(unsigned int type, uint64_t eptp)
{
    if ( type == INVEPT_SINGLE_CONTEXT )
        nr_invept_single++;
    else
        nr_invept_all++;
    last_invept_eptp = eptp;
    return true;
}

bool vmx_invvpid(unsigned int type, uint16_t vpid)
{
    return true;
}

static unsigned int nr_host_nmi, nr_host_mce;

void vmx_host_nmi(void)
{
    nr_host_nmi++;
}

void vmx_host_mce(void)
{
    nr_host_mce++;
}

static uint64_t fake_gdt[6];

void vmx_read_host_regs(struct vmx_host_regs *h)
{
    memset(h, 0, sizeof(*h));
    h->cr0 = 0x80050033;
    h->cr4 = 0x20a0;
    h->efer = 0xd01;
    h->pat = 0x0007040600070406UL;
    h->gdtr_base = (uint64_t)fake_gdt;
}

void *vmx_host_stack_top(void)
{
    return &fake_frame;
}

/* entry.S symbols. */
const char vmx_asm_vmexit_handler[1];

noreturn void vmx_asm_do_vmentry(void)
{
    abort();
}

/* ---- The rest of the hypervisor, as recorders ---- */

struct hvm_function_table hvm_funcs;
bool hvm_enabled;

static unsigned int nr_crash, nr_cpuid, nr_msr_read, nr_msr_write, nr_hlt;
static unsigned int nr_hypercall, nr_triple, nr_npf, nr_portio, nr_kick;
static bool handler_result = true;      /* what the hvm_*_exit stubs say */
static bool hypercall_preempts;
static uint64_t npf_gpa, npf_info;
static struct hvm_io_req last_io;
static struct hvm_event last_injected;
static unsigned int nr_injected;

void domain_crash(struct domain *d)
{
    nr_crash++;
}

bool hvm_cpuid_exit(struct vcpu *v, struct cpu_regs *regs)
{
    nr_cpuid++;
    return handler_result;
}

bool hvm_msr_read_exit(struct vcpu *v, struct cpu_regs *regs)
{
    nr_msr_read++;
    return handler_result;
}

bool hvm_msr_write_exit(struct vcpu *v, struct cpu_regs *regs)
{
    nr_msr_write++;
    return handler_result;
}

void hvm_hlt_exit(struct vcpu *v)
{
    nr_hlt++;
}

void hvm_hypercall(struct vcpu *v, struct cpu_regs *regs)
{
    nr_hypercall++;
    if ( hypercall_preempts )
        v->arch.hypercall_preempted = true;
    else
        regs->rax = 0;
}

void hvm_triple_fault(struct vcpu *v, const char *why)
{
    nr_triple++;
}

/* The common interrupt choice (hvm/intr.c) is not under test here. */
void hvm_intr_assist(struct vcpu *v)
{
}

void hvm_npf_unhandled(struct vcpu *v, uint64_t gpa, uint64_t info)
{
    nr_npf++;
    npf_gpa = gpa;
    npf_info = info;
}

bool hvm_portio_exit(struct vcpu *v, struct cpu_regs *regs,
                     const struct hvm_io_req *req)
{
    nr_portio++;
    last_io = *req;
    return handler_result;
}

void hvm_do_resume(struct vcpu *v)
{
}

/* Goes through the backend, as the real one does. */
void hvm_inject_hw_exception(struct vcpu *v, unsigned int vector,
                             int error_code)
{
    struct hvm_event e = { vector, X86_EVENTTYPE_HW_EXC, error_code };

    nr_injected++;
    last_injected = e;
    if ( hvm_funcs.inject_event )
        hvm_funcs.inject_event(v, &e);
}

void *alloc_xenheap_pages(unsigned int order)
{
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

void free_xenheap_pages(void *va, unsigned int order)
{
    free(va);
}

void *xzalloc_bytes(size_t size)
{
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

/* The p2m's guest-mode epochs (mm/p2m.c): counted, for the entry tests. */
unsigned int fake_guest_enters, fake_guest_exits;

void p2m_guest_enter(void)
{
    fake_guest_enters++;
}

void p2m_guest_exit(void)
{
    fake_guest_exits++;
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *arg,
                      bool wait)
{
    unsigned int saved = fake_cpu, cpu;

    /* "Run" fn on each CPU by pretending to be it. */
    for ( cpu = 0; cpu < NR_CPUS; cpu++ )
        if ( cpumask_test_cpu(cpu, mask) )
        {
            fake_cpu = cpu;
            fn(arg);
        }
    fake_cpu = saved;
}

void smp_send_event_check_cpu(unsigned int cpu)
{
    nr_kick++;
}

bool softirq_pending(unsigned int cpu)
{
    return false;
}

void do_softirq(void)
{
}

unsigned long p2m_get_entry(struct domain *d, unsigned long gfn,
                            p2m_type_t *t)
{
    *t = p2m_invalid;
    return INVALID_MFN;
}

/*
 * The CR4 bits the guest's CPUID offers (hvm/cpuid.c reads the host's):
 * what a Broadwell guest gets, VMXE and OSXSAVE not among them.
 */
#define FAKE_CR4_VALID 0x3307ffUL  /* VME-OSXMMEXCPT FSGSBASE PCIDE SMEP SMAP */
static uint64_t fake_cr4_valid = FAKE_CR4_VALID;

uint64_t hvm_cr4_guest_valid_bits(void)
{
    return fake_cr4_valid;
}

/* ---- The code under test ---- */

#include "../../xen/arch/x86/hvm/cr.c"

#include "../../xen/arch/x86/hvm/vmx/vmcs.c"
#include "../../xen/arch/x86/hvm/vmx/vmx.c"
#include "../../xen/arch/x86/hvm/vmx/exits.c"
#include "../../xen/arch/x86/hvm/vmx/intr.c"
#include "../../xen/arch/x86/hvm/vmx/ept.c"
#include "../../xen/arch/x86/hvm/vmx/vpid.c"

/*
 * Capability MSRs of an Intel Core i7-5600U (Broadwell), as recorded in
 * VirtualBox's CPU database (src/VBox/VMM/VMMR3/cpus/), which dumps
 * real parts.  Their layout is the SDM's (vol. 3D appendix A).
 */
static const struct vmx_msr_values broadwell = {
    .basic = 0x00da040000000012UL,
    .pinbased = 0x0000007f00000016UL,
    .procbased = 0xfff9fffe0401e172UL,
    .exit = 0x007fffff00036dffUL,
    .entry = 0x0000ffff000011ffUL,
    .true_pinbased = 0x0000007f00000016UL,
    .true_procbased = 0xfff9fffe04006172UL,
    .true_exit = 0x007fffff00036dfbUL,
    .true_entry = 0x0000ffff000011fbUL,
    .procbased2 = 0x00057cff00000000UL,
    .ept_vpid_cap = 0x00000f0106334141UL,
    .cr0_fixed0 = 0x80000021UL,
    .cr0_fixed1 = 0xffffffffUL,
    .cr4_fixed0 = 0x2000UL,
    .cr4_fixed1 = 0x3767ffUL,
};

/* A domain with one vCPU and a VMCS, as vmx_vcpu_initialise() makes it. */
struct fake_guest {
    struct domain d;
    struct vcpu v;
    struct vcpu *vcpus[1];
    struct p2m_domain p2m;
};

static void fake_guest_init(struct fake_guest *g)
{
    memset(g, 0, sizeof(*g));
    memset(fake_vmcs, 0, sizeof(fake_vmcs));
    if ( vmx_compute_caps(&broadwell, &vmx_caps) )
        abort();
    hvm_funcs = vmx_function_table;
    g->d.domain_id = 1;
    g->d.max_vcpus = 1;
    g->d.vcpu = g->vcpus;
    g->vcpus[0] = &g->v;
    g->d.arch.p2m = &g->p2m;
    g->p2m.root_ma = 0x1234000;
    g->v.domain = &g->d;
    g->v.arch.guest_pat = 0x0007040600070406UL;
    fake_cpu = 0;
    memset(current_vmcs, 0, sizeof(current_vmcs));
    if ( vmx_domain_initialise(&g->d) || vmx_vcpu_initialise(&g->v) )
        abort();
    fake_current = &g->v;
    memset(&fake_frame, 0, sizeof(fake_frame));
}

static void fake_guest_fini(struct fake_guest *g)
{
    vmx_vcpu_destroy(&g->v);
    vmx_domain_destroy(&g->d);
    fake_current = NULL;
}

#endif /* TEST_VMX_FAKE_H */
