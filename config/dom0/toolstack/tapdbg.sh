# SPDX-License-Identifier: GPL-2.0-only
# By hand (not a scenario): a guest with one tap:aio: disk, created
# without a console; after 40 s its xenstore nodes, xen-blkd's log and
# the guest's console log, to see where the handshake stands.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
dd if=/dev/zero of=$img/tap-aio.img bs=1M seek=16 count=0 2> /dev/null
disk_cfg /tmp/tapdbg.cfg tap write "'tap:aio:$img/tap-aio.img,xvdb,w'"
run create xm create /tmp/tapdbg.cfg
sleep 40
run ps sh -c 'ps | grep blkd'
run be xenstore-ls -p /local/domain/0/backend/qdisk
run fe xenstore-ls -p /local/domain/$(xm domid tap)/device/vbd
run blkd-log cat /var/log/xen/xen-blkd.log
run console cat /var/log/xen/console/guest-tap.log
run destroy xm destroy tap
sleep 3
run ps2 sh -c 'ps | grep blkd'
run blkd-log2 cat /var/log/xen/xen-blkd.log
run dmesg sh -c "dmesg | tail -n 20"
