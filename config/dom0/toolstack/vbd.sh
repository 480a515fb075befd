# SPDX-License-Identifier: GPL-2.0-only
# Disks through dom0's xen-blkback (tests/system/scenarios_vbd.py): disk
# errors refused in one line with nothing left; a guest with a 16 MiB
# read-write file: disk, a read-only file: disk and a phy: disk (a loop
# device this script sets up) writes a pattern (the host watches its
# console) and is shut down; created again it reads the pattern back, is
# rebooted (on_reboot = 'restart': its disks are attached again, the
# restarted guest reads the pattern once more, seen in its console log)
# and destroyed.  After each end: no loop device but this script's, no
# backend node.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
dd if=/dev/zero of=$img/vbd-rw.img bs=1M count=16 2> /dev/null
dd if=/dev/zero of=$img/vbd-phy.img bs=1M count=16 2> /dev/null
yes "xmhv-read-only" | head -c 8388608 > $img/vbd-ro.img
dd if=/dev/zero of=$img/vbd-hot.img bs=1M count=4 2> /dev/null
phy=$(losetup -f)
losetup "$phy" $img/vbd-phy.img
ts "phy $phy"

# cfg FILE TEST DISKS: a guest running the disk test TEST.
cfg() {
    disk_cfg "$1" vbd "$2" "$3"
}
DISKS="'file:$img/vbd-rw.img,xvda,w', 'file:$img/vbd-ro.img,xvdb,r',
        'phy:$phy,xvdc,w'"
cfg /tmp/vbd-missing.cfg write "'file:/nope.img,xvda,w'"
cfg /tmp/vbd-notblock.cfg write "'phy:/etc/passwd,xvda,w'"
cfg /tmp/vbd-write.cfg write "$DISKS"
cfg /tmp/vbd-read.cfg read "$DISKS"

# leftovers WHEN: loop devices in use, vbd backends, domains in xenstore.
leftovers() {
    ts "left $1 loops=$(losetup -a | wc -l)" \
        "backends=$(xenstore-list /local/domain/0/backend/vbd 2> /dev/null |
        wc -l) domains=$(xenstore-list /local/domain | tr '\n' ,)"
}

# nodes: the handshake's nodes of each disk of vbd, as "TS node" lines.
nodes() {
    id=$(xm domid vbd)
    for dev in 51712 51728 51744; do
        be=/local/domain/0/backend/vbd/$id/$dev
        fe=/local/domain/$id/device/vbd/$dev
        ts "node $dev be-state=$(xenstore-read $be/state)" \
            "fe-state=$(xenstore-read $fe/state)" \
            "hotplug=$(xenstore-read $be/hotplug-status)" \
            "physdev=$(xenstore-read $be/physical-device)" \
            "mode=$(xenstore-read $be/mode) type=$(xenstore-read $be/type)" \
            "fe-virtual-device=$(xenstore-read $fe/virtual-device)"
    done
    run be-ls xenstore-ls -p /local/domain/0/backend/vbd
    run fe-ls xenstore-ls -p /local/domain/$id/device/vbd
}

# fe_state DEVID: the state of vbd's frontend DEVID (empty: none).
fe_state() {
    xenstore-read "/local/domain/$(xm domid vbd)/device/vbd/$1/state" \
        2> /dev/null
}

# hotplug: xvdd attached to the running guest (its blkfront connects:
# state 4), then detached (the guest lets it go), and the refusals.
hotplug() {
    run block-attach xm block-attach vbd file:$img/vbd-hot.img xvdd w
    n=0
    while [ "$(fe_state 51760)" != 4 ] && [ $n -lt 150 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    ts "hot attached fe-state=$(fe_state 51760) loops=$(losetup -a | wc -l)"
    run block-list-hot xm block-list vbd
    run attach-again xm block-attach vbd file:$img/vbd-hot.img xvda w
    run attach-shared xm block-attach vbd file:$img/vbd-rw.img xvde r
    # The guest has 10 s to let it go; on a loaded host it may need more:
    # the disk is then left closing and a second detach finishes it.
    id=$(xm domid vbd)
    states /local/domain/0/backend/vbd/$id/51760 \
        /local/domain/$id/device/vbd/51760 &
    poller=$!
    t0=$(uptime_s)
    run block-detach xm block-detach vbd xvdd ||
        run block-detach xm block-detach vbd xvdd
    ts "detach took=$(awk "BEGIN { print $(uptime_s) - $t0 }")"
    kill $poller
    ts "hot detached fe-state=$(fe_state 51760) loops=$(losetup -a | wc -l)"
    run detach-again xm block-detach vbd xvdd
}

# matches: the guest's "read ... match=yes" lines in its console log.
matches() {
    grep -c "disk read .* match=yes" /var/log/xen/console/guest-vbd.log
}

leftovers start
run missing xm create /tmp/vbd-missing.cfg
run notblock xm create /tmp/vbd-notblock.cfg
leftovers errors
attach write xm create /tmp/vbd-write.cfg -c
leftovers running
nodes
run block-list xm block-list vbd
run losetup losetup -a
run shutdown xm shutdown vbd
wait_gone vbd 120
ts "gone shutdown rc=$?"
leftovers shutdown
attach read xm create /tmp/vbd-read.cfg -c
old=$(xm domid vbd)
before=$(matches)
run reboot xm reboot vbd
new=$(wait_new_id vbd "$old" 300)
ts "reboot old=$old new=$new"
n=0
while [ "$(matches)" -lt $((before + 2)) ] && [ $n -lt 1500 ]; do
    sleep 0.2
    n=$((n + 1))
done
ts "restarted matches before=$before after=$(matches)"
run block-list-2 xm block-list vbd
hotplug
run destroy xm destroy vbd
wait_gone vbd 60
ts "gone destroy rc=$?"
leftovers destroy
losetup -d "$phy"
run hotplug-log cat /var/log/xen/xen-hotplug.log
run xend-log sh -c 'grep -i "vbd\|device\|disk" /var/log/xen/xend.log'
run dmesg sh -c 'dmesg | grep -i "blk\|vbd\|loop\|xen" | tail -n 40'
