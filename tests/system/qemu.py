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


def qemu_debug_path(logdir, name):
    return os.path.join(logdir, name + ".qemu.log")


def qemu_debug_args(logdir, name):
    """QEMU_DEBUG=<items of -d> (default cpu_reset; "none": no log) logs
    what QEMU sees into <logdir>/<name>.qemu.log: the microscope for a
    guest or host that dies without a word (a triple fault resets the
    machine and, with -no-reboot, QEMU just exits; cpu_reset logs it as
    "Triple fault", which a failure then reports)."""
    items = os.environ.get("QEMU_DEBUG", "cpu_reset")
    if items in ("", "none"):
        return []
    return ["-d", items, "-D", qemu_debug_path(logdir, name)]


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
                 kernel=None, modules=None, cdrom=None, extra=()):
        self.name = name
        self.log_path = os.path.join(logdir, name + ".log")
        self.qemu_log_path = qemu_debug_path(logdir, name)
        self.lines = []          # (host seconds since start, text)
        self._buf = b""
        args = ["qemu-system-x86_64"] + accel_args() + [
            "-smp", str(smp), "-m", str(mem), "-display", "none",
            "-monitor", "none", "-serial", "stdio", "-no-reboot"]
        if cdrom:
            args += ["-cdrom", cdrom, "-boot", "d"]
        else:
            args += ["-kernel", kernel or os.path.join(TOP, "xen", "xen"),
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


def check(cond, what):
    if not cond:
        raise TestFailure(what)
