# SPDX-License-Identifier: GPL-2.0-only
# Disks through dom0's xen-blkback (tests/system/scenarios_vbd.py): disk
# errors refused in one line with nothing left; a guest with a 16 MiB
# read-write file: disk and a read-only one writes a pattern (the host
# watches its console), is shut down, created again and reads it back,
# then destroyed; after each end no loop device and no backend node.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
dd if=/dev/zero of=$img/vbd-rw.img bs=1M count=16 2> /dev/null
yes "xmhv-read-only" | head -c 8388608 > $img/vbd-ro.img

# cfg FILE TEST DISKS: a one-vCPU guest running the disk test TEST.
cfg() {
    cat > "$1" <<CFG
type = 'pvh'
kernel = '$img/vmlinuz'
ramdisk = '$img/demo-initrd.gz'
name = 'vbd'
memory = 256
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=vbd xmhv.disktest=$2'
disk = [ $3 ]
on_poweroff = 'destroy'
CFG
}
DISKS="'file:$img/vbd-rw.img,xvda,w', 'file:$img/vbd-ro.img,xvdb,r'"
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
    for dev in 51712 51728; do
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

leftovers start
run missing xm create /tmp/vbd-missing.cfg
run notblock xm create /tmp/vbd-notblock.cfg
leftovers errors
t0=$(cut -d' ' -f1 /proc/uptime)
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
run destroy xm destroy vbd
wait_gone vbd 60
ts "gone destroy rc=$?"
leftovers destroy
run hotplug-log cat /var/log/xen/xen-hotplug.log
run xend-log sh -c 'grep -i "vbd\|device\|disk" /var/log/xen/xend.log'
run dmesg sh -c 'dmesg | grep -i "blk\|vbd\|loop\|xen" | tail -n 40'
