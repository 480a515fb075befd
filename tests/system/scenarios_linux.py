# SPDX-License-Identifier: GPL-2.0-only
"""Debian's own kernel (linux-image-amd64, as shipped) as PVH dom0."""

import glob

from qemu import Boot, TestFailure, check


def debian_kernel():
    found = sorted(glob.glob("/boot/vmlinuz-*-amd64"))
    if not found:
        raise TestFailure("no /boot/vmlinuz-*-amd64: install linux-image-amd64")
    return found[-1]


def linux_early(logdir):
    """The bzImage is unpacked (XZ) and entered; its first messages come
    out through the hypervisor's console_io."""
    kernel = debian_kernel()
    with Boot("linux-dom0-early", logdir, mem=2048, smp=2,
              modules=[kernel + " console=hvc0 earlyprintk=xen"],
              cmdline="noreboot loglvl=all guest_loglvl=all") as b:
        b.wait_for(r"dom0: unpacking bzImage payload", timeout=60)
        _, m = b.wait_for(r"dom0: kernel (0x[0-9a-f]+)-.*PVH entry", 120)
        b.wait_for(r"Linux version 6\.1\.\S+-amd64", timeout=120)
        b.wait_for(r"Command line: console=hvc0 earlyprintk=xen", 30)
        b.wait_for(r"Hypervisor detected: Xen HVM", 60)
        _, v = b.wait_for(r"Xen version (\d+\.\d+)", 60)
        check(v.group(1) == "4.17", "Linux saw Xen %s" % v.group(1))
    return "Linux entered at its PVH entry, early messages seen"


SCENARIOS = [("linux-dom0-early", linux_early)]
