# SPDX-License-Identifier: GPL-2.0-only
# The demo guest: created with its console attached, its shell used, then
# detached (Ctrl-]), attached again with xm console, destroyed.
. /usr/libexec/dom0-tests/toolstack/lib.sh
attach create xm create /etc/xen/demo -c
run list xm list
attach console xm console demo
id=$(xm domid demo)
run destroy xm destroy demo
traces "$id"
