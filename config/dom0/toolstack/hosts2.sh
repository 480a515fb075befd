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

# The guest's address on xenbr1, the bridge on the hosts' link.
guest=10.99.0.10
tcp_port=

# create: the memtest guest 'sr' with the shared disk, writing to its
# memory each tick (xmhv.dirty), a vif on xenbr1 with a static address
# and a stream of numbered lines on TCP ports 7001 and 7002
# (xmhv.tcpstream); three ticks.
create() {
    sr_cfg "phy:$shared,xvda,w" "mac=00:16:3e:99:00:0a,bridge=xenbr1" \
        "xmhv.dirty=1 xmhv.net=$guest/24 xmhv.tcpstream=7001,7002"
    run create xm create /tmp/sr.cfg
    wait_ticks 3 300 || ts "no ticks create"
    ts "tick before $(last_tick)"
    gap before
}

# tcpopen PORT: a connection from this dom0 to the guest's PORT, kept
# open (nc's stdin must not end), its lines in /tmp/tcp.out.
tcpopen() {
    n=0
    while ! ping -c 1 -W 1 $guest > /dev/null 2>&1 && [ $n -lt 60 ]; do
        n=$((n + 1))
    done
    sleep 100000 | nc $guest "$1" > /tmp/tcp.out 2> /tmp/tcp.err &
    tcp_nc=$!
    tcp_port=$1
    n=0
    while [ ! -s /tmp/tcp.out ] && [ $n -lt 150 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    tcp open
}

# benchcreate RATE [dirty]: tests/bench/migrate.py's guest: as create's,
# without the TCP streams, dirtying RATE MiB of its memory a second
# (xmhv.dirtyrate; 0: only the checker's tick); with "dirty", also
# create's stamped 1 MiB a tick, checked (the tick's mem=ok|bad).
benchcreate() {
    extra="xmhv.net=$guest/24"
    [ "$1" = 0 ] || extra="$extra xmhv.dirtyrate=$1"
    [ "$2" = dirty ] && extra="$extra xmhv.dirty=1"
    sr_cfg "phy:$shared,xvda,w" "mac=00:16:3e:99:00:0a,bridge=xenbr1" \
        "$extra"
    # (The console log goes on from an earlier guest sr: three more.)
    n0=$(ticks)
    run benchcreate xm create /tmp/sr.cfg
    wait_ticks $((n0 + 3)) 300 || ts "no ticks benchcreate"
    ts "tick bench $(last_tick)"
    gap bench
}

# pingstart: this dom0 pings the guest ten times a second until pingstop.
pingstart() {
    ping -i 0.1 $guest > /tmp/ping.out 2>&1 &
    pinger=$!
}

# pingstop LABEL: "TS ping LABEL got=<replies> last=<seq> lostrun=<the
# longest run of requests without a reply>": x 0.1 s, the downtime seen
# from outside the guest.
pingstop() {
    kill "$pinger"
    wait "$pinger"
    ts "ping $1 $(awk -F'seq=' '/seq=/ {
            split($2, a, " "); s = a[1] + 0
            if (n && s - p - 1 > run) run = s - p - 1
            p = s; n++ }
        END { print "got=" n + 0 " last=" p + 0 " lostrun=" run + 0 }' \
        /tmp/ping.out)"
}

# tcp LABEL: "TS tcp LABEL port=P lines=N bad=B alive=yes|no": the whole
# lines received so far, how many of them are not "P <previous + 1>"
# (lost, repeated or garbled), whether the connection is still open.
tcp() {
    [ -n "$tcp_port" ] || return 0
    n=$(wc -l < /tmp/tcp.out)
    bad=$(head -n "$n" /tmp/tcp.out | awk -v p="$tcp_port" '
        { if ($1 != p || $2 != NR || NF != 2) bad++ }
        END { print bad + 0 }')
    alive=no
    kill -0 "$tcp_nc" 2> /dev/null && alive=yes
    ts "tcp $1 port=$tcp_port lines=$n bad=$bad alive=$alive" \
        "err=$(head -n 1 /tmp/tcp.err)"
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
    tcp "sent-$1"
}

# arrived LABEL: sr has come here: its ticks go on, the stand-still.
arrived() {
    wait_new_id sr none 120 > /dev/null || ts "no guest $1"
    ts "ids $1 new=$(xm domid sr)"
    more "$1"
    gap "$1"
    state "$1"
    tcp "$1"
}

# refused LABEL ADDR: a migration the destination refuses; sr runs on.
refused() {
    timed "$1" xm migrate --live sr "$2"
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

# sender_child: the xend process streaming a migration (xend's child
# still named xend: not a hotplug script nor a backend it started).
sender_child() {
    parent=$(cat /run/xend/xend.pid)
    for p in $(cat /proc/$parent/task/$parent/children 2> /dev/null); do
        [ "$(cat /proc/$p/comm 2> /dev/null)" = xend ] && echo "$p"
    done
}

# killsend LABEL ADDR: a live migration whose sending process dies (kill
# -9) 1 s into the stream, long before it ends; sr runs on here.
killsend() {
    xm migrate --live sr "$2" > /tmp/ks.out 2> /tmp/ks.err &
    xm=$!
    n=0
    while [ -z "$(sender_child)" ] && [ $n -lt 300 ]; do
        usleep 100000
        n=$((n + 1))
    done
    sleep 1
    child=$(sender_child)
    kill -9 $child
    wait $xm
    ts "rc $1=$? killed=$child"
    sed "s/^/TS err $1: /" /tmp/ks.err
    more "$1"
    gap "$1"
    ts "ids $1 still=$(xm domid sr)"
}

# recv_flowing: a relocation connection (TCP 8002) is established.
recv_flowing() {
    awk '$2 ~ /:1F42$/ && $4 == "01"' /proc/net/tcp | grep -q .
}
# flowing: once a relocation connection has come in, 3 s more (pages in
# flight: killrecv's moment, and the harness's to kill this whole
# machine, its QEMU).
flowing() {
    n=0
    while ! recv_flowing && [ $n -lt 600 ]; do
        usleep 200000
        n=$((n + 1))
    done
    sleep 3
}

# killrecv: in the background, this xend killed (kill -9) 3 s after a
# relocation connection comes in: the destination dies while pages flow,
# its incoming domain half built.
killrecv() {
    rm -f /tmp/killed
    (
        flowing
        x=$(cat /run/xend/xend.pid)
        kill -9 "$x" && echo "pid=$x up=$(now)" > /tmp/killed
    ) > /dev/null 2>&1 &
    killer=$!
}

# revive LABEL REGEXES: after killrecv, xend started again (allowing
# REGEXES): it destroys the half-built domain; nothing of sr left.
revive() {
    label=$1
    shift
    wait "$killer"
    ts "killed $label $(cat /tmp/killed 2> /dev/null)"
    run "$label" xend --relocation-hosts-allow="$*" start
    n=0
    while [ "$(xm list | awk 'NR > 1' | wc -l)" -gt 1 ] && [ $n -lt 150 ]
    do
        sleep 0.2
        n=$((n + 1))
    done
    ts "cleanup $label half=$(grep -c 'half received' /var/log/xen/xend.log)"
    state "$label"
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
        create|allow|send|arrived|refused|destroy|hog|unhog|killsend|nosr|\
        tcpopen|tcp|killrecv|flowing|revive|benchcreate|pingstart|pingstop)
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
