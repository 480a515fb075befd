/* SPDX-License-Identifier: GPL-2.0-only */
/* The suspending domU's program and what it reports. */
#ifndef SUSPEND_PAYLOAD_H
#define SUSPEND_PAYLOAD_H

#define SP_ENTRY        0x100000    /* code */
#define SP_ROUNDS       0x2000      /* suspends returned from */
#define SP_GO           0x2004      /* dom0: suspend again while < ROUNDS */
#define SP_RESULTS      0x2010      /* each suspend's return, 32 bits */
#define SP_HCALL_PAGE   0x4000
#define SP_SHUTDOWN     0x5000      /* struct sched_shutdown */
#define SP_STACK        0x7000
#define SP_FRAMES       512

#ifndef __ASSEMBLER__
extern const unsigned char sp_payload_start[], sp_payload_end[];
#endif

#endif /* SUSPEND_PAYLOAD_H */
