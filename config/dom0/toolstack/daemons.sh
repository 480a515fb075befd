# SPDX-License-Identifier: GPL-2.0-only
# The daemons /init started, xenstore in dom0, xm over xend.
. /usr/libexec/dom0-tests/toolstack/lib.sh
ts "pids xenstored=$(pidof xenstored) xend=$(pidof xend)" \
    "xenconsoled=$(pidof xenconsoled)"
ts "have xenconsoled=$([ -x /usr/sbin/xenconsoled ] && echo yes || echo no)"
run xend-status xend status
run xs-name xenstore-read /local/domain/0/name
# dom0's kernel writes its control features once its xenbus ring is up.
n=0
until xenstore-exists /local/domain/0/control/feature-poweroff || [ $n = 20 ]
do
    n=$((n + 1))
    sleep 0.5
done
run xs-dom0-kernel xenstore-read /local/domain/0/control/feature-poweroff
run xs-write sh -c 'xenstore-write /tool/ts ok && xenstore-read /tool/ts'
run xm-list xm list
run xm-info xm info
run xend-log grep -m 1 "xend started" /var/log/xen/xend.log
