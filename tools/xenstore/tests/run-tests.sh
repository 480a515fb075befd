#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs the xenstore unit tests and the socket integration test; the last
# line is "xenstore: N passed, M failed" and the exit status says whether
# everything passed.  Usage: run-tests.sh <build dir> <unit test binaries>
build=$1
shift
passed=0
failed=0
add() {
    passed=$((passed + ${1% *}))
    failed=$((failed + ${1#* }))
}
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
    add "$res"
done
# The integration test on the normal build, then on the ASan/UBSan one.
for b in "$build" "$build/asan"; do
    echo "== integration (socket) on $b"
    out=$(python3 "$(dirname "$0")/integration.py" "$b" 2>&1)
    echo "$out" | grep -v '^RESULT '
    res=$(echo "$out" | sed -n 's/^RESULT //p' | tail -n 1)
    if [ -z "$res" ]; then
        echo "  FAIL integration: no result"
        failed=$((failed + 1))
    else
        add "$res"
    fi
done
echo "xenstore: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
