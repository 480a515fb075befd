# SPDX-License-Identifier: GPL-2.0-only
# QEMU's cross-vCPU FXRSTOR race (tests/dom0/fxrstor-storm.c): every vCPU
# restores x87 state and exits to the hypervisor as fast as it can, for
# xmhv.rounds=N seconds (default 60); the host asserts the hypervisor
# never saw a vCPU run on a state QEMU lost.
. /usr/libexec/dom0-tests/toolstack/lib.sh
SECS=60
for w in $(cat /proc/cmdline); do
    case "$w" in xmhv.rounds=*) SECS=${w#*=} ;; esac
done
run storm fxrstor-storm "$SECS"
