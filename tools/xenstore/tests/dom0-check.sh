#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# xenstored as dom0 runs it: boots the hypervisor (default xen/xen of
# this tree, or $XEN) in QEMU with Debian's kernel as dom0 and an
# initramfs of config/dom0 plus static xenstored/xenstore-* and
# tests/dom0-init.  Passes if dom0's kernel connects to xenstored over its
# ring and the store works through the socket and /dev/xen/xenbus.
# Also prints operations per second over both (libxs-check bench).
# Takes a minute or two under TCG.  Usage: dom0-check.sh [build dir]
# Environment: XEN (hypervisor image), XEN_CMDLINE, QEMU_EXTRA, SMP.  For
# Debian's Xen 4.17 (gunzip /boot/xen-4.17-amd64.gz first):
#   XEN_CMDLINE="dom0=pvh dom0_mem=1024M,max:1024M noreboot"
#   QEMU_EXTRA="-machine q35 -device amd-iommu"
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
top=$(cd "$here/../.." && pwd)
build=${1:-$here/build}
xen=${XEN:-$top/xen/xen}
work=$build/dom0-check
kernel=$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -n 1)
[ -f "$xen" ] || { echo "dom0-check: no hypervisor at $xen" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work/root"
"$top/config/dom0/mkinitramfs.sh" -k "${kernel#/boot/vmlinuz-}" \
    "$work/base.cpio.gz" 2> /dev/null
(cd "$work/root" && zcat ../base.cpio.gz | cpio -id --quiet)
# Static binaries: the initramfs has busybox and no libc.
make -s -C "$here" O="$build" static
cp "$build/static/xenstored" "$work/root/usr/sbin/"
cp -P "$build"/static/xenstore* "$build/static/libxs-check" \
    "$work/root/usr/bin/"
install -m 755 "$here/tests/dom0-init" "$work/root/init"
(cd "$work/root" && find . | LC_ALL=C sort |
    cpio -o -H newc --quiet -R 0:0 | gzip -1 > ../xs.cpio.gz)
timeout 600 qemu-system-x86_64 $("$top/scripts/qemu-accel.sh") \
    -smp "${SMP:-2}" -m 2048 -nographic -no-reboot ${QEMU_EXTRA:-} \
    -kernel "$xen" -append "console=com1 com1=115200,8n1 ${XEN_CMDLINE:-}" \
    -initrd "$kernel console=hvc0,$work/xs.cpio.gz" \
    < /dev/null > "$work/serial.log" 2>&1 || true
grep -a '^XS \|info libxs' "$work/serial.log" || true
grep -aq '^XS result: pass=[1-9][0-9]* fail=0' "$work/serial.log" || {
    echo "dom0-check: FAIL (serial log: $work/serial.log)"
    exit 1
}
echo "dom0-check: PASS"
