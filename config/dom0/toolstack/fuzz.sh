# SPDX-License-Identifier: GPL-2.0-only
# The hypercall fuzzer as an unprivileged domU, created by xm: two runs
# of the same seed (11), each to its poweroff (seed 12's random calls
# make the domU unmap its own kernel and triple-fault: its own doing).  After each, the host reads
# the hypervisor's free heap (debug key 'm') and types "go" back here, so
# the two figures bracket the second run (the first may grow caches).
. /usr/libexec/dom0-tests/toolstack/lib.sh
for n in 1 2; do
    seed=11
    run create-$n xm create /etc/xen/fuzz name=fuzz$n _seed=$seed
    wait_gone fuzz$n 600
    ts "fuzz$n gone=$? state=$(xm list fuzz$n 2>/dev/null | tail -1)"
    read -r answer
    ts "fuzz$n resumed $answer"
done
run list xm list
