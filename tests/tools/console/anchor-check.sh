#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Our xenstored and xenconsoled in place of Xen's, in the xen417 anchor
# harness's dom0 (Debian's dom0 kernel, Xen's xl and its xenconsole), which
# then creates real guests: a guest's xenbus talks to our xenstored over its
# ring and its console reaches xl through our xenconsoled's pty.  By hand
# (minutes under TCG; needs root and the harness), not part of make test.
#   anchor-check.sh <harness dir> [scenario...]     (default: pvh)
# ANCHOR_HV_IMAGE=<our xen/xen> runs it all on our hypervisor; the other
# ANCHOR_* variables pass through to the harness (its README).
set -eu
harness=$(cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- pvh
top=$(cd "$(dirname "$0")/../../.." && pwd)
work=${ANCHOR_BUILD_DIR:-$top/build/anchor-daemons}
export ANCHOR_BUILD_DIR=$work
make -s -C "$top/tools/xenstore" static
make -s -C "$top/tools/console" static
"$harness/run.sh" --build-only
initrd=$work/dom0-initrd.gz
cp "$initrd" "$initrd.xen"   # Xen's daemons, put back on exit
root=$work/dom0-root
trap 'cp "$initrd.xen" "$initrd"; rm -rf "$root"' EXIT
rm -rf "$root"
mkdir -p "$root"
(cd "$root" && zcat "$initrd.xen" | cpio -id --quiet 2> /dev/null)
cp "$top/tools/xenstore/build/static/xenstored" \
    "$top/tools/console/build/static/xenconsoled" \
    "$root/usr/lib/xen-4.17/bin/"
(cd "$root" && find . | LC_ALL=C sort |
    cpio -o -H newc --quiet -R 0:0 | gzip -1 > "$initrd")
"$harness/run.sh" "$@"
