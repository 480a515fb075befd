#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Add up every suite's counts into make test's last line.

Each argument is a log whose suite ends with a line "<suite>: N passed,
M failed" (unit, xm, xenstore ...) or the system tests' summary file
("N M").  A log that is missing or has no such line counts as one
failure, so a suite that did not run cannot pass unseen."""

import re
import sys

LINE = re.compile(r"^([\w-]+): (\d+) passed, (\d+) failed$", re.M)


def counts(path):
    with open(path) as f:
        text = f.read()
    found = LINE.findall(text)
    if found:
        return int(found[-1][1]), int(found[-1][2])
    p, fl = text.split()
    return int(p), int(fl)


def main(paths):
    passed = failed = 0
    for path in paths:
        try:
            p, fl = counts(path)
        except (OSError, ValueError):
            print("total: no result in %s" % path)
            p, fl = 0, 1
        passed += p
        failed += fl
    print("total: %d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main(sys.argv[1:])
