# SPDX-License-Identifier: GPL-2.0-only
# I/O benchmarks (tests/bench/run.py), TOOL=xm (ours) or TOOL=xl (Xen
# 4.17's, reference dom0): one guest with a 256 MiB file: disk (a sparse
# file in dom0's RAM, through dom0's blkback) and a vif on xenbr0, created
# with its console attached; its init times xvda and TCP to dom0
# (config/guest/init, xmhv.iobench=) and powers off.  The host times
# create to the guest's first line and poweroff to domain gone from the
# "BENCH" and "GUEST" lines; the guest reports its own I/O times.  (The
# reference dom0's xenbr0 has no NIC: dom0 10.99.0.1, the guest
# 10.99.0.2; ours bridges dom0's NIC and the guest leases from QEMU.)
. /usr/libexec/dom0-tests/toolstack/lib.sh
TOOL=${TOOL:-xm}
IMG=/tmp/bench-io.img
up() { cut -d' ' -f1 /proc/uptime; }

ip=$(ip -4 -o addr show dev xenbr0 2> /dev/null |
    awk '{ split($4, a, "/"); print a[1]; exit }')
if [ -z "$ip" ]; then
    echo "BENCH error: dom0 has no address on xenbr0"
    exit 1
fi
dd if=/dev/zero of=$IMG bs=1M count=0 seek=256 2> /dev/null
# What the guest's TCP step delivered, counted here (a guest whose nc
# could not connect would otherwise look fast).
# (busybox nc ends its side when its stdin ends: a listener fed from
# /dev/null would close the connection at once, so feed it a pipe.)
(sleep 3600 | nc -l -p 5001 | wc -c > /tmp/bench-tcp-bytes) &
echo "BENCH io-create-begin up=$(up) dom0=$ip"
if [ "$TOOL" = xl ]; then
    xl create -c /etc/xen/bench.cfg 'name="io"' 'memory=256' \
        "disk=['file:$IMG,xvda,w']" "vif=['bridge=xenbr0']" \
        "extra=\"console=hvc0 quiet xmhv.name=io xmhv.then=poweroff xmhv.net=10.99.0.2/24 xmhv.iobench=$ip\""
else
    xm create /etc/xen/demo name=io memory=256 _disk=$IMG _net=dhcp \
        _io="$ip" _then=poweroff -c
fi
wait_gone io 120
echo "BENCH io-gone up=$(up) tcp_bytes=$(cat /tmp/bench-tcp-bytes 2>/dev/null)"
rm -f $IMG
echo "BENCH done up=$(up)"
