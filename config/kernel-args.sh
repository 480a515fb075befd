# SPDX-License-Identifier: GPL-2.0-only
# Sourced by config/dom0/mkinitramfs.sh and config/guest/mkinitramfs.sh:
# their common arguments "[-k KVER] OUT.cpio.gz".  Sets top (the source
# tree), kver (default: the newest /boot/vmlinuz-*-amd64) and out.
top=$(cd "$(dirname "$0")/../.." && pwd)
kver=
if [ "${1:-}" = "-k" ]; then
    kver=$2
    shift 2
fi
out=${1:?usage: $0 [-k KVER] OUT.cpio.gz}
if [ -z "$kver" ]; then
    kernel=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
    [ -n "$kernel" ] || { echo "$0: no /boot/vmlinuz-*-amd64" >&2; exit 1; }
    kver=${kernel#/boot/vmlinuz-}
fi
