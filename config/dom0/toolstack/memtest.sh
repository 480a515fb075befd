# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the save and migration scripts (sourced after lib.sh): guest
# 'sr' runs config/guest/init's memtest (a tick line a second with its
# checker's pid, the buffer's md5 and its process list), read from its
# console log (xenconsoled --log=guest).
img=/var/lib/xen/images
dir=/var/lib/xen/save
log=/var/log/xen/console/guest-sr.log
mkdir -p $dir
# sr_cfg DISK [VIF EXTRA]: /tmp/sr.cfg with disk DISK (its xvda, e.g.
# 'file:/path,xvda,w'), which the guest's checker keeps open; with VIF,
# that vif, and EXTRA more words on the guest's command line; SR_MEM
# MiB of memory (default 128).
sr_cfg() {
    cat > /tmp/sr.cfg <<CFG
type = 'pvh'
kernel = '$img/vmlinuz'
ramdisk = '$img/demo-initrd.gz'
name = 'sr'
memory = ${SR_MEM:-128}
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=sr xmhv.memtest=8${3:+ $3}'
disk = [ '$1' ]
${2:+vif = [ '$2' ]}
on_poweroff = 'destroy'
on_reboot = 'destroy'
on_crash = 'preserve'
CFG
}
# An 8 MiB disk image in dom0's RAM.
dd if=/dev/zero of=$dir/sr-disk.img bs=1M count=0 seek=8 2> /dev/null

ticks() {
    n=$(grep -c 'GUEST sr tick' $log 2> /dev/null)
    echo "${n:-0}"
}
last_tick() { grep 'GUEST sr tick' $log | tail -n 1; }
# wait_ticks N SECONDS: until the log has N tick lines.
wait_ticks() {
    n=0
    while [ "$(ticks)" -lt "$1" ]; do
        n=$((n + 1))
        [ $n -gt $(($2 * 5)) ] && return 1
        sleep 0.2
    done
}
now() { cut -d' ' -f1 /proc/uptime; }
# timed LABEL CMD...: run, then "TS time LABEL secs=<s>".
timed() {
    label=$1
    t0=$(now)
    run "$@"
    rc=$?
    ts "time $label secs=$(awk "BEGIN { print $(now) - $t0 }")"
    return $rc
}
# watch FILE: its size every 10 s (a long save shows it is moving) until
# unwatch.
watch() {
    (while sleep 10; do
        x=$(cat /run/xend/xend.pid 2> /dev/null)
        ts "progress $(stat -c %s "$1" 2> /dev/null)" \
            "xend=$(cat /proc/$x/wchan 2> /dev/null)" \
            "$(tr '\n' ' ' < /proc/$x/stack 2> /dev/null | cut -c1-300)" \
            "log=$(tail -n 1 /var/log/xen/xend.log)"
    done) &
    watcher=$!
}
unwatch() { kill $watcher; }
# more LABEL: three more ticks (or 120 s), then "TS tick LABEL <line>".
more() {
    wait_ticks $(($(ticks) + 3)) 120 || ts "no ticks $1"
    ts "tick $1 $(last_tick)"
}
# gap LABEL: the longest stand-still the guest saw since the last gap
# call (config/guest/init's gapwatch), "TS gap LABEL cs=<centiseconds>".
gaps_seen=0
gap() {
    n=$(grep -c 'GUEST sr gap' $log)
    ts "gap $1 cs=$(grep 'GUEST sr gap' $log | tail -n $((n - gaps_seen)) |
        sed 's/.*cs=\([0-9]*\).*/\1/' | sort -n | tail -n 1)"
    gaps_seen=$n
}
state() {
    ts "state $1 domains=$(xenstore-list /local/domain | tr '\n' ,)" \
        "xm=$(xm list | awk 'NR > 1 { print $1 }' | tr '\n' ,)" \
        "vbd=$(xenstore-list /local/domain/0/backend/vbd 2> /dev/null |
            tr '\n' ,)" "loops=$(losetup -a | grep -c sr-disk)" \
        "vif=$(xenstore-list /local/domain/0/backend/vif 2> /dev/null |
            tr '\n' ,)"
}

# guest_log LABEL: the guest's last console lines (what it said after a
# restore), as "TS out LABEL: ..." lines.
guest_log() { run "$1" tail -n 25 $log; }
