#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Robustness soak, side by side with Debian's Xen 4.17 under the same QEMU.

    python3 tests/bench/soak.py [--idle S] [--load S] [--smp 2 --smp 4]
                                [--only xmhv|xen-4.17]

For each hypervisor and each vCPU count: Debian's kernel boots as PVH dom0
into the shell of config/dom0's initramfs; the host then types commands on
the serial console.  dom0 is left idle for --idle seconds (default 600),
then loaded for --load seconds (default 120: one busy loop per vCPU plus a
loop of short sleeps, which keeps the timers of every vCPU armed).  After
each phase the host reads:
  - dom0's uptime advance against the host's clock over the phase: a lost
    or late timer interrupt shows as a ratio below 1;
  - the kernel log written during the soak (cleared when it starts) for
    soft lockups, RCU stalls, hung tasks, clocksource
    watchdog complaints and timekeeping warnings (any line is a finding);
  - the timer interrupt counts of every vCPU (each must have grown).
These are findings, printed with the figures; the script exits non-zero
only when a side that booted reports a problem, so it can gate by hand,
but it is not part of `make test` (a 10-minute idle phase is a soak, not
a unit of the test suite).  Serial logs: build/bench/soak-<name>.log."""

import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import (OUT, INITRAMFS, MACHINE, TOP, FATAL,  # noqa: E402
                 Hypervisor, build, debian_kernel, xen417_image, reach)
from qemu import Boot, TestFailure  # noqa: E402

# Kernel log lines that mean a vCPU stopped getting time or interrupts.
BAD = (r"soft lockup|rcu.*stall|hung_task|blocked for more|"
       r"watchdog: BUG|clocksource.*unstable|skew|NOHZ")

MARK = "SOAK"


def shell(b, cmd, pattern, timeout=60):
    """Type cmd at dom0's shell; wait for a line matching pattern."""
    start = len(b.lines)
    # A console's input buffer can drop a long line typed at once.
    for i in range(0, len(cmd), 32):
        b.send(cmd[i:i + 32])
        time.sleep(0.05)
    b.send("\n")
    _, m = b.wait_for(pattern, timeout=timeout, start=start)
    return m


def uptime(b):
    m = shell(b, "echo %s-up $(cut -d' ' -f1 /proc/uptime)" % MARK,
              r"^%s-up (\d+\.\d+)" % MARK)
    return time.monotonic(), float(m.group(1))


def timer_counts(b, smp):
    """Per-vCPU timer interrupts: the sum, column by column, of the
    per-CPU timer lines of /proc/interrupts (Xen's VIRQ_TIMER lines
    "timerN", and the local APIC's "LOC" line where it is used)."""
    start = len(b.lines)
    shell(b, "grep -E 'timer[0-9]|LOC:' /proc/interrupts | "
          "sed 's/^/%s-irq /'; echo %s-irq-end" % (MARK, MARK),
          r"^%s-irq-end" % MARK)
    sums = [0] * smp
    for _, t in b.lines[start:]:
        if not t.startswith(MARK + "-irq "):
            continue
        cols = t.split()[2:2 + smp]
        for i, x in enumerate(cols):
            if x.isdigit():
                sums[i] += int(x)
    return sums


def findings(b):
    shell(b, "dmesg | grep -Ei '%s' | sed 's/^/%s-log /'; "
          "echo %s-log-end" % (BAD, MARK, MARK), r"^%s-log-end" % MARK)
    return [t for _, t in b.lines if t.startswith(MARK + "-log ")]


def phase(b, name, seconds, res, before_counts, smp):
    t0, u0 = uptime(b)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            b.wait_for(FATAL, timeout=max(1, min(30, deadline -
                                                  time.monotonic())),
                       start=len(b.lines))
        except TestFailure as e:
            if "timed out" in str(e):
                continue
            raise
        raise TestFailure("dom0 or the hypervisor died during " + name)
    t1, u1 = uptime(b)
    res["%s uptime/host" % name] = (u1 - u0) / (t1 - t0)
    counts = timer_counts(b, smp)
    res["%s timer irqs" % name] = sum(counts) - sum(before_counts)
    stuck = [i for i, (x, y) in enumerate(zip(before_counts, counts))
             if y <= x]
    if stuck:
        res["%s vCPUs without timer irqs" % name] = stuck
    return counts


def soak(hv, kernel, smp, idle, load):
    res = {}
    name = "soak-%s-%dcpu" % (hv.name, smp)
    with Boot(name, OUT, mem=2048, smp=smp, kernel=hv.image,
              modules=[kernel + " console=hvc0 xmhv.mode=shell", INITRAMFS],
              cmdline=hv.cmdline % {"dom0_mem": "1024M"},
              extra=MACHINE) as b:
        res["shell ready (s)"], _ = reach(b, r"DOM0 ready", 300)
        # Only what the kernel says from here on is judged.
        shell(b, "dmesg -C; echo %s-start" % MARK, r"^%s-start" % MARK,
              120)
        counts = timer_counts(b, smp)
        counts = phase(b, "idle", idle, res, counts, smp)
        shell(b, "for i in $(seq %d); do (while :; do :; done) & done; "
              "(while :; do sleep 0.01; done) & echo %s-loaded"
              % (smp, MARK), r"^%s-loaded" % MARK)
        phase(b, "load", load, res, counts, smp)
        shell(b, "kill $(jobs -p); echo %s-stopped" % MARK,
              r"^%s-stopped" % MARK)
        res["kernel log findings"] = findings(b)
        b.send("poweroff -f\n")
    return res


def problems(res):
    bad = list(res["kernel log findings"])
    for k, v in res.items():
        if k.endswith("uptime/host") and not 0.99 <= v <= 1.01:
            bad.append("%s = %.4f" % (k, v))
        if k.endswith("without timer irqs"):
            bad.append("%s: %s" % (k, v))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--idle", type=int, default=600)
    ap.add_argument("--load", type=int, default=120)
    ap.add_argument("--smp", type=int, action="append")
    ap.add_argument("--only", choices=("xmhv", "xen-4.17"))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    kernel = debian_kernel()
    build(kernel)
    hvs = [Hypervisor("xmhv", os.path.join(TOP, "xen", "xen"), "noreboot"),
           Hypervisor("xen-4.17", None,
                      "dom0=pvh dom0_mem=%(dom0_mem)s,max:%(dom0_mem)s "
                      "noreboot")]
    failed = False
    for hv in hvs:
        if args.only and args.only != hv.name:
            continue
        if hv.name == "xen-4.17":
            hv.image = xen417_image()
            if not hv.image:
                print("xen-4.17: not installed, skipped")
                continue
        for smp in args.smp or [2, 4]:
            print("%s %d vCPUs: idle %ds, load %ds ..."
                  % (hv.name, smp, args.idle, args.load), flush=True)
            try:
                res = soak(hv, kernel, smp, args.idle, args.load)
            except (TestFailure, OSError) as e:
                print("  did not complete: %s" % e)
                failed |= hv.name == "xmhv"
                continue
            for k, v in res.items():
                shown = "%.4f" % v if isinstance(v, float) else v
                print("  %-28s %s" % (k, shown))
            bad = problems(res)
            print("  verdict: %s" % ("; ".join(bad) if bad else "clean"),
                  flush=True)
            failed |= bool(bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
