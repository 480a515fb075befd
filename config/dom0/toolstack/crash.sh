# SPDX-License-Identifier: GPL-2.0-only
# on_crash honoured: the guest crashes itself (echo c > sysrq-trigger);
# preserve keeps it (state c), restart brings it back with a new id,
# destroy removes it.
. /usr/libexec/dom0-tests/toolstack/lib.sh
attach preserve xm create /etc/xen/demo name=crashp on_crash=preserve -c
run list-preserve xm list crashp
id=$(xm domid crashp)
run destroy-preserve xm destroy crashp
traces "$id"

# The id is read before the crash: once it crashes, xend restarts it at
# once under a new id, before a console client attached by 'create -c'
# has returned.
run create-restart xm create /etc/xen/demo name=crashr on_crash=restart
id=$(xm domid crashr)
attach restart xm console crashr
new=$(wait_new_id crashr "$id" 120)
ts "restart old=$id new=$new"
run list-restart xm list crashr
run destroy-restart xm destroy crashr

attach destroy xm create /etc/xen/demo name=crashd on_crash=destroy -c
wait_gone crashd 60
ts "destroy gone=$?"
run list-destroy xm list
