#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs each unit-test binary and prints one closing line with the totals.
passed=0
failed=0
for t in "$@"; do
    echo "== $(basename "$t")"
    out=$("$t" 2>&1)
    rc=$?
    echo "$out" | grep -v '^RESULT '
    res=$(echo "$out" | sed -n 's/^RESULT //p' | tail -n 1)
    if [ -z "$res" ]; then
        echo "  FAIL $(basename "$t"): exited $rc without a result"
        failed=$((failed + 1))
        continue
    fi
    passed=$((passed + ${res% *}))
    failed=$((failed + ${res#* }))
done
echo "${SUITE:-unit}: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
