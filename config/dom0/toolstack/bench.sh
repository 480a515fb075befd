# SPDX-License-Identifier: GPL-2.0-only
# Benchmarks (tests/bench/run.py): xenstore operations per second, then
# xm create to the guest's first line (its console attached, the guest
# powering itself off right after), poweroff to domain gone, and 10
# guests created in a row.  The host times the "BENCH" and "GUEST" lines;
# dom0's own uptimes ride along.
. /usr/libexec/dom0-tests/toolstack/lib.sh
up() { cut -d' ' -f1 /proc/uptime; }
xs-bench 2
MEM=${BENCH_MEM:-96}
echo "BENCH create-begin up=$(up)"
xm create /etc/xen/demo name=b0 memory=$MEM _then=poweroff -c
wait_gone b0 60
echo "BENCH domain-gone up=$(up)"
echo "BENCH ten-begin up=$(up)"
for i in 1 2 3 4 5 6 7 8 9 10; do
    xm create /etc/xen/demo name=r$i memory=$MEM > /dev/null ||
        echo "BENCH error: create r$i failed"
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
xm list
for i in 1 2 3 4 5 6 7 8 9 10; do
    xm destroy r$i
done
echo "BENCH done up=$(up)"
