# SPDX-License-Identifier: GPL-2.0-only
# Two guests at once with different memory and vCPU counts.
. /usr/libexec/dom0-tests/toolstack/lib.sh
attach small xm create /etc/xen/demo name=small memory=160 vcpus=1 -c
attach big xm create /etc/xen/demo name=big memory=320 vcpus=3 -c
run list xm list
run vcpus xm vcpu-list
run destroy-small xm destroy small
run destroy-big xm destroy big
run list-after xm list
