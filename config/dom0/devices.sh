# SPDX-License-Identifier: GPL-2.0-only
# Sourced by /init in xmhv.mode=devices (say, up come from there).
# Checks dom0's PCI devices with their drivers' own interrupts (MSI or
# MSI-X under QEMU): every disk written and read back, a DHCP lease on
# every NIC, interrupt counts growing, and interrupt affinity moved
# between vCPUs while traffic runs.  Each result is one "DOM0 ..." line.

# Load the device drivers (dependency order; optional helpers may fail).
dev_loaded=0 dev_failed=0
while read -r ko; do
    [ -n "$ko" ] || continue
    if err=$(insmod "$ko" 2>&1); then
        dev_loaded=$((dev_loaded + 1))
    else
        say "insmod $(basename "$ko" .ko): FAIL $err"
        dev_failed=$((dev_failed + 1))
    fi
done < /etc/dom0-dev-modules
say "dev-modules: loaded=$dev_loaded failed=$dev_failed up=$(up)"

# Disks and NICs, named by driver: "vda:virtio_blk nvme0n1:nvme ...".
driver_of() { basename "$(readlink "$1/device/driver" 2>/dev/null)"; }
list_disks() {
    for b in /sys/block/vd* /sys/block/nvme* /sys/block/sd*; do
        [ -e "$b" ] || continue
        d=$(driver_of "$b")
        [ "$d" = nvme ] || [ -n "$d" ] || d=$(driver_of "$b/device")
        echo "$(basename "$b"):${d:-?}"
    done
}
list_nics() {
    for n in /sys/class/net/*; do
        [ -e "$n/device" ] || continue
        echo "$(basename "$n"):$(driver_of "$n")"
    done
}

# Wait (up to 120 s) for the devices the host said to expect.
want_disks=${WANT_DISKS:-3} want_nics=${WANT_NICS:-2}
i=0
while [ $i -lt 240 ]; do
    [ "$(list_disks | wc -l)" -ge "$want_disks" ] &&
        [ "$(list_nics | wc -l)" -ge "$want_nics" ] && break
    sleep 0.5
    i=$((i + 1))
done
# Memory BARs above 4 GiB (vPCI maps them): "bdf:driver start".
for d in /sys/bus/pci/devices/*; do
    while read -r start end flags; do
        [ $((start)) -ge 4294967296 ] && [ $((flags & 0x200)) -ne 0 ] &&
            say "bar-high: $(basename "$d"):$(basename "$(readlink \
                "$d/driver")") $start"
    done < "$d/resource"
done
say "devices-ready: disks=$(list_disks | tr '\n' ' ')nics=$(list_nics |
    tr '\n' ' ')up=$(up)"

# Interrupt lines of MSI/MSI-X: "irq chip name total", one per line.
msi_lines() {
    awk -v n="$(nproc)" '$0 ~ /PCI-MSI/ {
        t = 0; for (i = 2; i <= n + 1; i++) t += $i
        sub(":", "", $1); print $1, $(n + 2), $NF, t }' /proc/interrupts
}
msi_total() { msi_lines | awk '{ t += $4 } END { print t + 0 }'; }
# The count of irq $1 on CPU $2.
irq_on_cpu() {
    awk -v irq="$1:" -v c="$2" '$1 == irq { print $(c + 2) }' /proc/interrupts
}

before=$(msi_total)
msi_lines | while read -r irq chip name total; do
    say "msi-irq: irq=$irq chip=$chip name=$name count=$total"
done

# Disks: 1 MiB of random data written at 1 MiB, read back uncached.
dd if=/dev/urandom of=/tmp/pattern bs=64k count=16 2>/dev/null
ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
for entry in $(list_disks); do
    dev=/dev/${entry%%:*}
    t0=$(ms)
    dd if=/tmp/pattern of="$dev" bs=64k seek=16 oflag=direct conv=fsync \
        2>/dev/null
    t1=$(ms)
    dd if="$dev" of=/tmp/readback bs=64k skip=16 count=16 iflag=direct \
        2>/dev/null
    t2=$(ms)
    if cmp -s /tmp/pattern /tmp/readback; then r=ok; else r=FAIL; fi
    say "disk: $entry $r write_ms=$((t1 - t0)) read_ms=$((t2 - t1))"
done

# NICs: each asks QEMU's DHCP server for a lease (and gets 10.0.2.x).
for entry in $(list_nics); do
    nic=${entry%%:*}
    ip link set "$nic" up
    if udhcpc -i "$nic" -n -q -t 5 -T 3 -f >/tmp/udhcpc.out 2>&1; then
        ip=$(sed -n 's/.*lease of \([0-9.]*\) obtained.*/\1/p' \
            /tmp/udhcpc.out)
        server=$(sed -n 's/.* obtained from \([0-9.]*\).*/\1/p' \
            /tmp/udhcpc.out)
        say "dhcp-lease: $nic ip=${ip:-?} server=${server:-?}"
    else
        say "dhcp: $entry FAIL $(tail -n 1 /tmp/udhcpc.out)"
    fi
done

after=$(msi_total)
say "msi-total: before=$before after=$after"
msi_lines | while read -r irq chip name total; do
    say "msi-irq-after: irq=$irq name=$name count=$total"
done

# Move an interrupt around the vCPUs while traffic runs on it.  $1: a
# pattern of its /proc/interrupts name, $2: the command making traffic.
move_irq() {
    irq=$(msi_lines | awk -v p="$1" '$3 ~ p { print $1; exit }')
    if [ -z "$irq" ]; then
        say "affinity: $1 FAIL no MSI interrupt named like that"
        return
    fi
    n=$(nproc) c=1
    for step in $(seq 1 "$n"); do
        cpu=$((step % n))
        mask=$(printf %x $((1 << cpu)))
        if ! echo "$mask" > "/proc/irq/$irq/smp_affinity" 2>/dev/null; then
            say "affinity: irq=$irq name=$1 cpu=$cpu FAIL cannot set"
            continue
        fi
        c0=$(irq_on_cpu "$irq" "$cpu")
        eval "$2"
        c1=$(irq_on_cpu "$irq" "$cpu")
        # Once more if the first round showed nothing (a moved MSI takes
        # effect with its next message).
        if [ "${c1:-0}" -le "${c0:-0}" ]; then
            eval "$2"
            c1=$(irq_on_cpu "$irq" "$cpu")
        fi
        c0=${c0:-0} c1=${c1:-0}
        if [ "$c1" -gt "$c0" ]; then r=ok; else r=FAIL; fi
        say "affinity: irq=$irq name=$1 cpu=$cpu delta=$((c1 - c0))" \
            "before=$c0 after=$c1 $r"
    done
}
if [ "$(nproc)" -gt 1 ]; then
    sdisk=$(list_disks | awk -F: '$2 == "sd" || $1 ~ /^sd/ { print $1; exit }')
    vnic=$(list_nics | awk -F: '$2 == "virtio_net" { print $1; exit }')
    [ -n "$sdisk" ] && move_irq "ahci" \
        "dd if=/dev/$sdisk of=/dev/null bs=4k count=200 iflag=direct 2>/dev/null"
    [ -n "$vnic" ] && move_irq "virtio.*input" \
        "ping -q -c 20 -i 0.05 -I $vnic 10.0.2.2 >/dev/null 2>&1"
fi
say "devices-done: up=$(up)"
