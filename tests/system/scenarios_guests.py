# SPDX-License-Identifier: GPL-2.0-only
"""Every guest test kernel (tests/guests) booted as dom0.

A kernel expected to PASS must print "VERDICT <name>: PASS".  One
expected to CRASH prints "EXPECT-CRASH <name>" and then the hypervisor
must report dom0's crash with its register state, and stay up: a timer
tick printed after the crash shows it is still running."""

import os
import subprocess

from qemu import Boot, TOP, TestFailure, check

GUESTS = os.path.join(TOP, "tests", "guests")
LIST = os.path.join(GUESTS, "build", "list.txt")
CMDLINE = "noreboot loglvl=all guest_loglvl=all"


def kernels():
    # Always: make rebuilds only what changed, and a stale list or kernel
    # would test yesterday's code.
    subprocess.run(["make", "-s", "-C", GUESTS], check=True)
    with open(LIST) as f:
        for line in f:
            path, outcome = line.split()
            yield os.path.basename(path)[:-4], path, outcome


def run_pass(logdir, name, path):
    with Boot("guest-" + name, logdir, mem=512, modules=[path],
              cmdline=CMDLINE) as b:
        _, m = b.wait_for(r"VERDICT %s: (PASS|FAIL.*)" % name, timeout=120)
        fails = [x.group(0) for x in b.matching(r"check .*: FAIL.*")]
        check(m.group(1) == "PASS", "verdict %s; %s" % (m.group(1), fails))
        # dom0's poweroff ends QEMU; its reboot stops at noreboot.
        _, m = b.wait_for(r"Powering off \(ACPI S5\)|Manual reset required",
                          timeout=30)
        if m.group(0).startswith("Powering"):
            b.wait_exit(30)
            return "PASS, powered off"
    return "PASS, reboot held by noreboot"


def run_crash(logdir, name, path):
    with Boot("guest-" + name, logdir, mem=512, modules=[path],
              cmdline=CMDLINE + " selftest_ticks=1") as b:
        b.wait_for(r"EXPECT-CRASH %s" % name, timeout=120)
        b.wait_for(r"Domain 0 (crashed|shut down: crash)", timeout=30)
        crash_at = b.last_index
        b.wait_for(r"d0v0: RIP [0-9a-f]{4}:[0-9a-f]{16}", timeout=10)
        b.wait_for(r"hypervisor stays up", timeout=10)
        b.wait_for(r"selftest: timer tick 1", timeout=30, start=crash_at)
    return "crashed alone, hypervisor alive"


def dom0_reboot(logdir):
    """Without noreboot, dom0's reboot request resets the machine (QEMU,
    run with -no-reboot, then exits)."""
    path = os.path.join(GUESTS, "build", "shutdown-reboot-x64.elf")
    with Boot("dom0-reboot", logdir, mem=512, modules=[path],
              cmdline="loglvl=all guest_loglvl=all",
              reboot_exits=True) as b:
        b.wait_for(r"VERDICT shutdown-reboot-x64: PASS", timeout=120)
        b.wait_for(r"Domain 0 shut down: reboot", timeout=30)
        b.wait_exit(30)
    return "machine reset"


def make(name, path, outcome):
    if outcome == "CRASH":
        return lambda logdir: run_crash(logdir, name, path)
    return lambda logdir: run_pass(logdir, name, path)


def scenarios():
    try:
        return [("guest-" + n, make(n, p, o)) for n, p, o in kernels()] + \
            [("dom0-reboot", dom0_reboot)]
    except (OSError, subprocess.CalledProcessError) as e:
        def broken(logdir):
            raise TestFailure("cannot build the guest kernels: %s" % e)
        return [("guest-kernels-build", broken)]
