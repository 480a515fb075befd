# SPDX-License-Identifier: GPL-2.0-only
# The hypercall fuzzer as an unprivileged domU, created by xm: two runs
# with different seeds, each to its poweroff.  After each, the host reads
# the hypervisor's free heap (debug key 'm') and types "go" back here, so
# the two figures bracket the second run (the first may grow caches).
. /usr/libexec/dom0-tests/toolstack/lib.sh
for seed in 11 12; do
    run create-$seed xm create /etc/xen/fuzz name=fuzz$seed _seed=$seed
    wait_gone fuzz$seed 600
    ts "fuzz$seed gone=$? state=$(xm list fuzz$seed 2>/dev/null | tail -1)"
    read -r answer
    ts "fuzz$seed resumed $answer"
done
run list xm list
