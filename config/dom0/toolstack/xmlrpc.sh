# SPDX-License-Identifier: GPL-2.0-only
# Python's xmlrpc.client lists the domains through xend's socket.
. /usr/libexec/dom0-tests/toolstack/lib.sh
python3 /usr/libexec/dom0-tests/toolstack/xend_rpc.py
run xm-list xm list
