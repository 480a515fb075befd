#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Back-to-back live migrations on one host, measured (issue 10); ours
only, by hand (about 20 s a leg on a quiet host):

    python3 tests/bench/migloop.py [--legs N]

One QEMU host (the toolstack scenarios' dom0); its script,
config/dom0/toolstack/migloop.sh, creates the memtest guest 'sr' with a
phy: disk and a vif, then migrates it live to localhost N times, each
leg waiting for three more ticks of the same checker.  Cheaper than the
two-host bench (tests/bench/migrate.py) and enough to wear a guest's
suspend and resume N times: a guest that stops ticking is reported with
its xenstore devices and console, and the hypervisor's 'q', 'e' and 'g'
keys are pressed for it.  Per leg: xm's total time; at the end the
spread, and any line the hypervisor printed that is not routine.  The
serial log is build/bench/migloop.log."""

import argparse
import os
import re
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "system"))

from scenarios_toolstack import Run  # noqa: E402

OUT = os.path.join(TOP, "build", "bench")
LEG = r"TS leg (\d+) rc=(\d+) old=(\d+) new=(\d*) secs=([\d.]+)"
ROUTINE = r"\(XEN\) (d\d+ created|Domain \d+ shut down: suspend)"


def press(b, keys):
    """The hypervisor's debug keys, through the serial line."""
    for k in keys:
        b.send("\x01\x01\x01")
        time.sleep(0.5)
        b.send(k)
        b.drain(5)
    b.send("\x01\x01\x01")


def watch(b, limit):
    """Until the script ends or reports a stuck guest; False if stuck."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        b.drain(5)
        text = [t for _, t in b.lines[-60:]]
        if any("DOM0 script migloop: done" in t for t in text):
            return True
        if any("TS waiting for keys" in t for _, t in b.lines):
            press(b, "qeg")
            return False
        if b.proc.poll() is not None:
            return False
    return False


def report(b, ok):
    legs = [m.groups() for m in b.matching(LEG)]
    secs = sorted(float(x[4]) for x in legs if x[1] == "0")
    print("%d legs, %d answered rc=0%s" % (len(legs), len(secs),
                                            "" if ok else "; then stuck"))
    if secs:
        print("xm migrate --live: %.1f-%.1f s, median %.1f s"
              % (secs[0], secs[-1], secs[len(secs) // 2]))
    text = [t for _, t in b.lines]
    first = next((i for i, t in enumerate(text) if "d1 created" in t), 0)
    odd = [t for t in text[first:] if t.startswith("(XEN)") and
           not re.search(ROUTINE, t)]
    for t in odd[-20:]:
        print("  " + t[:200])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--legs", type=int, default=40)
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    with Run(OUT, "migloop", "migloop",
             extra="xmhv.loops=%d" % args.legs) as run:
        ok = watch(run.b, 120 * args.legs + 600)
        report(run.b, ok)


if __name__ == "__main__":
    main()
