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
stand-still the guest saw is measured."""

import os
import re
import socket
import time

from qemu import TOP, TestFailure, check
from scenarios_dom0 import reach
from scenarios_save import TICK, gap, same_process, secs, state
from scenarios_toolstack import FATAL, Run, guarded

ADDR = ("10.99.0.1", "10.99.0.2")
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
        for i in range(2):
            self.runs.append(Run(
                logdir, "%s-%s" % (name, "ab"[i]), "hosts2", smp=1,
                extra="xmhv.net2=%s/24 %s" % (ADDR[i], DOM0_SHARED),
                mem=HOST_MEM,
                qemu_extra=host_args(i, port, disk)))
            # A listens before B connects.
            time.sleep(1)

    def __enter__(self):
        for r in self.runs:
            self.wait(r, r"TS ready disk=yes", 420)
        return self

    def __exit__(self, *exc):
        for r in self.runs:
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
                if r is not run:
                    r.b._pump(0.1)

    def do(self, i, cmd, timeout=600):
        """One command on host i; its TS lines from then on."""
        run = self.runs[i]
        run.seen = len(run.b.lines)
        run.type(cmd + "\n")
        word = cmd.split()[0]
        self.wait(run, r"TS did %s$" % word, timeout)
        return run


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


def moved(h, src, dst, label, before):
    """sr live-migrated from host src to dst: it goes on there."""
    h.do(src, "send %s %s" % (label, ADDR[dst]))
    h.do(dst, "arrived %s" % label)
    a, b = h.runs[src].b, h.runs[dst].b
    check(state(a, "sent-" + label)[:2] == ("0,", "Domain-0,"),
          "%s: the source still has %s" % (label,
                                            state(a, "sent-" + label)))
    check(state(b, label)[0].count(",") == 2, "%s: at the destination: %s"
          % (label, state(b, label)))
    same_process(before, ticks_of(h.runs[dst], label), label)
    out = [x for x in h.runs[src].results().get(label, [0, []])[1]]
    check(h.runs[src].results().get(label, [None])[0] == 0,
          "xm migrate %s: %s" % (label, h.runs[src].results().get(label)))
    return "%s %.1fs, guest stood still %s (%s)" % (
        label, secs(a, label), gap(b, label), out[-1] if out else "?")


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


def two_hosts(logdir):
    """A guest passed from A to B and back with its memory and disk; a
    destination whose allow-list leaves A out refuses it; a destination
    out of memory and a sender killed mid-stream leave it running at A
    and nothing at B; then it moves to B once more."""
    with Hosts(logdir, "migrate-2hosts") as h:
        h.do(0, "create", 420)
        before = ticks_of(h.runs[0], "before")
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
        there = moved(h, 0, 1, "there", before)
        back = moved(h, 1, 0, "back", before)
        oom = failures(h, before)
        again = moved(h, 0, 1, "again", before)
        h.do(1, "destroy")
        check(state(h.runs[1].b, "end")[:3] == ("0,", "Domain-0,", ""),
              "left: %s" % (state(h.runs[1].b, "end"),))
        for r in h.runs:
            r.type("finish\n")
    return "%s; %s; %s; out of memory: %s" % (there, back, again, oom)


SCENARIOS = [guarded("migrate-2hosts", two_hosts)]
