/* SPDX-License-Identifier: GPL-2.0-only */
/* The context round trip's domU program and what it reports. */
#ifndef HVM_CONTEXT_PAYLOAD_H
#define HVM_CONTEXT_PAYLOAD_H

#define HC_ENTRY        0x100000    /* code */
#define HC_CNT          0x2000      /* rounds, counted in %esi */
#define HC_ERR          0x2004      /* 1: XMM0 and %esi differ; 2: TSC back */
#define HC_TSC_LO       0x2008      /* RDTSC of the last round */
#define HC_TSC_HI       0x200c
#define HC_TMCCT        0x2010      /* APIC timer count of the last round */
#define HC_STAR_LO      0x2014      /* RDMSR STAR of the last round */
#define HC_STAR_HI      0x2018
#define HC_SYSENTER_ESP 0x201c      /* RDMSR SYSENTER_ESP, low half */
#define HC_FRAMES       512         /* RAM: gfns 0-511 */

/* What it sets once at the start. */
#define HC_TSC_START_HI 0x10000000  /* TSC 2^60: far from any host's */
#define HC_STAR_VAL_LO  0x5a5a1234
#define HC_STAR_VAL_HI  0x00230010
#define HC_SYSENTER_VAL 0x00c0ffee

#ifndef __ASSEMBLER__
extern const unsigned char hc_payload_start[], hc_payload_end[];
#endif

#endif /* HVM_CONTEXT_PAYLOAD_H */
