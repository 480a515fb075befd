# SPDX-License-Identifier: GPL-2.0-only
"""Disks through our userspace block backend (issue 9, items 2, 5 and 7):
xend starts one xen-blkd per tap:aio:/tap:qcow2: disk (backend kind
qdisk, dom0-drivers/blkd, docs/blkd.md) and the guest's unmodified
xen-blkfront connects to it.  The dom0 script is
config/dom0/toolstack/tap.sh; the guest's disk test (config/guest/init,
xmhv.disktest=) prints "GUEST tap disk ..." lines on its console."""

import scenarios_vbd
from qemu import check
from scenarios_toolstack import Run, one_line

MIB_SECTORS = 2048
TAP_MB = 32
SIZE = (TAP_MB + 8) * MIB_SECTORS
# xvda tap:aio, xvdb file: (dom0's blkback, for the rates), xvdc qcow2.
DISKS = {"xvda": (SIZE, "0"), "xvdb": (SIZE, "0"), "xvdc": (SIZE, "0")}


def phase(run, label):
    return scenarios_vbd.phase(run, label, "tap")[0]


def check_sizes(lines, label):
    scenarios_vbd.check_sizes(lines, label, DISKS, "tap")


def check_write(lines):
    """{device: (write secs, read secs)} of the rate lines."""
    check_sizes(lines, "write")
    _, rates = scenarios_vbd.check_written(lines, DISKS, TAP_MB, "tap")
    return {d: (float(m.group(2)), float(m.group(3)))
            for d, m in rates.items()}


def check_read(lines):
    check_sizes(lines, "read")
    scenarios_vbd.check_read_back(lines, DISKS, "tap")


def left(b, when):
    return scenarios_vbd.left(b, when, "daemons")


def check_nodes(b):
    nodes = b.matching(r"TS node (\d+) be-state=(\d*) fe-state=(\d*) "
                       r"hotplug=(\S*) params=(\S*) persistent=(\S*) "
                       r"indirect=(\S*)")
    check(len(nodes) == 2, "node lines: %s" % [n.group(0) for n in nodes])
    for n in nodes:
        check(n.group(2) == "4" and n.group(3) == "4" and
              n.group(4) == "connected" and n.group(7) == "256",
              "disk %s: %s" % (n.group(1), n.group(0)))


def check_teardown(b, res, start):
    check(left(b, "running")[:2] == (len(DISKS) - 1, 1),
          "while running: %s daemons, %s backend domains (want %d, 1)"
          % (left(b, "running")[:2] + (len(DISKS) - 1,)))
    scenarios_vbd.check_gone(b, res, start, ("destroy", "shutdown"),
                             "daemons")


def check_hotplug(b, res):
    """xvdd (tap:qcow2 over the raw image) attached to the running guest
    with a daemon of its own, listed, detached with its daemon gone."""
    m = b.matching(r"TS hot attached fe-state=(\d*) daemons=(\d+)")
    check(m and m[0].group(1) == "4" and m[0].group(2) == str(len(DISKS)),
          "block-attach: %s (want frontend state 4, %d daemons)"
          % (m[0].group(0) if m else "no line", len(DISKS)))
    rows = [line.split() for line in res["block-list-hot"][1][1:]]
    check(any(r[0] == "51760" and "/backend/qdisk/" in r[-1] for r in rows),
          "block-list while attached: %s" % (res["block-list-hot"],))
    check(res["block-detach"][0] == 0, "block-detach: %s"
          % (res["block-detach"],))
    m = b.matching(r"TS hot detached fe-state=(\d*) daemons=(\d+)")
    check(m and m[0].group(1) == "" and
          m[0].group(2) == str(len(DISKS) - 1),
          "block-detach left: %s" % (m[0].group(0) if m else "no line"))


def rate(mb, secs):
    return "%.1f MiB/s" % (mb / max(secs, 0.001))


def tap_disks(logdir):
    """tap:aio: (and tap:qcow2:) disks served by xen-blkd: bad images
    refused in one line leaving nothing; the guest sees the sizes, writes
    a pattern and TAP_MB MiB; destroyed and created again, it reads the
    pattern back, gets a tap:qcow2: disk attached and detached; shut
    down.  No daemon or backend node is left after
    the failed creates, the destroy and the shutdown."""
    with Run(logdir, "tap-disks", "tap") as run:
        wlines = phase(run, "write")
        rlines = phase(run, "read")
        res = run.done(900)
        b = run.b
    rates = check_write(wlines)
    check_read(rlines)
    one_line(res, "missing", r"disk 'tap:aio:/nope\.img,xvda,w': "
             r"/nope\.img: No such file or directory$")
    one_line(res, "badqcow", r"disk 'tap:qcow2:\S+/tap-file\.img,xvde,w': "
             r"\S+/tap-file\.img: not a qcow2 image \(bad magic\)$")
    start = left(b, "start")
    check(start[:2] == (0, 0), "at the start: %s" % (start,))
    check(left(b, "errors") == start, "failed creates left %s (before: %s)"
          % (left(b, "errors"), start))
    check_nodes(b)
    check_hotplug(b, res)
    check_teardown(b, res, start)
    check(res["qemu-img-check"][0] == 0, "qemu-img check: %s"
          % (res["qemu-img-check"],))
    return "; ".join("%s %s write %s read %s" % (
        d, {"xvda": "tap:aio", "xvdb": "file", "xvdc": "tap:qcow2"}[d],
        rate(TAP_MB, w), rate(TAP_MB, r)) for d, (w, r) in
        sorted(rates.items()))


SCENARIOS = [("tap-disks", tap_disks)]
