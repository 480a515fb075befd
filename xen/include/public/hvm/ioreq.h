/* SPDX-License-Identifier: MIT */
/*
 * I/O requests from the hypervisor to a device model (an ioreq server,
 * such as QEMU in dom0): one synchronous slot per vCPU in a shared page,
 * plus a ring of buffered writes that need no reply.
 *
 * Slot protocol: the hypervisor fills the ioreq, sets state to
 * STATE_IOREQ_READY and notifies vp_eport; the device model sets
 * INPROCESS, does the access, writes data (reads) and sets
 * STATE_IORESP_READY, then notifies back; the hypervisor completes the
 * instruction and sets NONE.
 */
#ifndef _IOREQ_H_
#define _IOREQ_H_

#define IOREQ_READ      1
#define IOREQ_WRITE     0

#define STATE_IOREQ_NONE        0
#define STATE_IOREQ_READY       1
#define STATE_IOREQ_INPROCESS   2
#define STATE_IORESP_READY      3

#define IOREQ_TYPE_PIO          0 /* port I/O */
#define IOREQ_TYPE_COPY         1 /* MMIO */
#define IOREQ_TYPE_PCI_CONFIG   2 /* config space; addr holds SBDF << 32 */
#define IOREQ_TYPE_TIMEOFFSET   7 /* guest RTC offset changed */
#define IOREQ_TYPE_INVALIDATE   8 /* drop the map cache */

/*
 * addr:        port, guest-physical address, or config-space address.
 * data:        the value, or with data_is_ptr the guest-physical address
 *              of a buffer (rep string ops).
 * count:       repetitions; size: bytes per access.
 * vp_eport:    event channel the device model notifies back on.
 * dir:         IOREQ_READ / IOREQ_WRITE; df: the direction flag (rep
 *              ops step down when set).
 */
struct ioreq {
    uint64_t addr;
    uint64_t data;
    uint32_t count;
    uint32_t size;
    uint32_t vp_eport;
    uint16_t _pad0;
    uint8_t state:4;
    uint8_t data_is_ptr:1;
    uint8_t dir:1;
    uint8_t df:1;
    uint8_t _pad1:1;
    uint8_t type;           /* IOREQ_TYPE_* */
};
typedef struct ioreq ioreq_t;

/* One slot per vCPU, indexed by vCPU id. */
struct shared_iopage {
    struct ioreq vcpu_ioreq[1];
};
typedef struct shared_iopage shared_iopage_t;

/*
 * A buffered write: size is log2 of the byte count; 8-byte writes take
 * two slots, the second holding the high data word.
 */
struct buf_ioreq {
    uint8_t  type;   /* IOREQ_TYPE_PIO or IOREQ_TYPE_COPY */
    uint8_t  pad:1;
    uint8_t  dir:1;
    uint8_t  size:2;
    uint32_t addr:20;
    uint32_t data;
};
typedef struct buf_ioreq buf_ioreq_t;

#define IOREQ_BUFFER_SLOT_NUM     511 /* fills one page with the pointers */
struct buffered_iopage {
#ifdef __XEN__
    union bufioreq_pointers {
        struct {
#endif
            uint32_t read_pointer;
            uint32_t write_pointer;
#ifdef __XEN__
        };
        uint64_t full;
    } ptrs;
#endif
    buf_ioreq_t buf_ioreq[IOREQ_BUFFER_SLOT_NUM];
};
typedef struct buffered_iopage buffered_iopage_t;

/*
 * Where the emulated ACPI PM blocks sit in I/O space: V0 is the old
 * layout, V1 the current one (HVM_PARAM_ACPI_IOPORTS_LOCATION picks).
 */
#define ACPI_PM1A_EVT_BLK_ADDRESS_V0 0x1f40
#define ACPI_PM1A_CNT_BLK_ADDRESS_V0 (ACPI_PM1A_EVT_BLK_ADDRESS_V0 + 0x04)
#define ACPI_PM_TMR_BLK_ADDRESS_V0   (ACPI_PM1A_EVT_BLK_ADDRESS_V0 + 0x08)
#define ACPI_GPE0_BLK_ADDRESS_V0     (ACPI_PM_TMR_BLK_ADDRESS_V0 + 0x20)
#define ACPI_GPE0_BLK_LEN_V0         0x08

#define ACPI_PM1A_EVT_BLK_ADDRESS_V1 0xb000
#define ACPI_PM1A_CNT_BLK_ADDRESS_V1 (ACPI_PM1A_EVT_BLK_ADDRESS_V1 + 0x04)
#define ACPI_PM_TMR_BLK_ADDRESS_V1   (ACPI_PM1A_EVT_BLK_ADDRESS_V1 + 0x08)
#define ACPI_GPE0_BLK_ADDRESS_V1     0xafe0
#define ACPI_GPE0_BLK_LEN_V1         0x04

/* Defaults, for compatibility. */
#define ACPI_PM1A_EVT_BLK_ADDRESS    ACPI_PM1A_EVT_BLK_ADDRESS_V0
#define ACPI_PM1A_CNT_BLK_ADDRESS    ACPI_PM1A_CNT_BLK_ADDRESS_V0
#define ACPI_PM_TMR_BLK_ADDRESS      ACPI_PM_TMR_BLK_ADDRESS_V0
#define ACPI_GPE0_BLK_ADDRESS        ACPI_GPE0_BLK_ADDRESS_V0
#define ACPI_GPE0_BLK_LEN            ACPI_GPE0_BLK_LEN_V0

#endif /* _IOREQ_H_ */
