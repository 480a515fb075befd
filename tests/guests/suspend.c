/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The suspend path, as a save and a cancelled one use it: a domU calls
 * SCHEDOP_shutdown(SHUTDOWN_suspend) (suspend/payload.c); it is then shut
 * down with reason suspend, and its state intact: the call has returned
 * 0 into its registers, past the hypercall instruction (as both the HVM
 * context and XEN_DOMCTL_getvcpucontext show).  A cancelled suspend, as
 * libxc's xc_domain_resume(fast) does it (modify_returncode()):
 * getvcpucontext, user_regs.rax = 1, setvcpucontext, resumedomain; the
 * guest sees 1 and runs on.  A plain resumedomain: it sees 0.  Then
 * resumedomain of a running domain is 0 and changes nothing, of dom0
 * itself -EINVAL; the vCPU context domctls refuse a vCPU the domain has
 * not and the caller's own domain.
 */
#undef __XEN_INTERFACE_VERSION__
#define __XEN_TOOLS__ 1   /* domctl.h: toolstack only */
#include "guest.h"
#include <public/domctl.h>
#include <public/hvm/save.h>
#include "suspend/payload.h"

#define WAIT_TRIES      2000000UL

/*
 * struct vcpu_guest_context in the layout of the target domain, an HVM
 * one, so always x86_64's (a 32-bit toolstack uses it too: libxc's
 * vcpu_guest_context_any_t), whatever this kernel's own is.
 */
#define VGC64_SIZE      5168
#define VGC64_FLAGS     512
#define VGC64_RAX       (520 + 80)      /* user_regs at 520 */
#define VGC64_RIP       (520 + 128)
#define VGC64_CS        (520 + 136)
#define VGC64_CR0       4984            /* ctrlreg[0] */

static uint8_t ctx[16384];
static uint8_t vgc[VGC64_SIZE] __aligned(16);

static uint64_t vgc_get(unsigned int off, unsigned int len)
{
    uint64_t v = 0;

    memcpy(&v, vgc + off, len);
    return v;
}
static struct domu u;

static volatile uint32_t *word(uint32_t gpa)
{
    return domu_ptr(&u, gpa);
}

static bool info(struct xen_domctl_getdomaininfo *i)
{
    memset(i, 0, sizeof(*i));
    return check_eq_rc(domu_domctl(XEN_DOMCTL_getdomaininfo, u.id, i,
                                   sizeof(*i)), 0, "getdomaininfo") &&
           check_eq(i->domain, u.id, "... of the domU");
}

/* Until the domU is shut down: with reason suspend, not dying. */
static bool wait_suspended(void)
{
    struct xen_domctl_getdomaininfo i;
    unsigned long n;

    for ( n = 0; n < WAIT_TRIES; n++ )
    {
        if ( !info(&i) )
            return false;
        if ( i.flags & XEN_DOMINF_shutdown )
            break;
        sched_op(SCHEDOP_yield, NULL);
    }
    return check(i.flags & XEN_DOMINF_shutdown, "the domU suspended",
                 "flags %#x", i.flags) &&
           check_eq((i.flags >> XEN_DOMINF_shutdownshift) &
                    XEN_DOMINF_shutdownmask, SHUTDOWN_suspend,
                    "shutdown reason: suspend") &&
           check(!(i.flags & XEN_DOMINF_dying), "not dying", "%#x", i.flags);
}

/* The suspended vCPU's CPU record in ctx (whole context): NULL if none. */
static struct hvm_hw_cpu *get_context(uint32_t *size)
{
    struct xen_domctl_hvmcontext h = { .size = sizeof(ctx) };
    uint32_t off = 0;

    set_xen_guest_handle(h.buffer, ctx);
    if ( !check_eq_rc(domu_domctl(XEN_DOMCTL_gethvmcontext, u.id, &h,
                                  sizeof(h)), 0, "gethvmcontext") )
        return NULL;
    *size = h.size;
    while ( off + sizeof(struct hvm_save_descriptor) <= h.size )
    {
        struct hvm_save_descriptor *d = (void *)(ctx + off);

        if ( d->typecode == HVM_SAVE_CODE(CPU) )
            return (struct hvm_hw_cpu *)(d + 1);
        if ( !d->typecode )
            break;
        off += sizeof(*d) + d->length;
    }
    return NULL;
}

/* The call returned 0, past the hypercall: rip is in the page's stub. */
static bool check_state(void)
{
    uint32_t size;
    struct hvm_hw_cpu *c = get_context(&size);

    if ( !check(c, "a CPU record while suspended", " ") )
        return false;
    check_eq(c->rax, 0, "rax: the call returned 0");
    check(c->rip > SP_HCALL_PAGE + 29 * 32 && c->rip < SP_HCALL_PAGE + 30 * 32,
          "rip: past the hypercall, in its stub", "%#llx",
          (unsigned long long)c->rip);
    return true;
}

static long vcpucontext(uint32_t cmd, domid_t id, uint32_t vcpu)
{
    struct xen_domctl_vcpucontext c = { .vcpu = vcpu };

    set_xen_guest_handle(c.ctxt, (vcpu_guest_context_t *)vgc);
    return domu_domctl(cmd, id, &c, sizeof(c));
}

/* The same through getvcpucontext, as libxc reads a vCPU. */
static void check_vcpucontext(void)
{
    memset(vgc, 0xa5, sizeof(vgc));
    if ( !check_eq_rc(vcpucontext(XEN_DOMCTL_getvcpucontext, u.id, 0), 0,
                      "getvcpucontext") )
        return;
    check(vgc_get(VGC64_FLAGS, 8) & VGCF_online, "getvcpucontext: online",
          "flags %#llx", (unsigned long long)vgc_get(VGC64_FLAGS, 8));
    /* Xen sets it once the guest used its FPU; our FPU is eager: always. */
    printk("info getvcpucontext: FPU image %s\n",
           vgc_get(VGC64_FLAGS, 8) & VGCF_i387_valid ? "valid" : "not used");
    check_eq(vgc_get(VGC64_RAX, 8), 0, "getvcpucontext: rax 0");
    check(vgc_get(VGC64_RIP, 8) > SP_HCALL_PAGE + 29 * 32 &&
          vgc_get(VGC64_RIP, 8) < SP_HCALL_PAGE + 30 * 32,
          "getvcpucontext: rip in the stub", "%#llx",
          (unsigned long long)vgc_get(VGC64_RIP, 8));
    check_eq(vgc_get(VGC64_CR0, 8) & 1, 1, "getvcpucontext: CR0.PE");
    check_eq(vgc_get(VGC64_CS, 2), 0, "getvcpucontext: CS selector as set");
    check_eq_rc(vcpucontext(XEN_DOMCTL_getvcpucontext, u.id, 1),
                -XEN_EINVAL, "getvcpucontext of a vCPU it has not");
    check_eq_rc(vcpucontext(XEN_DOMCTL_setvcpucontext, 0, 0), -XEN_EINVAL,
                "setvcpucontext of ourselves");
}

/* xc_domain_resume(fast): modify_returncode(), then resume. */
static void resume(bool cancelled)
{
    if ( cancelled &&
         check_eq_rc(vcpucontext(XEN_DOMCTL_getvcpucontext, u.id, 0), 0,
                     "getvcpucontext") )
    {
        memcpy(vgc + VGC64_RAX, &(uint64_t){ 1 }, 8);
        check_eq_rc(vcpucontext(XEN_DOMCTL_setvcpucontext, u.id, 0), 0,
                    "setvcpucontext: rax 1");
    }
    check_eq_rc(domu_domctl(XEN_DOMCTL_resumedomain, u.id, ctx, 0), 0,
                "resumedomain");
}

static bool round_done(uint32_t n)
{
    return check(domu_wait_change(word(SP_ROUNDS), n - 1, WAIT_TRIES),
                 "the domU ran on after resume", " ");
}

static void check_running(void)
{
    struct xen_domctl_getdomaininfo i;

    if ( info(&i) )
        check(!(i.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_paused)),
              "running: not shut down, not paused", "%#x", i.flags);
}

static void suspend_rounds(void)
{
    if ( !wait_suspended() || !check_state() )
        return;
    check_vcpucontext();
    resume(true);
    if ( !round_done(1) )
        return;
    check_eq(word(SP_RESULTS)[0], 1, "cancelled suspend: the call returned 1");
    check_running();
    check_eq_rc(domu_domctl(XEN_DOMCTL_resumedomain, u.id, ctx, 0), 0,
                "resumedomain of a running domain");
    *word(SP_GO) = 1;
    if ( !wait_suspended() )
        return;
    resume(false);
    if ( !round_done(2) )
        return;
    check_eq(word(SP_RESULTS)[1], 0, "plain resume: the call returned 0");
    check_running();
}

void test_main(void)
{
    if ( domu_new(&u, SP_FRAMES) )
    {
        memcpy((void *)domu_ptr(&u, SP_ENTRY), sp_payload_start,
               sp_payload_end - sp_payload_start);
        if ( domu_start(&u, SP_ENTRY) )
            suspend_rounds();
    }
    check_eq_rc(domu_domctl(XEN_DOMCTL_resumedomain, 0, ctx, 0), -XEN_EINVAL,
                "resumedomain of ourselves: -EINVAL");
    domu_free(&u);
}
