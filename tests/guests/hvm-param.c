/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HVMOP_get_param on our own domain, as Xen 4.17 answers a PVH dom0.
 */
#include "guest.h"

#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>

static long get_param(uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
    long rc = hvm_op(HVMOP_get_param, &p);

    *value = p.value;
    return rc;
}

static void expect(uint32_t index, long want_rc, uint64_t want,
                   const char *what)
{
    uint64_t v = 0;
    long rc = get_param(index, &v);

    printk("info param %u: rc %ld value %#llx\n", index, rc,
           (unsigned long long)v);
    char vwhat[80];

    snprintf(vwhat, sizeof(vwhat), "%s value", what);
    if ( check_eq_rc(rc, want_rc, what) && rc == 0 )
        check_eq(v, want, vwhat);
}

void test_main(void)
{
    expect(HVM_PARAM_CALLBACK_IRQ, 0, 0, "CALLBACK_IRQ unset");
    expect(HVM_PARAM_STORE_EVTCHN, 0, 0, "STORE_EVTCHN of dom0");
    expect(HVM_PARAM_STORE_PFN, 0, 0, "STORE_PFN of dom0");
    /* Xen 4.17 keeps these from the domain itself: EPERM. */
    expect(HVM_PARAM_TIMER_MODE, -XEN_EPERM, 0, "TIMER_MODE is EPERM");
    expect(HVM_PARAM_TRIPLE_FAULT_REASON, -XEN_EPERM, 0,
           "TRIPLE_FAULT_REASON is EPERM");
    expect(1000, -XEN_EINVAL, 0, "index beyond HVM_NR_PARAMS is EINVAL");
    check_eq_rc(hvm_op(HVMOP_get_param, (void *)0xdead0000UL), -XEN_EFAULT,
                "get_param with a bad pointer");
}
