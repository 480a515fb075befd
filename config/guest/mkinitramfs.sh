#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the demo guest's initramfs: busybox-static (applets as symlinks)
# and config/guest/init, nothing else (the console, hvc0, is built into
# Debian's kernel).
#   config/guest/mkinitramfs.sh OUT.cpio.gz
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: $0 OUT.cpio.gz}

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

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
    gzip -9 > "$out.tmp"
mv "$out.tmp" "$out"
