# SPDX-License-Identifier: GPL-2.0-only
# Back-to-back live migration to this host's own xend
# (tests/bench/migloop.py): the memtest guest 'sr' with a phy: disk and a
# vif, migrated live xmhv.loops= times (dom0's command line, default 40);
# after each, three more ticks must come.  A guest that stops ticking is
# reported ("TS stuck <i>") with its xenstore devices, backends and
# console, and left for the driver to look at with debug keys.  With
# TOOL=xl (Xen 4.17's reference dom0 of tests/bench) the same guest and
# legs go through xl: "xl migrate -s ''" runs its receiver here.
. /usr/libexec/dom0-tests/toolstack/lib.sh
. /usr/libexec/dom0-tests/toolstack/memtest.sh

TOOL=${TOOL:-xm}
log_dir=$(dirname $log)
# migrate: one live migration of sr to this host.
migrate() {
    if [ "$TOOL" = xl ]; then
        xl migrate -s '' sr "xl migrate-receive"
    else
        xm migrate --live sr localhost
    fi
}
legs=$(sed -n 's/.*xmhv.loops=\([0-9]*\).*/\1/p' /proc/cmdline)
loop=$(losetup -f)
losetup "$loop" $dir/sr-disk.img
# xmhv.migvif=none: no vif (to tell the devices' shares of a leak apart).
vif=$(sed -n 's/.*xmhv.migvif=\([^ ]*\).*/\1/p' /proc/cmdline)
[ "$vif" = none ] && vif= || vif=bridge=xenbr0
# xmhv.migmem=MiB: the guest's memory (netfront loses 1 MiB a leg, on
# Xen 4.17 too: 100 legs want more than the default 128).
SR_MEM=$(sed -n 's/.*xmhv.migmem=\([0-9]*\).*/\1/p' /proc/cmdline)
sr_cfg "phy:$loop,xvda,w" "$vif"
run create $TOOL create /tmp/sr.cfg
wait_ticks 3 300 || ts "no ticks create"
ts "tick before $(last_tick)"
i=0
while [ $i -lt "${legs:-40}" ]; do
    old=$($TOOL domid sr)
    t0=$(now)
    out=$(migrate 2>&1)
    rc=$?
    t=$(awk "BEGIN { print $(now) - $t0 }")
    # xenconsoled names a console's log after the domain's name when it
    # connects: under xl the new domain is still "sr--incoming" then.
    [ "$TOOL" = xl ] && log=$(ls -t $log_dir/guest-sr*.log | head -n 1)
    if ! wait_ticks $(($(ticks) + 3)) 60; then
        ts "stuck $i rc=$rc old=$old new=$($TOOL domid sr) secs=$t" \
            "domains=$($TOOL list | awk 'NR > 1 { print $1 }' | tr '\n' ,)"
        ts "stuck-out $(echo "$out" | tail -n 2 | tr '\n' ' ')"
        id=$($TOOL domid sr)
        xenstore-ls -f /local/domain/$id/device 2> /dev/null | head -n 40 |
            sed 's/^/TS xs /'
        xenstore-ls -f /local/domain/0/backend 2> /dev/null |
            grep "/$id/" | grep -E 'state|event-channel|ring-ref' |
            sed 's/^/TS xsb /'
        tail -n 20 $log | sed 's/^/TS guestlog /'
        grep -A 60 -m 1 'invoked oom-killer' $log | sed 's/^/TS oom /'
        ts "waiting for keys"
        sleep 600
        break
    fi
    ts "leg $i rc=$rc old=$old new=$($TOOL domid sr) secs=$t $(last_tick)"
    i=$((i + 1))
done
run destroy $TOOL destroy sr
wait_gone sr 30
losetup -d "$loop"
