# SPDX-License-Identifier: GPL-2.0-only
# A guest with 4 vCPUs, all online.
. /usr/libexec/dom0-tests/toolstack/lib.sh
attach quad xm create /etc/xen/demo name=quad vcpus=4 -c
run list xm list quad
run vcpus xm vcpu-list quad
run destroy xm destroy quad
