# SPDX-License-Identifier: GPL-2.0-only
"""dom0's memory stays intact while domains are built, ballooned and
destroyed (config/dom0/toolstack/memcheck.sh): files in dom0's tmpfs are
checksummed in a loop meanwhile; the first sums must match the host's
own copies, every later pass must match the first, and the hypervisor's
heap checks (page_alloc.c: a frame handed out or freed while a domain
still holds it) must stay silent.

One cycle by default (a few minutes in TCG); MEMCHECK_CYCLES=N runs N as a
stress run: MEMCHECK_CYCLES=10 python3 tests/system/run.py memcheck."""

import hashlib
import os
import re

from qemu import check
from scenarios_linux import debian_kernel
from scenarios_toolstack import Run

BLOCK = 1 << 20         # memcheck.sh's data files: a block 16 times


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def expected():
    """What memcheck.sh's files hold, by their dom0 path."""
    want = {"/var/lib/xen/images/vmlinuz": sha256_file(debian_kernel())}
    for i in range(1, 9):
        line = b"xmhv memcheck %d 0123456789abcdef\n" % i
        data = (line * (BLOCK // len(line) + 1))[:BLOCK] * 16
        want["/tmp/mc/data%d" % i] = hashlib.sha256(data).hexdigest()
    return want


def memcheck(logdir):
    cycles = int(os.environ.get("MEMCHECK_CYCLES", "1"))
    with Run(logdir, "toolstack-memcheck", "memcheck",
             extra="xmhv.rounds=%d" % cycles) as run:
        res = run.done(timeout=600 + 400 * cycles)
        b = run.b
    refs = {m.group(2): m.group(1)
            for m in b.matching(r"TS memcheck ref ([0-9a-f]{64})  (\S+)")}
    for path, want in expected().items():
        check(refs.get(path) == want, "%s in dom0: sha256 %s, host %s"
              % (path, refs.get(path), want))
    bad = [m.group(0) for m in b.matching(r"TS memcheck bad .*")]
    check(not bad, "dom0 files changed: %s" % "; ".join(bad[:5]))
    heap = [m.group(0) for m in b.matching(r"\(XEN\) heap: .*")]
    check(not heap, "hypervisor heap checks: %s" % "; ".join(heap[:5]))
    for label in sorted(res):
        if re.match(r"(create|destroy)-\d+$", label):
            check(res[label][0] == 0, "%s: rc %s, %s" % (
                label, res[label][0], " ".join(res[label][2])[-300:]))
    done = b.matching(r"TS memcheck done cycles=(\d+) rounds=(\d+) "
                      r"bytes=(\d+)")
    check(done, "no 'TS memcheck done' line")
    c, r, n = (int(x) for x in done[0].groups())
    check(c == cycles, "%d cycles run, %d asked" % (c, cycles))
    check(r >= c, "only %d checksum passes over %d cycles" % (r, c))
    return "%d create/balloon/destroy cycles, %d checksum passes, %d MiB " \
        "checked, no change" % (c, r, n >> 20)


SCENARIOS = [("toolstack-memcheck", memcheck)]
