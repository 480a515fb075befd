# SPDX-License-Identifier: GPL-2.0-only
# A misbehaving blkfront (tests/guests/hostile-blkfront.c, scenario
# hostile-blkfront in tests/system/scenarios_hostile_blk.py) against
# dom0's xen-blkback (a file: disk) and our xen-blkd (a tap:aio: disk),
# while guest 'normal' writes and reads its own file: disk in a loop.
# The host watches the hostile guest's lines on the hypervisor's console
# and types a line here once it has its verdict; the hostile guest is
# then destroyed and nothing of it may be left: no xen-blkd, no loop
# device of its disk, no backend or domain node.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
dd if=/dev/zero of=$img/hb-file.img bs=1M count=16 2> /dev/null
dd if=/dev/zero of=$img/hb-aio.img bs=1M seek=16 count=0 2> /dev/null
dd if=/dev/zero of=$img/hb-normal.img bs=1M count=16 2> /dev/null
disk_cfg /tmp/normal.cfg normal "" "'file:$img/hb-normal.img,xvda,w'" \
    xmhv.diskloop=xvda
cat > /tmp/hostile.cfg <<CFG
type = 'pvh'
kernel = '$img/hostile-blk.elf'
name = 'hostile'
memory = 32
vcpus = 1
extra = 'hostile.disks=2'
disk = [ 'file:$img/hb-file.img,xvda,w', 'tap:aio:$img/hb-aio.img,xvdb,w' ]
on_poweroff = 'destroy'
on_reboot = 'destroy'
on_crash = 'preserve'
CFG
log=/var/log/xen/console/guest-normal.log

# loops WHEN: the normal guest's loop rounds so far, and the bad ones.
loops() {
    ts "loops $1 n=$(grep -c 'loop n=' $log)" \
        "bad=$(grep 'loop n=' $log | grep -vc 'ok=yes')"
}

# leftovers WHEN ID: what is left of domain ID's disks.
leftovers() {
    n=0
    while [ -n "$(pidof xen-blkd)" ] && [ $n -lt 100 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    be=/local/domain/0/backend
    ts "left $1 daemons=$(pidof xen-blkd | wc -w)" \
        "loops=$(losetup -a | grep -c hb-file)" \
        "vbd=$(xenstore-exists $be/vbd/$2 2> /dev/null && echo y || echo n)" \
        "qdisk=$(xenstore-exists $be/qdisk/$2 2> /dev/null &&
            echo y || echo n)" \
        "home=$(xenstore-exists /local/domain/$2 2> /dev/null &&
            echo y || echo n)"
}

run create-normal xm create /tmp/normal.cfg
n=0
while ! grep -q 'loop n=2 ' $log 2> /dev/null && [ $n -lt 600 ]; do
    sleep 0.2
    n=$((n + 1))
done
loops before
run create-hostile xm create /tmp/hostile.cfg
id=$(xm domid hostile)
ts "hostile wait id=$id"
read -r answer
ts "hostile resumed $answer"
loops during
for be in vbd/$id/51712 qdisk/$id/51728; do
    ts "backend $be state=$(xenstore-read /local/domain/0/backend/$be/state)"
done
run destroy-hostile xm destroy hostile
wait_gone hostile 60
ts "hostile gone rc=$?"
sleep 1
leftovers destroy "$id"
sleep 4
loops after
run list xm list
run dmesg sh -c 'dmesg | grep -i "blkback\|blkif\|vbd" | tail -n 20'
run blkd-log sh -c 'tail -n 20 /var/log/xen/xen-blkd.log'
# detach LABEL [REFUSED]: a file: disk attached to 'normal' and detached
# again (not forced), after a refused attach when REFUSED; timed, with
# the backend's and frontend's states as they change.
detach() {
    nid=$(xm domid normal)
    fe=/local/domain/$nid/device/vbd/51728
    run block-attach-$1 xm block-attach normal file:$img/hb-hot.img xvdb w
    wait_state $fe 4 60
    ts "attached $1 fe-state=$(xenstore-read $fe/state 2> /dev/null)"
    [ -n "$2" ] && run refused-$1 xm block-attach normal \
        file:$img/hb-normal.img xvdc r
    sleep 1
    states /local/domain/0/backend/vbd/$nid/51728 $fe &
    poller=$!
    t0=$(uptime_s)
    run block-detach-$1 xm block-detach normal xvdb
    ts "detach $1 took=$(awk "BEGIN { print $(uptime_s) - $t0 }")"
    kill $poller
}
dd if=/dev/zero of=$img/hb-hot.img bs=1M count=8 2> /dev/null
detach plain
detach refused yes
run xend-detach sh -c 'grep "detached:" /var/log/xen/xend.log'
run destroy-normal xm destroy normal
wait_gone normal 60
ts "normal gone rc=$?"
