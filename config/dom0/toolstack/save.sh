# SPDX-License-Identifier: GPL-2.0-only
# Save and restore (tests/system/scenarios_save.py): a guest whose process
# checks an 8 MiB buffer every second (config/guest/init xmhv.memtest) is
# saved (gone afterwards), restored (the same process goes on with the
# same sum and process list), checkpointed with xm save -c (it runs on),
# destroyed; truncated and corrupt images are refused leaving nothing;
# the checkpoint image is restored once more.  The guest's console log
# (xenconsoled --log=guest) is where its tick lines are read.
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
dir=/var/lib/xen/save
log=/var/log/xen/console/guest-sr.log
mkdir -p $dir
cat > /tmp/sr.cfg <<CFG
type = 'pvh'
kernel = '$img/vmlinuz'
ramdisk = '$img/demo-initrd.gz'
name = 'sr'
memory = 128
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=sr xmhv.memtest=8'
on_poweroff = 'destroy'
on_reboot = 'destroy'
on_crash = 'preserve'
CFG

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
state() {
    ts "state $1 domains=$(xenstore-list /local/domain | tr '\n' ,)" \
        "xm=$(xm list | awk 'NR > 1 { print $1 }' | tr '\n' ,)"
}

run create xm create /tmp/sr.cfg
wait_ticks 3 300 || ts "no ticks create"
ts "tick before $(last_tick)"
watch $dir/sr.img
timed save xm save sr $dir/sr.img
unwatch
ts "image size=$(stat -c %s $dir/sr.img)"
state saved
timed restore xm restore $dir/sr.img
more restored
state restored
timed save-c xm save -c sr $dir/sr-c.img
more checkpointed
run destroy xm destroy sr
wait_gone sr 30

# Refusals: each leaves no domain behind.
head -c 1000000 $dir/sr-c.img > $dir/trunc.img
cp $dir/sr-c.img $dir/magic.img
printf 'NotLibxl' | dd of=$dir/magic.img conv=notrunc 2> /dev/null
cp $dir/sr-c.img $dir/xenf.img
# The libxc image header's id ("XENF") after the libxl header (16), the
# config record (8 + its length, padded to 8), LIBXC_CONTEXT (8) and the
# marker (8).
len=$(od -A n -t u4 -j 20 -N 4 $dir/xenf.img | tr -d ' ')
off=$((16 + 8 + (len + 7) / 8 * 8 + 8 + 8))
printf 'XXXX' | dd of=$dir/xenf.img bs=1 seek="$off" conv=notrunc \
    2> /dev/null
ts "xenf offset=$off"
run restore-trunc xm restore $dir/trunc.img
state trunc
run restore-magic xm restore $dir/magic.img
run restore-xenf xm restore $dir/xenf.img
run restore-missing xm restore $dir/nope.img
state refused

timed restore-c xm restore $dir/sr-c.img
more from-checkpoint
run destroy-2 xm destroy sr
wait_gone sr 30
state end
