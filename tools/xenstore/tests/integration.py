#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Integration test: xenstored on a temporary socket, driven by the
xenstore-* commands (ours, and Xen's own when XS_XEN_CLIENTS names their
directory), by libxenstore (tests/libxs-check), and by hostile
clients (malformed and huge messages, watch floods, transaction storms,
connection storms) while a well-behaved client keeps getting answers.
Prints one line per check and "RESULT <passed> <failed>"."""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

XS_CONTROL, XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH = 0, 1, 2, 3, 4
XS_UNWATCH, XS_TRANSACTION_START, XS_TRANSACTION_END = 5, 6, 7
XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS, XS_WATCH_EVENT, XS_ERROR = \
    11, 12, 13, 14, 15, 16

passed = failed = 0


TAG = [""]


def check(ok, what):
    global passed, failed
    what = TAG[0] + what
    if ok:
        passed += 1
        print("  ok   " + what)
    else:
        failed += 1
        print("  FAIL " + what)
    return ok


class Client:
    """A raw protocol client on the daemon's socket."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.connect(path)
        self.s.settimeout(10)
        self.req = 0
        self.events = []

    def send(self, typ, payload=b"", tx=0, length=None):
        self.req += 1
        n = len(payload) if length is None else length
        self.s.sendall(struct.pack("<IIII", typ, self.req, tx, n) + payload)

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def recv(self):
        typ, req, tx, n = struct.unpack("<IIII", self._read(16))
        return typ, req, tx, self._read(n)

    def call(self, typ, payload=b"", tx=0):
        self.send(typ, payload, tx)
        while True:
            m = self.recv()
            if m[0] != XS_WATCH_EVENT:
                return m
            self.events.append(m[3])

    def close(self):
        self.s.close()


def cli(bindir, env, *args):
    cmd = os.path.join(bindir, args[0])
    p = subprocess.run([cmd] + list(args[1:]), env=env, capture_output=True,
                       text=True, timeout=30)
    return p.returncode, p.stdout


def test_cli(build, env, tag=""):
    """The commands in build (a bin directory), checked against the
    output Xen's own client gives."""
    check(cli(build, env, "xenstore-write", "/vm/a", "1", "/vm/b/c",
              "two\\tx")[0] == 0, "xenstore-write two keys")
    rc, out = cli(build, env, "xenstore-read", "/vm/a", "/vm/b/c")
    check(rc == 0 and out == "1\ntwo\\tx\n", "xenstore-read escapes")
    rc, out = cli(build, env, "xenstore-read", "-p", "/vm/a")
    check(out == "/vm/a: 1\n", "xenstore-read -p")
    rc, out = cli(build, env, "xenstore-list", "/vm")
    check(out == "a\nb\n", "xenstore-list")
    rc, out = cli(build, env, "xenstore-list", "-p", "/vm")
    check(out == "/vm/a\n/vm/b\n", "xenstore-list -p")
    rc, out = cli(build, env, "xenstore-ls", "/vm")
    check(out == 'a = "1"\nb = ""\n c = "two\\tx"\n', "xenstore-ls")
    rc, out = cli(build, env, "xenstore-ls", "-f", "/vm")
    check('/vm/b/c = "two\\tx"' in out, "xenstore-ls -f")
    check(cli(build, env, "xenstore-exists", "/vm/a")[0] == 0 and
          cli(build, env, "xenstore-exists", "/vm/none")[0] != 0,
          "xenstore-exists status")
    check(cli(build, env, "xenstore-chmod", "-r", "/vm", "n0", "r5")[0] == 0,
          "xenstore-chmod -r")
    rc, out = cli(build, env, "xenstore-ls", "-p", "/vm")
    check("(n0,r5)" in out and out.count("(n0,r5)") == 3, "xenstore-ls -p")
    check(cli(build, env, "xenstore-rm", "-t", "/vm/b/c")[0] == 0, "rm -t")
    rc, out = cli(build, env, "xenstore-list", "/vm")
    check(out == "a\n", "rm -t removed the empty parent")
    rc, out = cli(build, env, "xenstore", "read", "/vm/a")
    check(out == "1\n", "xenstore <mode> form")
    rc, out = cli(build, env, "xenstore-read", "/nonexistent")
    check(rc != 0, "reading a missing key fails")
    w = subprocess.Popen([os.path.join(build, "xenstore-watch"),
                          "-n", "2", "/vm/watched"], env=env,
                         stdout=subprocess.PIPE, text=True)
    time.sleep(0.3)
    cli(build, env, "xenstore-write", "/vm/watched/x", "1")
    try:
        out, _ = w.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        w.kill()
        out = ""
    check(out == "/vm/watched\n/vm/watched/x\n", "xenstore-watch -n 2")
    if os.path.exists(os.path.join(build, "xenstore-control")):
        rc, out = cli(build, env, "xenstore-control", "check")
        check(rc == 0 and out == "OK\n", "xenstore-control check")


def good_client(path, stop, stats):
    """Keeps reading a key; records answers, failures and worst latency."""
    try:
        c = Client(path)
        while not stop.is_set():
            t0 = time.monotonic()
            typ, _, _, body = c.call(XS_READ, b"/tool/xenstored\0")
            dt = time.monotonic() - t0
            stats["worst"] = max(stats["worst"], dt)
            if typ == XS_READ:
                stats["ok"] += 1
            else:
                stats["bad"] += 1
            time.sleep(0.002)
        c.close()
    except (OSError, ConnectionError, struct.error):
        stats["bad"] += 1000000


def hostile_malformed(path):
    c = Client(path)
    c.send(99, b"x\0")
    check(c.recv()[0] == XS_ERROR, "unknown type: error reply")
    c.send(XS_READ, b"/tool")
    check(c.recv()[3] == b"EINVAL\0", "missing NUL: EINVAL")
    c.send(XS_WRITE, b"")
    check(c.recv()[3] == b"EINVAL\0", "empty write: EINVAL")
    c.send(XS_READ, b"", length=5000)
    try:
        got = c.s.recv(16)
    except OSError:
        got = b""
    check(got == b"", "length over 4096: connection closed")
    c.close()
    # Random garbage from many clients.
    rnd = open("/dev/urandom", "rb")
    for _ in range(50):
        c = Client(path)
        try:
            c.s.sendall(rnd.read(4096))
        except OSError:
            pass
        c.close()
    rnd.close()


def hostile_huge(path):
    """4 KiB writes as fast as possible, never reading the replies."""
    c = Client(path)
    c.s.setblocking(False)
    payload = b"/huge/node\0" + b"v" * (4096 - 11)
    sent = 0
    t_end = time.monotonic() + 2
    while time.monotonic() < t_end:
        try:
            c.send(XS_WRITE, payload)
            sent += 1
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    c.close()
    return sent


def hostile_watch_flood(path):
    """Many watches on "/", never read, while another client writes."""
    h = Client(path)
    h.s.setblocking(False)
    for i in range(4000):
        tok = ("flood-token-%d" % i).encode()
        try:
            h.send(XS_WATCH, b"/\0" + tok + b"\0")
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    w = Client(path)
    dropped = False
    for i in range(300):
        typ = w.call(XS_WRITE, b"/flood/%d\0x" % i)[0]
        if typ != XS_WRITE:
            break
    # The flooder's queue passed the hard limit: it is disconnected.
    h.s.setblocking(True)
    h.s.settimeout(5)
    try:
        while h.s.recv(65536):
            pass
        dropped = True            # EOF: the daemon closed it
    except socket.timeout:
        dropped = False           # still connected, still queued
    except OSError:
        dropped = True            # reset by the daemon
    w.close()
    h.close()
    return dropped


def hostile_transactions(path):
    c = Client(path)
    ids = []
    err = None
    for _ in range(1100):
        typ, _, _, body = c.call(XS_TRANSACTION_START, b"\0")
        if typ != XS_TRANSACTION_START:
            err = body
            break
        ids.append(int(body.rstrip(b"\0")))
    check(err == b"ENOSPC\0" and len(ids) == 1024,
          "transaction storm capped at 1024 per connection (%d)" % len(ids))
    for t in ids[:200]:
        c.call(XS_WRITE, b"/storm/shared\0%d" % t, tx=t)
    results = [c.call(XS_TRANSACTION_END, b"T\0", tx=t)[3] for t in ids[:200]]
    check(results[0] == b"OK\0" and results.count(b"EAGAIN\0") == 199,
          "conflicting commits: one OK, the rest EAGAIN")
    c.close()   # the rest are dropped with the connection


def hostile_connections(path):
    socks = []
    for _ in range(300):
        try:
            socks.append(Client(path))
        except OSError:
            break
    for s in socks:
        s.close()
    return len(socks)


def run_libxs(build, env):
    p = subprocess.run([os.path.join(build, "tests", "libxs-check")],
                       env=env, capture_output=True, text=True, timeout=120)
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            a, b = line.split()[1:]
            global passed, failed
            passed += int(a)
            failed += int(b)
        else:
            print(line)
    check(p.returncode == 0, "libxs-check exit status")


def main(build):
    tmp = tempfile.mkdtemp(prefix="xs-int-")
    path = os.path.join(tmp, "socket")
    env = dict(os.environ, XENSTORED_PATH=path)
    log = open(os.path.join(tmp, "xenstored.log"), "w")
    d = subprocess.Popen([os.path.join(build, "bin", "xenstored"), "-N", "-D",
                          "-s", path], stderr=log)
    for _ in range(100):
        if os.path.exists(path):
            break
        time.sleep(0.05)
    try:
        test_cli(os.path.join(build, "bin"), env)
        # Xen's own commands and libxenstore (e.g. Debian's xenstore-utils)
        # against our daemon, when given: XS_XEN_CLIENTS=<their bin dir>.
        xen_bin = os.environ.get("XS_XEN_CLIENTS")
        if xen_bin:
            TAG[0] = "xen's client: "
            cli(os.path.join(build, "bin"), env, "xenstore-rm", "/vm")
            test_cli(xen_bin, env)
            TAG[0] = ""
        run_libxs(build, env)
        stop = threading.Event()
        stats = {"ok": 0, "bad": 0, "worst": 0.0}
        g = threading.Thread(target=good_client, args=(path, stop, stats))
        g.start()
        hostile_malformed(path)
        sent = hostile_huge(path)
        print("  info huge writes sent before backpressure: %d" % sent)
        check(hostile_watch_flood(path), "watch flooder disconnected")
        hostile_transactions(path)
        n = hostile_connections(path)
        check(n >= 300, "300 simultaneous connections accepted (%d)" % n)
        time.sleep(0.5)
        stop.set()
        g.join(30)
        check(stats["bad"] == 0 and stats["ok"] > 100,
              "well-behaved client answered throughout (%d answers)" %
              stats["ok"])
        check(stats["worst"] < 2.0,
              "its worst latency %.3f s < 2 s" % stats["worst"])
        c = Client(path)
        check(c.call(XS_CONTROL, b"check\0")[3] == b"OK\0",
              "store consistent after the attacks")
        c.close()
        check(d.poll() is None, "xenstored still running")
    finally:
        d.terminate()
        try:
            d.wait(10)
        except subprocess.TimeoutExpired:
            d.kill()
        log.close()
    with open(os.path.join(tmp, "xenstored.log")) as f:
        text = f.read()
    check("ERROR: AddressSanitizer" not in text and
          "runtime error" not in text and "LeakSanitizer" not in text,
          "no sanitizer report from xenstored")
    check(d.returncode == 0, "xenstored exited cleanly on SIGTERM (%s)" %
          d.returncode)
    print("RESULT %d %d" % (passed, failed))


if __name__ == "__main__":
    main(sys.argv[1])
