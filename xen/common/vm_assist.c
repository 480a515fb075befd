/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vm_assist(cmd, type): optional hypervisor behaviours a domain turns on
 * or off.  As Xen 4.17 for HVM/PVH domains, the only valid type is
 * VMASST_TYPE_runstate_update_flag (vcpu_op.c honours it); the others
 * are PV-only and -EINVAL, as is any type beyond the bitmap.
 */
#include <xen/lib.h>
#include <xen/bitmap.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>

#define HVM_VM_ASSIST_MASK (1UL << VMASST_TYPE_runstate_update_flag)

long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;

    if ( type >= BITS_PER_LONG || !(HVM_VM_ASSIST_MASK & (1UL << type)) )
        return -EINVAL;
    switch ( cmd )
    {
    case VMASST_CMD_enable:
        set_bit(type, &d->vm_assist);
        return 0;
    case VMASST_CMD_disable:
        clear_bit(type, &d->vm_assist);
        return 0;
    }
    return -ENOSYS;
}
