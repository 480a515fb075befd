# SPDX-License-Identifier: GPL-2.0-only
# Creates that fail part way (a file that is no kernel; more memory than
# the host has) report one line and leave nothing behind.
. /usr/libexec/dom0-tests/toolstack/lib.sh
ts "before free=$(free_mem) domains=$(xenstore-list /local/domain |
    tr '\n' ',') vms=$(xenstore-list /vm 2>/dev/null | wc -l)" \
    "pts=$(ls /dev/pts | grep -c '^[0-9]')"
head -c 65536 /dev/urandom > /tmp/not-a-kernel
run bad-kernel xm create /etc/xen/demo name=broken kernel=/tmp/not-a-kernel
run too-big xm create /etc/xen/demo name=huge memory=65536
run list xm list
ts "after free=$(free_mem) domains=$(xenstore-list /local/domain |
    tr '\n' ',') vms=$(xenstore-list /vm 2>/dev/null | wc -l)" \
    "pts=$(ls /dev/pts | grep -c '^[0-9]')"
