#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""What dom0 printed in the Xen 4.17 check (init), checked line by line."""
import re
import sys

log = open(sys.argv[1]).read()
counts = [0, 0]


def check(name, ok):
    counts[0 if ok else 1] += 1
    print("  %-4s %s" % ("ok" if ok else "FAIL", name))


def find(pattern):
    return re.findall(pattern, log, re.M)


check("a builder failure is one line naming the step",
      bool(find(r"^@@X   FAULT \d+: domain creation failed: building the "
                r"guest \(xc_pvh_build\): .+$")))
check("nothing left after it, nor at the end (xl list, xenstore)",
      find(r"^@@X xl-list-domains (\d+)$") == ["1", "1"] and
      find(r"^@@X xs-domains (.*)$") == ["0 ", "0 ", "0 "])
ids = find(r'^@@X   \{"name":"one","domid":(\d+)\}$')
check("xend.domain.create answers name and id", len(ids) == 1)
check("rename reaches xenstore", bool(find(r"^@@X xs-name uno$")))
check("/local/domain/<id> is n0 r<id>",
      bool(ids) and bool(find(r"^@@X xs-perms %s .*\(n0,r%s\)"
                              % (ids[0], ids[0]))))
check("mem-max below the target is refused in one line",
      bool(find(r"^@@X   FAULT 22: .*below the domain's memory target")))
gone = find(r"^@@X gone uno after (\d+) s$")
check("the guest powers off and on_poweroff=destroy removes it",
      bool(gone) and int(gone[0]) < 900)
check("its /vm/<uuid> went with it", find(r"^@@X xs-vm (.*)$") == [""])
check("its console reached xenconsoled's log",
      int((find(r"^@@X console (\d+)$") or ["0"])[0]) > 0)
r = find(r"^@@X restarted two (\d+) -> (\d+) after \d+ s$")
check("on_poweroff=restart: same name, new id", bool(r) and r[0][0] != r[0][1])
before, after = find(r"^@@X free-before (\d+)$"), find(r"^@@X free-after (\d+)$")
check("free memory back to its figure (%s -> %s MiB)" % (before, after),
      bool(before) and before == after)
check("xend's log tells the life cycle",
      bool(find(r"on_poweroff=destroy$")) and bool(find(r"restarted: id \d+$")))
check("dom0 ran to the end", bool(find(r"^@@X done$")))
print("xen417-check: %d passed, %d failed" % tuple(counts))
sys.exit(1 if counts[1] else 0)
