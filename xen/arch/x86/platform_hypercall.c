/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * platform_op: the hardware domain's view of the machine, answered with
 * Xen 4.17's semantics (xen/arch/x86/platform_hypercall.c there) for a
 * host where the hypervisor does no CPU power management, has no EFI,
 * and gathered no BIOS disk or video data at boot.
 *
 * Order of checks, as Xen: the argument is copied in (-EFAULT), the
 * interface version checked (-EACCES), then the caller's privilege
 * (-EPERM).  Sub-ops and their answers: docs/dom0-platform.md.
 *
 * 32-bit callers: struct xen_platform_op is 136 bytes in both layouts
 * and every field read here sits at the same offset; the one guest
 * handle read (the _PDC buffer) is 4 bytes wide for them.
 */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/acpi.h>
#include <asm/hvm/guest_access.h>
#include <asm/platform.h>
#include <asm/processor.h>
#include <public/platform.h>

/* ACPI _PDC capability bits (Intel Processor Vendor-Specific ACPI). */
#define PDC_REVISION_ID     1
#define PDC_P_FFH           0x0001
#define PDC_C_C1_HALT       0x0002
#define PDC_T_FFH           0x0004
#define PDC_SMP_C1PT        0x0008
#define PDC_SMP_C2C3        0x0010
#define PDC_SMP_P_SWCOORD   0x0020
#define PDC_SMP_C_SWCOORD   0x0040
#define PDC_SMP_T_SWCOORD   0x0080
#define PDC_C_C1_FFH        0x0100
#define PDC_C_C2C3_FFH      0x0200
#define PDC_SMP_P_HWCOORD   0x0800
#define PDC_C_MASK          (PDC_C_C1_HALT | PDC_C_C1_FFH | PDC_SMP_C2C3 | \
                             PDC_SMP_C_SWCOORD | PDC_C_C2C3_FFH)
#define PDC_P_MASK          (PDC_P_FFH | PDC_SMP_P_SWCOORD | \
                             PDC_SMP_P_HWCOORD)
#define PDC_T_MASK          (PDC_T_FFH | PDC_SMP_T_SWCOORD)

/* secs.nsecs since the epoch was system time system_time. */
static void settime(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
    wallclock_set_base_ns(secs * 1000000000ULL + nsecs - system_time);
}

static long pf_settime(struct xen_platform_op *op)
{
    if ( op->cmd == XENPF_settime32 )
    {
        settime(op->u.settime32.secs, op->u.settime32.nsecs,
                op->u.settime32.system_time);
        return 0;
    }
    if ( op->u.settime64.mbz )
        return -EINVAL;
    settime(op->u.settime64.secs, op->u.settime64.nsecs,
            op->u.settime64.system_time);
    return 0;
}

/*
 * Firmware data Xen collects in real mode at boot (EDD, MBR signatures,
 * VBE DDC, keyboard flags): we boot from multiboot in protected mode and
 * collect none, so every index is past the last entry.
 */
static long pf_firmware_info(struct xen_platform_op *op)
{
    switch ( op->u.firmware_info.type )
    {
    case XEN_FW_DISK_INFO:
    case XEN_FW_DISK_MBR_SIGNATURE:
    case XEN_FW_VBEDDC_INFO:
    case XEN_FW_KBD_SHIFT_FLAGS:
        return -ESRCH;
    case XEN_FW_EFI_INFO:
        return -ENOSYS;         /* no EFI */
    }
    return -EINVAL;
}

/* The index of physical CPU cpu in the MADT (acpi_info), or -1. */
static int cpu_madt_index(unsigned int cpu)
{
    unsigned int i;

    for ( i = 0; i < acpi_info.nr_lapics; i++ )
        if ( acpi_info.lapic_ids[i] == cpu_to_apicid[cpu] )
            return i;
    return -1;
}

static unsigned int last_present_cpu(void)
{
    unsigned int cpu, last = 0;

    for_each_cpu ( cpu, &cpu_present_map )
        last = cpu;
    return last;
}

static bool cpu_is_present(uint32_t cpu)
{
    return cpu < nr_cpu_ids && cpumask_test_cpu(cpu, &cpu_present_map);
}

static long pf_get_cpuinfo(struct xen_platform_op *op, uint64_t arg)
{
    struct xenpf_pcpuinfo *g = &op->u.pcpu_info;
    int idx;

    if ( !cpu_is_present(g->xen_cpuid) )
        g->flags = XEN_PCPU_FLAGS_INVALID;
    else
    {
        idx = cpu_madt_index(g->xen_cpuid);
        g->apic_id = cpu_to_apicid[g->xen_cpuid];
        g->acpi_id = idx < 0 ? ~0U : acpi_info.acpi_ids[idx];
        g->flags = cpumask_test_cpu(g->xen_cpuid, &cpu_online_map)
                   ? XEN_PCPU_FLAGS_ONLINE : 0;
    }
    g->max_present = last_present_cpu();
    return copy_to_guest(arg + offsetof(struct xen_platform_op, u), g,
                         sizeof(*g)) ? -EFAULT : 0;
}

/* Family and model as Linux and Xen compute them from CPUID leaf 1. */
static void cpu_signature(struct xenpf_pcpu_version *ver)
{
    struct cpuid_leaf l;
    uint32_t family, model;

    cpuid_count(0, 0, &l);
    memcpy(ver->vendor_id, &l.b, 4);
    memcpy(ver->vendor_id + 4, &l.d, 4);
    memcpy(ver->vendor_id + 8, &l.c, 4);
    cpuid_count(1, 0, &l);
    family = (l.a >> 8) & 0xf;
    model = (l.a >> 4) & 0xf;
    if ( family == 0xf )
        family += (l.a >> 20) & 0xff;
    if ( family >= 6 )
        model |= ((l.a >> 16) & 0xf) << 4;
    ver->family = family;
    ver->model = model;
    ver->stepping = l.a & 0xf;
}

/* All CPUs of a host we run on are alike: this one answers for them. */
static long pf_get_cpu_version(struct xen_platform_op *op, uint64_t arg)
{
    struct xenpf_pcpu_version *ver = &op->u.pcpu_version;

    if ( ver->xen_cpuid >= nr_cpu_ids ||
         !cpumask_test_cpu(ver->xen_cpuid, &cpu_online_map) )
    {
        memset(ver->vendor_id, 0, sizeof(ver->vendor_id));
        ver->family = ver->model = ver->stepping = 0;
    }
    else
        cpu_signature(ver);
    ver->max_present = last_present_cpu();
    return copy_to_guest(arg + offsetof(struct xen_platform_op, u), ver,
                         sizeof(*ver)) ? -EFAULT : 0;
}

/* Is id the ACPI processor ID of a CPU the hypervisor runs on? */
static bool acpi_id_known(uint32_t id)
{
    unsigned int cpu;

    for_each_online_cpu ( cpu )
    {
        int idx = cpu_madt_index(cpu);

        if ( idx >= 0 && acpi_info.acpi_ids[idx] == id )
            return true;
    }
    return false;
}

/*
 * XEN_PM_PDC: dom0 tells the firmware (_PDC) what the OS handles.  The
 * hypervisor does no C/P/T-state management of its own, so the
 * capabilities dom0 asks for pass, minus MWAIT-based C-states (dom0's
 * vCPUs cannot MWAIT on the host: the instruction is intercepted).
 */
static long pf_pdc(const struct xen_platform_op *op)
{
    uint32_t id = op->u.set_pminfo.id, bits[3];
    uint64_t h = 0;

    memcpy(&h, &op->u.set_pminfo.u.pdc, hypercall_is_compat() ? 4 : 8);
    if ( copy_from_guest(bits, h, 8) )
        return -EFAULT;
    if ( bits[0] != PDC_REVISION_ID || !bits[1] )
        return -EINVAL;
    if ( copy_from_guest(&bits[2], h + 8, 4) )
        return -EFAULT;
    if ( id != ~0U && !acpi_id_known(id) )
        return -EINVAL;
    bits[2] &= PDC_C_MASK | PDC_P_MASK | PDC_T_MASK | PDC_SMP_C1PT;
    bits[2] &= ~(PDC_C_C1_FFH | PDC_C_C2C3_FFH);
    return copy_to_guest(h + 8, &bits[2], 4) ? -EFAULT : 0;
}

static long pf_set_pminfo(const struct xen_platform_op *op)
{
    switch ( op->u.set_pminfo.type )
    {
    case XEN_PM_PX:
    case XEN_PM_CX:
    case XEN_PM_TX:
        return -ENOSYS;         /* no hypervisor power management */
    case XEN_PM_PDC:
        return pf_pdc(op);
    }
    return -EINVAL;
}

static long platform_op(struct xen_platform_op *op, uint64_t arg)
{
    switch ( op->cmd )
    {
    case XENPF_settime32:
    case XENPF_settime64:
        return pf_settime(op);
    case XENPF_firmware_info:
        return pf_firmware_info(op);
    case XENPF_get_cpuinfo:
        return pf_get_cpuinfo(op, arg);
    case XENPF_get_cpu_version:
        return pf_get_cpu_version(op, arg);
    case XENPF_set_processor_pminfo:
        return pf_set_pminfo(op);
    }
    /* enter_acpi_sleep, memtypes, microcode, EFI, hotplug, ...: none. */
    return -ENOSYS;
}

long do_platform_op(uint64_t arg)
{
    struct xen_platform_op op;

    if ( copy_from_guest(&op, arg, sizeof(op)) )
        return -EFAULT;
    if ( op.interface_version != XENPF_INTERFACE_VERSION )
        return -EACCES;
    if ( !current->domain->is_privileged )
        return -EPERM;
    return platform_op(&op, arg);
}
