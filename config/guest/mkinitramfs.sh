#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the demo guest's initramfs: busybox-static (applets as symlinks),
# config/guest/init, and the split-driver frontends of the kernel KVER
# (default: the newest /boot/vmlinuz-*-amd64) that Debian builds as modules
# (xen-blkfront, xen-netfront; /init loads them from /etc/guest-modules),
# and udhcpc's hook for xmhv.net=dhcp.  The console,
# hvc0, is built into Debian's kernel.
#   config/guest/mkinitramfs.sh [-k KVER] OUT.cpio.gz
set -eu
. "$(dirname "$0")/../kernel-args.sh"
modules="xen-blkfront xen-netfront"

work=$(mktemp -d "${TMPDIR:-/tmp}/guest-initramfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/usr/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" \
    "$root/tmp" "$root/root"
ln -s usr/bin "$root/bin"
ln -s usr/bin "$root/sbin"
ln -s bin "$root/usr/sbin"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
cp /bin/busybox "$root/usr/bin/busybox"
for a in $(/bin/busybox --list); do
    [ -e "$root/usr/bin/$a" ] || ln -s busybox "$root/usr/bin/$a"
done
install -m 0755 "$top/config/guest/init" "$root/init"
mkdir -p "$root/usr/share/udhcpc"
install -m 0755 "$top/config/dom0/udhcpc.script" \
    "$root/usr/share/udhcpc/default.script"

# The frontends, in the order insmod must load them.
for m in $modules; do
    modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' > "$work/modules"
[ -s "$work/modules" ] || { echo "$0: no modules for $kver" >&2; exit 1; }
while read -r ko; do
    mkdir -p "$root$(dirname "$ko")"
    cp -L "$ko" "$root$ko"
done < "$work/modules"
cp "$work/modules" "$root/etc/guest-modules"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
    gzip -9 > "$out.tmp"
mv "$out.tmp" "$out"
