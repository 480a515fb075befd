# SPDX-License-Identifier: GPL-2.0-only
# Compiler flags for hypervisor code: freestanding, no libc, no SSE, no red
# zone (interrupts push onto the current stack), kernel code model (the image
# lives in the top 2 GiB of the address space).

XEN_INCLUDES := -I$(XEN_ROOT)/xen/include -I$(XEN_ROOT)/xen/arch/x86/include

XEN_CONFIG_DEFS := -DCONFIG_NR_CPUS=$(CONFIG_NR_CPUS) \
    $(if $(filter y,$(CONFIG_SVM)),-DCONFIG_SVM=1) \
    $(if $(filter y,$(CONFIG_VMX)),-DCONFIG_VMX=1) \
    $(if $(filter y,$(CONFIG_DEBUG)),-DCONFIG_DEBUG=1)

XEN_CFLAGS := -std=gnu11 -O2 -g -nostdinc \
    -isystem $(shell $(CC) -print-file-name=include) \
    -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-common -fno-strict-aliasing \
    -fno-omit-frame-pointer -fcf-protection=none \
    -mno-red-zone -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx \
    -msoft-float -mcmodel=kernel \
    $(WARN_CFLAGS) -Wno-missing-field-initializers \
    $(XEN_INCLUDES) $(XEN_CONFIG_DEFS) -D__XEN__ \
    -include $(XEN_ROOT)/xen/include/xen/config.h

XEN_AFLAGS := -D__ASSEMBLY__ -nostdinc -Wa,--noexecstack $(XEN_INCLUDES) $(XEN_CONFIG_DEFS) \
    -D__XEN__ -include $(XEN_ROOT)/xen/include/xen/config.h
