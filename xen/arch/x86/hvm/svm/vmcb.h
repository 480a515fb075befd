/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMCB, AMD APM vol. 2, appendix B "Layout of VMCB": a control area
 * (offsets 0x000-0x3ff) and the guest state-save area (0x400-0x6ff).
 * Private to the SVM backend.
 */
#ifndef SVM_VMCB_PRIVATE_H
#define SVM_VMCB_PRIVATE_H

#include <xen/types.h>
#include <xen/compiler.h>

/* intercept_cr (offset 0x000): reads in bits 0-15, writes in 16-31 */
#define INTERCEPT_CR_WRITE(n)   (1U << (16 + (n)))
/* intercepts1 (offset 0x00c) */
#define INTERCEPT_INTR          (1U << 0)
#define INTERCEPT_NMI           (1U << 1)
#define INTERCEPT_SMI           (1U << 2)
#define INTERCEPT_INIT          (1U << 3)
#define INTERCEPT_VINTR         (1U << 4)
#define INTERCEPT_CPUID         (1U << 18)
#define INTERCEPT_IRET          (1U << 20)
#define INTERCEPT_INVD          (1U << 22)
#define INTERCEPT_HLT           (1U << 24)
#define INTERCEPT_INVLPGA       (1U << 26)
#define INTERCEPT_IOIO_PROT     (1U << 27)
#define INTERCEPT_MSR_PROT      (1U << 28)
#define INTERCEPT_TASK_SWITCH   (1U << 29)
#define INTERCEPT_SHUTDOWN      (1U << 31)
/* intercepts2 (offset 0x010) */
#define INTERCEPT_VMRUN         (1U << 0)
#define INTERCEPT_VMMCALL       (1U << 1)
#define INTERCEPT_VMLOAD        (1U << 2)
#define INTERCEPT_VMSAVE        (1U << 3)
#define INTERCEPT_STGI          (1U << 4)
#define INTERCEPT_CLGI          (1U << 5)
#define INTERCEPT_SKINIT        (1U << 6)
#define INTERCEPT_MONITOR       (1U << 10)
#define INTERCEPT_MWAIT         (1U << 11)
#define INTERCEPT_XSETBV        (1U << 13)

#define VINTR_TPR_MASK          0xffUL
#define VINTR_IRQ               (1UL << 8)
#define VINTR_PRIO_SHIFT        16
#define VINTR_IGN_TPR           (1UL << 20)
#define VINTR_MASKING           (1UL << 24)

#define TLB_CTRL_NO_FLUSH       0
#define TLB_CTRL_FLUSH_ALL      1

#define EVENTINJ_VALID          (1UL << 31)
#define EVENTINJ_EV             (1UL << 11)
#define EVENTINJ_TYPE_SHIFT     8

/* Exit codes (appendix C). */
#define VMEXIT_CR0_READ         0x000
#define VMEXIT_CR4_WRITE        0x014
#define VMEXIT_EXCEPTION_BASE   0x040
#define VMEXIT_INTR             0x060
#define VMEXIT_NMI              0x061
#define VMEXIT_SMI              0x062
#define VMEXIT_INIT             0x063
#define VMEXIT_VINTR            0x064
#define VMEXIT_CPUID            0x072
#define VMEXIT_IRET             0x074
#define VMEXIT_INVD             0x076
#define VMEXIT_PAUSE            0x077
#define VMEXIT_HLT              0x078
#define VMEXIT_INVLPGA          0x07a
#define VMEXIT_IOIO             0x07b
#define VMEXIT_MSR              0x07c
#define VMEXIT_TASK_SWITCH      0x07d
#define VMEXIT_SHUTDOWN         0x07f
#define VMEXIT_VMRUN            0x080
#define VMEXIT_VMMCALL          0x081
#define VMEXIT_VMLOAD           0x082
#define VMEXIT_VMSAVE           0x083
#define VMEXIT_STGI             0x084
#define VMEXIT_CLGI             0x085
#define VMEXIT_SKINIT           0x086
#define VMEXIT_RDTSCP           0x087
#define VMEXIT_WBINVD           0x089
#define VMEXIT_MONITOR          0x08a
#define VMEXIT_MWAIT            0x08b
#define VMEXIT_XSETBV           0x08d
#define VMEXIT_NR_TABLE         0x090   /* codes handled through the table */
#define VMEXIT_NPF              0x400
#define VMEXIT_INVALID          ((uint64_t)-1)

struct vmcb_seg {
    uint16_t sel;
    uint16_t attr;
    uint32_t limit;
    uint64_t base;
};

struct vmcb {
    /* Control area. */
    uint32_t intercept_cr;                  /* 0x000 */
    uint32_t intercept_dr;                  /* 0x004 */
    uint32_t intercept_exceptions;          /* 0x008 */
    uint32_t intercepts1;                   /* 0x00c */
    uint32_t intercepts2;                   /* 0x010 */
    uint32_t intercepts3;                   /* 0x014 */
    uint8_t res0[0x3c - 0x18];
    uint16_t pause_filter_thresh;           /* 0x03c */
    uint16_t pause_filter_count;            /* 0x03e */
    uint64_t iopm_base_pa;                  /* 0x040 */
    uint64_t msrpm_base_pa;                 /* 0x048 */
    uint64_t tsc_offset;                    /* 0x050 */
    uint32_t guest_asid;                    /* 0x058 */
    uint8_t tlb_control;                    /* 0x05c */
    uint8_t res1[3];
    uint64_t vintr;                         /* 0x060 */
    uint64_t interrupt_shadow;              /* 0x068 */
    uint64_t exitcode;                      /* 0x070 */
    uint64_t exitinfo1;                     /* 0x078 */
    uint64_t exitinfo2;                     /* 0x080 */
    uint64_t exitintinfo;                   /* 0x088 */
    uint64_t np_enable;                     /* 0x090 */
    uint64_t avic_apic_bar;                 /* 0x098 */
    uint64_t ghcb_pa;                       /* 0x0a0 */
    uint64_t eventinj;                      /* 0x0a8 */
    uint64_t n_cr3;                         /* 0x0b0 */
    uint64_t virt_ext;                      /* 0x0b8 */
    uint32_t clean_bits;                    /* 0x0c0 */
    uint32_t res2;
    uint64_t nextrip;                       /* 0x0c8 */
    uint8_t guest_ins_len;                  /* 0x0d0 */
    uint8_t guest_ins_bytes[15];
    uint8_t res3[0x400 - 0xe0];
    /* State-save area. */
    struct vmcb_seg es, cs, ss, ds, fs, gs; /* 0x400 */
    struct vmcb_seg gdtr, ldtr, idtr, tr;   /* 0x460 */
    uint8_t res4[0x4cb - 0x4a0];
    uint8_t cpl;                            /* 0x4cb */
    uint32_t res5;
    uint64_t efer;                          /* 0x4d0 */
    uint8_t res6[0x548 - 0x4d8];
    uint64_t cr4;                           /* 0x548 */
    uint64_t cr3;                           /* 0x550 */
    uint64_t cr0;                           /* 0x558 */
    uint64_t dr7;                           /* 0x560 */
    uint64_t dr6;                           /* 0x568 */
    uint64_t rflags;                        /* 0x570 */
    uint64_t rip;                           /* 0x578 */
    uint8_t res7[0x5d8 - 0x580];
    uint64_t rsp;                           /* 0x5d8 */
    uint8_t res8[0x5f8 - 0x5e0];
    uint64_t rax;                           /* 0x5f8 */
    uint64_t star;                          /* 0x600 */
    uint64_t lstar;                         /* 0x608 */
    uint64_t cstar;                         /* 0x610 */
    uint64_t sfmask;                        /* 0x618 */
    uint64_t kernel_gs_base;                /* 0x620 */
    uint64_t sysenter_cs;                   /* 0x628 */
    uint64_t sysenter_esp;                  /* 0x630 */
    uint64_t sysenter_eip;                  /* 0x638 */
    uint64_t cr2;                           /* 0x640 */
    uint8_t res9[0x668 - 0x648];
    uint64_t g_pat;                         /* 0x668 */
    uint64_t dbgctl;                        /* 0x670 */
    uint64_t br_from;                       /* 0x678 */
    uint64_t br_to;                         /* 0x680 */
    uint64_t last_excp_from;                /* 0x688 */
    uint64_t last_excp_to;                  /* 0x690 */
    uint8_t res10[0x1000 - 0x698];
};

#endif /* SVM_VMCB_PRIVATE_H */
