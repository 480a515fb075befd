# SPDX-License-Identifier: GPL-2.0-only
"""Two hosts (issue 10, item 5): two QEMU machines, each running the
hypervisor with a Linux dom0 and the toolstack, their dom0s joined by a
second NIC on a QEMU socket network between the two processes
(127.0.0.1 only), both given the same raw image as a second disk
(/dev/vda in dom0, file locking off, cache=none): the guest's disk (phy:),
used by one host at a time.  The harness types commands on each dom0's
console (config/dom0/toolstack/hosts2.sh) and reads the answers.

migrate-2hosts: the memtest guest is created on A; B's relocation
server first allows only another address and refuses A (the guest runs
on at A); then it allows A, the guest is live-migrated to B, and back
(A allows B): each time the same checker process goes on with the same
memory, processes and disk, the source domain is gone, and the
stand-still the guest saw is measured.  Last, B's machine dies whole
(its QEMU killed) mid-stream: A gives up within GONE_SECS and the guest
runs on there."""

import os
import re
import socket
import time

from qemu import TOP, TestFailure, check
from scenarios_dom0 import reach
from scenarios_save import TICK, gap, same_process, secs, state
from scenarios_toolstack import FATAL, Run, guarded

ADDR = ("10.99.0.1", "10.99.0.2")
# Each dom0's TCP connection to the guest (its xmhv.tcpstream ports).
PORTS = (7001, 7002)
# How long A may take to give up on a destination machine that vanished
# mid-stream: xend's 60 s TCP user timeout, plus its slack under load.
GONE_SECS = 150
# What the kernel reports then: the timeout, or the neighbour's failure
# (no ARP reply) that it saw on the way.
GONE_ERRORS = r"timed out|no route to host|host is unreachable"
# Round trips A -> B -> A while the guest writes to memory and disk.
ROUNDS = 10
DISK_MIB = 8
HOST_MEM = 1536
# The shared disk, and bounce buffers for dom0's DMA: without an IOMMU a
# device cannot reach the guest frames blkback maps (docs/dom0.md).
DOM0_SHARED = "xmhv.shared=/dev/vda swiotlb=force"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def host_args(i, port, disk):
    """QEMU's extra devices of host i: the link and the shared disk."""
    end = "listen" if i == 0 else "connect"
    return ("-netdev", "socket,id=n1,%s=127.0.0.1:%d" % (end, port),
            "-device", "virtio-net-pci,netdev=n1,mac=52:54:00:99:00:%02x"
            % (i + 1),
            "-drive", "file=%s,format=raw,if=none,id=shared,cache=none,"
            "file.locking=off" % disk,
            "-device", "virtio-blk-pci,drive=shared")


class Hosts:
    """Both machines: commands to one while both consoles are read."""

    def __init__(self, logdir, name):
        disk = os.path.join(TOP, "build", name + "-disk.img")
        with open(disk, "wb") as f:
            f.truncate(DISK_MIB << 20)
        port = free_port()
        self.runs = []
        self.dead = set()
        for i in range(2):
            self.runs.append(Run(
                logdir, "%s-%s" % (name, "ab"[i]), "hosts2", smp=1,
                extra="xmhv.net2=%s/24 %s" % (ADDR[i], DOM0_SHARED),
                mem=HOST_MEM,
                qemu_extra=host_args(i, port, disk)))
            # A listens before B connects.
            time.sleep(1)

    def __enter__(self):
        try:
            for r in self.runs:
                self.wait(r, r"TS ready disk=yes", 420)
        except BaseException:
            # No __exit__ follows a failed __enter__: kill both QEMUs.
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        for r in self.runs:
            if r not in self.dead:
                r.b.kill()
        return False

    def wait(self, run, pattern, timeout):
        """pattern on run's console; the other's is read meanwhile (a
        QEMU whose serial output nobody reads stalls)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return reach(run.b, pattern, 0.2, pattern, FATAL,
                             getattr(run, "seen", 0))
            except TestFailure as e:
                if "timed out" not in str(e) or \
                        time.monotonic() > deadline:
                    raise TestFailure("%s: %s" % (run.b.name, e))
            for r in self.runs:
                if r is not run and r not in self.dead:
                    r.b._pump(0.1)

    def start(self, i, cmd):
        """Type a command on host i without waiting for it (done())."""
        run = self.runs[i]
        run.seen = len(run.b.lines)
        run.type(cmd + "\n")
        return run

    def done(self, i, cmd, timeout=600):
        """The end of a command started on host i."""
        self.wait(self.runs[i], r"TS did %s$" % cmd.split()[0], timeout)
        return self.runs[i]

    def do(self, i, cmd, timeout=600):
        """One command on host i; its TS lines from then on."""
        self.start(i, cmd)
        return self.done(i, cmd, timeout)

    def power_off(self, i):
        """Host i's QEMU killed: the machine gone without a word."""
        self.dead.add(self.runs[i])
        self.runs[i].b.kill()


def ticks_of(run, label):
    m = run.b.matching(r"TS tick %s (.*)$" % label)
    check(m, "%s: no 'TS tick %s' line" % (run.b.name, label))
    t = re.match(TICK, m[-1].group(1))
    check(t, "%s: no tick in %r" % (label, m[-1].group(1)))
    return t


def ids(run, label, key):
    m = run.b.matching(r"TS ids %s %s=(\d*)" % (label, key))
    check(m and m[-1].group(1), "%s: no id %s for %s"
          % (run.b.name, key, label))
    return int(m[-1].group(1))


class Tcp:
    """The connections from each dom0 to the guest (hosts2.sh tcpopen):
    each check, every line so far numbered in order, none lost nor
    repeated, the connection open, more lines than the last check."""

    def __init__(self, h):
        self.h = h
        self.lines = [0, 0]

    def opened(self):
        for i in range(2):
            self.h.do(i, "tcpopen %d" % PORTS[i], 180)
            self.seen(i, "open")

    def seen(self, i, label):
        b = self.h.runs[i].b
        m = b.matching(r"TS tcp %s port=(\d+) lines=(\d+) bad=(\d+) "
                       r"alive=(\w+)" % label)
        check(m, "%s: no 'TS tcp %s' line" % (b.name, label))
        n, bad, alive = int(m[0].group(2)), m[0].group(3), m[0].group(4)
        check(bad == "0" and alive == "yes" and n > self.lines[i],
              "%s: TCP from %s: %s (%d lines before)"
              % (label, b.name, m[0].group(0), self.lines[i]))
        self.lines[i] = n


def mem_ok(run, label):
    """The tick line's " mem=ok": what the guest kept writing to memory
    through the move reads back as written."""
    m = run.b.matching(r"TS tick %s .* mem=(\w+)" % label)
    check(m and m[-1].group(1) == "ok", "%s: guest memory writes: %s"
          % (label, m[-1].group(0) if m else "no mem= on the tick"))


def moved(h, src, dst, label, before, tcp=None):
    """sr live-migrated from host src to dst: it goes on there; its leg's
    (seconds, xm's downtime in ms, the guest's stand-still)."""
    h.do(src, "send %s %s" % (label, ADDR[dst]))
    h.do(dst, "arrived %s" % label)
    a, b = h.runs[src].b, h.runs[dst].b
    check(state(a, "sent-" + label)[:2] == ("0,", "Domain-0,"),
          "%s: the source still has %s" % (label,
                                            state(a, "sent-" + label)))
    check(state(b, label)[0].count(",") == 2, "%s: at the destination: %s"
          % (label, state(b, label)))
    same_process(before, ticks_of(h.runs[dst], label), label)
    mem_ok(h.runs[dst], label)
    res = h.runs[src].results()
    out = res.get(label, [0, []])[1]
    check(res.get(label, [None])[0] == 0,
          "xm migrate %s: %s" % (label, res.get(label)))
    if tcp:
        tcp.seen(src, "sent-" + label)
        tcp.seen(dst, label)
    down = re.search(r"downtime (\d+) ms", out[-1] if out else "")
    return (secs(a, label), int(down.group(1)) if down else -1,
            gap(b, label))


def leg_text(label, leg):
    return "%s %.1fs, downtime %d ms, guest stood still %s" % (
        (label,) + leg)


def failures(h, before):
    """With sr on A: B out of memory mid-stream, then A's sending process
    killed mid-stream.  Each time sr runs on at A and B keeps nothing of
    it."""
    h.do(1, "hog")
    h.do(0, "refused full %s" % ADDR[1])
    res = h.runs[0].results()
    check(res.get("full", [0])[0] == 1 and
          any("memory" in x.lower() for x in res["full"][2]),
          "out of memory: %s" % (res.get("full"),))
    same_process(before, ticks_of(h.runs[0], "full"), "out of memory")
    h.do(1, "nosr full")
    b = h.runs[1].b
    check(state(b, "full")[1:3] == ("Domain-0,hog,", ""),
          "B after the failed migration: %s" % (state(b, "full"),))
    h.do(1, "unhog after-full")
    h.do(0, "killsend killed %s" % ADDR[1])
    res = h.runs[0].results()
    check(res.get("killed", [0])[0] not in (0, None),
          "killed sender: %s" % (res.get("killed"),))
    same_process(before, ticks_of(h.runs[0], "killed"), "killed sender")
    h.do(1, "nosr killed")
    check(state(b, "killed")[:3] == ("0,", "Domain-0,", ""),
          "B after the killed sender: %s" % (state(b, "killed"),))
    return res["full"][2][-1][-120:]


def dest_died(h, before):
    """B's xend killed (kill -9) while it receives sr: the guest runs on
    at A; B's next xend destroys the half-built domain and keeps nothing
    of it (no domain, no backend)."""
    h.do(1, "killrecv")
    h.do(0, "refused died %s" % ADDR[1])
    res = h.runs[0].results()
    check(res.get("died", [0])[0] not in (0, None),
          "destination killed: %s" % (res.get("died"),))
    same_process(before, ticks_of(h.runs[0], "died"), "destination killed")
    mem_ok(h.runs[0], "died")
    h.do(1, r"revive revived ^10\.99\.0\.1$")
    b = h.runs[1].b
    check(b.matching(r"TS killed revived pid=\d+"),
          "B's xend was not killed while it received")
    check(b.matching(r"TS cleanup revived half=[1-9]"),
          "B's new xend destroyed no half-built domain")
    check(state(b, "revived")[:3] == ("0,", "Domain-0,", "") and
          b.matching(r"TS state revived .* vif=$"),
          "B after its xend died mid-stream: %s" % (state(b, "revived"),))
    err = res["died"][2]
    return err[-1][-100:] if err else "?"


def machine_died(h, before):
    """B's whole machine gone (its QEMU killed) while sr streams to it: no
    reset ever comes, so only A's own limits end the migration (xend's
    TCP user timeout, docs/save-restore.md: 90 s seen here); sr runs on
    at A, its memory writes intact.  B is gone after this."""
    h.start(0, "refused gone %s" % ADDR[1])
    h.do(1, "flowing", 180)
    h.power_off(1)
    h.done(0, "refused", 400)
    a = h.runs[0].b
    res = h.runs[0].results()
    err = res.get("gone", [0, [], []])
    check(err[0] not in (0, None) and
          any(re.search(GONE_ERRORS, x, re.I) for x in err[2]),
          "destination machine gone: %s" % (err,))
    same_process(before, ticks_of(h.runs[0], "gone"), "machine gone")
    mem_ok(h.runs[0], "gone")
    took = secs(a, "gone")
    check(took < GONE_SECS, "destination machine gone: xm migrate took "
          "%.0f s" % took)
    return "%.0f s, %s" % (took, err[2][-1][-100:])


def two_hosts(logdir):
    """A guest writing to its memory and disk, with a TCP connection from
    each dom0, passed from A to B and back ROUNDS times; before that, a
    destination whose allow-list leaves A out refuses it, and a
    destination out of memory, a sender killed and a destination killed
    mid-stream leave it running at A and nothing at B."""
    with Hosts(logdir, "migrate-2hosts") as h:
        h.do(0, "create", 420)
        before = ticks_of(h.runs[0], "before")
        tcp = Tcp(h)
        tcp.opened()
        h.do(1, r"allow ^10\.99\.0\.9$")
        h.do(0, "refused refused %s" % ADDR[1])
        res = h.runs[0].results()
        check(res.get("refused", [0])[0] == 1 and
              any("is not allowed to migrate here" in x
                  for x in res["refused"][2]),
              "refused: %s" % (res.get("refused"),))
        same_process(before, ticks_of(h.runs[0], "refused"), "refused")
        h.do(1, r"allow ^10\.99\.0\.1$")
        h.do(0, r"allow ^10\.99\.0\.2$")
        oom = failures(h, before)
        died = dest_died(h, before)
        legs = []
        for k in range(ROUNDS):
            legs.append(moved(h, 0, 1, "go%d" % k, before, tcp))
            legs.append(moved(h, 1, 0, "ret%d" % k, before, tcp))
        gone = machine_died(h, before)
        h.do(0, "destroy")
        check(state(h.runs[0].b, "end")[:3] == ("0,", "Domain-0,", ""),
              "left: %s" % (state(h.runs[0].b, "end"),))
        h.runs[0].type("finish\n")
    t = sorted(x[0] for x in legs)
    d = sorted(x[1] for x in legs)
    return ("%d legs (%d round trips): %.1f-%.1f s, median %.1f s; xm "
            "downtime %d-%d ms, median %d ms; %s; %s; TCP lines A %d, B %d, "
            "none lost or repeated; out of memory: %s; destination killed: %s; "
            "destination machine gone: %s"
            % (len(legs), ROUNDS, t[0], t[-1], t[len(t) // 2], d[0], d[-1],
               d[len(d) // 2], leg_text("go0", legs[0]),
               leg_text("ret0", legs[1]), tcp.lines[0], tcp.lines[1], oom,
               died, gone))


SCENARIOS = [guarded("migrate-2hosts", two_hosts)]
