# SPDX-License-Identifier: GPL-2.0-only
"""Disks through dom0's kernel (issue 9, items 1, 5 and 7): xend writes a
disk's backend and frontend nodes as libxl does, runs the block hotplug
script (tools/hotplug/block), Debian's xen-blkback in dom0 serves it and
the guest's xen-blkfront makes /dev/xvdX.  The dom0 script is
config/dom0/toolstack/vbd.sh; the guest's disk test (config/guest/init,
xmhv.disktest=) prints "GUEST vbd disk ..." lines on its console, which
the script attaches to the serial line."""

import re

from qemu import TestFailure, check
from scenarios_toolstack import FATAL, Run, one_line

MIB_SECTORS = 2048
# What the guest must see: sectors and the ro flag of each disk.
DISKS = {"xvda": (16 * MIB_SECTORS, "0"), "xvdb": (8 * MIB_SECTORS, "1"),
         "xvdc": (16 * MIB_SECTORS, "0")}
WRITABLE = ("xvda", "xvdc")
DEVIDS = {"51712": ("w", "file"), "51728": ("r", "file"),
          "51744": ("w", "phy")}


def phase(run, label, guest="vbd"):
    """Attach, wait for the guest's shell line, detach: the guest's disk
    lines of this phase (only those after "TS attach label")."""
    b = run.b
    run.line(r"TS attach %s$" % label, 600)
    start = b.last_index
    try:
        _, m = b.wait_for(r"(GUEST %s shell)|(%s)" % (guest, FATAL),
                          timeout=600, start=start)
    except TestFailure as e:
        raise TestFailure("%s: no guest shell: %s" % (label, e))
    check(m.group(1), "%s: %s" % (label, m.group(0)))
    end = b.last_index
    run.detach(label)
    lines = [t for _, t in b.lines[start:end]]
    first = [s for s, t in b.lines[start:end]
             if t.startswith("GUEST %s init" % guest)]
    took = first[0] - b.lines[start][0] if first else None
    return [t for t in lines if t.startswith("GUEST %s disk " % guest)], took


def grab(lines, pattern, guest="vbd"):
    """{device: match} of the lines matching pattern (group 1: device)."""
    out = {}
    for t in lines:
        m = re.match(r"GUEST %s disk " % guest + pattern, t)
        if m:
            out[m.group(1)] = m
    return out


def check_sizes(lines, label, disks=DISKS, guest="vbd"):
    seen = {d: (int(m.group(2)), m.group(3)) for d, m in
            grab(lines, r"(xvd\w+) sectors=(\d+) ro=(\d)", guest).items()}
    check(seen == disks, "%s: the guest sees %s (want %s)"
          % (label, seen, disks))


def check_written(lines, disks, mb=8, guest="vbd"):
    """Each of disks took the pattern and has its rate line ({device:
    match} of the write lines, and of the rate lines)."""
    w = grab(lines, r"write (xvd\w+) rc=(\d+) (.*)", guest)
    for d in disks:
        check(d in w and w[d].group(2) == "0", "writing %s: %s"
              % (d, w[d].group(0) if d in w else "no line"))
    rates = grab(lines, r"rate (xvd\w+) write_%dm_secs=([\d.]+) "
                        r"read_%dm_secs=([\d.]+)" % (mb, mb), guest)
    check(set(rates) == set(disks), "rate lines: %s" % list(rates))
    return w, rates


def check_write(lines):
    check_sizes(lines, "write")
    w, rates = check_written(lines, WRITABLE)
    check("xvdb" in w and w["xvdb"].group(2) != "0",
          "writing read-only xvdb: %s" % (w["xvdb"].group(0) if "xvdb" in w
                                          else "no line"))
    return w, rates


def check_read_back(lines, disks, guest="vbd"):
    """The pattern came back from each of disks ({device: match} of the
    read lines)."""
    r = grab(lines, r"read (xvd\w+) (match=(\w+) secs=([\d.]+)|head=(\S*))",
             guest)
    for d in disks:
        check(d in r and r[d].group(3) == "yes",
              "the pattern did not come back from %s: %s"
              % (d, r[d].group(0) if d in r else "no line"))
    return r


def check_read(lines):
    check_sizes(lines, "read")
    r = check_read_back(lines, WRITABLE)
    check("xvdb" in r and (r["xvdb"].group(5) or "").startswith(
          "xmhv-read-only"), "xvdb: %s" % (r["xvdb"].group(0)
                                            if "xvdb" in r else "no line"))


def left(b, when, what="loops"):
    """The script's "TS left" line: what (loop devices, daemons), backend
    domains, domains."""
    m = b.matching(r"TS left %s %s=(\d+) backends=(\d+) domains=(\S*)"
                   % (when, what))
    check(m, "no 'TS left %s' line" % when)
    return int(m[0].group(1)), int(m[0].group(2)), m[0].group(3)


def check_nodes(b):
    """Every disk connected (state 4 each side), as the script says."""
    nodes = b.matching(r"TS node (\d+) be-state=(\d*) fe-state=(\d*) "
                       r"hotplug=(\S*) physdev=(\S*) mode=(\S*) "
                       r"type=(\S*) fe-virtual-device=(\S*)")
    check(len(nodes) == 3, "node lines: %s" % [n.group(0) for n in nodes])
    for n in nodes:
        mode, kind = DEVIDS[n.group(1)]
        check(n.group(2) == "4" and n.group(3) == "4" and
              n.group(4) == "connected" and re.match(r"7:\w+$", n.group(5))
              and n.group(6) == mode and n.group(7) == kind and
              n.group(8) == n.group(1), "disk %s: %s" % (n.group(1),
                                                          n.group(0)))


def check_block_list(res, label, extra=()):
    r, out, err = res[label]
    check(r == 0 and out and out[0].split()[:3] == ["Vdev", "BE", "handle"],
          "xm %s: %s" % (label, res[label]))
    rows = [l.split() for l in out[1:]]
    check(sorted(x[0] for x in rows) == sorted(list(DEVIDS) + list(extra))
          and
          all(x[3] == "4" and "/backend/vbd/" in x[6] for x in rows),
          "xm %s rows: %s" % (label, out))


def check_gone(b, res, start, labels=("shutdown", "destroy"),
               what="loops"):
    """After each xm command of labels the domain went and the script's
    "TS left" line is as it was at the start."""
    for label in labels:
        check(res[label][0] == 0, "xm %s: %s" % (label, res[label]))
        g = b.matching(r"TS gone %s rc=(\d+)" % label)
        check(g and g[0].group(1) == "0", "after xm %s the domain stayed"
              % label)
        check(left(b, label, what) == start, "after xm %s: %s (before: %s)"
              % (label, left(b, label, what), start))


def check_teardown(b, res, start):
    check_gone(b, res, start)
    check(left(b, "running")[:2] == (start[0] + 2, 1),
          "while running: %s loop devices, %s backend domains (want %d, 1)"
          % (left(b, "running")[:2] + (start[0] + 2,)))


def check_hotplug(b, res):
    """xvdd attached to the running guest (its frontend connected) and
    detached again; attaching over xvda, the read-write xvda's file again
    (read-only) and detaching twice refused."""
    loops = left(b, "running")[0]
    m = b.matching(r"TS hot attached fe-state=(\d*) loops=(\d+)")
    check(m and m[0].group(1) == "4" and int(m[0].group(2)) == loops + 1,
          "block-attach: %s (want frontend state 4, %d loop devices)"
          % (m[0].group(0) if m else "no line", loops + 1))
    check_block_list(res, "block-list-hot", ["51760"])
    one_line(res, "attach-again", r"disk 'file:\S+vbd-hot\.img,xvda,w': "
             r"domain \d+ already has vbd 51712$")
    # The script detaches again when the guest took more than 10 s
    # (res keeps the last status; the first one's stderr is in the list).
    one_line(res, "attach-shared", r"disk 'file:\S+vbd-rw\.img,xvde,r': "
             r"\S+vbd-rw\.img: already in use by /dev/loop\d+ \(sharing "
             r"with a writer refused\)$")
    check(res["block-detach"][0] == 0, "block-detach: %s"
          % (res["block-detach"],))
    m = b.matching(r"TS hot detached fe-state=(\d*) loops=(\d+)")
    check(m and m[0].group(1) == "" and int(m[0].group(2)) == loops,
          "block-detach left: %s" % (m[0].group(0) if m else "no line"))
    one_line(res, "detach-again", r"domain \d+ has no vbd 51760$")


def disks(logdir):
    """file: (read-write and read-only) and phy: disks: errors refused in
    one line leaving nothing; the guest sees the sizes and modes, writes a
    pattern, cannot write the read-only disk; shut down and created again,
    it reads the pattern back; rebooted (on_reboot = 'restart'), the new
    domain gets its disks again and reads it once more; a disk attached
    and detached while it runs; destroyed.  No loop device or backend node
    is left after any of them."""
    with Run(logdir, "vbd-disks", "vbd") as run:
        wlines, took = phase(run, "write")
        rlines, _ = phase(run, "read")
        res = run.done(900)
        b = run.b
    w, rates = check_write(wlines)
    check_read(rlines)
    one_line(res, "missing", r"disk 'file:/nope\.img,xvda,w': /nope\.img: "
             r"No such file or directory$")
    one_line(res, "notblock", r"disk 'phy:/etc/passwd,xvda,w': "
             r"/etc/passwd: not a block device$")
    start = left(b, "start")
    check(start[:2] == (1, 0), "at the start: %s (want the script's own "
          "loop device, no backend)" % (start,))
    check(left(b, "errors") == start, "failed creates left %s (before: %s)"
          % (left(b, "errors"), start))
    check_nodes(b)
    check_block_list(res, "block-list")
    check_block_list(res, "block-list-2")
    rb = b.matching(r"TS reboot old=(\d+) new=(\d*)")
    check(rb and rb[0].group(2) and rb[0].group(2) != rb[0].group(1),
          "reboot: %s" % (rb[0].group(0) if rb else "no line"))
    m = b.matching(r"TS restarted matches before=(\d+) after=(\d+)")
    check(m and int(m[0].group(2)) >= int(m[0].group(1)) + 2,
          "the restarted guest did not read the pattern back: %s"
          % (m[0].group(0) if m else "no line"))
    check_hotplug(b, res)
    check_teardown(b, res, start)
    wa, ra = (float(rates["xvda"].group(x)) for x in (2, 3))
    return ("create to first line %.1fs; xvda 8 MiB written in %.2fs (%.0f "
            "KiB/s), read in %.2fs (%.0f KiB/s); xvdb write refused (%s)"
            % (took, wa, 8192 / max(wa, 0.01), ra, 8192 / max(ra, 0.01),
               w["xvdb"].group(3).strip()))


SCENARIOS = [("vbd-disks", disks)]
