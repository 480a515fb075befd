#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Runs xenconsoled's tests against a xenstored of our own on a temporary
# socket, then the client's; the last line is "console: N passed, M failed".
# Usage: run.sh <test-consoled> <xenstored> <xenconsole>
test=$1 xenstored=$2 xenconsole=$3
here=$(dirname "$0")
tmp=$(mktemp -d /tmp/console-suite.XXXXXX)
passed=0
failed=0
"$xenstored" -N -D -s "$tmp/socket" 2> "$tmp/xenstored.log" &
xspid=$!
for i in $(seq 50); do [ -S "$tmp/socket" ] && break; sleep 0.1; done
export XENSTORED_PATH="$tmp/socket"
add() {
    res=$(echo "$1" | sed -n 's/^RESULT //p' | tail -n 1)
    echo "$1" | grep -v '^RESULT '
    if [ -z "$res" ]; then
        echo "  FAIL $2: no result"
        failed=$((failed + 1))
    else
        passed=$((passed + ${res% *}))
        failed=$((failed + ${res#* }))
    fi
}
echo "== test-consoled"
add "$(timeout 300 "$test" 2>&1)" test-consoled
echo "== client.py"
add "$(timeout 120 python3 "$here/client.py" "$xenconsole" 2>&1)" client.py
kill "$xspid" 2> /dev/null
wait "$xspid" 2> /dev/null
rm -rf "$tmp" /tmp/consoled-test.*
echo "console: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
