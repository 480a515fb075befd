#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# xend's libxc backend for real, on Xen 4.17 itself: the reference harness
# (XEN417_HARNESS, /work/shared/reference/xen417) builds its dom0 (Debian's
# kernel, Xen's xenstored and xenconsoled); we add our xend (with tools/
# libxc), xmrpc and ./init, boot it under QEMU and assert on what dom0
# printed.  Slow (~8 min under TCG on a quiet host, the limit is 30), needs
# root: run by hand,
#   make -C tests/tools/xm xen417-check
# Ends with "xen417-check: N passed, M failed"; exit 77 when it cannot run.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
HARNESS=${XEN417_HARNESS:-/work/shared/reference/xen417}
OUT=${XEN417_OUT:-/tmp/xmhv-xen417-check}
XEND=$ROOT/tools/xend/xend
skip() { echo "xen417-check: skipped: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "needs root"
[ -x "$HARNESS/run.sh" ] || skip "no harness at $HARNESS"
grep -q "libxc (/dev/xen/privcmd)" "$XEND" 2>/dev/null ||
    skip "$XEND has no libxc backend (tools/libxc/include/xc_pvh.h missing?)"
mkdir -p "$OUT/overlay/usr/sbin" "$OUT/overlay/usr/bin"
ANCHOR_BUILD_DIR=$OUT/anchor "$HARNESS/run.sh" --build-only > "$OUT/build.log" \
    2>&1 || skip "the harness could not build its images ($OUT/build.log)"
cc -O2 -I"$ROOT/tools/libxmlrpc" -o "$OUT/overlay/usr/bin/xmrpc" \
    "$HERE/xmrpc.c" "$ROOT/tools/libxmlrpc/libxmlrpc.a" \
    $(pkg-config --libs libxml-2.0 yajl) || exit 1
cp "$XEND" "$OUT/overlay/usr/sbin/xend"
cp "$HERE/init" "$OUT/overlay/xmhv-init"
# Their libraries, under usr/: /lib is a symlink there, and an archive's
# directory entry would replace it.
for lib in $(ldd "$XEND" "$OUT/overlay/usr/bin/xmrpc" |
             awk '/=>/ { print $3 }' | sort -u); do
    case $lib in /lib/*) dst=$OUT/overlay/usr$lib ;; *) dst=$OUT/overlay$lib ;; esac
    mkdir -p "$(dirname "$dst")" && cp -L "$lib" "$dst"
done
(cd "$OUT/overlay" && find . | cpio -o -H newc 2>/dev/null | gzip -1) \
    > "$OUT/overlay.gz"
cat "$OUT/anchor/dom0-initrd.gz" "$OUT/overlay.gz" > "$OUT/dom0.gz"
KVER=$(ls /lib/modules | sort -V | tail -n1)
timeout -k 10 1800 qemu-system-x86_64 -accel tcg -machine pc \
    -cpu qemu64,+svm,+npt -m 2048 -smp 2 -display none -monitor none \
    -parallel none -serial stdio -no-reboot -kernel "$OUT/anchor/xen" \
    -append "console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M noreboot loglvl=all guest_loglvl=all" \
    -initrd "/boot/vmlinuz-$KVER console=hvc0 quiet rdinit=/xmhv-init,$OUT/dom0.gz" \
    < /dev/null > "$OUT/serial.log" 2>&1
grep '^@@X' "$OUT/serial.log" > "$OUT/dom0.log"
exec python3 "$HERE/verdict.py" "$OUT/dom0.log"
