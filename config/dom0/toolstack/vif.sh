# SPDX-License-Identifier: GPL-2.0-only
# Network through dom0's xen-netback (tests/system/scenarios_vif.py): dom0
# has bridge xenbr0 with its NIC enslaved (config/dom0/init); guest vifa
# (a MAC in its config) and guest vifb (none: xend chooses one) each have
# one vif on xenbr0, take a lease from QEMU's DHCP through the bridge, and
# vifb pings vifa, dom0 and the gateway 10.0.2.2; dom0 pings both.  vifb
# gets a second vif attached and is rebooted (on_reboot = 'restart'): it
# must keep its MAC and the attached vif.  After both
# are destroyed no vif port, interface or backend node is left.  The
# guests' console logs are relayed as "TS guest <name>: <line>".
. /usr/libexec/dom0-tests/toolstack/lib.sh
img=/var/lib/xen/images
log=/var/log/xen/console
dom0ip=$(ip -4 -o addr show dev xenbr0 | awk '{ print $4; exit }')
dom0ip=${dom0ip%/*}

# cfg NAME VIF PINGS: a one-vCPU guest taking a lease, then pinging PINGS.
cfg() {
    cat > /tmp/$1.cfg <<CFG
type = 'pvh'
kernel = '$img/vmlinuz'
ramdisk = '$img/demo-initrd.gz'
name = '$1'
memory = 192
vcpus = 1
extra = 'console=hvc0 quiet xmhv.name=$1 xmhv.net=dhcp xmhv.ping=$3'
vif = [ '$2' ]
on_poweroff = 'destroy'
on_reboot = 'restart'
on_crash = 'preserve'
CFG
}

# wait_log NAME PATTERN COUNT SECONDS: until NAME's console log has COUNT
# lines matching PATTERN; 0 if it came.
wait_log() {
    n=0
    while [ "$(grep -c "$2" "$log/guest-$1.log" 2> /dev/null)" -lt "$3" ]
    do
        n=$((n + 1))
        [ $n -gt $(($4 * 5)) ] && return 1
        sleep 0.2
    done
}

# ip_of NAME: the address of NAME's last "net ip=" line.
ip_of() {
    sed -n 's/.*GUEST [^ ]* net ip=\([0-9.]*\) .*/\1/p' "$log/guest-$1.log" |
        tail -n 1
}

# ports: xenbr0's ports; vifs: vif interfaces; backends: backend/vif dirs.
state() {
    ts "state $1 ports=$(ls /sys/class/net/xenbr0/brif | tr '\n' ,)" \
        "vifs=$(ls /sys/class/net | grep -c '^vif')" \
        "backends=$(xenstore-list /local/domain/0/backend/vif 2> /dev/null |
        wc -l)"
}

# node NAME: the handshake's nodes of NAME's vif 0.
node() {
    id=$(xm domid "$1")
    be=/local/domain/0/backend/vif/$id/0
    fe=/local/domain/$id/device/vif/0
    ts "node $1 id=$id be-state=$(xenstore-read $be/state)" \
        "fe-state=$(xenstore-read $fe/state)" \
        "hotplug=$(xenstore-read $be/hotplug-status)" \
        "bridge=$(xenstore-read $be/bridge) mac=$(xenstore-read $be/mac)" \
        "fe-mac=$(xenstore-read $fe/mac) handle=$(xenstore-read $be/handle)" \
        "type=$(xenstore-read $be/type)" \
        "port=$([ -e /sys/class/net/xenbr0/brif/vif$id.0 ] && echo yes)"
}

relay() {
    for g in vifa vifb; do
        tr -d '\r' < "$log/guest-$g.log" | grep '^GUEST' |
            sed "s/^/TS guest $g: /"
    done
}

ts "dom0 ip=$dom0ip"
run dom0-addr ip addr
run dom0-dhcp cat /tmp/udhcpc.out
state start
cfg vifa "mac=00:16:3e:12:34:56,bridge=xenbr0" "10.0.2.2"
run create-a xm create /tmp/vifa.cfg
wait_log vifa "GUEST vifa \(ping\|net FAIL\)" 1 400
ts "waited vifa rc=$?"
ipa=$(ip_of vifa)
cfg vifb "" "$ipa,$dom0ip,10.0.2.2"
run create-b xm create /tmp/vifb.cfg
wait_log vifb "GUEST vifb \(ping\|net FAIL\)" 3 400
ts "waited vifb rc=$?"
ipb=$(ip_of vifb)
state running
node vifa
node vifb
for a in "$ipa" "$ipb"; do
    ping -c 3 -W 5 "$a" > /tmp/ping.out 2>&1
    ts "dom0 ping $a" \
        "received=$(awk '/packets received/ { print $4 }' /tmp/ping.out)"
done
run netlist-a xm network-list vifa
run netlist-b xm network-list vifb
run be-ls xenstore-ls -p /local/domain/0/backend/vif
old=$(xm domid vifb)
# kept: a vif attached to vifb before its reboot is in xend's record (as
# with Xen 3's xend), so the restarted vifb has it, with its MAC; detached
# there, it leaves the record.
in_record() {
    grep -l -i "$1" /var/lib/xend/domains/*.json 2> /dev/null | wc -l
}
run keep-attach xm network-attach vifb bridge=xenbr0
wait_state /local/domain/$old/device/vif/1 4 60
kmac=$(xenstore-read /local/domain/$old/device/vif/1/mac 2> /dev/null)
ts "kept attached mac=$kmac records=$(in_record "$kmac")"
run reboot xm reboot vifb
new=$(wait_new_id vifb "$old" 300)
ts "reboot old=$old new=$new"
wait_log vifb "GUEST vifb \(ping\|net FAIL\)" 6 400
ts "waited reboot rc=$?"
node vifb
kfe=/local/domain/$new/device/vif/1
wait_state $kfe 4 60
ts "kept restarted fe-state=$(xenstore-read $kfe/state 2> /dev/null)" \
    "mac=$(xenstore-read $kfe/mac 2> /dev/null)"
run keep-detach xm network-detach vifb 1
ts "kept detached records=$(in_record "$kmac")"
# hotplug: a second vif attached to the running vifa (its netfront
# connects: state 4, a port on xenbr0), listed, then detached again.
hotplug() {
    id=$(xm domid vifa)
    fe=/local/domain/$id/device/vif/1
    run network-attach xm network-attach vifa bridge=xenbr0
    n=0
    while [ "$(xenstore-read $fe/state 2> /dev/null)" != 4 ] &&
            [ $n -lt 300 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    ts "hot attached fe-state=$(xenstore-read $fe/state 2> /dev/null)" \
        "mac=$(xenstore-read $fe/mac 2> /dev/null)" \
        "port=$([ -e /sys/class/net/xenbr0/brif/vif$id.1 ] && echo yes)"
    run netlist-hot xm network-list vifa
    run network-detach xm network-detach vifa 1 ||
        run network-detach xm network-detach vifa 1
    ts "hot detached fe=$(xenstore-read $fe/state 2> /dev/null)" \
        "port=$([ -e /sys/class/net/xenbr0/brif/vif$id.1 ] && echo yes)" \
        "vifs=$(ls /sys/class/net | grep -c '^vif')"
    run detach-again xm network-detach vifa 1
}
hotplug
run destroy-a xm destroy vifa
run destroy-b xm destroy vifb
wait_gone vifa 60
wait_gone vifb 60
sleep 1
state destroyed
relay
run hotplug-log cat /var/log/xen/xen-hotplug.log
run xend-log sh -c 'grep -i "vif\|device" /var/log/xen/xend.log'
run dmesg sh -c 'dmesg | grep -i "vif\|netback\|xenbr\|bridge" | tail -n 40'
