/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef X86_MSR_INDEX_H
#define X86_MSR_INDEX_H

#define MSR_IA32_APICBASE       0x0000001b
#define  APICBASE_BSP           (1UL << 8)
#define  APICBASE_EXTD          (1UL << 10)
#define  APICBASE_ENABLE        (1UL << 11)
#define MSR_IA32_TSC            0x00000010
#define MSR_IA32_TSC_DEADLINE   0x000006e0
#define MSR_IA32_DEBUGCTL       0x000001d9
#define  DEBUGCTL_LBR           (1UL << 0)
#define  DEBUGCTL_BTF           (1UL << 1)
#define  DEBUGCTL_RTM           (1UL << 15)
#define MSR_IA32_CR_PAT         0x00000277
#define MSR_EFER                0xc0000080
#define  EFER_SCE               (1UL << 0)
#define  EFER_LME               (1UL << 8)
#define  EFER_LMA               (1UL << 10)
#define  EFER_NXE               (1UL << 11)
#define  EFER_SVME              (1UL << 12)
#define MSR_STAR                0xc0000081
#define MSR_LSTAR               0xc0000082
#define MSR_CSTAR               0xc0000083
#define MSR_SYSCALL_MASK        0xc0000084
#define MSR_FS_BASE             0xc0000100
#define MSR_GS_BASE             0xc0000101
#define MSR_SHADOW_GS_BASE      0xc0000102
#define MSR_TSC_AUX             0xc0000103
#define MSR_K8_VM_CR            0xc0010114
#define  VM_CR_SVMDIS           (1UL << 4)
#define MSR_K8_VM_HSAVE_PA      0xc0010117

#endif /* X86_MSR_INDEX_H */
