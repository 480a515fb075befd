#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Add up the unit and system test counts into make test's last line."""

import re
import sys


def main(unit_log, system_summary):
    passed = failed = 0
    try:
        with open(unit_log) as f:
            for m in re.finditer(r"^unit: (\d+) passed, (\d+) failed$",
                                 f.read(), re.M):
                passed, failed = int(m.group(1)), int(m.group(2))
    except OSError:
        failed += 1
    try:
        with open(system_summary) as f:
            p, fl = f.read().split()
            passed += int(p)
            failed += int(fl)
    except (OSError, ValueError):
        failed += 1
    print("total: %d passed, %d failed" % (passed, failed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
