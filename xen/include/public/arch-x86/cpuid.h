/* SPDX-License-Identifier: MIT */
/*
 * The CPUID leaves through which an x86 guest finds and identifies Xen.
 *
 * Xen's leaves start at the first 0x100-aligned base from 0x40000000 that
 * no other interface uses: 0x40000000 normally, 0x40000100 when the guest
 * also gets Viridian (Hyper-V) leaves at 0x40000000.  Below, leaf n means
 * base + n.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_CPUID_H__
#define __XEN_PUBLIC_ARCH_X86_CPUID_H__

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/*
 * Leaf 0: EAX = highest Xen leaf available; EBX, ECX, EDX = the signature
 * "XenVMMXenVMM".
 */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558  /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d  /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e  /* "nVMM" */

/* Leaf 1: EAX = (major << 16) | minor; EBX-EDX zero (reserved). */

/*
 * Leaf 2: EAX = number of hypercall pages (at least 1); EBX = the MSR to
 * write a page's guest physical address to (plus the page index in the
 * low 12 bits) to have the hypercall page written there; ECX = features
 * word 1; EDX = features word 2 (unused bits zero).
 */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1u << 0)

/*
 * Leaf 3: time.
 * Subleaf 0: EAX bit 0 = TSC emulated, bit 1 = host TSC reliable,
 *            bit 2 = RDTSCP available; EBX = tsc_mode (0 default,
 *            1 always emulate, 2 never emulate, 3 never emulate with
 *            TSC_AUX); ECX = guest TSC kHz; EDX = incarnation (migrations).
 * Subleaf 1: EAX/EBX = TSC offset low/high; ECX = tsc_to_system_mul;
 *            EDX = tsc_shift (as in vcpu_time_info).
 * Subleaf 2: EAX = host TSC kHz.
 */

/*
 * Leaf 4: HVM features.  Subleaf 0: EAX = XEN_HVM_CPUID_* flags below;
 * EBX = vCPU id if VCPU_ID_PRESENT; ECX = domain id if DOMID_PRESENT.
 */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0) /* APIC MMIO virtualised */
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1) /* x2APIC MSRs virtualised */
/* Pages mapped from other domains have IOMMU mappings too. */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2)
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3) /* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4) /* ECX holds the domid */
/*
 * 15-bit destination ids: with the non-remappable interrupt format the
 * IO-APIC RTE bits 55:49 and MSI address bits 11:5 carry destination id
 * bits 14:8.
 */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5)
/* Per-vCPU upcall vectors also work for physical IRQs on event channels. */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6)

/*
 * Leaf 5: PV parameters.  Subleaf 0: EAX = highest subleaf; EBX bits 7:0 =
 * widest machine address in bits, counting memory that may be hot-added.
 */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

/* Leaves after leaf 0 that Xen defines (so base + 5 is the last). */
#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* __XEN_PUBLIC_ARCH_X86_CPUID_H__ */
