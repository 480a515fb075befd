/* SPDX-License-Identifier: MIT */
/*
 * Xen ELF notes: how a guest kernel image tells the domain builder about
 * itself.  Each note sits in a PT_NOTE segment (or SHT_NOTE section) with
 * the owner name "Xen".  Numeric payloads are 4 or 8 bytes wide, as the
 * note's descriptor size says; string payloads are NUL-terminated ASCII.
 * "Legacy" names refer to the old __xen_guest section string keys.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

/* String: a free-form NAME=VALUE pair. */
#define XEN_ELFNOTE_INFO           0

/* Number: virtual entry point of a PV kernel (legacy VIRT_ENTRY). */
#define XEN_ELFNOTE_ENTRY          1

/*
 * Number: virtual address at which the builder writes the hypercall page
 * (legacy HYPERCALL_PAGE, which gave a page number instead).
 */
#define XEN_ELFNOTE_HYPERCALL_PAGE 2

/* Number: virtual address the image is mapped at; 0 if absent. */
#define XEN_ELFNOTE_VIRT_BASE      3

/*
 * Number: amount to subtract from the ELF p_paddr values to get the
 * pseudo-physical load address (old kernels stored virtual addresses
 * there); 0 if absent.
 */
#define XEN_ELFNOTE_PADDR_OFFSET   4

/* String: Xen version the kernel was built for (legacy XEN_VER). */
#define XEN_ELFNOTE_XEN_VERSION    5

/* String: guest OS name (legacy GUEST_OS). */
#define XEN_ELFNOTE_GUEST_OS       6

/* String: guest OS version (legacy GUEST_VER). */
#define XEN_ELFNOTE_GUEST_VERSION  7

/* String: loader type, e.g. "generic" (legacy LOADER). */
#define XEN_ELFNOTE_LOADER         8

/*
 * String, 32-bit x86 only: PAE support, one of "yes", "no", "bimodal"
 * ("yes,bimodal" is understood by old hypervisors as "yes").  "yes" implies
 * that the kernel copes with a PAE top-level table above 4 GiB.
 */
#define XEN_ELFNOTE_PAE_MODE       9

/*
 * String: '|'-separated feature names as in features.h without the
 * XENFEAT_ prefix; a leading '!' marks a feature as required.
 */
#define XEN_ELFNOTE_FEATURES      10

/* String "yes" or "no": the kernel wants its symbol table loaded. */
#define XEN_ELFNOTE_BSD_SYMTAB    11

/*
 * Number: lowest address at which the hypervisor hole may start; at most
 * HYPERVISOR_VIRT_START.  Its presence says the kernel copes with a hole
 * that starts higher.
 */
#define XEN_ELFNOTE_HV_START_LOW  12

/*
 * Numbers: pairs of (mask, value), maddr_t wide, that identify non-present
 * L1 entries which nevertheless hold a valid MFN.
 */
#define XEN_ELFNOTE_L1_MFN_VALID  13

/* Number: nonzero if the guest supports cooperative suspend cancel. */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14

/*
 * Number, x86-64 only: virtual address where the builder should place the
 * initial phys-to-machine list instead of the default.  The kernel must
 * accept large-page mappings there and page tables it cannot reach
 * through its initial mapping.
 */
#define XEN_ELFNOTE_INIT_P2M      15

/* Number: nonzero if the initrd may be left unmapped (given as a PFN). */
#define XEN_ELFNOTE_MOD_START_PFN 16

/*
 * Number: bitmap of XENFEAT_* the kernel supports; combined with the
 * string form above by hypervisors from 4.2 on.
 */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17

/*
 * Number (32-bit): physical address of the PVH entry point.  A kernel
 * started in an HVM container (PVH) is entered there in 32-bit protected
 * mode, paging off, with %ebx holding the physical address of a
 * struct hvm_start_info.  Ignored for other guest types.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* Highest note type defined above. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Crash dump notes, written by kexec/kdump: system info, per-CPU regs. */
#define XEN_ELFNOTE_CRASH_INFO 0x1000001
#define XEN_ELFNOTE_CRASH_REGS 0x1000002

/* Notes of a dump-core file written by the toolstack. */
#define XEN_ELFNOTE_DUMPCORE_NONE               0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER             0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION        0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION     0x2000003

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
