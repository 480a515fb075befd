# SPDX-License-Identifier: GPL-2.0-only
# Migration to this host's own xend (tests/system/scenarios_save.py), as xl
# tests localhost migration: the memtest guest 'sr' is migrated live
# (pre-copy rounds under log-dirty), then without --live; each time its
# checker goes on with the same buffer sum and process list under a new
# id, and the old domain is gone.  A refused destination (a port nobody
# serves) leaves the guest running where it was.  The guest's disk (a
# loop device, phy:) is open in it all along: the same content after
# each move.
. /usr/libexec/dom0-tests/toolstack/lib.sh
. /usr/libexec/dom0-tests/toolstack/memtest.sh

# The disk as a block device (phy:), as two hosts share one: both the
# source and the destination domain have it attached during the move.
loop=$(losetup -f)
losetup "$loop" $dir/sr-disk.img
sr_cfg "phy:$loop,xvda,w"
run create xm create /tmp/sr.cfg
wait_ticks 3 300 || ts "no ticks create"
ts "tick before $(last_tick)"
old=$(xm domid sr)
gap before
timed live xm migrate --live sr localhost
more live
gap live
guest_log guest-live
ts "ids old=$old new=$(xm domid sr)"
state live
old=$(xm domid sr)
timed stop xm migrate sr 127.0.0.1
more stop
gap stop
ts "ids old=$old new=$(xm domid sr)"
run refused xm migrate --live --port 8003 sr localhost
more refused
ts "ids old=$(xm domid sr) new=$(xm domid sr)"
run log tail -n 30 /var/log/xen/xend.log
run destroy xm destroy sr
wait_gone sr 30
state end
losetup -d "$loop"
