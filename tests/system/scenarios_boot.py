# SPDX-License-Identifier: GPL-2.0-only
"""System scenarios of the bare hypervisor (no dom0): CPUs, memory,
timer accuracy, faults and their register dumps, multiboot2 via GRUB."""

import os
import subprocess

from qemu import Boot, TOP, TestFailure, check

TICKS = 4


def check_ticks(boot):
    """Each 1-second hypervisor timer tick, timed by the host clock."""
    stamps = []
    for n in range(1, TICKS + 1):
        t, _ = boot.wait_for(r"selftest: timer tick %d at" % n, timeout=30)
        stamps.append(t)
    mean = (stamps[-1] - stamps[0]) / (len(stamps) - 1)
    gaps = ["%.3f" % (b - a) for a, b in zip(stamps, stamps[1:])]
    check(abs(mean - 1.0) <= 0.05,
          "timer period %.3f s (gaps %s) is not within 5%% of 1 s"
          % (mean, ", ".join(gaps)))
    return "tick %.3f s" % mean


def boot_matrix(logdir, smp, mem_mib):
    name = "boot-%dcpu-%s" % (smp, "%dG" % (mem_mib // 1024)
                              if mem_mib >= 1024 else "%dM" % mem_mib)
    with Boot(name, logdir, smp=smp, mem=mem_mib,
              cmdline="selftest_ticks=%d" % TICKS) as b:
        _, m = b.wait_for(r"System RAM: (\d+) MiB", timeout=60)
        ram = int(m.group(1))
        check(mem_mib - 2 <= ram <= mem_mib,
              "System RAM %d MiB, expected about %d" % (ram, mem_mib))
        b.wait_for(r"TSC: \d+\.\d+ MHz", timeout=30)
        _, m = b.wait_for(r"Brought up (\d+) CPUs", timeout=60)
        check(int(m.group(1)) == b.cpus,
              "%s CPUs came up, expected %d" % (m.group(1), b.cpus))
        online = {int(x.group(1)) for x in b.matching(r"CPU(\d+): online")}
        check(online == set(range(1, b.cpus)),
              "APs online: %s" % sorted(online))
        b.wait_for(r"No dom0 kernel was given", timeout=30)
        tick = check_ticks(b)
    return "%d MiB, %d CPUs, %s" % (ram, b.cpus, tick)


def make_boot_scenario(smp, mem):
    return lambda logdir: boot_matrix(logdir, smp, mem)


def fault_pf(logdir):
    with Boot("fault-pf", logdir, cmdline="selftest_fault=pf noreboot") as b:
        b.wait_for(r"FATAL TRAP: vector 14 \(page fault\)", timeout=60)
        b.wait_for(r"CR2\): 00000000dead0000 \(not present, write", 10)
        b.wait_for(r"^\(XEN\) RIP:    0008:\[<ffffffff8[0-9a-f]{7}>\]", 10)
        b.wait_for(r"rax: [0-9a-f]{16}   rbx: [0-9a-f]{16}", 10)
        b.wait_for(r"cr0: [0-9a-f]{16}   cr2: 00000000dead0000", 10)
        b.wait_for(r"Xen call trace:", 10)
        b.wait_for(r"Panic on CPU 0:", 10)
        b.wait_for(r"Manual reset required", 10)
    return "register dump and trace seen"


def fault_ud_reboots(logdir):
    """Without noreboot a panic reboots; QEMU (-no-reboot) then exits."""
    with Boot("fault-ud", logdir, cmdline="selftest_fault=ud",
              reboot_exits=True) as b:
        b.wait_for(r"FATAL TRAP: vector 6 \(invalid opcode\)", timeout=60)
        b.wait_for(r"Reboot in 5 seconds", 10)
        b.wait_exit(30)
    return "rebooted"


def fault_bug(logdir):
    with Boot("fault-bug", logdir, cmdline="selftest_fault=bug noreboot") as b:
        b.wait_for(r"Xen BUG at .*selftest\.c:\d+", timeout=60)
        b.wait_for(r"Panic on CPU 0:", 10)
    return "BUG() reported"


def multiboot2_iso(logdir):
    iso = os.path.join(TOP, "build", "xen.iso")
    subprocess.run([os.path.join(TOP, "scripts", "mkiso.sh"),
                    os.path.join(TOP, "xen", "xen"), iso, "selftest_ticks=1"],
                   check=True)
    with Boot("multiboot2-grub", logdir, cdrom=iso, smp=2, mem=512) as b:
        b.wait_for(r"Boot loader: GRUB .*\(multiboot2\)", timeout=120)
        _, m = b.wait_for(r"System RAM: (\d+) MiB", timeout=30)
        check(510 <= int(m.group(1)) <= 512, "RAM %s MiB" % m.group(1))
        b.wait_for(r"Brought up %d CPUs" % b.cpus, timeout=60)
        b.wait_for(r"No dom0 kernel was given", timeout=30)
    return "GRUB multiboot2 boot"


def debug_keys(logdir):
    """Without dom0 the serial input goes to the debug keys."""
    with Boot("debug-keys", logdir, smp=2) as b:
        b.wait_for(r"Serial input to Xen", timeout=60)
        b.send("h")
        b.wait_for(r"key 'q' .* => dump domain", timeout=10)
        b.send("r")
        b.wait_for(r"'r' pressed -> dumping run queues", timeout=10)
        b.wait_for(r"CPU1: running d\[IDLE\]v1", timeout=10)
        b.send("t")
        b.wait_for(r"'t' pressed -> time: NOW\(\) = \d+\.\d+ s", 10)
        b.send("m")
        _, m = b.wait_for(r"'m' pressed -> heap: free=(\d+) pages", 10)
        check(int(m.group(1)) > 0, "no free heap pages: %s" % m.group(0))
        b.send("x")
        b.wait_for(r"'x' \(ascii 78\) => no handler", timeout=10)
    return "h, r, t, m and an unbound key answered"


def fault_triple(logdir):
    """A triple fault (no handler runs): the harness ends the run at once
    and names the registers the fault left, RIP by its symbol."""
    with Boot("fault-triple", logdir,
              cmdline="selftest_fault=triple noreboot") as b:
        b.wait_for(r"selftest: provoking a fault: triple", timeout=60)
        try:
            b.wait_for(r"never printed", timeout=60)
        except TestFailure as e:
            why = str(e)
        check("triple-faulted" in why and "<fault_triple+" in why and
              "IDT=0000000000000000 00000000" in why, why)
    return why.split(": ", 1)[1][:150]


SCENARIOS = [("boot-%dcpu-%s" % (c, "4G" if m == 4096 else "256M"),
              make_boot_scenario(c, m))
             for c in (1, 2, 4) for m in (256, 4096)] + [
    ("fault-pf", fault_pf),
    ("fault-ud", fault_ud_reboots),
    ("fault-bug", fault_bug),
    ("fault-triple", fault_triple),
    ("multiboot2-grub", multiboot2_iso),
    ("debug-keys", debug_keys),
]
