/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Xen's CPUID leaves as Xen 4.17 presents them to a PVH dom0: signature,
 * version, hypercall page, time and HVM leaves.
 */
#include "guest.h"

static uint32_t base;

static void check_signature(void)
{
    struct cpuid_regs r = cpuid(base);

    check_eq(base, XEN_CPUID_FIRST_LEAF, "Xen leaves at 0x40000000");
    CHECK(r.b == XEN_CPUID_SIGNATURE_EBX && r.c == XEN_CPUID_SIGNATURE_ECX &&
          r.d == XEN_CPUID_SIGNATURE_EDX, "signature XenVMMXenVMM");
    printk("info max leaf: %#x\n", r.a);
    check_eq(r.a, base + XEN_CPUID_MAX_NUM_LEAVES, "max leaf is base+5");
}

static void check_version_leaf(void)
{
    struct cpuid_regs r = cpuid(base + 1);

    check_eq(r.a, (4 << 16) | 17, "version leaf 4.17");
    CHECK(r.b == 0 && r.c == 0 && r.d == 0, "version leaf EBX-EDX zero");
}

static void check_hypercall_leaf(void)
{
    struct cpuid_regs r = cpuid(base + 2);

    check_eq(r.a, 1, "one hypercall page");
    check_eq(r.b, 0x40000000, "hypercall page MSR 0x40000000");
    /* Only PV guests may see MMU_PT_UPDATE_PRESERVE_AD. */
    check_eq(r.c, 0, "hypercall leaf features 1 (HVM: none)");
    check_eq(r.d, 0, "hypercall leaf features 2");
}

static void check_time_leaf(void)
{
    struct cpuid_regs r0 = cpuid_count(base + 3, 0);
    struct cpuid_regs r1 = cpuid_count(base + 3, 1);
    struct cpuid_regs r2 = cpuid_count(base + 3, 2);

    printk("info time leaf: flags %#x mode %u khz %u incarnation %u "
           "mul %#x shift %d host khz %u\n", r0.a, r0.b, r0.c, r0.d,
           r1.c, (int)r1.d, r2.a);
    CHECK(r0.b <= 3, "tsc_mode in 0..3");
    CHECK(r0.c != 0, "guest TSC kHz reported");
    CHECK(r1.c != 0, "tsc_to_system_mul reported");
    CHECK(r2.a != 0, "host TSC kHz reported");
}

static void check_hvm_leaf(void)
{
    struct cpuid_regs r = cpuid_count(base + 4, 0);

    printk("info hvm leaf: eax %#x ebx %#x ecx %#x\n", r.a, r.b, r.c);
    CHECK(r.a & XEN_HVM_CPUID_VCPU_ID_PRESENT, "HVM leaf has vcpu id");
    check_eq(r.b, 0, "HVM leaf vcpu id 0");
    CHECK(r.a & XEN_HVM_CPUID_DOMID_PRESENT, "HVM leaf has domid");
    check_eq(r.c, 0, "HVM leaf domid 0");
    CHECK(r.a & XEN_HVM_CPUID_UPCALL_VECTOR, "HVM leaf per-vCPU upcall");
    /*
     * Xen 4.17 does not offer extended destination ids to a PVH dom0
     * (only to guests with an emulated IO-APIC/MSI setup that can use
     * them); the APIC and IOMMU bits depend on the host, so not checked.
     */
    CHECK(!(r.a & XEN_HVM_CPUID_EXT_DEST_ID), "HVM leaf no ext dest id");
}

static void check_hypervisor_bit(void)
{
    struct cpuid_regs r = cpuid(1);

    CHECK(r.c & (1u << 31), "CPUID.1:ECX hypervisor bit");
}

void test_main(void)
{
    base = xen_cpuid_base;
    check_hypervisor_bit();
    check_signature();
    check_version_leaf();
    check_hypercall_leaf();
    check_time_leaf();
    check_hvm_leaf();
}
