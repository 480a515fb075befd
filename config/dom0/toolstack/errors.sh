# SPDX-License-Identifier: GPL-2.0-only
# xm's one-line errors that need no guest: bad configs (file, line,
# reason), a refused builder, a missing file, xend stopped, xend killed.
. /usr/libexec/dom0-tests/toolstack/lib.sh
cd /tmp
printf 'name = "bad"\nmemory = 256 +\n' > bad-syntax.cfg
printf 'name = "bad"\nkernel = "/var/lib/xen/images/vmlinuz"\nmemroy = 256\n' \
    > bad-key.cfg
printf 'name = "bad"\nkernel = "/var/lib/xen/images/vmlinuz"\n\nmemory = "lots"\n' \
    > bad-value.cfg
printf 'kernel = "/var/lib/xen/images/vmlinuz"\nmemory = 256\nmaxmem = 128\n' \
    > bad-maxmem.cfg
printf 'builder = "hvm"\nkernel = "/var/lib/xen/images/vmlinuz"\n' > bad-hvm.cfg
for c in syntax key value maxmem hvm; do
    run "bad-$c" xm create "/tmp/bad-$c.cfg"
done
run missing xm create /tmp/no-such.cfg
run bad-arg xm create /etc/xen/demo memory=lots
run before xm list
xend stop > /dev/null 2>&1
run xend-stopped xm list
xend start
run xend-back xm list
kill -9 "$(pidof xend)"
sleep 0.5
run xend-killed xm list
xend start
run xend-restarted xm list
