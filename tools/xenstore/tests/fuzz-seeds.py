#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Writes seed inputs for fuzz-proto (records of selector, length, bytes)
into the directory given: well-formed sessions the fuzzer mutates."""
import os
import struct
import sys


def msg(typ, payload, tx=0, req=1):
    return struct.pack("<IIII", typ, req, tx, len(payload)) + payload


def rec(sel, data):
    return bytes([sel]) + struct.pack("<H", len(data)) + data


SEEDS = {
    "write-read": rec(0, msg(11, b"/a/b\0v") + msg(2, b"/a/b\0") +
                      msg(1, b"/a\0") + msg(13, b"/a\0")),
    "perms": rec(0, msg(12, b"/local/domain/5\0") +
                 msg(14, b"/local/domain/5\0n5\0r6\0")) +
             rec(2, msg(11, b"x/y\0z") + msg(3, b"x/y\0") +
                 msg(14, b"x\0n5\0b6\0")) +
             rec(3, msg(2, b"/local/domain/5/x/y\0")),
    "txn": rec(0, msg(6, b"\0") + msg(11, b"/t\0a", tx=1) +
               msg(2, b"/t\0", tx=1)) +
           rec(1, msg(11, b"/t\0b")) + rec(0, msg(7, b"T\0", tx=1)),
    "watch": rec(1, msg(4, b"/w\0tok\0") + msg(4, b"@releaseDomain\0r\0")) +
             rec(0x80, msg(11, b"/w/x\0" + b"v" * 100) +
                 msg(11, b"/w/y\0")) + rec(1, msg(5, b"/w\0tok\0")),
    "domain": rec(0, msg(8, b"7\0" b"1\0" b"3\0")) +
              rec(4, msg(11, b"data\0hello") + msg(4, b"data\0t\0")) +
              rec(5, b"\x03") + rec(0, msg(9, b"7\0")),
    "dirpart": rec(0, b"".join(msg(11, b"/d/child%03d\0" % i)
                               for i in range(40)) +
                   msg(22, b"/d\0" b"0\0") + msg(22, b"/d\0" b"100\0")),
    "control": rec(0, msg(0, b"check\0") + msg(0, b"quota\0" b"5\0") +
                   msg(17, b"5\0") + msg(10, b"5\0") + msg(21, b"\0") +
                   msg(19, b"5\0" b"6\0") + msg(18, b"5\0")),
}

os.makedirs(sys.argv[1], exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(sys.argv[1], "seed-" + name), "wb") as f:
        f.write(data)
