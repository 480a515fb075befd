# SPDX-License-Identifier: GPL-2.0-only
"""x87/SSE registers survive vCPU switches (tests/guests/fpu-switch.c):
two dom0 vCPUs on one host CPU, each holding its own XMM0-7 and MXCSR
while the scheduler time-shares the CPU between them."""

import os
import subprocess

from qemu import Boot, TOP, check

GUESTS = os.path.join(TOP, "tests", "guests")
ENVS = ("x64", "x32pae")


def kernel(env):
    path = os.path.join(GUESTS, "build", "fpu-switch-%s.elf" % env)
    subprocess.run(["make", "-s", "-C", GUESTS, path], check=True)
    return path


def run(env):
    def scenario(logdir):
        name = "fpu-switch-%s" % env
        with Boot("guest-" + name, logdir, smp=1, mem=512,
                  modules=[kernel(env)],
                  cmdline="dom0_max_vcpus=2 noreboot loglvl=all "
                          "guest_loglvl=all") as b:
            _, m = b.wait_for(r"VERDICT %s: (PASS|FAIL.*)" % name,
                              timeout=120)
            fails = [x.group(0) for x in b.matching(r"check .*: FAIL.*")]
            info = b.matching(r"info (\d+) and (\d+) checks, (\d+) and "
                              r"(\d+) switches")
        check(m.group(1) == "PASS", "verdict %s; %s" % (m.group(1), fails))
        return "PASS, %s switches" % (
            "+".join(info[0].groups()[2:]) if info else "?")
    return scenario


SCENARIOS = [("guest-fpu-switch-%s" % e, run(e)) for e in ENVS]
