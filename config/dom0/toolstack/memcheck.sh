# SPDX-License-Identifier: GPL-2.0-only
# Is dom0's memory left alone while domains come and go?  Files in dom0's
# tmpfs (the guest kernel, the demo initramfs, 128 MiB of known data) are
# checksummed over and over in the background while guests are created,
# built, ballooned and destroyed; a sum that changes is dom0 RAM the
# hypervisor (or a guest) wrote to.  "TS memcheck ref" gives the sums the
# host checks against its own copies before any domain exists.
. /usr/libexec/dom0-tests/toolstack/lib.sh
# Cycles: xmhv.rounds=N on the kernel command line, else 3.
CYCLES=3
for w in $(cat /proc/cmdline); do
    case "$w" in xmhv.rounds=*) CYCLES=${w#*=} ;; esac
done
img=/var/lib/xen/images
mkdir -p /tmp/mc
# data1..8: 16 MiB each, a 1 MiB block of a numbered line 16 times.
for i in 1 2 3 4 5 6 7 8; do
    yes "xmhv memcheck $i 0123456789abcdef" | head -c 1048576 > /tmp/mc/b
    cat /tmp/mc/b /tmp/mc/b /tmp/mc/b /tmp/mc/b > /tmp/mc/b4
    cat /tmp/mc/b4 /tmp/mc/b4 /tmp/mc/b4 /tmp/mc/b4 > /tmp/mc/data$i
done
rm -f /tmp/mc/b /tmp/mc/b4
sha256sum $img/vmlinuz $img/demo-initrd.gz /tmp/mc/data* > /tmp/mc.ref
sed 's/^/TS memcheck ref /' /tmp/mc.ref
bytes=$(cat $img/vmlinuz $img/demo-initrd.gz /tmp/mc/data* | wc -c)

# One pass over every file: "TS memcheck bad round=N <file>: FAILED".
(
    r=0
    while [ ! -e /tmp/mc.stop ]; do
        r=$((r + 1))
        sha256sum -c /tmp/mc.ref 2>&1 | grep -v ': OK$' |
            sed "s/^/TS memcheck bad round=$r /"
        echo $r > /tmp/mc.rounds
    done
) &
checker=$!

c=0
while [ $c -lt "$CYCLES" ]; do
    c=$((c + 1))
    run create-$c xm create /etc/xen/demo name=mc$c memory=128
    sleep 5
    run memset-$c xm mem-set mc$c 96
    sleep 5
    run destroy-$c xm destroy mc$c
    wait_gone mc$c 60
    ts "memcheck cycle=$c gone=$? rounds=$(cat /tmp/mc.rounds 2>/dev/null)"
done
touch /tmp/mc.stop
wait $checker
rounds=$(cat /tmp/mc.rounds)
ts "memcheck done cycles=$c rounds=$rounds bytes=$((rounds * bytes))"
