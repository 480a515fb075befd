# SPDX-License-Identifier: GPL-2.0-only
# Helpers of the toolstack test scripts (sourced).  Every line for the host
# starts with "TS "; tests/system/scenarios_toolstack.py asserts on them.

ts() { echo "TS $*"; }

# run LABEL CMD...: CMD's stdout as "TS out LABEL: ..." lines, its stderr
# as "TS err LABEL: ...", then "TS rc LABEL=<status>"; returns the status.
run() {
    label=$1
    shift
    "$@" > /tmp/ts.out 2> /tmp/ts.err
    rc=$?
    sed "s/^/TS out $label: /" /tmp/ts.out
    sed "s/^/TS err $label: /" /tmp/ts.err
    ts "rc $label=$rc"
    return $rc
}

# free_mem: xm info's free_memory (MiB).
free_mem() {
    xm info 2>/dev/null | awk -F' *: *' '$1 == "free_memory" { print $2 }'
}

# wait_gone NAME SECONDS: until xm (or $TOOL: xl) no longer knows NAME; 0
# when gone.  Its counter is local: a caller's own $n (fuzz.sh's run
# number) must survive the call.
wait_gone() {
    local n=0
    while ${TOOL:-xm} domid "$1" > /dev/null 2>&1; do
        n=$((n + 1))
        [ $n -gt $(($2 * 5)) ] && return 1
        sleep 0.2
    done
}

# wait_state DIR STATE SECONDS: until xenstore's DIR/state is STATE (a
# device's frontend or backend); 0 when it is.
wait_state() {
    n=0
    while [ "$(xenstore-read "$1/state" 2> /dev/null)" != "$2" ]; do
        n=$((n + 1))
        [ $n -gt $(($3 * 5)) ] && return 1
        sleep 0.2
    done
}

uptime_s() { cut -d' ' -f1 /proc/uptime; }

# states BE FE: "TS states up=<s> be/fe=<state>/<state>" each time the
# device's backend or frontend state changes (empty: gone); run it in
# the background and kill it.
states() {
    last=
    while :; do
        s="$(xenstore-read "$1/state" 2> /dev/null)/$(xenstore-read \
            "$2/state" 2> /dev/null)"
        [ "$s" != "$last" ] && ts "states up=$(uptime_s) be/fe=$s"
        last=$s
        sleep 0.05
    done
}

# wait_new_id NAME OLDID SECONDS: until NAME exists with another id.
wait_new_id() {
    local n=0 id
    while true; do
        id=$(xm domid "$1" 2> /dev/null)
        [ -n "$id" ] && [ "$id" != "$2" ] && { echo "$id"; return 0; }
        n=$((n + 1))
        [ $n -gt $(($3 * 5)) ] && return 1
        sleep 0.2
    done
}

# traces DOMID: what is left of a domain: its xenstore home, its console
# pty, its line in xm list.  "TS traces id=N home=absent pts=N list=absent"
traces() {
    local home=present listed
    xenstore-exists "/local/domain/$1" 2> /dev/null || home=absent
    listed=absent
    xm list 2> /dev/null | awk '{ print $2 }' | grep -qx "$1" &&
        listed=present
    ts "traces id=$1 home=$home pts=$(ls /dev/pts | grep -c '^[0-9]')" \
        "list=$listed domains=$(xenstore-list /local/domain 2>/dev/null |
        tr '\n' ',')"
}

# attach LABEL CMD...: a console command (xm create -c, xm console) on
# this terminal, which the host drives; "TS attach LABEL" before it and
# "TS detached LABEL rc=N" once Ctrl-] (or the guest's end) returns.
attach() {
    label=$1
    shift
    ts "attach $label"
    "$@"
    ts "detached $label rc=$?"
}

# disk_cfg FILE NAME TEST DISKS [EXTRA]: a one-vCPU 256 MiB guest NAME
# whose init runs the disk test TEST (config/guest/init, xmhv.disktest=)
# on DISKS; EXTRA goes on its command line too.
disk_cfg() {
    cat > "$1" <<CFG
type = 'pvh'
kernel = '/var/lib/xen/images/vmlinuz'
ramdisk = '/var/lib/xen/images/demo-initrd.gz'
name = '$2'
memory = 256
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=$2 xmhv.disktest=$3 $5'
disk = [ $4 ]
on_poweroff = 'destroy'
on_reboot = 'restart'
on_crash = 'preserve'
CFG
}
