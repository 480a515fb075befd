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
#
# HOSTS=2: two such machines, A on this terminal and B in the background
# (its console on the unix socket build/run/host-b.sock, also logged to
# build/run/host-b.log), their dom0s joined by a second NIC on a QEMU
# socket network between the two processes (127.0.0.1:LINK_PORT, default
# 10299): A is 10.99.0.1, B 10.99.0.2, and each relocation server takes
# the other.  Both see build/run/shared.img (32 MiB, raw, made once) as
# /dev/vda, the demo guest's disk (phy:, on A), so that
#   xm migrate --live demo 10.99.0.2
# on A moves it to B.  B stops with A (when this script ends).
top=$(cd "$(dirname "$0")/.." && pwd)
accel=$("$top/scripts/qemu-accel.sh")
# Under TCG the hypervisor keeps CPU0 from guests when it has company
# (xen/common/sched/guest-cpus.c: QEMU's FXRSTOR loses CPU0's state):
# one CPU more, so that dom0 still gets SMP (default 2) vCPUs.
smp=${SMP:-2}
case "$accel" in
    *tcg*) [ "$smp" -ge 2 ] && smp=$((smp + 1)) ;;
esac
cmdline="console=com1 com1=115200,8n1 dom0_mem=${DOM0_MEM:-768M} ${XEN_CMDLINE:-}"
kernel=${DOM0_KERNEL:-$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V |
    tail -n 1)}
initrd=${DOM0_INITRD:-$top/build/dom0/initramfs.cpio.gz}
dom0_args=${DOM0_CMDLINE:-console=hvc0 earlyprintk=xen xmhv.demo=1}
if [ -z "${MODULES:-}" ] && [ -n "$kernel" ]; then
    # QEMU separates modules with ',': a literal one is written ',,'.
    MODULES="$kernel $(echo "$dom0_args" | sed 's/,/,,/g'),$initrd"
fi
# dom0's first NIC (its bridge, DHCP) must come first: HOSTS=2 adds the
# link after it.
qemu() {
    ${QEMU:-qemu-system-x86_64} $accel -smp $smp -m ${MEM:-2048} \
        -no-reboot -kernel "$top/xen/xen" -append "$cmdline" \
        -netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0 "$@"
}
# host_args N: host N's link NIC and the shared disk.
host_args() {
    end=connect
    [ "$1" = 2 ] && end=listen
    echo "-netdev socket,id=n1,$end=127.0.0.1:${LINK_PORT:-10299}" \
        "-device virtio-net-pci,netdev=n1,mac=52:54:00:99:00:0$1" \
        "-drive file=$run/shared.img,format=raw,if=none,id=shared,cache=none,file.locking=off" \
        "-device virtio-blk-pci,drive=shared"
}
if [ "${HOSTS:-1}" = 2 ] && [ -n "$kernel" ]; then
    run=$top/build/run
    mkdir -p "$run"
    [ -e "$run/shared.img" ] || truncate -s 32M "$run/shared.img"
    # swiotlb=force: without an IOMMU, dom0's virtio-blk cannot DMA to the
    # guest frames blkback maps; bounce buffers can (docs/dom0.md).
    two="swiotlb=force xmhv.shared=/dev/vda xmhv.net2=10.99.0"
    echo "HOSTS=2: host B in the background (console: nc -U" \
        "$run/host-b.sock, or socat - UNIX-CONNECT:$run/host-b.sock;" \
        "log $run/host-b.log)."
    rm -f "$run/host-b.sock"
    # B listens on the link, A connects to it.
    qemu -display none -monitor none \
        -chardev socket,id=con,path="$run/host-b.sock",server=on,wait=off,logfile="$run/host-b.log" \
        -serial chardev:con $(host_args 2) \
        -initrd "$kernel console=hvc0 $two.2/24,$initrd" &
    hostb=$!
    trap 'kill $hostb 2> /dev/null' EXIT INT TERM
    sleep 1
    MODULES="$kernel $(echo "$dom0_args $two.1/24" | sed 's/,/,,/g'),$initrd"
    extra=$(host_args 1)
else
    extra=
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
qemu -nographic -echr 0x14 ${MODULES:+-initrd "$MODULES"} $extra
