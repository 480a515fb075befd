# SPDX-License-Identifier: GPL-2.0-only
# Shutdown, reboot (same name, new id) and destroy; after each, nothing of
# the domain is left and xm info's free memory is back where it was.
. /usr/libexec/dom0-tests/toolstack/lib.sh
ts "free before=$(free_mem) pts=$(ls /dev/pts | grep -c '^[0-9]')"
attach life1 xm create /etc/xen/demo name=life -c
id=$(xm domid life)
run shutdown xm shutdown -w life
wait_gone life 60
traces "$id"
ts "free after-shutdown=$(free_mem)"

attach life2 xm create /etc/xen/demo name=life on_reboot=restart -c
id=$(xm domid life)
run reboot xm reboot life
new=$(wait_new_id life "$id" 120)
ts "reboot old=$id new=$new"
attach life3 xm console life
run destroy xm destroy life
wait_gone life 60
traces "$new"
traces "$id"
ts "free after-destroy=$(free_mem)"
