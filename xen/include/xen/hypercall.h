/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercall handlers.  Guest pointers (guest handles) arrive as guest
 * linear addresses (uint64_t) and are only ever dereferenced through
 * copy_{from,to}_guest().  Each returns 0 or a value, or a negative Xen
 * errno; -ERESTART asks the dispatcher to run the hypercall again later
 * (the handler has saved its progress, see hypercall_set_arg()).
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <xen/types.h>

long do_xen_version(int cmd, uint64_t arg);
long do_console_io(int cmd, unsigned int count, uint64_t buffer);
long do_sched_op(int cmd, uint64_t arg);
long do_set_timer_op(uint64_t timeout);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);
long do_memory_op(unsigned long cmd, uint64_t arg);
long do_hvm_op(unsigned long op, uint64_t arg);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_event_channel_op(int cmd, uint64_t arg);
long do_grant_table_op(unsigned int cmd, uint64_t uop, unsigned int count);
long do_physdev_op(int cmd, uint64_t arg);
long do_platform_op(uint64_t arg);
long do_domctl(uint64_t arg);
long do_sysctl(uint64_t arg);

/* Is the current hypercall from a 32-bit guest (compat layouts)? */
bool hypercall_is_compat(void);
/* Rewrite argument i (0-based) of the current hypercall, for restarts. */
void hypercall_set_arg(unsigned int i, unsigned long val);
/* Should a long hypercall stop here and continue later? */
bool hypercall_preempt_check(void);

#endif /* XEN_HYPERCALL_H */
