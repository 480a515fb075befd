#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Back-to-back live migrations on one host, measured (issue 10), on
ours or on Debian's Xen 4.17, by hand (about 20 s a leg on a quiet
host):

    python3 tests/bench/migloop.py [--legs N] [--mem MiB]
                                   [--hv xmhv|xen-4.17]

One QEMU host; its dom0 script, config/dom0/toolstack/migloop.sh,
creates the memtest guest 'sr' with a phy: disk and a vif, then migrates
it live to localhost N times (xm on ours; xl on Xen 4.17, in the
reference dom0 of tests/bench/run.py), each leg waiting for three more
ticks of the same checker.  Cheaper than the two-host bench
(tests/bench/migrate.py) and enough to wear a guest's suspend and
resume N times: a guest that stops ticking is reported with its
xenstore devices and console, and the hypervisor's 'q', 'e' and 'g'
keys are pressed for it.  Per leg: the migration's time and the guest's
MemAvailable; at the end the spread, what the guest lost per leg, and
any line the hypervisor printed that is not routine; and whether every
leg's last tick came from the same checker process with the same memory
checksum (sum=) as before the first leg.  Serial logs:
build/bench/migloop-<hv>.log."""

import argparse
import os
import re
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "system"))
sys.path.insert(0, os.path.join(TOP, "tests", "bench"))

import run as bench  # noqa: E402
from qemu import SWITCH, Boot, to_hypervisor  # noqa: E402
from scenarios_toolstack import Run  # noqa: E402

OUT = os.path.join(TOP, "build", "bench")
LEG = (r"TS leg (\d+) rc=(\d+) old=(\d+) new=(\d*) secs=([\d.]+)"
       r".* avail=(\d+)")
ROUTINE = r"\(XEN\) (d\d+ created|Domain \d+ shut down: suspend)"


def watch(b, limit):
    """Until the script ends or reports a stuck guest; False if stuck."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        b.drain(5)
        text = [t for _, t in b.lines[-60:]]
        if any("DOM0 script migloop: done" in t for t in text):
            return True
        if any("TS waiting for keys" in t for _, t in b.lines):
            to_hypervisor(b, "qeg")
            b.drain(20)
            b.send(SWITCH)
            return False
        if b.proc.poll() is not None:
            return False
    return False


def report(b, ok, ours=True):
    legs = [m.groups() for m in b.matching(LEG)]
    secs = sorted(float(x[4]) for x in legs if x[1] == "0")
    print("%d legs, %d answered rc=0%s" % (len(legs), len(secs),
                                            "" if ok else "; then stuck"))
    if secs:
        print("live migration: %.1f-%.1f s, median %.1f s"
              % (secs[0], secs[-1], secs[len(secs) // 2]))
    m = b.matching(r"TS tick before .* avail=(\d+)")
    if m and legs:
        lost = int(m[0].group(1)) - int(legs[-1][5])
        print("guest MemAvailable: %s KiB before, %s after %d legs: %d KiB "
              "lost a leg" % (m[0].group(1), legs[-1][5], len(legs),
                              lost // len(legs)))
    ticks = [re.search(r"pid=(\d+) .*sum=(\w+)", t) for _, t in b.lines
             if t.startswith("TS tick before") or re.match(LEG, t)]
    same = {m.groups() for m in ticks if m}
    print("checker pid and memory checksum over %d ticks: %s"
          % (len(ticks), "the same every time" if len(same) == 1
             else "CHANGED: %s" % sorted(same)))
    if not ours:
        return
    text = [t for _, t in b.lines]
    first = next((i for i, t in enumerate(text) if "d1 created" in t), 0)
    odd = [t for t in text[first:] if t.startswith("(XEN)") and
           not re.search(ROUTINE, t)]
    for t in odd[-20:]:
        print("  " + t[:200])


def xen417(legs, mem):
    """Debian's Xen 4.17 with the reference dom0 (PV, xl), as run.py's
    toolstack benchmarks boot it."""
    kernel = bench.debian_kernel()
    modules = [kernel + " console=hvc0 earlyprintk=xen quiet "
               "xmhv.script=migloop xmhv.loops=%d xmhv.migmem=%d"
               % (legs, mem),
               bench.reference_initrd(kernel)]
    return Boot("migloop-xen-4.17", OUT, mem=2048, smp=2,
                kernel=bench.xen417_image(), modules=modules,
                cmdline="dom0_mem=768M,max:768M noreboot")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--legs", type=int, default=40)
    ap.add_argument("--mem", type=int, default=128, help="guest MiB")
    ap.add_argument("--hv", choices=("xmhv", "xen-4.17"), default="xmhv")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if args.hv == "xen-4.17":
        with xen417(args.legs, args.mem) as b:
            ok = watch(b, 120 * args.legs + 900)
            report(b, ok, ours=False)
        return
    with Run(OUT, "migloop-xmhv", "migloop",
             extra="xmhv.loops=%d xmhv.migmem=%d"
             % (args.legs, args.mem)) as run:
        ok = watch(run.b, 120 * args.legs + 600)
        report(run.b, ok)


if __name__ == "__main__":
    main()
