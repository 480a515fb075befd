#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Live migration between two hosts, measured (issue 10, item 8); ours
only, by hand (about 10 minutes on a quiet host):

    python3 tests/bench/migrate.py [--legs N] [--rates 0,4] [--dirty]

The two QEMU hosts of the migrate-2hosts scenario (scenarios_hosts2.py:
dom0s joined by bridge xenbr1 on a socket link, the guest's disk shared).
For each dirtying rate (MiB a second the guest rewrites in place,
xmhv.dirtyrate; 0: idle but for its checker's tick), a 128 MiB guest
with a vif on xenbr1 is created on A and migrated live N legs, A to B
and back, while both dom0s ping it ten times a second.  Per leg: total
time and downtime as xm reports them, pages sent in each pre-copy round
and in the stop-and-copy (xm's "sent so far" lines), the longest
stand-still the guest saw (its gapwatch), and the downtime seen from
outside: the longest run of pings without a reply, times 0.1 s (the
worse of the two dom0s), and whether the guest came through whole: the
same checker process with the same memory checksum, process list and
disk content as when it was created, ticking on since the leg before
(and with --dirty, which adds the
system test's stamped 1 MiB a tick, that every stamp reads back as
written: mem=ok).  `--legs 100 --rates 0 --dirty` is issue 10's 100
back-to-back migrations.  Measurements, not pass/fail; the serial logs
are build/bench/migrate-bench-{a,b}.log."""

import argparse
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "system"))

from qemu import TestFailure  # noqa: E402
from scenarios_hosts2 import ADDR, Hosts, mem_ok, ticks_of  # noqa: E402
from scenarios_save import gap, same_process, secs  # noqa: E402

OUT = os.path.join(TOP, "build", "bench")
PING_SECS = 0.1


def rounds(out):
    """Pages sent in each round: xm's cumulative "sent so far", the
    stop-and-copy last (the final round's dirty count)."""
    sent = [int(m.group(1)) for m in
            (re.search(r"(\d+) pages sent so far", x) for x in out) if m]
    per = [b - a for a, b in zip([0] + sent, sent)]
    last = [int(m.group(1)) for m in
            (re.search(r"sent so far, (\d+) dirty", x) for x in out) if m]
    return per + last[-1:]


def ping_lost(h, label):
    """The longest run of unanswered pings of either dom0, in seconds."""
    worst = 0
    for r in h.runs:
        m = r.b.matching(r"TS ping %s got=(\d+) last=\d+ lostrun=(\d+)"
                         % label)
        if m:
            worst = max(worst, int(m[0].group(2)))
    return worst * PING_SECS


def whole(h, dst, label, before, dirty):
    """("ok", its tick), or how the guest at dst differs from its tick
    before (the same checker, memory, processes and disk, its tick count
    gone on: a guest that stopped ticking is not whole)."""
    try:
        after = ticks_of(h.runs[dst], label)
        same_process(before, after, label)
        if dirty:
            mem_ok(h.runs[dst], label)
    except TestFailure as e:
        return str(e), before
    return "ok", after


def leg(h, src, dst, label):
    for i in (0, 1):
        h.do(i, "pingstart")
    h.do(src, "send %s %s" % (label, ADDR[dst]))
    h.do(dst, "arrived %s" % label)
    for i in (0, 1):
        h.do(i, "pingstop %s" % label)
    res = h.runs[src].results().get(label, [None, []])
    out = res[1]
    down = re.search(r"downtime (\d+) ms", out[-1] if out else "")
    return {"rc": res[0], "secs": secs(h.runs[src].b, label),
            "down_ms": int(down.group(1)) if down else None,
            "rounds": rounds(out), "gap": gap(h.runs[dst].b, label),
            "ping_s": ping_lost(h, label)}


def bench_rate(h, rate, legs, dirty):
    h.do(0, "benchcreate %d%s" % (rate, " dirty" if dirty else ""), 420)
    before = ticks_of(h.runs[0], "bench")
    done = []
    for k in range(legs):
        src = k % 2
        label = "r%d-%d" % (rate, k)
        done.append(leg(h, src, 1 - src, label))
        done[-1]["whole"], before = whole(h, 1 - src, label, before, dirty)
        print("leg %d: %.1f s, %s" % (k, done[-1]["secs"], done[-1]["whole"]),
              flush=True)
    h.do(legs % 2, "destroy")
    return done


def report(rate, legs):
    print("\ndirtying %d MiB/s:" % rate)
    print("%-4s %8s %9s %9s %10s  %s" % ("leg", "total s", "xm down",
                                         "ping down", "guest gap",
                                         "pages per round (last: stopped)"))
    for k, x in enumerate(legs):
        print("%-4s %8.1f %7s ms %8.1f s %10s  %s"
              % ("AB"[k % 2] + ">" + "BA"[k % 2], x["secs"],
                 x["down_ms"] if x["down_ms"] is not None else "n/a",
                 x["ping_s"], x["gap"],
                 " ".join(str(p) for p in x["rounds"])
                 if x["rc"] == 0 else "failed (rc %s)" % x["rc"]))
    bad = [(k, x["whole"]) for k, x in enumerate(legs) if x["whole"] != "ok"]
    print("guest whole after %d of %d legs%s" % (len(legs) - len(bad),
                                                 len(legs), "".join(
        "\n  leg %d: %s" % b for b in bad)))
    t = sorted(x["secs"] for x in legs)
    d = sorted(x["down_ms"] for x in legs if x["down_ms"] is not None)
    print("total %.1f-%.1f s, median %.1f s; xm downtime %s ms"
          % (t[0], t[-1], t[len(t) // 2],
             "%d-%d, median %d" % (d[0], d[-1], d[len(d) // 2]) if d
             else "n/a"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--legs", type=int, default=4)
    ap.add_argument("--rates", default="0,4")
    ap.add_argument("--dirty", action="store_true")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    results = {}
    with Hosts(OUT, "migrate-bench") as h:
        for i in (0, 1):
            h.do(i, r"allow ^10\.99\.0\.[12]$")
        for rate in (int(x) for x in args.rates.split(",")):
            results[rate] = bench_rate(h, rate, args.legs, args.dirty)
        for r in h.runs:
            r.type("finish\n")
    for rate, legs in results.items():
        report(rate, legs)


if __name__ == "__main__":
    main()
