#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build the dom0 initramfs from Debian packages and our test programs:
#   config/dom0/mkinitramfs.sh [-k KVER] OUT.cpio.gz
# Contents: busybox-static (applets as symlinks), the Xen modules of the
# kernel KVER (default: the newest /boot/vmlinuz-*-amd64) in dependency
# order, the PCI device drivers the device tests use (loaded only in
# xmhv.mode=devices), the programs of tests/dom0, config/dom0/init, the
# toolstack (`make -C tools install`) and the userspace backends
# (`make -C dom0-drivers install`), Debian's qemu-img, with every shared library its
# programs need and the part of Python's standard library that xm and the
# test scripts import (config/dom0/python-modules.txt), the toolstack test
# scripts (config/dom0/toolstack), and the demo guest: /etc/xen/demo,
# Debian's kernel and the initramfs of config/guest under
# /var/lib/xen/images; the misbehaving blkfront (hostile-blk.elf there);
# the hypercall fuzzer as a guest (/etc/xen/fuzz,
# tests/guests' fuzz-x64.elf as /var/lib/xen/images/fuzz.elf).
# Nothing is downloaded; rebuilding takes a few seconds.
set -eu
. "$(dirname "$0")/../kernel-args.sh"
modules="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs"
# Block backends: xen-blkback serves guests' xvdX, loop backs file: disks
# (the block hotplug script sets the loop devices up with busybox losetup).
modules="$modules xen-blkback loop"
# Network backends: xen-netback makes vif<domid>.<devid>, the vif-bridge
# hotplug script puts it on bridge xenbr0 (docs/dom0.md, "Network").
modules="$modules xen-netback bridge"
# The NIC the toolstack runs give dom0 (QEMU's virtio-net): enslaved to
# xenbr0 at boot in toolstack and shell modes.
net_modules="virtio_pci virtio_net"
# Storage and network drivers for QEMU's virtio, NVMe, AHCI and e1000e.
dev_modules="virtio_pci virtio_blk virtio_net nvme ahci sd_mod e1000e"

work=$(mktemp -d "${TMPDIR:-/tmp}/dom0-initramfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
bin=$work/bin

# The toolstack and the test programs, built now with the host compiler.
make -s -C "$top/tools" >&2
make -s -C "$top/dom0-drivers" >&2
make -s -C "$top/tests/dom0" OUT="$bin" >&2

mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib" \
    "$root/usr/libexec/dom0-tests" \
    "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/run" \
    "$root/tmp" "$root/root"
ln -s usr/bin "$root/bin"
ln -s usr/sbin "$root/sbin"
ln -s usr/lib "$root/lib"
ln -s usr/lib "$root/lib64"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
printf 'PS1="dom0# "\n' > "$root/etc/profile"

cp /bin/busybox "$root/usr/bin/busybox"
for a in $(/bin/busybox --list); do
    [ -e "$root/usr/bin/$a" ] || ln -s busybox "$root/usr/bin/$a"
done

# Kernel modules, in the order insmod must load them (no duplicates).
module_list() { # module_list MODULE... > list
    for m in "$@"; do
        modprobe -S "$kver" --show-depends "$m" |
            awk '$1 == "insmod" { print $2 }'
    done | awk '!seen[$0]++'
}
module_list $modules > "$work/modules"
module_list $dev_modules | grep -vxFf "$work/modules" > "$work/dev-modules"
module_list $net_modules | grep -vxFf "$work/modules" > "$work/net-modules"
for l in modules dev-modules net-modules; do
    [ -s "$work/$l" ] || { echo "$0: no $l for $kver" >&2; exit 1; }
    while read -r ko; do
        mkdir -p "$root$(dirname "$ko")"
        cp -L "$ko" "$root$ko"
    done < "$work/$l"
    cp "$work/$l" "$root/etc/dom0-$l"
done

cp "$bin"/* "$root/usr/libexec/dom0-tests/"
install -m 0755 "$top/config/dom0/init" "$root/init"
install -m 0644 "$top/config/dom0/devices.sh" \
    "$root/usr/libexec/dom0-tests/devices.sh"
mkdir -p "$root/usr/share/udhcpc"
install -m 0755 "$top/config/dom0/udhcpc.script" \
    "$root/usr/share/udhcpc/default.script"

# The toolstack, as `make install` lays it out; dom0 needs no headers or
# static libraries.
make -s -C "$top/tools" install DESTDIR="$root" > /dev/null
make -s -C "$top/dom0-drivers" install DESTDIR="$root" > /dev/null
# Debian's qemu-img (qemu-utils), to make and check tap:qcow2: images in
# dom0 (docs/blkd.md); its libraries come with the others below.
cp -L /usr/bin/qemu-img "$root/usr/bin/qemu-img"
rm -rf "$root/usr/include"
find "$root/usr/lib" -name '*.a' -delete

# Python's standard library: only the modules listed (what xm and the
# scripts of config/dom0/toolstack import), with their compiled forms.
# The library xm links (pkg-config python3-embed), not whichever python3
# comes first on PATH.
pylib=/usr/lib/python$(pkg-config --modversion python3-embed)
grep -v '^#' "$top/config/dom0/python-modules.txt" | while read -r m; do
    [ -n "$m" ] || continue
    for f in "$pylib/$m" "$pylib/$(dirname "$m")/__pycache__/$(basename \
            "$m" .py).cpython-311.pyc"; do
        [ -e "$f" ] || continue
        mkdir -p "$root$(dirname "$f")"
        cp -L "$f" "$root$f"
    done
done

# Every shared library the programs need (ldd), kept at its path, and
# libgcc_s, which glibc dlopen()s for pthread_cancel.  ldd looks in the
# image's /usr/lib first, so our Xen libraries are never replaced by the
# host's (Debian's xen-utils has libraries of the same sonames).
copy_libs() { # copy_libs ELF...
    LD_LIBRARY_PATH=$root/usr/lib ldd "$@" 2> /dev/null |
        awk '/=> \// { print $3 } /^\t\// { print $1 }' | sort -u |
        grep -v "^$root/" |
    while read -r lib; do
        [ -e "$root$lib" ] && continue
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
}
elves=$(find "$root/usr/sbin" "$root/usr/bin" "$root/usr/lib" \
    "$root/usr/libexec" -type f ! -name '*.ko' -exec sh -c \
    'head -c 4 "$1" | grep -q ELF && echo "$1"' sh {} \;)
copy_libs $elves
libgcc=$(find /usr/lib/x86_64-linux-gnu -name libgcc_s.so.1 | head -n 1)
cp -L "$libgcc" "$root/usr/lib/x86_64-linux-gnu/"
printf '/usr/lib\n/usr/lib/x86_64-linux-gnu\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root"

# The toolstack's test scripts, the demo guest and the fuzzer guest.
mkdir -p "$root/usr/libexec/dom0-tests/toolstack" "$root/etc/xen" \
    "$root/var/lib/xen/images" "$root/var/log/xen/console" \
    "$root/var/lib/xend"
install -m 0644 "$top"/config/dom0/toolstack/*.sh \
    "$top"/config/dom0/toolstack/*.py \
    "$root/usr/libexec/dom0-tests/toolstack/"
install -m 0644 "$top/config/guest/demo.cfg" "$root/etc/xen/demo"
cp -L "/boot/vmlinuz-$kver" "$root/var/lib/xen/images/vmlinuz"
"$top/config/guest/mkinitramfs.sh" -k "$kver" \
    "$root/var/lib/xen/images/demo-initrd.gz"
# The hypercall fuzzer as a guest: xm create /etc/xen/fuzz.
make -s -C "$top/tests/guests" build/fuzz-x64.elf
install -m 0644 "$top/tests/guests/build/fuzz-x64.elf" \
    "$root/var/lib/xen/images/fuzz.elf"
install -m 0644 "$top/config/guest/fuzz.cfg" "$root/etc/xen/fuzz"
# The misbehaving blkfront (tests/system/scenarios_hostile_blk.py).
make -s -C "$top/tests/guests" build/hostile-blkfront-x64.elf
install -m 0644 "$top/tests/guests/build/hostile-blkfront-x64.elf" \
    "$root/var/lib/xen/images/hostile-blk.elf"

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) |
    gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "dom0 initramfs: $out (kernel $kver, $(du -k "$out" | cut -f1) KiB)" >&2
