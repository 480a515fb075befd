#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the system scenarios: python3 tests/system/run.py [name-filter...]

Each scenario boots QEMU and asserts on the serial console.  A failing
scenario prints its whole serial log.  A scenario that cannot run yet
(scenarios_toolstack.PENDING) says SKIP with the reason and is not
counted.  The count is "system: N passed, M failed", followed by the
skipped ones if any."""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qemu import TOP, Skipped, TestFailure  # noqa: E402
import scenarios_boot  # noqa: E402
import scenarios_guests  # noqa: E402
import scenarios_linux  # noqa: E402
import scenarios_dom0  # noqa: E402
import scenarios_fuzz  # noqa: E402
import scenarios_devices  # noqa: E402
import scenarios_toolstack  # noqa: E402
import scenarios_memcheck  # noqa: E402
import scenarios_fpu  # noqa: E402
import scenarios_vbd  # noqa: E402
import scenarios_vif  # noqa: E402
import scenarios_tap  # noqa: E402
import scenarios_save  # noqa: E402
import scenarios_hosts2  # noqa: E402
import scenarios_hostile_blk  # noqa: E402

ALL = (scenarios_boot.SCENARIOS + scenarios_guests.scenarios() +
       scenarios_linux.SCENARIOS + scenarios_dom0.SCENARIOS +
       scenarios_devices.SCENARIOS + scenarios_fuzz.SCENARIOS +
       scenarios_toolstack.SCENARIOS + scenarios_memcheck.SCENARIOS +
       scenarios_fpu.SCENARIOS + scenarios_vbd.SCENARIOS +
       scenarios_vif.SCENARIOS + scenarios_tap.SCENARIOS +
       scenarios_save.SCENARIOS + scenarios_hostile_blk.SCENARIOS +
       scenarios_hosts2.SCENARIOS)


LOG_TAIL = 80


def run_one(name, fn, logdir):
    """True: passed, False: failed, None: skipped (not counted)."""
    start = time.monotonic()
    try:
        detail = fn(logdir)
        print("PASS %-28s %6.1fs  %s" % (name, time.monotonic() - start,
                                        detail or ""), flush=True)
        return True
    except Skipped as e:
        print("SKIP %-28s %6.1fs  %s" % (name, time.monotonic() - start, e),
              flush=True)
        return None
    except (TestFailure, OSError) as e:
        print("FAIL %-28s %6.1fs  %s" % (name, time.monotonic() - start, e),
              flush=True)
        log = os.path.join(logdir, name + ".log")
        if os.path.exists(log):
            # The end says why; the whole log stays in build/test-logs.
            print("---- last %d lines of the serial log of %s ----"
                  % (LOG_TAIL, name))
            with open(log) as f:
                sys.stdout.write("".join(f.readlines()[-LOG_TAIL:]))
            print("---- end of %s ----" % name, flush=True)
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("filters", nargs="*")
    ap.add_argument("--summary")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    logdir = os.path.join(TOP, "build", "test-logs")
    os.makedirs(logdir, exist_ok=True)
    chosen = [(n, f) for n, f in ALL
              if not args.filters or any(x in n for x in args.filters)]
    if args.list:
        for n, _ in chosen:
            print(n)
        return 0
    passed = failed = 0
    skipped = []
    for name, fn in chosen:
        ok = run_one(name, fn, logdir)
        if ok is None:
            skipped.append(name)
        elif ok:
            passed += 1
        else:
            failed += 1
    print("system: %d passed, %d failed" % (passed, failed))
    if skipped:
        print("system: %d skipped (not counted): %s"
              % (len(skipped), " ".join(skipped)))
    if args.summary:
        with open(args.summary, "w") as f:
            f.write("%d %d\n" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
