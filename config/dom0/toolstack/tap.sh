# SPDX-License-Identifier: GPL-2.0-only
# Disks through our userspace backend, xen-blkd (tests/system/
# scenarios_tap.py): a missing image refused in one line with nothing
# left; a guest with a tap:aio: disk (sparse raw), a tap:qcow2: disk and,
# to compare rates, a file: disk (dom0's blkback) writes a pattern and
# TAP_MB MiB to each (the host watches its console) and is destroyed;
# created again it reads the pattern back, gets a tap:qcow2: disk (an
# overlay of the raw image) attached and detached, has a raw file given
# as tap:qcow2: refused, and is shut down.  After each end: no xen-blkd
# process, no qdisk backend node; qemu-img check passes on the qcow2.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
mb=${TAP_MB:-32}
size=$((mb + 8))
dd if=/dev/zero of=$img/tap-aio.img bs=1M seek=$size count=0 2> /dev/null
dd if=/dev/zero of=$img/tap-file.img bs=1M count=$size 2> /dev/null
run qemu-img-create qemu-img create -f qcow2 $img/tap.qcow2 ${size}M

# cfg FILE TEST DISKS: a guest running the disk test TEST.
cfg() {
    disk_cfg "$1" tap "$2" "$3" "xmhv.ratemb=$mb"
}
DISKS="'tap:aio:$img/tap-aio.img,xvda,w', 'file:$img/tap-file.img,xvdb,w'"
[ -n "${TAP_QCOW2-1}" ] &&
    DISKS="$DISKS, 'tap:qcow2:$img/tap.qcow2,xvdc,w'"
cfg /tmp/tap-missing.cfg write "'tap:aio:/nope.img,xvda,w'"
cfg /tmp/tap-write.cfg write "$DISKS"
cfg /tmp/tap-read.cfg read "$DISKS"

# leftovers WHEN: xen-blkd processes, qdisk backends, domains in xenstore.
leftovers() {
    # A daemon that said Closed may take a moment to exit (the kernel
    # unmaps its grants as it goes).
    n=0
    while [ "$1" != running ] && [ -n "$(pidof xen-blkd)" ] &&
            [ $n -lt 100 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    ts "left $1 daemons=$(pidof xen-blkd | wc -w)" \
        "backends=$(xenstore-list /local/domain/0/backend/qdisk 2> /dev/null |
        wc -l) domains=$(xenstore-list /local/domain | tr '\n' ,)"
}

# nodes: the handshake's nodes of the tap disks, as "TS node" lines.
nodes() {
    id=$(xm domid tap)
    for dev in $(xenstore-list /local/domain/0/backend/qdisk/$id); do
        be=/local/domain/0/backend/qdisk/$id/$dev
        fe=/local/domain/$id/device/vbd/$dev
        ts "node $dev be-state=$(xenstore-read $be/state)" \
            "fe-state=$(xenstore-read $fe/state)" \
            "hotplug=$(xenstore-read $be/hotplug-status)" \
            "params=$(xenstore-read $be/params)" \
            "persistent=$(xenstore-read $fe/feature-persistent)" \
            "indirect=$(xenstore-read $be/feature-max-indirect-segments)"
    done
}

fe_state() {
    xenstore-read "/local/domain/$(xm domid tap)/device/vbd/$1/state" \
        2> /dev/null
}

# hot: a qcow2 overlay of the raw image attached to the running guest
# (its blkfront connects: state 4, one more daemon), then detached.
hot() {
    run hot-create qemu-img create -q -f qcow2 -b tap-aio.img -F raw \
        $img/tap-hot.qcow2
    run block-attach xm block-attach tap tap:qcow2:$img/tap-hot.qcow2 xvdd w
    n=0
    while [ "$(fe_state 51760)" != 4 ] && [ $n -lt 150 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    ts "hot attached fe-state=$(fe_state 51760)" \
        "daemons=$(pidof xen-blkd | wc -w)"
    run block-list-hot xm block-list tap
    run block-detach xm block-detach tap xvdd ||
        run block-detach xm block-detach tap xvdd
    run badqcow xm block-attach tap tap:qcow2:$img/tap-file.img xvde w
    sleep 1
    ts "hot detached fe-state=$(fe_state 51760)" \
        "daemons=$(pidof xen-blkd | wc -w)"
}

matches() {
    grep -c "disk read .* match=yes" /var/log/xen/console/guest-tap.log
}

leftovers start
run missing xm create /tmp/tap-missing.cfg
leftovers errors
attach write xm create /tmp/tap-write.cfg -c
leftovers running
nodes
run block-list xm block-list tap
run destroy xm destroy tap
wait_gone tap 60
ts "gone destroy rc=$?"
sleep 1
leftovers destroy
attach read xm create /tmp/tap-read.cfg -c
hot
run shutdown xm shutdown tap
wait_gone tap 120
ts "gone shutdown rc=$?"
sleep 1
leftovers shutdown
run qemu-img-check qemu-img check $img/tap.qcow2
run blkd-log cat /var/log/xen/xen-blkd.log
run xend-log sh -c 'grep -i "qdisk\|device\|disk" /var/log/xen/xend.log'
run dmesg sh -c 'dmesg | grep -i "blk\|vbd\|xen" | tail -n 20'
