/* SPDX-License-Identifier: MIT */
/*
 * The table the domain builder leaves in low memory of an HVM guest for
 * hvmloader: vCPU count, memory layout, APIC mode.
 */
#ifndef __XEN_PUBLIC_HVM_HVM_INFO_TABLE_H__
#define __XEN_PUBLIC_HVM_HVM_INFO_TABLE_H__

/* It sits at 0x9F800, in the page below the EBDA. */
#define HVM_INFO_PFN         0x09F
#define HVM_INFO_OFFSET      0x800
#define HVM_INFO_PADDR       ((HVM_INFO_PFN << 12) + HVM_INFO_OFFSET)

/* Most vCPUs an HVM guest may have (the vcpu_online bitmap's size). */
#define HVM_MAX_VCPUS        128

/*
 * signature: "HVM INFO"; length: of the table; checksum: makes the byte
 * sum of the table 0.
 * apic_mode: nonzero if the guest gets IO-APIC mode in its MP tables.
 * nr_vcpus: vCPUs at boot.
 * low_mem_pgend: first frame above RAM below 4GiB (the MMIO hole starts
 *     there); reserved_mem_pgstart: first frame of memory the firmware
 *     must reserve below it; high_mem_pgend: first frame above RAM
 *     above 4GiB (0 if none).
 * vcpu_online: bit n set if vCPU n is online at boot.
 */
struct hvm_info_table {
    char        signature[8];
    uint32_t    length;
    uint8_t     checksum;
    uint8_t     apic_mode;
    uint32_t    nr_vcpus;
    uint32_t    low_mem_pgend;
    uint32_t    reserved_mem_pgstart;
    uint32_t    high_mem_pgend;
    uint8_t     vcpu_online[(HVM_MAX_VCPUS + 7) / 8];
};

#endif /* __XEN_PUBLIC_HVM_HVM_INFO_TABLE_H__ */
