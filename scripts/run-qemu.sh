#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `make run`: boot the hypervisor in QEMU with the serial console on this
# terminal, and Debian's kernel as dom0 with the initramfs of config/dom0
# (`make dom0` builds it), which starts the toolstack (xenstored,
# xenconsoled, xend), starts the demo guest (xmhv.demo=1: a 32 MiB disk,
# a vif on xenbr0) and ends in a root shell on dom0's console, where
# `xm console demo` attaches to the guest.  dom0 gets DOM0_MEM
# (default 768M) of QEMU's MEM (default 2048 MiB); the rest is for guests.
# Extra hypervisor options: XEN_CMDLINE="...".  dom0: DOM0_KERNEL (default
# the newest /boot/vmlinuz-*-amd64; the initramfs carries that kernel's
# modules), DOM0_CMDLINE, DOM0_INITRD; MODULES="kernel args,initrd"
# replaces all three.  dom0's NIC is QEMU's user-mode network, restricted
# (nothing leaves the host): dom0 bridges it as xenbr0 with the DHCP lease
# 10.0.2.15, and guests created with `_net=dhcp` lease through it.
top=$(cd "$(dirname "$0")/.." && pwd)
accel=$("$top/scripts/qemu-accel.sh")
cmdline="console=com1 com1=115200,8n1 dom0_mem=${DOM0_MEM:-768M} ${XEN_CMDLINE:-}"
kernel=${DOM0_KERNEL:-$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V |
    tail -n 1)}
initrd=${DOM0_INITRD:-$top/build/dom0/initramfs.cpio.gz}
dom0_args=${DOM0_CMDLINE:-console=hvc0 earlyprintk=xen xmhv.demo=1}
if [ -z "${MODULES:-}" ] && [ -n "$kernel" ]; then
    # QEMU separates modules with ',': a literal one is written ',,'.
    MODULES="$kernel $(echo "$dom0_args" | sed 's/,/,,/g'),$initrd"
fi
echo "Booting the hypervisor in QEMU ($accel)."
[ -n "$kernel" ] && echo "dom0: $kernel $dom0_args, initramfs $initrd."
echo "dom0 starts the demo guest (a disk, a vif on xenbr0) and ends at a"
echo "root shell on this terminal; 'poweroff -f' there stops the machine."
echo "Type  xm console demo  there for the demo guest's shell; Ctrl-] leaves"
echo "a guest's console.  Ctrl-A three times"
echo "switches the serial input between dom0 and the hypervisor.  Leave QEMU"
echo "with Ctrl-T then x."
echo
# QEMU's escape is Ctrl-T (0x14): Ctrl-A must reach the hypervisor and
# Ctrl-] xm console (it detaches from a guest's console).
exec ${QEMU:-qemu-system-x86_64} $accel -smp ${SMP:-2} -m ${MEM:-2048} \
    -nographic -echr 0x14 -no-reboot -kernel "$top/xen/xen" \
    -append "$cmdline" ${MODULES:+-initrd "$MODULES"} \
    -netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0
