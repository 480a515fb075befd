#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Build a GRUB (BIOS) rescue ISO that boots the hypervisor with multiboot2.
# usage: mkiso.sh <xen image> <out.iso> [hypervisor options]
set -e
xen=$1
out=$2
shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$xen" "$dir/boot/xen"
cat > "$dir/boot/grub/grub.cfg" <<EOC
set timeout=0
set default=0
serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
menuentry "xmhv" {
    multiboot2 /boot/xen console=com1 com1=115200,8n1 $*
    boot
}
EOC
grub-mkrescue -o "$out" "$dir" >/dev/null 2>&1
