#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""xenconsole (the client) on a pty, against the xenstored at
$XENSTORED_PATH.  This script plays xenconsoled: it makes a pty and writes
its path to /local/domain/<id>/console/tty.  Checked: bytes both ways, the
terminal raw while attached and restored after Ctrl-], a tty node that
appears late or goes away, one client per console, bad arguments.
Prints "RESULT <passed> <failed>".
Usage: client.py <xenconsole>"""
import os
import select
import subprocess
import sys
import termios
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
XS_BIN = os.path.join(ROOT, "tools/xenstore/build/bin")
XENCONSOLE = sys.argv[1]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("  FAIL " + what)


def xs(cmd, *args):
    return subprocess.run([os.path.join(XS_BIN, "xenstore-" + cmd)] +
                          list(args), capture_output=True, text=True)


def read_for(fd, want, seconds=5):
    """Bytes from fd until want is among them or the time is up."""
    got = b""
    end = time.time() + seconds
    while want not in got and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                got += os.read(fd, 4096)
            except OSError:
                break
    return got


class Guest:
    """A console pty as xenconsoled would make it."""

    def __init__(self, domid, publish=True):
        self.domid = domid
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        if publish:
            self.publish()

    def publish(self):
        xs("write", "/local/domain/%d/console/tty" % self.domid, self.path)

    def close(self):
        os.close(self.master)
        os.close(self.slave)
        xs("rm", "/local/domain/%d" % self.domid)


class Client:
    """xenconsole <domid> with a pty as its terminal."""

    def __init__(self, domid):
        self.term, self.term_slave = os.openpty()
        self.cooked = termios.tcgetattr(self.term_slave)
        self.proc = subprocess.Popen([XENCONSOLE, str(domid)],
                                     stdin=self.term_slave,
                                     stdout=self.term_slave,
                                     stderr=subprocess.PIPE)

    def raw(self):
        lflag = termios.tcgetattr(self.term_slave)[3]
        return not (lflag & (termios.ICANON | termios.ECHO))

    def wait(self, seconds=5):
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stderr.close()
        os.close(self.term)
        os.close(self.term_slave)


def wait_raw(c):
    end = time.time() + 5
    while not c.raw() and time.time() < end:
        time.sleep(0.05)
    return c.raw()


def test_both_ways_and_detach():
    g = Guest(21)
    c = Client(21)
    check(wait_raw(c), "terminal in raw mode while attached")
    os.write(g.master, b"guest says hi\r\n")
    check(b"guest says hi" in read_for(c.term, b"guest says hi"),
          "guest output reaches the terminal")
    os.write(c.term, b"typed\r")
    check(b"typed\r" in read_for(g.master, b"typed\r"),
          "typed input reaches the guest")
    os.write(c.term, b"ab\x1dcd")
    check(c.wait() == 0, "Ctrl-] detaches (exit 0)")
    check(b"ab" in read_for(g.master, b"ab", 1), "bytes before Ctrl-] sent")
    check(termios.tcgetattr(c.term_slave) == c.cooked,
          "terminal restored after Ctrl-]")
    c.close()
    g.close()


def test_late_tty_and_lock():
    g = Guest(22, publish=False)
    c = Client(22)
    time.sleep(1)
    check(c.proc.poll() is None, "client waits for the tty node")
    g.publish()
    check(wait_raw(c), "client attaches once the tty node appears")
    os.write(g.master, b"late\r\n")
    check(b"late" in read_for(c.term, b"late"), "output after a late tty")
    second = Client(22)
    rc = second.wait()
    err = second.proc.stderr.read().decode()
    check(rc not in (0, None) and "in use" in err,
          "a second client on the same console is refused: %r" % err)
    second.close()
    # The console going away (domain destroyed) ends the client.
    xs("rm", "/local/domain/22/console/tty")
    check(c.wait() == 0, "client ends when the tty node goes")
    check(termios.tcgetattr(c.term_slave) == c.cooked,
          "terminal restored when the console goes")
    c.close()
    g.close()


def test_not_interactive():
    """Input at end of file (a script): the console keeps showing."""
    g = Guest(24)
    p = subprocess.Popen([XENCONSOLE, "24"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1)
    check(p.poll() is None, "stdin at EOF: the client stays")
    os.write(g.master, b"still here\r\n")
    got = read_for(p.stdout.fileno(), b"still here")
    check(b"still here" in got, "stdin at EOF: output still shown")
    xs("rm", "/local/domain/24/console/tty")
    try:
        rc = p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    check(rc == 0, "stdin at EOF: ends when the console goes (%r)" % rc)
    p.stdout.close()
    p.stderr.close()
    g.close()


def run_bad(args):
    p = subprocess.run([XENCONSOLE] + args, capture_output=True, text=True,
                       timeout=20)
    return p.returncode, p.stderr


def test_errors():
    rc, err = run_bad(["0"])
    check(rc != 0 and "Domain-0" in err, "domain 0 refused: %r" % err)
    rc, err = run_bad(["abc"])
    check(rc != 0 and "invalid DOMID" in err, "bad domid refused: %r" % err)
    rc, err = run_bad([])
    check(rc != 0 and "DOMID should be specified" in err, "no domid: %r" % err)
    rc, err = run_bad(["--type", "nope", "5"])
    check(rc != 0 and "type" in err, "bad type refused: %r" % err)
    start = time.time()
    rc, err = run_bad(["23"])
    check(rc != 0 and "could not read tty" in err and
          4 <= time.time() - start < 15,
          "no console: error after waiting 5 s: %r" % err)
    rc, out = subprocess.run([XENCONSOLE, "--help"], capture_output=True,
                             text=True).returncode, None
    check(rc == 0, "--help")


def main():
    if not os.environ.get("XENSTORED_PATH"):
        print("  FAIL: XENSTORED_PATH is not set\nRESULT 0 1")
        return 1
    test_both_ways_and_detach()
    test_late_tty_and_lock()
    test_not_interactive()
    test_errors()
    print("RESULT %d %d" % (passed, failed))
    return failed != 0


if __name__ == "__main__":
    sys.exit(main())
