#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `make run`: boot the hypervisor in QEMU with the serial console on this
# terminal.  Extra hypervisor options: XEN_CMDLINE="...".
top=$(cd "$(dirname "$0")/.." && pwd)
accel=$("$top/scripts/qemu-accel.sh")
cmdline="console=com1 com1=115200,8n1 ${XEN_CMDLINE:-}"
echo "Booting the hypervisor in QEMU ($accel)."
echo "Leave QEMU with Ctrl-A then X."
echo
exec ${QEMU:-qemu-system-x86_64} $accel -smp ${SMP:-2} -m ${MEM:-2048} \
    -nographic -no-reboot -kernel "$top/xen/xen" -append "$cmdline" \
    ${MODULES:+-initrd "$MODULES"}
