# SPDX-License-Identifier: GPL-2.0-only
"""Save and restore (issue 10, items 3, 4, 6 and 7): xm save asks the
guest to suspend through control/shutdown, its own Linux suspends its
devices and calls SCHEDOP_shutdown(suspend); libxc writes the migration
stream v2 image, xend wraps it with the domain's config and destroys the
domain (xm save -c resumes it instead: its suspend returns "cancelled").
xm restore creates the domain from the image: memory, TSC, HVM params and
context, new rings for xenstored and xenconsoled, the same devices.  The
dom0 script is config/dom0/toolstack/save.sh; the guest
(config/guest/init, xmhv.memtest=8) prints a tick line every second with
its checker's pid, the buffer's md5, its process list and the md5 of its
disk (held open) with the tick number it last wrote there, read back;
its gapwatch says how long it stood still."""

import re

from qemu import check
from scenarios_toolstack import Run, guarded, one_line

TICK = (r"GUEST sr tick n=(\d+) pid=(\d+) up=([\d.]+) sum=(\w+) "
        r"procs=(\w+) disk=(\w+) dn=(\d*)")


def tick(b, label):
    m = b.matching(r"TS tick %s (.*)$" % label)
    check(m, "no 'TS tick %s' line" % label)
    t = re.match(TICK, m[0].group(1))
    check(t, "%s: no tick in %r" % (label, m[0].group(1)))
    return t


def same_process(before, after, label):
    """The same checker going on, with the same memory, processes and
    disk content, its last tick's number read back from the disk."""
    check(after.group(2) == before.group(2) and
          int(after.group(1)) > int(before.group(1)) and
          after.group(4) == before.group(4) and
          after.group(5) == before.group(5) and
          after.group(6) == before.group(6) and
          after.group(7) == after.group(1),
          "%s: before %r, after %r" % (label, before.group(0),
                                       after.group(0)))


def state(b, label):
    """(domains in xenstore, xm list, vbd backends, loop devices)."""
    m = b.matching(r"TS state %s domains=(\S*) xm=(\S*) vbd=(\S*) "
                   r"loops=(\d+)" % label)
    check(m, "no 'TS state %s' line" % label)
    return m[0].groups()


def secs(b, label):
    m = b.matching(r"TS time %s secs=([\d.]+)" % label)
    check(m, "no 'TS time %s' line" % label)
    return float(m[0].group(1))


def gap(b, label):
    """The longest stand-still the guest saw (its gapwatch), as text:
    "<0.5s" when it saw none over 0.5 s."""
    m = b.matching(r"TS gap %s cs=(\d*)" % label)
    check(m, "no 'TS gap %s' line" % label)
    cs = m[0].group(1)
    return "%.1fs" % (int(cs) / 100.0) if cs else "<0.5s"


def check_refusals(b, res):
    one_line(res, "restore-trunc", r"restoring the guest \(xc_domain_restore\)"
             r": xc_domain_restore d\d+: truncated stream")
    one_line(res, "restore-magic", r"not a domain save image")
    one_line(res, "restore-xenf", r"xc_domain_restore d\d+: not a Xen "
             r"domain image")
    one_line(res, "restore-missing", r"cannot read the image: No such file")
    for label in ("saved", "trunc", "refused", "end"):
        check(state(b, label) == ("0,", "Domain-0,", "", "0"),
              "%s: left %s" % (label, state(b, label)))


def save_restore(logdir):
    """xm save, xm restore, xm save -c, refusals, the checkpoint image
    restored: the guest's checker process goes on each time with the same
    buffer sum and process list, and nothing is left behind."""
    with Run(logdir, "save-restore", "save") as run:
        res = run.done(1500)
        b = run.b
    for label in ("create", "save", "restore", "save-c", "destroy",
                  "restore-c", "destroy-2"):
        check(res.get(label, [None])[0] == 0, "xm %s: %s"
              % (label, res.get(label)))
    before = tick(b, "before")
    same_process(before, tick(b, "restored"), "restore")
    same_process(before, tick(b, "checkpointed"), "save -c")
    same_process(before, tick(b, "from-checkpoint"), "checkpoint image")
    check(state(b, "restored")[0].count(",") == 2, "after restore: %s"
          % (state(b, "restored"),))
    check_refusals(b, res)
    size = int(b.matching(r"TS image size=(\d+)")[0].group(1))
    steps = [x for x in res.get("steps", [None, []])[1] if "restored" in x]
    check(steps, "xend logged no 'restored dN in' line: %s"
          % (res.get("steps"),))
    return ("save %.1fs, restore %.1fs, save -c %.1fs (guest stood still "
            "%s); image %.1f MiB (128 MiB guest); xend: %s"
            % (secs(b, "save"), secs(b, "restore"), secs(b, "save-c"),
               gap(b, "save-c"), size / 1048576.0,
               steps[0].split("(xend) ")[-1]))


def migrate(logdir):
    """Localhost migration, live and not: the same checker goes on with
    the same memory under a new id; a destination that is not there is
    refused in one line and the guest runs on."""
    with Run(logdir, "migrate-localhost", "migrate") as run:
        res = run.done(1500)
        b = run.b
    check(res.get("create", [None])[0] == 0, "xm create: %s"
          % (res.get("create"),))
    before = tick(b, "before")
    ids = b.matching(r"TS ids old=(\d+) new=(\d*)")
    for label, i in (("live", 0), ("stop", 1)):
        check(res.get(label, [None])[0] == 0, "xm migrate (%s): %s"
              % (label, res.get(label)))
        same_process(before, tick(b, label), "migrate " + label)
        check(len(ids) > i and ids[i].group(1) != ids[i].group(2),
              "%s: ids %s" % (label, ids[i].group(0) if len(ids) > i
                              else "no line"))
    check(state(b, "live")[0].count(",") == 2, "after the live migration: "
          "%s" % (state(b, "live"),))
    one_line(res, "refused", r"cannot reach xend on localhost port 8003")
    same_process(before, tick(b, "refused"), "refused migration")
    check(len(ids) > 2 and ids[2].group(1) == ids[2].group(2),
          "refused: %s" % (ids[2].group(0) if len(ids) > 2 else "no line"))
    check(state(b, "end") == ("0,", "Domain-0,", "", "1"), "left: %s"
          % (state(b, "end"),))
    out = res["live"][1]
    return ("live %.1fs, guest stood still %s (%s; %s); stop-and-copy "
            "%.1fs, guest stood still %s"
            % (secs(b, "live"), gap(b, "live"), "; ".join(out[:-1])[-200:],
               out[-1] if out else "?", secs(b, "stop"), gap(b, "stop")))


SCENARIOS = [guarded("save-restore", save_restore),
             guarded("migrate-localhost", migrate)]
