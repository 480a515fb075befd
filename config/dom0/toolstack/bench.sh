# SPDX-License-Identifier: GPL-2.0-only
# Benchmarks (tests/bench/run.py), with TOOL=xm (ours, the default) or
# TOOL=xl (Xen 4.17's, in the reference dom0 of tests/bench): xenstore
# operations per second, then create to the guest's first line (its console
# attached, the guest powering itself off right after), poweroff to domain
# gone, and 10 guests created in a row (1 vCPU each, powering off after
# their first line, so that ten booting kernels do not starve each other
# under TCG).  The host times the "BENCH" and "GUEST" lines; dom0's own
# uptimes ride along.
. /usr/libexec/dom0-tests/toolstack/lib.sh
TOOL=${TOOL:-xm}
MEM=${BENCH_MEM:-96}
up() { cut -d' ' -f1 /proc/uptime; }

# create NAME VCPUS [-c]: the demo guest (Debian's kernel, config/guest),
# powering off after its first line.
create() {
    if [ "$TOOL" = xl ]; then
        xl create $3 /etc/xen/bench.cfg "name=\"$1\"" "memory=$MEM" \
            "vcpus=$2" \
            "extra=\"console=hvc0 quiet xmhv.name=$1 xmhv.then=poweroff\""
    else
        xm create /etc/xen/demo "name=$1" "memory=$MEM" "vcpus=$2" \
            _then=poweroff $3
    fi
}

xs-bench 2
echo "BENCH create-begin up=$(up)"
create b0 2 -c
if ! $TOOL domid b0 > /dev/null 2>&1 &&
        ! grep -q "GUEST b0 init" /var/log/xen/console/guest-b0.log 2>/dev/null
then
    echo "BENCH error: $TOOL create did not start the guest"
    exit 1
fi
wait_gone b0 60
echo "BENCH domain-gone up=$(up)"
echo "BENCH ten-begin up=$(up)"
for i in 1 2 3 4 5 6 7 8 9 10; do
    create r$i 1 > /dev/null || echo "BENCH error: create r$i failed"
done
echo "BENCH ten-created up=$(up)"
for i in 1 2 3 4 5 6 7 8 9 10; do
    n=0
    until grep -q "GUEST r$i init" /var/log/xen/console/guest-r$i.log \
            2> /dev/null; do
        n=$((n + 1))
        [ $n -gt 1500 ] && break
        sleep 0.2
    done
done
echo "BENCH ten-at-init up=$(up)"
for i in 1 2 3 4 5 6 7 8 9 10; do
    wait_gone r$i 120 || $TOOL destroy r$i
done
$TOOL list
echo "BENCH done up=$(up)"
