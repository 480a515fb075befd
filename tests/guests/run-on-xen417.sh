#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot one guest test kernel as PVH dom0 on Debian's real Xen 4.17 under
# QEMU and print the serial output.  For people, not for `make test`.
#
#   run-on-xen417.sh [-t seconds] build/<test>-<env>.elf [xen options...]
#
# Needs xen-hypervisor-4.17-amd64 (apt-get install -y ...).  QEMU stops when
# the kernel powers the machine off, or after the timeout (default 120 s).
# Exit status 0 if a "VERDICT ...: PASS" line was printed.

set -eu

timeout=120
if [ "${1:-}" = "-t" ]; then
    timeout=$2
    shift 2
fi
if [ $# -lt 1 ]; then
    echo "usage: $0 [-t seconds] <kernel.elf> [xen options...]" >&2
    exit 2
fi
kernel=$1
shift

xen_gz=/boot/xen-4.17-amd64.gz
xen=${XEN417_IMAGE:-/tmp/xen-4.17-amd64}
if [ ! -f "$xen" ]; then
    if [ ! -f "$xen_gz" ]; then
        echo "$xen_gz missing:" \
             "apt-get install -y xen-hypervisor-4.17-amd64" >&2
        exit 2
    fi
    gunzip -c "$xen_gz" > "$xen.tmp.$$"
    mv "$xen.tmp.$$" "$xen"
fi

xen_args="console=com1 com1=115200,8n1 dom0=pvh dom0_mem=256M noreboot"
xen_args="$xen_args loglvl=all guest_loglvl=all"
ends='Hardware Dom0 (halted|shutdown|crashed)|Domain 0 crashed'

log=$(mktemp /tmp/xen417-guest.XXXXXX)
qemu_pid=
cleanup() {
    [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT INT TERM

# QEMU's multiboot loader needs an ELF32 -kernel; Xen's image is one.  The
# test kernel goes in as the first module (dom0).
qemu-system-x86_64 -machine q35 -device amd-iommu \
    -cpu qemu64,+svm,+npt -m 1024 -smp 2 -nographic -no-reboot \
    -kernel "$xen" \
    -append "$xen_args $*" \
    -initrd "$kernel" < /dev/null > "$log" 2>&1 &
qemu_pid=$!

# Xen halts rather than powers off when dom0 shuts down, so stop QEMU
# ourselves once Xen has reported dom0's end (or the time is up).
tail -f "$log" --pid=$qemu_pid &
tail_pid=$!
end=$(( $(date +%s) + timeout ))
while kill -0 "$qemu_pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
    if grep -a -q -E "$ends" "$log"; then
        sleep 1
        break
    fi
    sleep 0.5
done
kill "$qemu_pid" 2>/dev/null || true
wait "$qemu_pid" 2>/dev/null || true
qemu_pid=
sleep 0.2
kill "$tail_pid" 2>/dev/null || true

grep -a -q "^VERDICT .*: PASS" "$log"
