# SPDX-License-Identifier: GPL-2.0-only
"""Boot the hypervisor under QEMU and watch its serial console.

Every console line is stamped with the host's monotonic time at which it
arrived, which gives the tests a clock independent of the guest's.  The
whole serial log is kept in a file, so a failing scenario can show it.
"""

import os
import re
import select
import subprocess
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class TestFailure(Exception):
    pass


class Skipped(Exception):
    """A scenario that cannot run yet (a piece it needs has not landed):
    reported with its reason, never counted as passed."""


def accel_args():
    out = subprocess.run([os.path.join(TOP, "scripts", "qemu-accel.sh")],
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


def machine_cpus(smp, image, accel=None):
    """QEMU's -smp for a machine whose guests are to have smp CPUs.  Under
    TCG our hypervisor keeps CPU0 from guests when it has company
    (xen/common/sched/guest-cpus.c: QEMU's FXRSTOR loses CPU0's state),
    so such a machine gets one CPU more; a 1-CPU machine, KVM, and other
    hypervisors (Xen 4.17 in the benchmarks) get smp."""
    ours = os.path.abspath(image) == os.path.join(TOP, "xen", "xen")
    accel = accel_args() if accel is None else accel
    if smp >= 2 and ours and "tcg" in " ".join(accel):
        return smp + 1
    return smp


def qemu_debug_path(logdir, name):
    return os.path.join(logdir, name + ".qemu.log")


def qemu_debug_items():
    """QEMU_DEBUG=<items of -d> (default cpu_reset; "none": no log)."""
    items = os.environ.get("QEMU_DEBUG", "cpu_reset")
    return "" if items == "none" else items


def qemu_debug_args(logdir, name):
    """What QEMU sees, logged into <logdir>/<name>.qemu.log: the
    microscope for a guest or host that dies without a word.  A triple
    fault is logged as "Triple fault"; with cpu_reset, the reset that
    follows it logs each CPU's registers as the fault left them (the
    machine is let reset for that: see Boot)."""
    items = qemu_debug_items()
    if not items:
        return []
    return ["-d", items, "-D", qemu_debug_path(logdir, name)]


def hv_symbols(image):
    """The hypervisor image's code symbols, [(address, name)] sorted."""
    syms = image + "-syms" if os.path.exists(image + "-syms") else image
    try:
        out = subprocess.run(["nm", "-n", syms], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [(int(f[0], 16), f[2]) for f in (x.split() for x in
                                             out.splitlines())
            if len(f) == 3 and f[1] in "tTwW"]


def hv_symbol(addr, syms):
    """addr as symbol+offset of syms (hv_symbols()), or ""."""
    best = None
    for a, name in syms:
        if a > addr:
            break
        best = (name, addr - a)
    return "%s+%#x" % best if best else ""


def triple_fault_report(path, image):
    """The registers each CPU had when the machine triple-faulted, from
    the cpu_reset dumps that follow QEMU's "Triple fault" line: a line
    per CPU (RIP with its hypervisor symbol, RSP, CR0/CR3/CR4, IDT, TR,
    EFER), or "" if the log has no triple fault."""
    try:
        with open(path, errors="replace") as f:
            text = f.read()
    except OSError:
        return ""
    at = text.find("Triple fault")
    if at < 0:
        return ""
    out = []
    syms = hv_symbols(image)
    for block in text[at:].split("CPU Reset (CPU ")[1:]:
        cpu = block.split(")", 1)[0]
        regs = dict(re.findall(r"\b(RIP|RSP|CR0|CR3|CR4|EFER)=([0-9a-f]+)",
                               block))
        for key in ("IDT", "GDT", "TR "):
            m = re.search(r"^%s=\s*(.*)$" % re.escape(key), block, re.M)
            if m:
                regs[key.strip()] = " ".join(m.group(1).split()[:3])
        sym = hv_symbol(int(regs.get("RIP", "0"), 16), syms)
        out.append("CPU%s %s" % (cpu, " ".join(
            "%s=%s" % (k, regs[k] + (" <%s>" % sym if k == "RIP" and sym
                                     else ""))
            for k in ("RIP", "RSP", "CR0", "CR3", "CR4", "EFER", "IDT",
                      "GDT", "TR") if k in regs)))
    return "; ".join(out)


def qemu_said(path):
    """What QEMU's own log says about a machine that ended: its last
    line other than a register dump ("Triple fault"), or ""."""
    try:
        with open(path, errors="replace") as f:
            notes = [x.strip() for x in f
                     if re.match(r"[A-Za-z][a-z]+ [a-z]", x) and
                     not x.startswith("CPU Reset")]
    except OSError:
        return ""
    return "; QEMU's log: %s" % notes[-1] if notes else ""


class Boot:
    """One QEMU run.  Use as a context manager so QEMU is always killed."""

    def __init__(self, name, logdir, smp=2, mem=256, cmdline="",
                 kernel=None, modules=None, cdrom=None, extra=(),
                 reboot_exits=False):
        """reboot_exits: a reset ends QEMU (-no-reboot), for a scenario
        that waits for the machine's own reboot.  Otherwise, with QEMU's
        log on, a reset is let happen so that cpu_reset logs the
        registers a triple fault left, and wait_for() fails at once on a
        triple fault with them."""
        self.name = name
        self.log_path = os.path.join(logdir, name + ".log")
        self.qemu_log_path = qemu_debug_path(logdir, name)
        self.image = kernel or os.path.join(TOP, "xen", "xen")
        self.lines = []          # (host seconds since start, text)
        self._buf = b""
        self._fault_check = 0.0
        exits = reboot_exits or "cpu_reset" not in qemu_debug_items()
        accel = accel_args()
        self.cpus = machine_cpus(smp, self.image, accel)
        args = ["qemu-system-x86_64"] + accel + [
            "-smp", str(self.cpus), "-m", str(mem), "-display", "none",
            "-monitor", "none", "-serial", "stdio"]
        if exits:
            args.append("-no-reboot")
        if cdrom:
            args += ["-cdrom", cdrom, "-boot", "d"]
        else:
            args += ["-kernel", self.image,
                     "-append", "console=com1 com1=115200,8n1 " + cmdline]
            if modules:
                args += ["-initrd", ",".join(modules)]
        args += list(extra) + qemu_debug_args(logdir, name)
        self.args = args
        self.log = open(self.log_path, "w")
        self.log.write("# " + " ".join(args) + "\n")
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._pump(0)
        self.log.close()

    def _add_line(self, raw):
        text = raw.decode("utf-8", "replace").rstrip("\r\n")
        stamp = time.monotonic() - self.t0
        self.lines.append((stamp, text))
        self.log.write("[%8.3f] %s\n" % (stamp, text))
        self.log.flush()

    def _pump(self, timeout):
        """Read what QEMU printed within timeout seconds; False at EOF."""
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        data = os.read(fd, 65536)
        if not data:
            return False
        self._buf += data
        while b"\n" in self._buf:
            line, self._buf = self._buf.split(b"\n", 1)
            self._add_line(line)
        return True

    def drain(self, seconds):
        """Keep reading for a few seconds: what follows a crash's first
        line (the vCPUs' registers) belongs in the log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self._pump(deadline - time.monotonic()):
                return

    def wait_for(self, pattern, timeout=60, start=0):
        """Wait for a line matching pattern; returns (stamp, match)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            for i in range(seen, len(self.lines)):
                m = rx.search(self.lines[i][1])
                if m:
                    self.last_index = i
                    return self.lines[i][0], m
            seen = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TestFailure("timed out after %ds waiting for /%s/"
                                  % (timeout, pattern))
            if not self._pump(min(left, 0.5)):
                raise TestFailure("QEMU exited (rc %s) while waiting for "
                                  "/%s/%s" % (self.proc.wait(), pattern,
                                              qemu_said(self.qemu_log_path)))
            self._check_triple_fault(pattern)

    def _check_triple_fault(self, pattern):
        """Every 2 s: a triple fault in QEMU's log ends the run with the
        registers it left (the machine would boot again after it)."""
        now = time.monotonic()
        if now < self._fault_check:
            return
        self._fault_check = now + 2
        try:
            with open(self.qemu_log_path, "rb") as f:
                if b"Triple fault" not in f.read():
                    return
        except OSError:
            return
        time.sleep(1)           # the reset's register dumps
        self.proc.kill()
        self.proc.wait()
        self._pump(0)
        report = triple_fault_report(self.qemu_log_path, self.image)
        self.log.write("# the machine triple-faulted: %s\n" % report)
        self.log.flush()
        raise TestFailure("the machine triple-faulted while waiting for "
                          "/%s/: %s" % (pattern, report))

    def send(self, text):
        """Type text on the serial console."""
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait_exit(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._pump(0.5):
                return self.proc.wait()
        raise TestFailure("QEMU did not exit within %ds" % timeout)

    def matching(self, pattern):
        rx = re.compile(pattern)
        return [m for m in (rx.search(t) for _, t in self.lines) if m]


SWITCH = "\x01\x01\x01"     # Ctrl-A x3: serial input to the hypervisor


def to_hypervisor(b, keys):
    """Switch serial input to the hypervisor and type keys (the caller
    sends SWITCH again to give it back to dom0); returns the line index
    to look for their answers from."""
    start = len(b.lines)
    b.send(SWITCH)
    b.wait_for(r"Serial input to Xen", timeout=10, start=start)
    for k in keys:
        b.send(k)
        time.sleep(0.3)
    return start


def hang_dump(b, what):
    """The hypervisor's state by debug keys; raises TestFailure."""
    try:
        start = to_hypervisor(b, "qrtm")
        b.wait_for(r"heap: free=\d+ pages", timeout=20, start=start)
        answered = "the debug keys answered (dump in the log)"
    except TestFailure:
        answered = "the debug keys did not answer"
    raise TestFailure("%s; %s" % (what, answered))


def check(cond, what):
    if not cond:
        raise TestFailure(what)
