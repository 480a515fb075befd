/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event injection (SDM vol. 3C, "Event Injection" and "VM-Entry
 * Controls for Event Injection").  Events wait in two queues per vCPU,
 * one exception and one interrupt/NMI; just before each entry
 * vmx_intr_assist() moves the most urgent one into
 * VM_ENTRY_INTR_INFO, or, if the guest can't take an interrupt now,
 * turns on interrupt- or NMI-window exiting and tries again at the exit
 * that follows.  The queues are only touched on the vCPU's own entry and
 * exit path (or while it is paused).
 */
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/processor.h>

#include "vmx.h"

/* Vectors that push an error code in protected mode. */
static bool has_error_code(unsigned int vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
           vector == 21;
}

uint32_t vmx_intr_info(const struct hvm_event *e, bool guest_pe,
                       uint32_t *ec_out)
{
    uint32_t info = e->vector | ((uint32_t)e->type << INTR_INFO_TYPE_SHIFT) |
                    INTR_INFO_VALID;

    /*
     * VM entry requires "deliver error code" to be exactly: hardware
     * exception, protected mode, a vector with a code (SDM vol. 3C,
     * "Checks on VM-Entry Control Fields").
     */
    if ( e->type == X86_EVENTTYPE_HW_EXC && guest_pe &&
         has_error_code(e->vector) )
    {
        info |= INTR_INFO_DELIVER_CODE;
        *ec_out = e->error_code < 0 ? 0 : e->error_code;
    }
    return info;
}

enum exc_class { EXC_BENIGN, EXC_CONTRIBUTORY, EXC_PAGE_FAULT, EXC_DOUBLE };

static enum exc_class exc_class(unsigned int vector)
{
    if ( vector == 0 || (vector >= 10 && vector <= 13) )
        return EXC_CONTRIBUTORY;
    if ( vector == 14 )
        return EXC_PAGE_FAULT;
    if ( vector == 8 )
        return EXC_DOUBLE;
    return EXC_BENIGN;
}

struct hvm_event vmx_combine_exceptions(const struct hvm_event *prev,
                                        const struct hvm_event *next)
{
    static const struct hvm_event df = {
        .vector = 8, .type = X86_EVENTTYPE_HW_EXC, .error_code = 0,
    };
    static const struct hvm_event triple = {
        .vector = 0xff, .type = VMX_EVENTTYPE_TRIPLE, .error_code = -1,
    };
    enum exc_class p = exc_class(prev->vector), n = exc_class(next->vector);

    /* SDM vol. 3A, table "Conditions for Generating a Double Fault". */
    if ( prev->type != X86_EVENTTYPE_HW_EXC ||
         next->type != X86_EVENTTYPE_HW_EXC || n == EXC_BENIGN )
        return *next;
    if ( p == EXC_DOUBLE )
        return triple;
    if ( (p == EXC_CONTRIBUTORY && n == EXC_CONTRIBUTORY) ||
         (p == EXC_PAGE_FAULT && n != EXC_BENIGN) )
        return df;
    return *next;
}

static void queue_exception(struct vcpu *v, const struct hvm_event *e,
                            uint8_t insn_len)
{
    struct vmx_vcpu *x = vmx_of(v);
    struct hvm_event ev = *e;

    if ( x->exc.valid )
        ev = vmx_combine_exceptions(&x->exc.ev, e);
    if ( ev.type == VMX_EVENTTYPE_TRIPLE )
    {
        x->exc.valid = false;
        hvm_triple_fault(v, "fault while injecting #DF");
        return;
    }
    x->exc.ev = ev;
    x->exc.insn_len = insn_len;
    x->exc.valid = true;
}

void vmx_inject_event(struct vcpu *v, const struct hvm_event *e)
{
    struct vmx_vcpu *x = vmx_of(v);

    switch ( e->type )
    {
    case X86_EVENTTYPE_EXT_INTR:
    case X86_EVENTTYPE_NMI:
        /* The newest wins: the common code keeps its own pending state. */
        x->intr.ev = *e;
        x->intr.valid = true;
        break;
    case X86_EVENTTYPE_SW_INT:
        /* Only INT n is injected this way: two bytes, CD ib. */
        queue_exception(v, e, 2);
        break;
    default:
        queue_exception(v, e, 0);
        break;
    }
}

bool vmx_event_pending(const struct vcpu *v)
{
    const struct vmx_vcpu *x = vmx_of(v);

    /* A VM exit clears VM_ENTRY_INTR_INFO: the queues are the truth. */
    return x->exc.valid || x->intr.valid;
}

/* The exception queued first, as it is the first the entry delivers. */
bool vmx_get_event(const struct vcpu *v, struct hvm_event *e)
{
    const struct vmx_vcpu *x = vmx_of(v);
    const struct vmx_pending *p = x->exc.valid ? &x->exc
                                  : x->intr.valid ? &x->intr : NULL;

    if ( p )
        *e = p->ev;
    return p;
}

void vmx_reinject_idt_vectoring(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);
    uint32_t info = vmx_vmread(IDT_VECTORING_INFO);
    struct hvm_event ev;
    unsigned int type;

    if ( !(info & INTR_INFO_VALID) )
        return;
    type = (info & INTR_INFO_TYPE_MASK) >> INTR_INFO_TYPE_SHIFT;
    ev.vector = info & INTR_INFO_VECTOR_MASK;
    ev.type = type;
    ev.error_code = (info & INTR_INFO_DELIVER_CODE)
                    ? (int32_t)vmx_vmread(IDT_VECTORING_ERROR_CODE) : -1;
    if ( type == X86_EVENTTYPE_EXT_INTR || type == X86_EVENTTYPE_NMI )
    {
        x->intr.ev = ev;
        x->intr.valid = true;
        return;
    }
    /* Software events restart with the instruction that raised them. */
    x->exc.ev = ev;
    x->exc.insn_len = vmx_vmread(VM_EXIT_INSTRUCTION_LEN);
    x->exc.valid = true;
}

static void set_cpu_ctl(uint32_t bits, bool on)
{
    uint32_t ctl = vmx_vmread(CPU_BASED_VM_EXEC_CONTROL);
    uint32_t want = on ? ctl | bits : ctl & ~bits;

    if ( want != ctl )
        vmx_vmwrite(CPU_BASED_VM_EXEC_CONTROL, want);
}

void vmx_close_windows(struct vcpu *v)
{
    set_cpu_ctl(CPU_INTR_WINDOW_EXITING | CPU_NMI_WINDOW_EXITING, false);
}

static void write_event(const struct vmx_pending *p)
{
    bool pe = vmx_vmread(CR0_READ_SHADOW) & X86_CR0_PE;
    uint32_t ec = 0, info = vmx_intr_info(&p->ev, pe, &ec);

    vmx_vmwrite(VM_ENTRY_INTR_INFO, info);
    if ( info & INTR_INFO_DELIVER_CODE )
        vmx_vmwrite(VM_ENTRY_EXCEPTION_ERROR_CODE, ec);
    if ( p->insn_len )
        vmx_vmwrite(VM_ENTRY_INSTRUCTION_LEN, p->insn_len);
}

/* Can the guest take the interrupt or NMI e right now? */
static bool deliverable(const struct hvm_event *e)
{
    uint32_t intr = vmx_vmread(GUEST_INTERRUPTIBILITY_INFO);

    if ( intr & (INTR_SHADOW_STI | INTR_SHADOW_MOV_SS) )
        return false;
    if ( e->type == X86_EVENTTYPE_NMI )
        return !(intr & INTR_BLOCK_NMI);
    return vmx_vmread(GUEST_RFLAGS) & X86_EFLAGS_IF;
}

/* Which window exit tells us e has become deliverable. */
static uint32_t window_for(const struct hvm_event *e)
{
    /* The NMI window needs virtual NMIs; else wait for any window. */
    if ( e->type == X86_EVENTTYPE_NMI && (vmx_caps.pin & PIN_VIRTUAL_NMIS) )
        return CPU_NMI_WINDOW_EXITING;
    return CPU_INTR_WINDOW_EXITING;
}

void vmx_intr_assist(struct vcpu *v)
{
    struct vmx_vcpu *x = vmx_of(v);

    if ( x->exc.valid )
    {
        write_event(&x->exc);
        x->exc.valid = false;
        /* Deliver the interrupt once the exception handler can take it. */
        if ( x->intr.valid )
            set_cpu_ctl(window_for(&x->intr.ev), true);
        return;
    }
    if ( !x->intr.valid )
        return;
    if ( !deliverable(&x->intr.ev) )
    {
        set_cpu_ctl(window_for(&x->intr.ev), true);
        return;
    }
    write_event(&x->intr);
    x->intr.valid = false;
}
