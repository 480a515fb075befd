# SPDX-License-Identifier: GPL-2.0-only
# One of two hosts passing a running guest back and forth
# (tests/system/scenarios_hosts2.py, migrate-2hosts).  Both QEMU machines
# run this script; their dom0s are joined by a second NIC (xmhv.net2=,
# 10.99.0.1 and .2) and both see the same raw image as /dev/vda
# (xmhv.shared), the guest's disk (phy:), used by one host at a time.
# The harness drives both: it types one command a line on each console,
# a function below with its arguments, and waits for "TS did <command>".
. /usr/libexec/dom0-tests/toolstack/lib.sh
. /usr/libexec/dom0-tests/toolstack/memtest.sh

# The shared disk (xmhv.shared: init loaded virtio-blk for it).
shared=/dev/vda

# create: the memtest guest 'sr' with the shared disk, three ticks.
create() {
    sr_cfg "phy:$shared,xvda,w"
    run create xm create /tmp/sr.cfg
    wait_ticks 3 300 || ts "no ticks create"
    ts "tick before $(last_tick)"
    gap before
}

# allow REGEXES: this xend's relocation server takes only these peers.
allow() {
    run allow xend --relocation-hosts-allow="$*" restart
}

# send LABEL ADDR: live-migrate sr to ADDR; this host's state after.
send() {
    ts "ids $1 old=$(xm domid sr)"
    timed "$1" xm migrate --live sr "$2"
    state "sent-$1"
}

# arrived LABEL: sr has come here: its ticks go on, the stand-still.
arrived() {
    wait_new_id sr none 120 > /dev/null || ts "no guest $1"
    ts "ids $1 new=$(xm domid sr)"
    more "$1"
    gap "$1"
    state "$1"
}

# refused LABEL ADDR: a migration the destination refuses; sr runs on.
refused() {
    run "$1" xm migrate --live sr "$2"
    more "$1"
    gap "$1"
    ts "ids $1 still=$(xm domid sr)"
}

# hog: a paused guest holding all but 48 MiB of this host's free memory
# (a destination that runs out of memory mid-stream).
hog() {
    mem=$(($(free_mem) - 48))
    cat > /tmp/hog.cfg <<CFG
type = 'pvh'
kernel = '$img/vmlinuz'
ramdisk = '$img/demo-initrd.gz'
name = 'hog'
memory = $mem
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=hog'
CFG
    run hog xm create /tmp/hog.cfg
    xm pause hog
    ts "hog mem=$mem free=$(free_mem)"
}

# unhog: the hog destroyed; this host's state after the failures.
unhog() {
    run unhog xm destroy hog
    wait_gone hog 30
    state "$1"
}

# sender_child: the xend process streaming a migration (xend's child).
sender_child() {
    parent=$(cat /run/xend/xend.pid)
    for d in /proc/[0-9]*; do
        set -- $(cat "$d/stat" 2> /dev/null)
        [ "$2" = "(xend)" ] && [ "$4" = "$parent" ] && echo "$1"
    done
}

# killsend LABEL ADDR: a live migration whose sending process dies (kill
# -9) 3 s into the stream; sr runs on here.
killsend() {
    xm migrate --live sr "$2" > /tmp/ks.out 2> /tmp/ks.err &
    xm=$!
    n=0
    while [ -z "$(sender_child)" ] && [ $n -lt 300 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    sleep 3
    child=$(sender_child)
    kill -9 $child
    wait $xm
    ts "rc $1=$? killed=$child"
    sed "s/^/TS err $1: /" /tmp/ks.err
    more "$1"
    gap "$1"
    ts "ids $1 still=$(xm domid sr)"
}

# nosr LABEL: after a failed incoming migration, nothing of sr is left.
nosr() {
    wait_gone sr 60
    state "$1"
}

# destroy: sr destroyed; nothing left.
destroy() {
    run destroy xm destroy sr
    wait_gone sr 30
    state end
}

stty -echo 2> /dev/null
ts "ready disk=$([ -b $shared ] && echo yes) $(ip -4 -o addr | awk '$2 != "lo" { print $4 }' | tr '\n' ' ')"
while read -r cmd args; do
    case "$cmd" in
        create|allow|send|arrived|refused|destroy|hog|unhog|killsend|nosr)
            # Arguments split at spaces, as typed (regexes stay whole).
            set -f
            set -- $args
            set +f
            "$cmd" "$@" ;;
        finish) break ;;
        *) ts "unknown command $cmd" ;;
    esac
    ts "did $cmd"
done
