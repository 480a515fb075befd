/* SPDX-License-Identifier: MIT */
/*
 * HVM parameters: per-domain values read and written with
 * HVMOP_get_param / HVMOP_set_param.  Most are set by the toolstack
 * while building the domain; a guest reads the ones it needs (xenstore
 * and console rings) and sets the event callback.
 */
#ifndef __XEN_PUBLIC_HVM_PARAMS_H__
#define __XEN_PUBLIC_HVM_PARAMS_H__

#include "hvm_op.h"

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Numbers no longer used; kept so they are not reused. */
#define HVM_PARAM_PAE_ENABLED                4
#define HVM_PARAM_DM_DOMAIN                 13
#define HVM_PARAM_MEMORY_EVENT_CR0          20
#define HVM_PARAM_MEMORY_EVENT_CR3          21
#define HVM_PARAM_MEMORY_EVENT_CR4          22
#define HVM_PARAM_MEMORY_EVENT_INT3         23
#define HVM_PARAM_NESTEDHVM                 24
#define HVM_PARAM_MEMORY_EVENT_SINGLE_STEP  25
#define HVM_PARAM_BUFIOREQ_EVTCHN           26
#define HVM_PARAM_MEMORY_EVENT_MSR          30
#endif

/*
 * How event-channel upcalls reach the guest.  Bits 63:56 of the value
 * are the type, bits 55:0 its argument; 0 turns upcalls off.
 *  TYPE_GSI:      val[55:0] is a GSI (not 0: that means off).
 *  TYPE_PCI_INTX: val[47:32] PCI segment, [31:16] bus, [15:8] devfn,
 *                 [1:0] INTx pin.
 *  TYPE_VECTOR:   val[7:0] is an IDT vector; only if
 *                 XENFEAT_hvm_callback_vector is offered.
 */
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK xen_mk_ullong(0xFF00000000000000)
#define HVM_PARAM_CALLBACK_TYPE_GSI      0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#if defined(__i386__) || defined(__x86_64__)
#define HVM_PARAM_CALLBACK_TYPE_VECTOR   2
#elif defined(__arm__) || defined(__aarch64__)
#define HVM_PARAM_CALLBACK_TYPE_PPI      2
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK      0xFF00
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL 2
#endif

/* Guest frame of the xenstore ring, and its event channel. */
#define HVM_PARAM_STORE_PFN    1
#define HVM_PARAM_STORE_EVTCHN 2

/* Guest frames of the default ioreq server's pages. */
#define HVM_PARAM_IOREQ_PFN    5
#define HVM_PARAM_BUFIOREQ_PFN 6

#if defined(__i386__) || defined(__x86_64__)
/* Hyper-V enlightenments offered: a mask of HVMPV_* (0: none). */
#define HVM_PARAM_VIRIDIAN     9

#define _HVMPV_base_freq 0                 /* the base set */
#define HVMPV_base_freq  (1 << _HVMPV_base_freq)
#define _HVMPV_no_freq 1                   /* no frequency MSRs */
#define HVMPV_no_freq  (1 << _HVMPV_no_freq)
#define _HVMPV_time_ref_count 2            /* partition reference counter */
#define HVMPV_time_ref_count  (1 << _HVMPV_time_ref_count)
#define _HVMPV_reference_tsc 3             /* reference TSC page */
#define HVMPV_reference_tsc  (1 << _HVMPV_reference_tsc)
#define _HVMPV_hcall_remote_tlb_flush 4    /* remote TLB flush hypercall */
#define HVMPV_hcall_remote_tlb_flush (1 << _HVMPV_hcall_remote_tlb_flush)
#define _HVMPV_apic_assist 5               /* APIC assist page */
#define HVMPV_apic_assist (1 << _HVMPV_apic_assist)
#define _HVMPV_crash_ctl 6                 /* crash notification MSRs */
#define HVMPV_crash_ctl (1 << _HVMPV_crash_ctl)
#define _HVMPV_synic 7                     /* synthetic interrupt controller */
#define HVMPV_synic (1 << _HVMPV_synic)
#define _HVMPV_stimer 8                    /* synthetic timers */
#define HVMPV_stimer (1 << _HVMPV_stimer)
#define _HVMPV_hcall_ipi 9                 /* IPI hypercall */
#define HVMPV_hcall_ipi (1 << _HVMPV_hcall_ipi)
#define _HVMPV_ex_processor_masks 10       /* sparse processor sets */
#define HVMPV_ex_processor_masks (1 << _HVMPV_ex_processor_masks)
#define _HVMPV_no_vp_limit 11              /* no vCPU count limit */
#define HVMPV_no_vp_limit (1 << _HVMPV_no_vp_limit)
#define _HVMPV_cpu_hotplug 12              /* CPU hotplug */
#define HVMPV_cpu_hotplug (1 << _HVMPV_cpu_hotplug)

#define HVMPV_feature_mask \
        (HVMPV_base_freq | \
         HVMPV_no_freq | \
         HVMPV_time_ref_count | \
         HVMPV_reference_tsc | \
         HVMPV_hcall_remote_tlb_flush | \
         HVMPV_apic_assist | \
         HVMPV_crash_ctl | \
         HVMPV_synic | \
         HVMPV_stimer | \
         HVMPV_hcall_ipi | \
         HVMPV_ex_processor_masks | \
         HVMPV_no_vp_limit | \
         HVMPV_cpu_hotplug)
#endif

/* What virtual timers do about ticks missed while descheduled. */
#define HVM_PARAM_TIMER_MODE   10
#define HVMPTM_delay_for_missed_ticks    0  /* guest time lags, all ticks */
#define HVMPTM_no_delay_for_missed_ticks 1  /* catch up on all ticks */
#define HVMPTM_no_missed_ticks_pending   2  /* drop missed ticks */
#define HVMPTM_one_missed_tick_pending   3  /* deliver one for all */

/* Whether the HPET is emulated. */
#define HVM_PARAM_HPET_ENABLED 11

/* Identity page table (guest address) for unpaged real mode on VMX. */
#define HVM_PARAM_IDENT_PT     12

/* ACPI S-state the guest is in. */
#define HVM_PARAM_ACPI_S_STATE 14

/* TSS used for virtual 8086 mode (VMX without unrestricted guest). */
#define HVM_PARAM_VM86_TSS     15

/* Whether virtual timers are aligned across vCPUs. */
#define HVM_PARAM_VPT_ALIGN    16

/* Guest frame of the console ring, and its event channel. */
#define HVM_PARAM_CONSOLE_PFN    17
#define HVM_PARAM_CONSOLE_EVTCHN 18

/* ACPI PM block location: 0 the old one, 1 the current one. */
#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19

/* Rings of the paging, monitor and sharing vm_event channels. */
#define HVM_PARAM_PAGING_RING_PFN   27
#define HVM_PARAM_MONITOR_RING_PFN  28
#define HVM_PARAM_SHARING_RING_PFN  29

/* SHUTDOWN_* reason used when the guest triple-faults. */
#define HVM_PARAM_TRIPLE_FAULT_REASON 31

/* First guest frame, and count, of pages for extra ioreq servers. */
#define HVM_PARAM_IOREQ_SERVER_PFN 32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33

/* Guest address of the VM generation id. */
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34

/* Alternate p2m mode: XEN_ALTP2M_*. */
#define HVM_PARAM_ALTP2M       35
#define XEN_ALTP2M_disabled      0
#define XEN_ALTP2M_mixed         1  /* guest and toolstack may use it */
#define XEN_ALTP2M_external      2  /* toolstack only */
#define XEN_ALTP2M_limited       3  /* guest may switch views only */

/* x87 FIP/FDP save width: 0 (per FPU), 4 or 8 bytes. */
#define HVM_PARAM_X87_FIP_WIDTH 36

/* As VM86_TSS, with the TSS size in bits 63:32. */
#define HVM_PARAM_VM86_TSS_SIZED 37

/* Machine-check capabilities offered: XEN_HVM_MCA_CAP_*. */
#define HVM_PARAM_MCA_CAP 38
#define XEN_HVM_MCA_CAP_LMCE   (xen_mk_ullong(1) << 0)
#define XEN_HVM_MCA_CAP_MASK   XEN_HVM_MCA_CAP_LMCE

#define HVM_NR_PARAMS 39

#endif /* __XEN_PUBLIC_HVM_PARAMS_H__ */
