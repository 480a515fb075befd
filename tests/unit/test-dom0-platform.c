/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hardware domain's physdev_op (xen/arch/x86/physdev.c) and
 * platform_op (xen/arch/x86/platform_hypercall.c): who may call them,
 * the order of Xen's checks, PCI add/remove bookkeeping, MMCONFIG
 * checks against the host MCFG, setup_gsi, settime, firmware_info
 * answers, get_cpuinfo and the _PDC filter.  Guest memory is host
 * memory; the MCFG, vIO-APIC and wall clock are stand-ins.
 */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

static struct domain dom0 = { .is_privileged = true }, dom1;
static struct vcpu vcpu0 = { .domain = &dom0 }, vcpu1 = { .domain = &dom1 };
static struct vcpu *test_current = &vcpu0;

#undef current
#define current test_current

#include "../../xen/arch/x86/physdev.c"
#include "../../xen/arch/x86/platform_hypercall.c"

#include "harness.h"

#define BAD_VA 0x10000000UL

struct acpi_info acpi_info;
unsigned int nr_cpu_ids = 2;
cpumask_t cpu_online_map, cpu_present_map;
uint32_t cpu_to_apicid[NR_CPUS] = { 0, 1 };
static uint64_t wallclock_ns;
static uint32_t vpci_added, vpci_removed;

int vpci_add_device(uint32_t sbdf)
{
    vpci_added = sbdf;
    return 0;
}

int vpci_remove_device(uint32_t sbdf)
{
    vpci_removed = sbdf;
    return 0;
}

void wallclock_set_base_ns(uint64_t ns)
{
    wallclock_ns = ns;
}

size_t copy_to_guest_va(struct vcpu *v, uint64_t va, const void *src,
                        size_t len)
{
    if ( va < BAD_VA + 0x1000 && va + len > BAD_VA )
        return len;
    memcpy((void *)va, src, len);
    return 0;
}

size_t copy_from_guest_va(struct vcpu *v, void *dst, uint64_t va,
                          size_t len)
{
    if ( va < BAD_VA + 0x1000 && va + len > BAD_VA )
        return len;
    memcpy(dst, (const void *)va, len);
    return 0;
}

bool hypercall_is_compat(void)
{
    return false;
}

int dom0_acpi_mcfg_find(uint16_t segment, uint8_t start_bus,
                        uint8_t end_bus, uint64_t *base)
{
    if ( segment || start_bus || end_bus != 0xff )
        return -ENODEV;
    *base = 0xb0000000;
    return 0;
}

struct hvm_vioapic *vioapic_of_gsi(struct domain *d, unsigned int gsi)
{
    static struct hvm_vioapic vio;

    return d == &dom0 && gsi < 24 ? &vio : NULL;
}

#define ARG(p) ((uint64_t)(uintptr_t)(p))

/* ---- physdev_op ---- */

TEST(physdev_only_for_hardware_domain)
{
    struct physdev_pci_device_add add = { .bus = 0, .devfn = 8 };

    test_current = &vcpu1;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_add, ARG(&add)), -ENOSYS);
    test_current = &vcpu0;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_map_pirq, ARG(&add)), -ENOSYS);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_eoi, ARG(&add)), -ENOSYS);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_irq_status_query, ARG(&add)),
              -ENOSYS);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_apic_read, ARG(&add)), -ENOSYS);
    EXPECT_EQ(do_physdev_op(9999, ARG(&add)), -ENOSYS);
}

TEST(physdev_pci_add_remove)
{
    struct {
        struct physdev_pci_device_add add;
        uint32_t pxm;
    } a = { { .bus = 1, .devfn = 0x10, .flags = XEN_PCI_DEV_VIRTFN,
              .physfn = { 1, 0x08 } }, 0 };
    struct physdev_pci_device dev = { .bus = 1, .devfn = 0x10 };

    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_add, ARG(&a)), 0);
    EXPECT_EQ(vpci_added, PCI_SBDF(0, 1, 0x10));   /* vPCI learns it */
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_remove, ARG(&dev)), 0);
    EXPECT_EQ(vpci_removed, PCI_SBDF(0, 1, 0x10));
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_remove, ARG(&dev)),
              -ENODEV);
    dev.devfn = 0x08;                               /* the PF came along */
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_remove, ARG(&dev)), 0);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_add, BAD_VA), -EFAULT);
    a.add.flags = XEN_PCI_DEV_PXM;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_device_add, ARG(&a)), 0);
}

TEST(physdev_mmcfg_gsi_dbgp)
{
    struct physdev_pci_mmcfg_reserved m = {
        .address = 0xb0000000, .segment = 0, .start_bus = 0,
        .end_bus = 0xff, .flags = XEN_PCI_MMCFG_RESERVED,
    };
    struct physdev_setup_gsi g = { .gsi = 10, .triggering = 1 };
    struct physdev_dbgp_op op = { .op = PHYSDEVOP_DBGP_RESET_PREPARE };

    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, ARG(&m)), 0);
    m.address = 0xe0000000;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, ARG(&m)), -EIO);
    m.end_bus = 0x7f;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, ARG(&m)),
              -ENODEV);
    m.flags = 2;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, ARG(&m)),
              -EINVAL);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_setup_gsi, ARG(&g)), 0);
    g.gsi = 24;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_setup_gsi, ARG(&g)), -EINVAL);
    g.gsi = -1;
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_setup_gsi, ARG(&g)), -EINVAL);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_dbgp_op, ARG(&op)), 0);
    EXPECT_EQ(do_physdev_op(PHYSDEVOP_dbgp_op, BAD_VA), -EFAULT);
}

/* ---- platform_op ---- */

static struct xen_platform_op pf(uint32_t cmd)
{
    struct xen_platform_op op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.interface_version = XENPF_INTERFACE_VERSION;
    return op;
}

TEST(platform_checks_in_xen_order)
{
    struct xen_platform_op op = pf(XENPF_get_cpuinfo);

    EXPECT_EQ(sizeof(op), 136);
    EXPECT_EQ(do_platform_op(BAD_VA), -EFAULT);
    op.interface_version = 0x03000000;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EACCES);
    op.interface_version = XENPF_INTERFACE_VERSION;
    test_current = &vcpu1;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EPERM);
    test_current = &vcpu0;
    op = pf(XENPF_enter_acpi_sleep);
    EXPECT_EQ(do_platform_op(ARG(&op)), -ENOSYS);
    op = pf(XENPF_microcode_update);
    EXPECT_EQ(do_platform_op(ARG(&op)), -ENOSYS);
}

TEST(platform_settime)
{
    struct xen_platform_op op = pf(XENPF_settime64);

    op.u.settime64.secs = 1700000000;
    op.u.settime64.nsecs = 500;
    op.u.settime64.system_time = 1000;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(wallclock_ns, 1700000000ULL * 1000000000ULL + 500 - 1000);
    op.u.settime64.mbz = 1;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EINVAL);
    op = pf(XENPF_settime32);
    op.u.settime32.secs = 10;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(wallclock_ns, 10000000000ULL);
}

TEST(platform_firmware_info)
{
    struct xen_platform_op op = pf(XENPF_firmware_info);
    static const uint32_t esrch[] = {
        XEN_FW_DISK_INFO, XEN_FW_DISK_MBR_SIGNATURE, XEN_FW_VBEDDC_INFO,
        XEN_FW_KBD_SHIFT_FLAGS,
    };
    unsigned int i;

    for ( i = 0; i < ARRAY_SIZE(esrch); i++ )
    {
        op.u.firmware_info.type = esrch[i];
        EXPECT_EQ(do_platform_op(ARG(&op)), -ESRCH);
    }
    op.u.firmware_info.type = XEN_FW_EFI_INFO;
    EXPECT_EQ(do_platform_op(ARG(&op)), -ENOSYS);
    op.u.firmware_info.type = 99;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EINVAL);
}

TEST(platform_get_cpuinfo)
{
    struct xen_platform_op op = pf(XENPF_get_cpuinfo);

    cpumask_clear(&cpu_present_map);
    cpumask_clear(&cpu_online_map);
    cpumask_set_cpu(0, &cpu_present_map);
    cpumask_set_cpu(1, &cpu_present_map);
    cpumask_set_cpu(0, &cpu_online_map);
    acpi_info.nr_lapics = 2;
    acpi_info.lapic_ids[0] = 0;
    acpi_info.lapic_ids[1] = 1;
    acpi_info.acpi_ids[0] = 5;
    acpi_info.acpi_ids[1] = 6;
    op.u.pcpu_info.xen_cpuid = 1;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(op.u.pcpu_info.apic_id, 1);
    EXPECT_EQ(op.u.pcpu_info.acpi_id, 6);
    EXPECT_EQ(op.u.pcpu_info.flags, 0);             /* present, offline */
    EXPECT_EQ(op.u.pcpu_info.max_present, 1);
    op.u.pcpu_info.xen_cpuid = 0;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
    op.u.pcpu_info.xen_cpuid = 7;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(op.u.pcpu_info.flags, XEN_PCPU_FLAGS_INVALID);
}

TEST(platform_pdc_and_pminfo)
{
    struct xen_platform_op op = pf(XENPF_set_processor_pminfo);
    uint32_t bits[3] = { 1, 1, 0xffffffff };

    op.u.set_pminfo.type = XEN_PM_PX;
    EXPECT_EQ(do_platform_op(ARG(&op)), -ENOSYS);
    op.u.set_pminfo.type = 7;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EINVAL);
    op.u.set_pminfo.type = XEN_PM_PDC;
    op.u.set_pminfo.id = 5;
    op.u.set_pminfo.u.pdc.p = bits;
    EXPECT_EQ(do_platform_op(ARG(&op)), 0);
    EXPECT_EQ(bits[2], (PDC_C_MASK | PDC_P_MASK | PDC_T_MASK |
                        PDC_SMP_C1PT) & ~(PDC_C_C1_FFH | PDC_C_C2C3_FFH));
    op.u.set_pminfo.id = 6;                         /* CPU offline */
    EXPECT_EQ(do_platform_op(ARG(&op)), -EINVAL);
    bits[0] = 2;
    op.u.set_pminfo.id = ~0U;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EINVAL);
    op.u.set_pminfo.u.pdc.p = (void *)BAD_VA;
    EXPECT_EQ(do_platform_op(ARG(&op)), -EFAULT);
}
