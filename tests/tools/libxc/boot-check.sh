#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# xc_pvh_build for real: the xen417 anchor harness's dom0 (Debian's dom0
# kernel, Xen's xenstored) with pvh-boot-check as its /init's work, under
# QEMU; prints the guest's console and ends with pvh-boot-check's
# "VERDICT PASS|FAIL" line (exit 0 on PASS).  By hand (minutes under TCG;
# needs root and the harness), not part of make test.
#   boot-check.sh <harness dir> [HV image]   (default: real Xen 4.17)
# LIBXC_MEM / LIBXC_VCPUS size the guest (256, 2); HV_CMDLINE replaces the
# hypervisor's command line.
set -eu
harness=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
work=${ANCHOR_BUILD_DIR:-$top/build/anchor-libxc}
export ANCHOR_BUILD_DIR=$work
make -s -C "$here" pvh-boot-check
"$harness/run.sh" --build-only
hv=${2:-$work/xen}
root=$work/libxc-root
trap 'rm -rf "$root"' EXIT
rm -rf "$root"
mkdir -p "$root"
(cd "$root" && zcat "$work/dom0-initrd.gz" | cpio -id --quiet 2> /dev/null)
cp "$here/build/pvh-boot-check" "$root/usr/bin/"
cp "$here/boot-check-init" "$root/init"
(cd "$root" && find . | LC_ALL=C sort |
    cpio -o -H newc --quiet -R 0:0 | gzip -1 > "$work/libxc-initrd.gz")
kernel=$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -n 1)
args="console=hvc0 earlyprintk=xen libxc.mem=${LIBXC_MEM:-256}"
args="$args libxc.vcpus=${LIBXC_VCPUS:-2}"
hvargs=${HV_CMDLINE:-console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M}
timeout -k 10 900 qemu-system-x86_64 -accel tcg -machine pc \
    -cpu qemu64,+svm,+npt -m 2048 -smp 2 -display none -monitor none \
    -parallel none -serial stdio -no-reboot -kernel "$hv" -append "$hvargs" \
    -initrd "$kernel $args,$work/libxc-initrd.gz" < /dev/null |
    tee "$work/boot-check.log"
grep -q "^VERDICT PASS" "$work/boot-check.log"
