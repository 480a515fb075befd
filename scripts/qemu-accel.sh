#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print the QEMU acceleration and CPU options: KVM when the host CPU has
# svm or vmx and /dev/kvm is usable, software emulation (TCG) otherwise.
if grep -qE '\b(svm|vmx)\b' /proc/cpuinfo 2>/dev/null &&
   [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
    echo "-accel kvm -cpu host"
else
    echo "-accel tcg -cpu ${QEMU_CPU:-qemu64,+svm,+npt}"
fi
