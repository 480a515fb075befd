/* SPDX-License-Identifier: GPL-2.0-only */
/* Where the domU payload lives and what it reports (guest physical). */
#ifndef DOMCTL_DOMU_PAYLOAD_H
#define DOMCTL_DOMU_PAYLOAD_H

#define PAYLOAD_GPA         0x100000    /* entry point */
#define PAYLOAD_RES         0x2000      /* results page */
#define PAYLOAD_DOMCTL      0x3000      /* its domctl/sysctl argument */
#define PAYLOAD_HCALL_PAGE  0x4000
#define PAYLOAD_SHUTDOWN    0x5000      /* struct sched_shutdown */
#define PAYLOAD_STACK       0x7000
#define PAYLOAD_FRAMES      512         /* 2 MiB of RAM from gfn 0 */

#define PAYLOAD_RES_ALIVE   0x2000      /* PAYLOAD_ALIVE once it runs */
#define PAYLOAD_RES_DOMCTL  0x2004      /* its domctl's return */
#define PAYLOAD_RES_SYSCTL  0x2008      /* its sysctl's return */
#define PAYLOAD_RES_INB     0x200c      /* inb 0x61 */
#define PAYLOAD_RES_INL     0x2010      /* inl 0xcfc */
#define PAYLOAD_RES_CFG     0x2014      /* PCI config read through 0xcf8 */
#define PAYLOAD_RES_DONE    0x2018      /* PAYLOAD_DONE before shutdown */

#define PAYLOAD_ALIVE       0x600dcafe
#define PAYLOAD_DONE        0xd0d0d0d0
#define PAYLOAD_REASON      1           /* SHUTDOWN_reboot */

#ifndef __ASSEMBLER__
extern const unsigned char payload_start[], payload_end[];
#endif

#endif /* DOMCTL_DOMU_PAYLOAD_H */
