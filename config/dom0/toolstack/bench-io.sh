# SPDX-License-Identifier: GPL-2.0-only
# I/O benchmarks (tests/bench/run.py), TOOL=xm (ours) or TOOL=xl (Xen
# 4.17's, reference dom0).  Guests are created with their console
# attached; their init times what it is asked (config/guest/init,
# xmhv.iobench=, xmhv.tcpsend=) and powers off.
#  io        a 256 MiB file: disk (a sparse file in dom0's RAM, through
#            dom0's blkback) and a vif on xenbr0: the host times create
#            to the guest's first line and poweroff to domain gone from
#            the "BENCH" and "GUEST" lines; the guest times xvda and TCP
#            to dom0.  Its disk's backend and frontend nodes are printed
#            ("BENCH node ...") to compare what each side negotiated.
#  io-phy    the same disk as phy: (a loop device dom0 sets up itself)
#  io-aio, io-qcow2  tap:aio: and tap:qcow2: (ours: xen-blkd; Xen 4.17
#            serves tap: disks with QEMU's qdisk, which the reference
#            dom0 does not run: "BENCH skip")
#  io-tx     64 MiB over TCP to guest io-rx, both on xenbr0 with static
#            addresses in dom0's subnet.
# (The reference dom0's xenbr0 has no NIC: dom0 10.99.0.1, the guest
# 10.99.0.2; ours bridges dom0's NIC and the first guest leases from QEMU.)
. /usr/libexec/dom0-tests/toolstack/lib.sh
TOOL=${TOOL:-xm}
# The images live in a tmpfs of their own: dom0's root file system (its
# initramfs, at most half its RAM) has no room for 256 MiB more, and a
# disk that runs out of space fails the guest's writes near its end.
DIR=/run/bench-io
mkdir -p $DIR && mount -t tmpfs -o size=300m tmpfs $DIR
IMG=$DIR/bench-io.img
up() { cut -d' ' -f1 /proc/uptime; }

ip=$(ip -4 -o addr show dev xenbr0 2> /dev/null |
    awk '{ split($4, a, "/"); print a[1]; exit }')
if [ -z "$ip" ]; then
    echo "BENCH error: dom0 has no address on xenbr0"
    exit 1
fi
net=${ip%.*}

# guest NAME DISK NET IO [EXTRA [THEN]]: a 256 MiB guest with DISK
# (KIND:TARGET, or -) and a vif when NET (dhcp or ADDR/LEN; -: none),
# timing IO (xmhv.iobench=: dom0's address, - for the disk alone, empty
# for nothing) and EXTRA (more init settings),
# created with its console attached until it powers off; with THEN=shell
# it is left running, detached.
guest() {
    then=${6:-poweroff}
    c=-c
    [ "$then" = shell ] && c=
    if [ "$TOOL" = xl ]; then
        extra="console=hvc0 quiet xmhv.name=$1 xmhv.then=$then $5"
        [ -n "$4" ] && extra="$extra xmhv.iobench=$4"
        d= v=
        [ "$2" != - ] && d="disk=['$2,xvda,w']"
        [ "$3" != - ] && v="vif=['bridge=xenbr0']" &&
            extra="$extra xmhv.net=$3"
        xl create $c /etc/xen/bench.cfg "name=\"$1\"" 'memory=256' \
            "extra=\"$extra\"" $d $v
    else
        xm create /etc/xen/demo name="$1" memory=256 _then="$then" \
            _disk="${2#-}" _net="${3#-}" _io="$4" _extra="$5" $c
    fi
}

# nodes NAME: once its xvda is connected, what each side of it
# negotiated, as "BENCH node be|fe <node> = <value>" lines, and the loop
# device's direct I/O flag.
nodes() {
    n=0
    while [ $n -lt 600 ]; do
        id=$($TOOL domid "$1" 2> /dev/null)
        be=/local/domain/0/backend/vbd/$id/51712
        [ -n "$id" ] && [ "$(xenstore-read $be/state 2> /dev/null)" = 4 ] &&
            break
        n=$((n + 1))
        sleep 0.2
    done
    xenstore-ls $be | sed 's/^/BENCH node be /'
    xenstore-ls /local/domain/$id/device/vbd/51712 | sed 's/^/BENCH node fe /'
    for l in /sys/block/loop*/loop/dio; do
        echo "BENCH node loop $l=$(cat "$l")"
    done
}

# disk KIND: the guest io-KIND times a 256 MiB disk of that kind.
disk() {
    img=$DIR/bench-$1.img
    case $1 in
        phy)
            dd if=/dev/zero of=$img bs=1M count=0 seek=256 2> /dev/null
            loop=$(losetup -f) && losetup "$loop" $img
            spec=phy:$loop ;;
        aio)
            dd if=/dev/zero of=$img bs=1M count=0 seek=256 2> /dev/null
            spec=tap:aio:$img ;;
        qcow2)
            qemu-img create -q -f qcow2 $img 256M
            spec=tap:qcow2:$img ;;
    esac
    echo "BENCH io-$1-begin up=$(up)"
    guest io-$1 $spec - -
    wait_gone io-$1 120
    [ "$1" = phy ] && losetup -d "$loop"
    rm -f $img
    echo "BENCH io-$1-gone up=$(up)"
}

dd if=/dev/zero of=$IMG bs=1M count=0 seek=256 2> /dev/null
# What the guest's TCP step delivered, counted here (a guest whose nc
# could not connect would otherwise look fast).
# (busybox nc ends its side when its stdin ends: a listener fed from
# /dev/null would close the connection at once, so feed it a pipe.)
(sleep 3600 | nc -l -p 5001 | wc -c > /tmp/bench-tcp-bytes) &
nodes io &
echo "BENCH io-create-begin up=$(up) dom0=$ip"
if [ "$TOOL" = xl ]; then
    guest io file:$IMG 10.99.0.2/24 "$ip"
else
    guest io file:$IMG dhcp "$ip"
fi
wait_gone io 120
echo "BENCH io-gone up=$(up) tcp_bytes=$(cat /tmp/bench-tcp-bytes 2>/dev/null)"
rm -f $IMG
disk phy
if [ "$TOOL" = xl ]; then
    echo "BENCH skip tap: Xen 4.17 serves tap: disks with QEMU's qdisk" \
        "backend, which the reference dom0 does not run"
else
    disk aio
    disk qcow2
fi
guest io-rx - $net.61/24 "" xmhv.tcprecv=5002 shell
guest io-tx - $net.60/24 "" xmhv.tcpsend=$net.61:5002
wait_gone io-tx 120
sleep 2
echo "BENCH tcp-recv $(grep -o 'tcp-recv bytes=[0-9]*' \
    /var/log/xen/console/guest-io-rx.log 2> /dev/null | tail -n 1)"
tail -n 8 /var/log/xen/console/guest-io-rx.log 2> /dev/null |
    sed 's/^/BENCH io-rx said: /'

$TOOL destroy io-rx
wait_gone io-rx 60
echo "BENCH done up=$(up)"
