# SPDX-License-Identifier: GPL-2.0-only
"""Hostile clients against dom0's xenstored (its unix socket) while a
well-behaved one keeps asking: malformed messages, huge messages, a watch
flood nobody reads, transaction storms, a connection storm.  Afterwards
xenstored must still be the same process and answer everyone.  Prints
"TS hostile <check>: ok|FAIL ..." and last
"TS hostile result: pass=N fail=M good_answers=N max_latency_ms=N"."""

import os
import socket
import struct
import sys
import threading
import time

SOCKET = sys.argv[1] if len(sys.argv) > 1 else "/run/xenstored/socket"
PIDFILE = sys.argv[2] if len(sys.argv) > 2 else "/run/xenstored.pid"
DIRECTORY, READ, WATCH, TX_START, TX_END, WRITE, ERROR = 1, 2, 4, 6, 7, 11, 16
PAYLOAD_MAX = 4096
result = {"pass": 0, "fail": 0}


def check(ok, what):
    result["pass" if ok else "fail"] += 1
    print("TS hostile %s: %s" % (what, "ok" if ok else "FAIL"), flush=True)


class Conn:
    def __init__(self, timeout=10):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(timeout)
        self.s.connect(SOCKET)
        self.req = 0

    def send(self, typ, payload=b"", tx=0, length=None):
        self.req += 1
        n = len(payload) if length is None else length
        self.s.sendall(struct.pack("<IIII", typ, self.req, tx, n) + payload)

    def recv(self):
        hdr = self._read(16)
        typ, req, tx, n = struct.unpack("<IIII", hdr)
        return typ, self._read(n)

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                raise EOFError("closed by xenstored")
            buf += chunk
        return buf

    def call(self, typ, payload=b"", tx=0):
        self.send(typ, payload, tx)
        while True:
            t, body = self.recv()
            if t != 15:             # skip watch events
                return t, body

    def close(self):
        self.s.close()


def good_client(stop, stats):
    """Writes and reads its own node; notes answers and the slowest one."""
    c = Conn()
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            val = b"%d" % stats["answers"]
            c.call(WRITE, b"/hostile-good/key\0" + val)
            typ, body = c.call(READ, b"/hostile-good/key\0")
            ok = typ == READ and body == val
        except (OSError, EOFError):
            ok = False
            c = Conn()
        stats["answers" if ok else "errors"] += 1
        stats["max"] = max(stats["max"], time.monotonic() - t0)
        time.sleep(0.01)


def answered_or_closed(c, what):
    try:
        typ, body = c.recv()
        return typ == ERROR or typ < 32
    except (EOFError, OSError):
        return True


def malformed():
    cases = [(999, b"x\0", None), (READ, b"no-nul", None),
             (READ, b"", None), (WRITE, b"/a\0", None),
             (READ, b"/x\0", 100), (DIRECTORY, b"//..//\0", None),
             (TX_END, b"F\0", None), (WATCH, b"/w\0", None)]
    ok = True
    for typ, payload, length in cases:
        c = Conn(timeout=5)
        try:
            c.send(typ, payload, length=length)
            if length is not None:
                c.s.shutdown(socket.SHUT_WR)
            ok = answered_or_closed(c, typ) and ok
        except OSError:
            pass
        c.close()
    c = Conn(timeout=5)
    c.s.sendall(os.urandom(4096))
    ok = answered_or_closed(c, "random") and ok
    c.close()
    check(ok, "malformed messages answered or dropped")


def huge():
    c = Conn(timeout=5)
    try:
        c.send(WRITE, b"/h\0" + b"A" * (PAYLOAD_MAX * 4))
        dropped = answered_or_closed(c, "huge")
    except OSError:
        dropped = True
    c.close()
    c = Conn(timeout=5)
    try:
        c.send(WRITE, b"", length=0xFFFFFFF0)
        c.s.sendall(b"B" * 65536)
        dropped = answered_or_closed(c, "length") and dropped
    except OSError:
        pass
    c.close()
    check(dropped, "huge messages refused")


def watch_flood():
    """Many watches on one connection that never reads its events."""
    c = Conn(timeout=5)
    refused = False
    for i in range(300):
        try:
            c.send(WATCH, b"/hostile-flood/%d\0tok%d\0" % (i % 4, i))
        except OSError:
            refused = True
            break
    w = Conn()
    for i in range(2000):
        w.call(WRITE, b"/hostile-flood/%d\0v" % (i % 4))
    w.close()
    c.close()
    check(True, "watch flood of 300 watches and 2000 events survived"
          + (" (flooder dropped)" if refused else ""))


def transactions():
    """Transactions opened and left open on several connections (dom0 is
    not held to the per-domain quota, as in Xen), then 200 committed in a
    row: every request must get an answer."""
    conns = [Conn(timeout=5) for _ in range(4)]
    opened = answered = 0
    for c in conns:
        for _ in range(50):
            try:
                typ, body = c.call(TX_START, b"\0")
                answered += 1
                opened += typ == TX_START
            except (OSError, EOFError):
                break
    for c in conns:
        c.close()
    c = Conn()
    committed = 0
    for i in range(200):
        typ, body = c.call(TX_START, b"\0")
        if typ != TX_START:
            break
        tx = int(body.rstrip(b"\0"))
        c.call(WRITE, b"/hostile-tx/k\0%d" % i, tx=tx)
        typ, body = c.call(TX_END, b"T\0", tx=tx)
        committed += typ == TX_END
    c.close()
    check(answered == 200 and committed == 200,
          "transaction storm answered (%d of 200 left open, %d committed)"
          % (opened, committed))


def connections():
    held = []
    try:
        for _ in range(200):
            held.append(Conn(timeout=5))
    except OSError:
        pass
    for c in held:
        c.close()
    check(True, "connection storm (%d connections)" % len(held))


def pid():
    try:
        with open(PIDFILE) as f:
            return f.read().strip()
    except OSError:
        return None


def main():
    before = pid()
    stop = threading.Event()
    stats = {"answers": 0, "errors": 0, "max": 0.0}
    t = threading.Thread(target=good_client, args=(stop, stats))
    t.start()
    try:
        for fn in (malformed, huge, watch_flood, transactions, connections):
            fn()
    finally:
        time.sleep(1)
        stop.set()
        t.join()
    check(stats["answers"] > 0 and stats["errors"] == 0,
          "well-behaved client answered throughout (%d answers, %d errors)"
          % (stats["answers"], stats["errors"]))
    c = Conn()
    typ, body = c.call(READ, b"/local/domain/0/name\0")
    check(typ in (READ, ERROR), "a new client is served (%r)" % body)
    check(before is not None and pid() == before
          and os.path.exists("/proc/%s" % before), "same xenstored process")
    print("TS hostile result: pass=%d fail=%d good_answers=%d "
          "max_latency_ms=%d" % (result["pass"], result["fail"],
                                 stats["answers"], stats["max"] * 1000))


if __name__ == "__main__":
    main()
