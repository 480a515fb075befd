/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vPCI internals: one struct vpci_dev per function, its BARs (header.c),
 * MSI (msi.c) and MSI-X (msix.c) state.  Every field is guarded by
 * vpci_lock unless marked (c): set when the function is found.
 */
#ifndef VPCI_PRIVATE_H
#define VPCI_PRIVATE_H

#include <xen/list.h>
#include <xen/spinlock.h>
#include <xen/vpci.h>

#define VPCI_MAX_BARS   6

enum vpci_bar_kind {
    VPCI_BAR_EMPTY,
    VPCI_BAR_IO,
    VPCI_BAR_MEM32,
    VPCI_BAR_MEM64,         /* low half; the next BAR is VPCI_BAR_MEM64_HI */
    VPCI_BAR_MEM64_HI,
};

struct vpci_bar {
    enum vpci_bar_kind kind;        /* (c) */
    uint64_t size;                  /* (c) bytes; 0: not implemented */
    uint64_t addr;                  /* base the device decodes */
    uint64_t map_addr;              /* mapped above 4 GiB here; 0: not */
};

/* MSI capability registers (PCI Local Bus spec 3.0, 6.8.1). */
#define MSI_CTRL_ENABLE         0x0001
#define MSI_CTRL_MMC_SHIFT      1
#define MSI_CTRL_MMC_MASK       0x000e
#define MSI_CTRL_MME_SHIFT      4
#define MSI_CTRL_MME_MASK       0x0070
#define MSI_CTRL_64BIT          0x0080
#define MSI_CTRL_MASKABLE       0x0100

struct vpci_msi {
    unsigned int pos;               /* (c) capability offset; 0: none */
    bool is64, maskable;            /* (c) */
    unsigned int max_vec;           /* (c) messages the device can send */
    uint16_t ctrl;                  /* dom0's enable and MME bits */
    uint64_t addr;                  /* dom0's message */
    uint16_t data;
    uint32_t mask;                  /* dom0's mask bits */
    uint8_t host_vector;            /* first bound vector; 0: none */
    unsigned int nr_bound;
};

/* MSI-X capability and table (PCI Local Bus spec 3.0, 6.8.2). */
#define MSIX_CTRL_SIZE_MASK     0x07ff
#define MSIX_CTRL_FMASK         0x4000U
#define MSIX_CTRL_ENABLE        0x8000U
#define MSIX_BIR_MASK           0x7
#define MSIX_ENTRY_SIZE         16
#define MSIX_ENTRY_ADDR_LO      0x0
#define MSIX_ENTRY_ADDR_HI      0x4
#define MSIX_ENTRY_DATA         0x8
#define MSIX_ENTRY_CTRL         0xc
#define MSIX_ENTRY_CTRL_MASKED  0x1

struct vpci_msix_entry {
    uint64_t addr;                  /* dom0's message */
    uint32_t data;
    uint32_t ctrl;                  /* dom0's vector control */
    uint8_t host_vector;            /* 0: not bound */
};

struct vpci_msix {
    unsigned int pos;               /* (c) capability offset */
    unsigned int nr;                /* (c) table entries */
    unsigned int table_bir;         /* (c) */
    uint32_t table_off;             /* (c) offset in that BAR */
    bool enabled, fmask;            /* dom0's control bits */
    uint64_t trap_addr;             /* table pages taken from dom0; 0: none */
    volatile uint8_t *host;         /* the table, mapped; NULL: unreachable */
    struct vpci_msix_entry entries[];
};

struct vpci_dev {
    struct list_head list;
    uint32_t sbdf;                  /* (c) */
    unsigned int nr_bars;           /* (c) 6 (type 0), 2 (bridge), 0 */
    struct vpci_bar bars[VPCI_MAX_BARS];
    struct vpci_msi msi;
    struct vpci_msix *msix;         /* (c) NULL: no MSI-X */
};

extern spinlock_t vpci_lock;
extern struct domain *vpci_dom;     /* the hardware domain, once set */

/* vpci.c */
struct vpci_dev *vpci_find(uint32_t sbdf);
/* The function whose trapped MSI-X table pages hold gpa, or NULL. */
struct vpci_dev *vpci_find_msix(uint64_t gpa);

/* header.c: BARs and the command register. */
void vpci_bars_init(struct vpci_dev *dev, unsigned int header_type);
void vpci_header_sync(struct vpci_dev *dev);
void vpci_cmd_write(struct vpci_dev *dev, unsigned int reg,
                    unsigned int size, uint32_t val);
void vpci_bar_written(struct vpci_dev *dev, unsigned int reg);
/* Is the page gfn, above 4 GiB, inside one of dev's mapped BARs? */
bool vpci_bar_maps(const struct vpci_dev *dev, unsigned long gfn);

/* msi.c: the MSI capability, dword at off (aligned). */
void vpci_msi_init(struct vpci_dev *dev, unsigned int pos);
bool vpci_msi_read(struct vpci_dev *dev, unsigned int off, uint32_t hw,
                   uint32_t *val);
bool vpci_msi_write(struct vpci_dev *dev, unsigned int off, uint32_t val);
void vpci_msi_teardown(struct vpci_dev *dev);

/* msix.c: the MSI-X capability and table. */
int vpci_msix_init(struct vpci_dev *dev, unsigned int pos);
bool vpci_msix_read(struct vpci_dev *dev, unsigned int off, uint32_t hw,
                    uint32_t *val);
bool vpci_msix_write(struct vpci_dev *dev, unsigned int off, uint32_t val);
/* The table's address while dev decodes memory; 0 otherwise. */
uint64_t vpci_msix_table_addr(const struct vpci_dev *dev, bool decoding);
unsigned int vpci_msix_table_pages(const struct vpci_dev *dev);
/* The table moved (or appeared, or went): remap and reprogram. */
void vpci_msix_table_moved(struct vpci_dev *dev, uint64_t addr);
void vpci_msix_teardown(struct vpci_dev *dev);
void vpci_msix_mmio_register(void);

#endif /* VPCI_PRIVATE_H */
