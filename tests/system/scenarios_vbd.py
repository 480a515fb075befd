# SPDX-License-Identifier: GPL-2.0-only
"""Disks through dom0's kernel (issue 9, items 1, 5 and 7): xend writes a
disk's backend and frontend nodes as libxl does, runs the block hotplug
script (tools/hotplug/block), Debian's xen-blkback in dom0 serves it and
the guest's xen-blkfront makes /dev/xvdX.  The dom0 script is
config/dom0/toolstack/vbd.sh; the guest's disk test (config/guest/init,
xmhv.disktest=) prints "GUEST vbd disk ..." lines on its console, which
the script attaches to the serial line."""

import re

from qemu import check
from scenarios_toolstack import Run, one_line

MIB_SECTORS = 2048
# Run.line()'s match holds the whole line as group 1: captures start at 2.


def left(b, when):
    m = b.matching(r"TS left %s loops=(\d+) backends=(\d+) domains=(\S*)"
                   % when)
    check(m, "no 'TS left %s' line" % when)
    return int(m[0].group(1)), int(m[0].group(2)), m[0].group(3)


def guest_disks(run):
    """The guest's view: xvda 16 MiB writable, xvdb 8 MiB read-only."""
    seen = {}
    for dev in ("xvda", "xvdb"):
        m = run.line(r"GUEST vbd disk %s sectors=(\d+) ro=(\d)" % dev, 120)
        seen[dev] = (int(m.group(2)), m.group(3))
    check(seen == {"xvda": (16 * MIB_SECTORS, "0"),
                   "xvdb": (8 * MIB_SECTORS, "1")},
          "guest sees %s (want xvda 16 MiB rw, xvdb 8 MiB ro)" % seen)


def write_phase(run):
    run.attached("write", "vbd")
    took = run.b.lines[run.b.last_index][0] - run.t_attach
    guest_disks(run)
    w = run.line(r"GUEST vbd disk write xvda rc=(\d+) secs=([\d.]+)", 120)
    check(w.group(2) == "0", "writing xvda failed: %s" % w.group(1))
    ro = run.line(r"GUEST vbd disk write xvdb rc=(\d+) err=(.*)", 60)
    check(ro.group(2) != "0", "writing read-only xvdb succeeded: %s"
          % ro.group(1))
    run.line(r"GUEST vbd shell", 60)
    run.detach("write")
    return took, float(w.group(3)), ro.group(3)


def read_phase(run):
    run.attached("read", "vbd")
    guest_disks(run)
    m = run.line(r"GUEST vbd disk read xvda match=(\w+) secs=([\d.]+)", 120)
    check(m.group(2) == "yes", "the pattern did not come back: %s"
          % m.group(1))
    h = run.line(r"GUEST vbd disk read xvdb head=(\S*)", 60)
    check(h.group(2).startswith("xmhv-read-only"),
          "xvdb holds %r" % h.group(2))
    run.line(r"GUEST vbd shell", 60)
    run.detach("read")
    return float(m.group(3))


def check_nodes(b):
    """Both disks connected (state 4 each side), as the script says."""
    nodes = b.matching(r"TS node (\d+) be-state=(\d*) fe-state=(\d*) "
                       r"hotplug=(\S*) physdev=(\S*) mode=(\S*) "
                       r"type=(\S*) fe-virtual-device=(\S*)")
    check(len(nodes) == 2, "node lines: %s" % [n.group(0) for n in nodes])
    for n, mode in zip(nodes, ("w", "r")):
        check(n.group(2) == "4" and n.group(3) == "4" and
              n.group(4) == "connected" and re.match(r"7:\w+$", n.group(5))
              and n.group(6) == mode and n.group(7) == "file" and
              n.group(8) == n.group(1), "disk %s: %s" % (n.group(1),
                                                          n.group(0)))


def file_disks(logdir):
    """file: disks, read-write and read-only: errors refused in one line
    leaving nothing; the guest sees the sizes and modes, writes a pattern,
    cannot write the read-only disk; shut down, created again, it reads the
    pattern back; destroyed; no loop device or backend node after each."""
    with Run(logdir, "vbd-file", "vbd") as run:
        took, wsecs, ro_err = write_phase(run)
        rsecs = read_phase(run)
        res = run.done(600)
        b = run.b
    one_line(res, "missing", r"disk 'file:/nope\.img,xvda,w': /nope\.img: "
             r"No such file or directory$")
    one_line(res, "notblock", r"disk 'phy:/etc/passwd,xvda,w': "
             r"/etc/passwd: not a block device$")
    start = left(b, "start")
    check(left(b, "errors") == start, "failed creates left %s (before: %s)"
          % (left(b, "errors"), start))
    check(left(b, "running")[:2] == (2, 1), "while running: %s loop "
          "devices, %s backend domains (want 2, 1)" % left(b, "running")[:2])
    check_nodes(b)
    for label in ("shutdown", "destroy"):
        check(res[label][0] == 0, "xm %s: %s" % (label, res[label]))
        g = b.matching(r"TS gone %s rc=(\d+)" % label)
        check(g and g[0].group(1) == "0", "after xm %s the domain stayed"
              % label)
        check(left(b, label) == start, "after xm %s: %s (before: %s)"
              % (label, left(b, label), start))
    return ("create to first line %.1fs; 1 MiB written in %.2fs (%.0f "
            "KiB/s), read back in %.2fs; xvdb write refused (%s)"
            % (took, wsecs, 1024 / max(wsecs, 0.01), rsecs, ro_err.strip()))


SCENARIOS = [("vbd-file", file_disks)]
