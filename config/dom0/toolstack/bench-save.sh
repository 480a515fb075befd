# SPDX-License-Identifier: GPL-2.0-only
# Save, restore and live migration to this same host, timed for
# tests/bench/run.py, with TOOL=xm (ours, the default) or TOOL=xl (Xen
# 4.17's, in the reference dom0 of tests/bench): the demo guest (1 vCPU,
# BENCH_MEM MiB, at its shell) is saved to a file in dom0's RAM, restored,
# then migrated live to localhost.  xl needs no ssh for that: "-s ''"
# runs its receiver ("xl migrate-receive") here through a pipe.  The host
# times the "BENCH" lines; the image size rides along.
. /usr/libexec/dom0-tests/toolstack/lib.sh
TOOL=${TOOL:-xm}
MEM=${BENCH_MEM:-128}
IMG=/tmp/bench-save.img
up() { cut -d' ' -f1 /proc/uptime; }

create() {
    if [ "$TOOL" = xl ]; then
        xl create /etc/xen/bench.cfg "name=\"$1\"" "memory=$MEM" "vcpus=1" \
            "extra=\"console=hvc0 quiet xmhv.name=$1\""
    else
        xm create /etc/xen/demo "name=$1" "memory=$MEM" "vcpus=1"
    fi
}

# at_init NAME: until the guest's console log has its first line.
at_init() {
    n=0
    until grep -q "GUEST $1 init" /var/log/xen/console/guest-$1.log \
            2> /dev/null; do
        n=$((n + 1))
        [ $n -gt 1500 ] && return 1
        sleep 0.2
    done
}

step() {
    echo "BENCH $1-begin up=$(up)"
    shift
    "$@" > /tmp/bench-step.log 2>&1 ||
        { echo "BENCH error: $*: $(tail -n 2 /tmp/bench-step.log)"; exit 1; }
}

create sv > /dev/null || { echo "BENCH error: $TOOL create failed"; exit 1; }
at_init sv || { echo "BENCH error: the guest did not start"; exit 1; }
sleep 5
step save $TOOL save sv $IMG
echo "BENCH save-done up=$(up) size=$(stat -c %s $IMG)"
step restore $TOOL restore $IMG
echo "BENCH restore-done up=$(up)"
rm -f $IMG
sleep 5
if [ "$TOOL" = xl ]; then
    step migrate xl migrate -s '' sv "xl migrate-receive"
else
    # xend's relocation server listens on TCP: a dom0 booted without a
    # NIC may not have brought its loopback up.
    ip link set lo up 2> /dev/null
    step migrate xm migrate --live sv localhost
fi
echo "BENCH migrate-done up=$(up)"
$TOOL destroy sv
wait_gone sv 60
echo "BENCH done up=$(up)"
