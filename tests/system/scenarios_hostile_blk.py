# SPDX-License-Identifier: GPL-2.0-only
"""A misbehaving blkfront (issue 9, point 6): tests/guests/hostile-blkfront.c
as an unprivileged domU created by xm with a file: disk (dom0's
xen-blkback) and a tap:aio: disk (our xen-blkd) plays wild ring indexes,
bad grants, sectors out of range, too many segments, requests never
collected, a revoked ring page and abrupt disconnects, checking the error
responses, and prints its verdict on the hypervisor's console.  Meanwhile
guest 'normal' writes and reads its own file: disk once a second.  The
dom0 script is config/dom0/toolstack/hostile-blk.sh."""

from qemu import check
from scenarios_toolstack import FATAL, Run

# Bound on the guest's part of a non-forced detach of an idle disk (xend
# waits 10 s for it; the guest takes 50-200 ms).
CLOSE_MS = 3000
VERDICT = r"\(d(\d+)\) VERDICT (hostile-blkfront-x64: \w+.*)$"


def loops(b, when):
    m = b.matching(r"TS loops %s n=(\d+) bad=(\d+)" % when)
    check(m, "no loops %s line" % when)
    return int(m[0].group(1)), int(m[0].group(2))


def check_left(b):
    m = b.matching(r"TS left destroy daemons=(\d+) loops=(\d+) vbd=(\w) "
                   r"qdisk=(\w) home=(\w)")
    check(m and m[0].groups() == ("0", "0", "n", "n", "n"),
          "after xm destroy of the hostile guest: %s (want no daemon, "
          "loop device or node)" % (m[0].group(0) if m else "no line"))


def check_guest(b, hid):
    fails = [m.group(0) for m in b.matching(r"\(d%s\) check .*: FAIL.*"
                                             % hid)]
    v = b.matching(VERDICT)
    check(len(v) == 1 and v[0].group(1) == hid and
          v[0].group(2).endswith("PASS"),
          "hostile guest: %s %s" % ([x.group(0) for x in v], fails))
    check(not b.matching(r"Domain %s crashed|d%sv0: triple fault"
                         % (hid, hid)), "the hostile guest crashed")


def check_detach(b, res):
    """A disk attached to the normal guest is let go by its blkfront at
    once on a non-forced block-detach, also after a refused attach
    (xend's log says how long it waited for Closed).  The whole command's
    seconds are reported, not judged: on a loaded host they are the block
    remove script's and dom0's process start-ups."""
    took = {}
    for label in ("plain", "refused"):
        m = b.matching(r"TS detach %s took=([\d.]+)" % label)
        check(res.get("block-detach-" + label, [1])[0] == 0 and m,
              "block-detach (%s): %s" % (label,
                                         res.get("block-detach-" + label)))
        took[label] = float(m[0].group(1))
    closed = [int(m.group(1)) for m in
              b.matching(r"xend-detach: .* detached: closed in (\d+) ms")]
    check(len(closed) == 2 and max(closed) < CLOSE_MS,
          "the guest let the detached disk go in %s ms (want < %d)"
          % (closed, CLOSE_MS))
    return took, closed


def hostile_blkfront(logdir):
    """The hostile frontend gets its errors and never brings down the
    hypervisor, dom0, xend or the backends; the normal guest's disk loop
    goes on during and after; xm destroy leaves nothing of it."""
    with Run(logdir, "hostile-blkfront", "hostile-blk",
             hv_extra="guest_loglvl=all") as run:
        b = run.b
        hid = run.line(r"TS hostile wait id=(\d+)", 600).group(2)
        b.wait_for(r"(%s)|(%s)" % (VERDICT, FATAL), timeout=600,
                   start=b.last_index)
        run.type("go\n")
        res = run.done(600)
    check(not b.matching(FATAL), "dom0 or the hypervisor went down")
    check_guest(b, hid)
    before, during, after = (loops(b, w) for w in ("before", "during",
                                                    "after"))
    check(before[0] >= 2 and during[0] > before[0] and after[0] > during[0],
          "the normal guest's disk loop stalled: rounds %d before, %d "
          "during, %d after" % (before[0], during[0], after[0]))
    check(after[1] == 0, "%d of the normal guest's rounds failed"
          % after[1])
    check_left(b)
    check(res["list"][0] == 0 and res["destroy-normal"][0] == 0,
          "xend after the hostile guest: list %s, destroy %s"
          % (res["list"], res["destroy-normal"]))
    took, closed = check_detach(b, res)
    return "verdict PASS; normal guest's disk loop rounds %d/%d/%d " \
        "(before/during/after), none bad; nothing left; block-detach " \
        "%.1f s, %.1f s after a refused attach (guest closed in %s ms)" % (
            before[0], during[0], after[0], took["plain"], took["refused"],
            closed)


SCENARIOS = [("hostile-blkfront", hostile_blkfront)]
