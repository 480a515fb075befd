# SPDX-License-Identifier: GPL-2.0-only
# Build configuration for x86-64.  CONFIG_* variables select objects
# (obj-$(CONFIG_X) += file.o) and are passed to C as IS_ENABLED() macros.

XEN_TARGET_ARCH := x86_64

CONFIG_SVM   ?= y
CONFIG_VMX   ?= y
CONFIG_DEBUG ?= y

# Largest number of physical CPUs the hypervisor brings up.
CONFIG_NR_CPUS ?= 64

# QEMU used by make run / make test (software emulation unless KVM works).
QEMU ?= qemu-system-x86_64
QEMU_CPU ?= qemu64,+svm,+npt
