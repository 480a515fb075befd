/* SPDX-License-Identifier: GPL-2.0-only */
/* The log-dirty domU's program and its guest-physical layout. */
#ifndef LOGDIRTY_PAYLOAD_H
#define LOGDIRTY_PAYLOAD_H

#define LD_ENTRY        0x100000    /* code (read, never written) */
#define LD_CTL          0x2000      /* control page: */
#define LD_CTL_MASK     0x2000      /*   pages to write, set by dom0 */
#define LD_CTL_COUNT    0x2004      /*   rounds done, by the domU */
#define LD_DIRTY_BASE   0x10000     /* the 16 pages it writes from */
#define LD_NR_PAGES     16
#define LD_FRAMES       512         /* RAM: gfns 0-511 */

#ifndef __ASSEMBLER__
extern const unsigned char ld_payload_start[], ld_payload_end[];
#endif

#endif /* LOGDIRTY_PAYLOAD_H */
