# SPDX-License-Identifier: GPL-2.0-only
"""Debian's kernel as PVH dom0 with its userland: the initramfs of
config/dom0 (busybox, the Xen modules, the tests/dom0 programs) is the
second module.  dom0 must reach userspace, see Xen in /sys/hypervisor,
use the FIFO event-channel ABI, bring every vCPU online, load
xen-evtchn, xen-gntdev, xen-gntalloc, xen-privcmd and xenfs, pass
xen-version, evtchn-pingpong and gnt-share, and end QEMU with
`poweroff -f`.

To check the scenario itself against another hypervisor (Debian's Xen
4.17, say): DOM0_TEST_HV=<multiboot image>, DOM0_TEST_HV_CMDLINE=<its
options>, DOM0_TEST_QEMU_EXTRA=<more QEMU arguments>."""

import os
import subprocess

from qemu import Boot, TOP, TestFailure, check
from scenarios_linux import debian_kernel

SMP = 2
HV = os.environ.get("DOM0_TEST_HV") or None
HV_CMDLINE = os.environ.get("DOM0_TEST_HV_CMDLINE",
                            "noreboot loglvl=all guest_loglvl=all")
QEMU_EXTRA = os.environ.get("DOM0_TEST_QEMU_EXTRA", "").split()
INITRAMFS = os.path.join(TOP, "build", "dom0", "initramfs.cpio.gz")
# Seconds each may take; 5000 ping-pong rounds took 9-230 s on Xen 4.17.
PROGRAMS = (("xen-version", 60), ("evtchn-pingpong", 240),
            ("gnt-share", 60))
# Anything here means dom0 (or the hypervisor) is gone: stop waiting.
FATAL = (r"Domain 0 crashed|Kernel panic|\(XEN\) .*PANIC|Panic on CPU|"
         r"Hardware Dom0 (halted|shutdown|crashed)")


def build_initramfs(kernel):
    kver = os.path.basename(kernel)[len("vmlinuz-"):]
    r = subprocess.run([os.path.join(TOP, "config", "dom0", "mkinitramfs.sh"),
                        "-k", kver, INITRAMFS],
                       capture_output=True, text=True)
    if r.returncode:
        raise TestFailure("cannot build the dom0 initramfs: %s"
                          % r.stderr.strip()[-300:])


def last_line(b):
    lines = [t for _, t in b.lines if t.strip()]
    return lines[-1][:120] if lines else "(no output)"


def reach(b, pattern, timeout, what, fatal=FATAL, start=0):
    """Wait for pattern (in lines from start on); fail at once on a crash
    (fatal), say how far we got."""
    try:
        _, m = b.wait_for(r"(%s)|(%s)" % (pattern, fatal), timeout=timeout,
                          start=start)
    except TestFailure as e:
        raise TestFailure("%s: %s; last line: %s" % (what, e, last_line(b)))
    if m.group(1) is None:
        b.drain(3)
        raise TestFailure("%s: %s%s" % (what, m.group(0),
                                        crash_summary(b, b.last_index)))
    return m


def crash_summary(b, at, before=12, after=24):
    """The hypervisor's lines around a crash (its reason just before, the
    vCPUs' registers after), on the failure's own line: a log tail can be
    cut short where the failure is reported, the summary line is not."""
    xen = [t.split("(XEN)", 1)[1].strip()
           for _, t in b.lines[max(0, at - before):at + after + 1]
           if "(XEN)" in t]
    return "; hypervisor said: " + " | ".join(xen) if xen else ""


def dom0_userspace(logdir):
    kernel = debian_kernel()
    build_initramfs(kernel)
    dom0_args = "console=hvc0 earlyprintk=xen xmhv.mode=test"
    with Boot("linux-dom0-userspace", logdir, mem=2048, smp=SMP,
              kernel=HV, modules=[kernel + " " + dom0_args, INITRAMFS],
              cmdline=HV_CMDLINE, extra=QEMU_EXTRA) as b:
        # A hang after the kernel hands over to /init fails within 90s.
        reach(b, r"Run /init as init process|DOM0 init: userspace", 240,
              "dom0 kernel boot")
        reach(b, r"DOM0 init: userspace", 90, "dom0 userspace")
        # Linux prefers FIFO event channels and falls back to 2-level
        # only if EVTCHNOP_init_control fails (xen_init_IRQ()).
        abi = b.matching(r"xen:events: Using (\S+) ABI")
        check([m.group(1) for m in abi] == ["FIFO-based"],
              "event-channel ABI: %s (want FIFO-based)"
              % ([m.group(0) for m in abi] or "no 'Using ... ABI' line"))
        m = reach(b, r"DOM0 modules: loaded=(\d+) failed=(\d+)", 60,
                  "module loading")
        bad = [x.group(0) for x in b.matching(r"DOM0 insmod .*FAIL.*")]
        check(int(m.group(3)) == 0 and int(m.group(2)) >= 5,
              "modules: %s" % (bad or m.group(0)))
        m = reach(b, r"DOM0 hypervisor: type=(\S*)", 30, "sysfs")
        check(m.group(2) == "xen", "/sys/hypervisor/type is %r"
              % m.group(2))
        m = reach(b, r"DOM0 cpus: online=(\S+) possible=\S+ nproc=(\d+)",
                  30, "cpus")
        want = "0-%d" % (SMP - 1)
        check(m.group(2) == want and int(m.group(3)) == SMP,
              "vCPUs: %s (want online=%s nproc=%d)"
              % (m.group(0), want, SMP))
        m = reach(b, r"DOM0 console: (\S+)", 30, "console")
        console_ok = m.group(2) == "hvc0"
        verdicts = {}
        for name, limit in PROGRAMS:
            m = reach(b, r"VERDICT %s: (PASS|FAIL)(.*)" % name, limit, name)
            verdicts[name] = m.group(2) + m.group(3)
        failed = ["%s: %s" % (n, v) for n, v in verdicts.items()
                  if not v.startswith("PASS")]
        check(not failed, "; ".join(failed))
        check(console_ok, "dom0 has no console on hvc0 (the kernel said "
              "'unable to open an initial console'); output came through "
              "/dev/kmsg")
        reach(b, r"DOM0 poweroff", 30, "poweroff")
        try:
            b.wait_exit(timeout=60)
        except TestFailure:
            raise TestFailure("QEMU still running 60s after dom0's "
                              "poweroff -f; last line: %s" % last_line(b))
    rtt = verdicts["evtchn-pingpong"].split("rtt_us=")[-1]
    return ("dom0 shell-ready, FIFO event channels, 3 programs pass, "
            "evtchn rtt %s us" % rtt)




def dom0_console_switch(logdir):
    """The dom0 shell on the serial line, Ctrl-A x3 to the hypervisor's
    debug keys and back, and poweroff from the shell."""
    kernel = debian_kernel()
    build_initramfs(kernel)
    with Boot("dom0-console-switch", logdir, mem=2048, smp=2,
              modules=[kernel + " console=hvc0 xmhv.mode=shell", INITRAMFS],
              cmdline="noreboot") as b:
        # The prompt has no newline: wait for the line /init prints before.
        reach(b, r"DOM0 ready", 240, "dom0 userspace")
        b.send("cat /sys/hypervisor/type\n")
        b.wait_for(r"^xen$", timeout=30)
        b.send("\x01\x01\x01")
        b.wait_for(r"Serial input to Xen", timeout=10)
        b.send("q")
        b.wait_for(r"VCPU1: CPU\d", timeout=10)
        b.send("\x01\x01\x01")
        b.wait_for(r"Serial input to DOM0", timeout=10)
        b.send("echo still-dom0-$((6*7))\n")
        b.wait_for(r"^still-dom0-42", timeout=30)
        b.send("poweroff -f\n")
        b.wait_exit(60)
    return "shell, switch to debug keys and back, poweroff"


def dom0_four_vcpus(logdir):
    """dom0 gets one vCPU per CPU: four here, all online, tests pass."""
    kernel = debian_kernel()
    build_initramfs(kernel)
    with Boot("dom0-4vcpus", logdir, mem=2048, smp=4,
              modules=[kernel + " console=hvc0 xmhv.mode=test", INITRAMFS],
              cmdline="noreboot") as b:
        b.wait_for(r"dom0: 4 vCPUs", timeout=60)
        reach(b, r"DOM0 cpus: online=0-3 possible=0-3 nproc=4", 300,
              "four vCPUs online in dom0")
        _, m = b.wait_for(r"DOM0 tests: pass=(\d+) fail=(\d+)", timeout=180)
        check(m.group(1) == "3" and m.group(2) == "0",
              "dom0 test programs: %s" % m.group(0))
    return "4 vCPUs online, 3 programs pass"


SCENARIOS = [("linux-dom0-userspace", dom0_userspace),
             ("dom0-console-switch", dom0_console_switch),
             ("dom0-4vcpus", dom0_four_vcpus)]
