/* SPDX-License-Identifier: GPL-2.0-only */
/* The churned domU's program and what it reports. */
#ifndef CHURN_PAYLOAD_H
#define CHURN_PAYLOAD_H

#define CP_ENTRY        0x100000    /* code */
#define CP_LOOPS        0x2000      /* read+yield rounds done */
#define CP_RC           0x2004      /* what CONSOLEIO_read returned */
#define CP_BUF          0x3000
#define CP_HCALL_PAGE   0x4000
#define CP_STACK        0x7000
#define CP_FRAMES       512

#ifndef __ASSEMBLER__
extern const unsigned char cp_payload_start[], cp_payload_end[];
#endif

#endif /* CHURN_PAYLOAD_H */
