# SPDX-License-Identifier: GPL-2.0-only
"""The hypercall fuzzer (tests/guests/fuzz.c) as dom0, short fixed-seed
passes for a 64-bit and a 32-bit caller.

The hypervisor must answer every call: no panic, no dom0 crash, and a
"fuzz progress" line at least every 60 s, else the run counts as a hang
and the debug keys' dump (q, r, t, m) goes into the failure.  At each
"fuzz checkpoint" this harness reads the hypervisor's free heap pages
(debug key 'm') and types the figure back to the kernel, which judges
the leak check itself.  run_fuzz() is shared with tests/bench/run.py."""

import os
import subprocess

from qemu import (Boot, SWITCH, TOP, TestFailure, check, hang_dump,
                  to_hypervisor)

GUESTS = os.path.join(TOP, "tests", "guests")
CMDLINE = "noreboot loglvl=all guest_loglvl=all"
STALL = int(os.environ.get("FUZZ_STALL", "60"))                 # seconds without progress that make a hang
FATAL = (r"Panic on CPU|\(XEN\) .*PANIC|Domain 0 (crashed|shut down: crash)|"
         r"check .*: FAIL")
# Seed and calls per vCPU of the make-test passes (2 vCPUs each): about
# 20 s apiece under TCG.  No call of seed 11's first 2500 took over
# 1.1 s in either environment.  (Multi-extent decrease_reservations of
# order 9 or 10 with two vCPUs running used to take 10-50 s, a
# synchronous flush IPI per page; batched now, they take well under 2 s:
# tests/guests/README.md.)
PASSES = (("x64", 11, 2500), ("x32pae", 11, 2500))


def kernel(env):
    path = os.path.join(GUESTS, "build", "fuzz-%s.elf" % env)
    subprocess.run(["make", "-s", "-C", GUESTS, path], check=True)
    return path


def answer_checkpoint(b):
    """Type the free heap pages back, or "?" if the hypervisor has no
    debug key 'm' (Xen 4.17, older builds): the kernel then skips the
    leak check."""
    start = to_hypervisor(b, "m")
    try:
        _, m = b.wait_for(r"heap: free=(\d+) pages", timeout=10,
                          start=start)
        answer = m.group(1)
    except TestFailure:
        answer = "?"
    b.send(SWITCH)
    b.wait_for(r"Serial input to DOM0", timeout=10, start=start)
    b.send("%s\n" % answer)


def run_fuzz(logdir, name, env, args, smp=2, mem=512, hv=None):
    """Boot fuzz-<env>.elf with args (on hypervisor image hv, default
    ours).  Returns (calls of the first pass,
    its seconds by the host's clock, calls in all, the serial lines)."""
    path = kernel(env)
    # Our console writes ('~', no newline) may precede a line of the run.
    pattern = (r"(?:^|~)fuzz (progress|checkpoint|pass done|start)|"
               r"VERDICT fuzz|" + FATAL)
    with Boot(name, logdir, smp=smp, mem=mem, cmdline=CMDLINE, kernel=hv,
              modules=["%s %s" % (path, args)]) as b:
        start, calls, t_start, t_done, first = 0, "0", None, None, 0
        while True:
            try:
                t, m = b.wait_for(pattern, timeout=STALL, start=start)
            except TestFailure as e:
                if "QEMU exited" in str(e):
                    raise
                hang_dump(b, "no progress for %ds after %s calls"
                          % (STALL, calls))
            start = b.last_index + 1
            line = b.lines[b.last_index][1]
            if "fuzz start" in line:
                t_start = t
            elif "fuzz progress" in line or "pass done" in line:
                calls = line.split("calls=")[1].split()[0]
                if "pass done" in line and t_done is None:
                    t_done, first = t, int(calls)
            elif "fuzz checkpoint" in line:
                answer_checkpoint(b)
            elif "VERDICT" in line:
                break
            else:
                # Let the hypervisor print the register dump that follows.
                try:
                    b.wait_for(r"hypervisor stays up|\bRIP\b", timeout=5,
                               start=start)
                    b.wait_exit(2)
                except TestFailure:
                    pass
                raise TestFailure("%s (after %s calls)" % (line.strip(),
                                                           calls))
        check(line.strip().endswith("PASS"), line.strip())
        b.wait_for(r"Powering off \(ACPI S5\)|Manual reset required",
                   timeout=30)
    seconds = (t_done or t) - (t_start or 0)
    return first, seconds, int(calls), b.lines


def pass_of(env, seed, calls):
    def run(logdir):
        n, s, total, lines = run_fuzz(logdir, "fuzz-" + env, env,
                                      "fuzz.seed=%d fuzz.calls=%d"
                                      % (seed, calls))
        check(any("check no memory leaked: ok" in t for _, t in lines),
              "the leak check did not run")
        return "seed %d, %d calls on 2 vCPUs, no leak, %.0f calls/s" % (
            seed, total, n / s if s else 0)
    return run


SCENARIOS = [("fuzz-" + env, pass_of(env, seed, calls))
             for env, seed, calls in PASSES]


# ---- The fuzzer as an unprivileged guest (issue 7, point 4) ----------

# Free heap pages may differ by this much between the end of the first
# run and the end of the second: dom0's own activity in between (its
# p2m, xenstored's grant maps) moves a few pages; a leak per fuzz run
# would be far more (the run makes thousands of calls).
DOMU_LEAK_SLACK = 64


def heap_free(b):
    """The hypervisor's free heap pages (debug key 'm'); serial input goes
    back to dom0 afterwards."""
    start = to_hypervisor(b, "m")
    _, m = b.wait_for(r"heap: free=(\d+) pages", timeout=20, start=start)
    b.send(SWITCH)
    b.wait_for(r"Serial input to DOM0", timeout=10, start=start)
    return int(m.group(1))


def fuzz_domu(logdir):
    """fuzz-x64.elf created by `xm create /etc/xen/fuzz` in a Linux dom0
    (config/dom0/toolstack/fuzz.sh), twice with seed 11: each
    unprivileged domU issues its random hypercalls from 2 vCPUs, prints
    PASS on the hypervisor's console and powers off; the hypervisor and
    dom0 stand, the domain is not crashed, and the heap after the second
    run is where it was after the first."""
    from scenarios_toolstack import Run
    with Run(logdir, "fuzz-domu", "fuzz",
             hv_extra="loglvl=all guest_loglvl=all") as run:
        b = run.b
        free = []
        for n in (1, 2):
            m = run.line(r"TS fuzz%d gone=(\d+)" % n, 900)
            check(m.group(2) == "0", "fuzz run %d still there after 600 s"
                  % n)
            free.append(heap_free(b))
            run.type("go\n")
        run.done()
    verdicts = b.matching(r"\(d(\d+)\) VERDICT (fuzz-x64: \w+.*)$")
    check(len(verdicts) == 2, "want 2 verdicts, got %s"
          % [v.group(0) for v in verdicts])
    for v in verdicts:
        check(v.group(1) != "0" and v.group(2).endswith("PASS"),
              "domU %s: %s" % (v.group(1), v.group(2)))
        check(not b.matching(r"Domain %s crashed" % v.group(1)),
              "domU %s was crashed" % v.group(1))
    calls = [int(m.group(1)) for m in
             b.matching(r"\(d\d+\) fuzz pass done calls=(\d+)")]
    leak = free[0] - free[1]
    check(leak <= DOMU_LEAK_SLACK, "free heap pages %d after the first run, "
          "%d after the second" % (free[0], free[1]))
    return "2 unprivileged fuzz domUs (seed 11; %s calls), PASS, " \
        "heap %+d pages between them" % (calls, free[1] - free[0])


# It was out of make test while, about one run in two, the machine reset
# with a fuzz domU yielding on CPU0: QEMU's FXRSTOR race (docs/hvm.md,
# the VMCB guard), gone since CPU0 runs no guest under TCG.
SCENARIOS.append(("fuzz-domu", fuzz_domu))
