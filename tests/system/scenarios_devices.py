# SPDX-License-Identifier: GPL-2.0-only
"""dom0 drives real device mixes with MSI and MSI-X: on QEMU's `pc` and
`q35` machines, a virtio-blk-pci disk, an NVMe disk, an AHCI disk, a
virtio-net-pci NIC and an e1000e NIC (each NIC on its own user-mode
network), all with MSI/MSI-X on as QEMU has them by default, and 4 vCPUs.

One boot per machine, dom0's /init in xmhv.mode=devices
(config/dom0/devices.sh) checks everything in that boot: each disk
written and read back, a DHCP lease on each NIC (QEMU's own server at
10.0.2.2: nothing leaves the machine), the counts of the MSI/MSI-X lines
of /proc/interrupts growing, and an MSI (AHCI) and an MSI-X (virtio-net)
interrupt moved to every vCPU in turn while traffic runs, its count
growing on the new vCPU.

To check the scenario itself against another hypervisor: DEVICES_TEST_HV
(multiboot image) and DEVICES_TEST_HV_CMDLINE, as for scenarios_dom0."""

import os
import re
from qemu import Boot, TOP, TestFailure, check
from scenarios_dom0 import build_initramfs, last_line, reach
from scenarios_linux import debian_kernel

SMP = int(os.environ.get("DEVICES_TEST_SMP", "4"))
HV = os.environ.get("DEVICES_TEST_HV") or None
HV_CMDLINE = os.environ.get("DEVICES_TEST_HV_CMDLINE",
                            "noreboot loglvl=all guest_loglvl=all")
IMG_DIR = os.path.join(TOP, "build", "devices")
DISKS = ("virtio", "nvme", "ahci")
# How each disk and NIC shows up in dom0 (name prefix : driver).
WANT_DISKS = {"vd": "virtio_blk", "nvme": "nvme", "sd": "ahci"}
WANT_NICS = ("virtio_net", "e1000e")


def make_images(machine):
    """Three small raw disks, zero-filled, made afresh for each boot."""
    os.makedirs(IMG_DIR, exist_ok=True)
    paths = {}
    for d in DISKS:
        p = os.path.join(IMG_DIR, "%s-%s.img" % (machine, d))
        with open(p, "wb") as f:
            f.truncate(8 << 20)
        paths[d] = p
    return paths


def qemu_devices(machine, img):
    """The device mix: -device options for machine ('pc' or 'q35')."""
    args = ["-machine", machine,
            "-drive", "file=%s,if=none,id=xvirtio,format=raw" % img["virtio"],
            "-device", "virtio-blk-pci,drive=xvirtio",
            "-drive", "file=%s,if=none,id=xnvme,format=raw" % img["nvme"],
            "-device", "nvme,drive=xnvme,serial=xmhv-nvme0",
            "-drive", "file=%s,if=none,id=xahci,format=raw" % img["ahci"]]
    if machine == "q35":
        # The ICH9 AHCI controller at 00:1f.2 is part of the machine.
        args += ["-device", "ide-hd,drive=xahci,bus=ide.0"]
    else:
        args += ["-device", "ahci,id=ahci0",
                 "-device", "ide-hd,drive=xahci,bus=ahci0.0"]
        # A 2 GiB BAR (no driver, memory never touched) does not fit
        # below 4 GiB: SeaBIOS then puts every 64-bit prefetchable BAR
        # above 4 GiB, the virtio devices' modern BARs among them, and
        # dom0's virtio drivers work only if vPCI maps those.
        args += ["-object", "memory-backend-ram,id=bigbar,size=2G",
                 "-device", "ivshmem-plain,memdev=bigbar"]
    # Each NIC on its own user-mode network: DHCP from 10.0.2.2 only.
    args += ["-netdev", "user,id=n0", "-device", "virtio-net-pci,netdev=n0",
             "-netdev", "user,id=n1", "-device", "e1000e,netdev=n1"]
    return args


def check_devices(b, t0):
    """Assert on devices.sh's lines; returns the figures for the report."""
    m = reach(b, r"DOM0 dev-modules: loaded=(\d+) failed=(\d+)", 300,
              "device drivers")
    m = reach(b, r"DOM0 devices-ready: disks=(.*)nics=(.*)up=(\S+)", 300,
              "devices")
    ready_at = b.lines[b.last_index][0] - t0
    disks, nics = m.group(2).split(), m.group(3).split()
    for prefix, drv in WANT_DISKS.items():
        check(any(d.startswith(prefix) for d in disks),
              "no %s disk in dom0: %s" % (drv, disks))
    for drv in WANT_NICS:
        check(any(n.endswith(":" + drv) for n in nics),
              "no %s NIC in dom0: %s" % (drv, nics))
    reach(b, r"DOM0 msi-total: before=(\d+) after=(\d+)", 600,
          "disk and network checks")
    return ready_at, disks, nics


def devices_boot(machine, logdir):
    kernel = debian_kernel()
    build_initramfs(kernel)
    img = make_images(machine)
    dom0_args = "console=hvc0 xmhv.mode=devices"
    name = "dom0-devices-" + machine
    with Boot(name, logdir, mem=2048, smp=SMP, kernel=HV,
              modules=[kernel + " " + dom0_args,
                       os.path.join(TOP, "build", "dom0",
                                    "initramfs.cpio.gz")],
              cmdline=HV_CMDLINE, extra=qemu_devices(machine, img)) as b:
        # Four vCPUs under TCG on a loaded 2-core host: minutes.
        reach(b, r"DOM0 init: userspace", 900, "dom0 userspace")
        ready_at, disks, nics = check_devices(b, 0)
        reach(b, r"DOM0 devices-done", 600, "affinity moves")
        reach(b, r"DOM0 poweroff", 30, "poweroff")
        try:
            b.wait_exit(timeout=60)
        except TestFailure:
            raise TestFailure("QEMU still running 60s after dom0's "
                              "poweroff -f; last line: %s" % last_line(b))
    return b, ready_at, disks, nics


def results(b):
    """Disks, leases, MSI counts and affinity moves from the log."""
    disk = [(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)))
            for m in b.matching(r"DOM0 disk: (\S+) (\S+) write_ms=(\d+) "
                                r"read_ms=(\d+)")]
    leases = [(m.group(1), m.group(2)) for m in
              b.matching(r"DOM0 dhcp-lease: (\S+) ip=(\S+)")]
    total = b.matching(r"DOM0 msi-total: before=(\d+) after=(\d+)")[-1]
    moves = [(m.group(1), m.group(2), int(m.group(3)), int(m.group(4)),
              m.group(5)) for m in
             b.matching(r"DOM0 affinity: irq=(\d+) name=(\S+) cpu=(\d+) "
                        r"delta=(-?\d+) before=\d+ after=\d+ (\S+)")]
    fails = [m.group(0) for m in b.matching(r"DOM0 (affinity|dhcp|disk): "
                                            r".*FAIL.*")]
    counts = {}
    for m in b.matching(r"DOM0 msi-irq-after: irq=\d+ name=(\S+) "
                        r"count=(\d+)"):
        counts[m.group(1)] = int(m.group(2))
    return disk, leases, (int(total.group(1)), int(total.group(2))), \
        moves, fails, counts


def per_driver(counts, nics):
    """MSI/MSI-X interrupts taken per device, by /proc/interrupts name:
    virtio0 is the disk and virtio1 the NIC (probe order), the e1000e's
    lines carry its interface name."""
    e1000e = [n.split(":")[0] for n in nics if n.endswith(":e1000e")]
    who = {"virtio-blk": r"^virtio0-", "virtio-net": r"^virtio1-",
           "nvme": r"^nvme", "ahci": r"^ahci",
           "e1000e": r"^%s(-|$)" % (e1000e[0] if e1000e else "none")}
    return {k: sum(c for n, c in counts.items() if re.search(rx, n))
            for k, rx in who.items()}


def scenario(machine):
    def run(logdir):
        b, ready_at, disks, nics = devices_boot(machine, logdir)
        disk, leases, (before, after), moves, fails, counts = results(b)
        by_dev = per_driver(counts, nics)
        idle = [k for k, c in by_dev.items() if not c]
        check(not idle, "no MSI/MSI-X interrupts from %s: %s"
              % (", ".join(idle), counts))
        high = [m.group(1) for m in
                b.matching(r"DOM0 bar-high: (\S+) (0x[0-9a-f]+)")]
        if machine == "pc":
            check(any(h.endswith(":virtio-pci") for h in high),
                  "no virtio BAR above 4 GiB: %s" % high)
        check(not fails, "; ".join(fails))
        check(len(disk) >= 3 and all(r == "ok" for _, r, _, _ in disk),
              "disks: %s" % disk)
        check(len(leases) >= 2 and
              all(ip.startswith("10.0.2.") for _, ip in leases),
              "DHCP leases: %s (NICs %s)" % (leases, nics))
        check(after > before > 0, "MSI/MSI-X counts did not grow: "
              "before=%d after=%d" % (before, after))
        names = set(n for _, n, _, _, _ in moves)
        check("ahci" in names and any("virtio" in n for n in names),
              "affinity moves: %s" % moves)
        cpus = set((n, c) for _, n, c, _, r in moves if r == "ok")
        check(len(cpus) == 2 * SMP, "affinity moves: %s" % moves)
        io = ", ".join("%s w%d/r%d ms" % (d.split(":")[0], w, r)
                       for d, _, w, r in disk)
        return ("devices ready at %.0fs; %d BARs above 4 GiB; MSI irqs %d -> %d (%s); 1 MiB %s; "
                "%d affinity moves" % (ready_at, len(high), before, after,
                                       " ".join("%s=%d" % kv for kv in
                                                sorted(by_dev.items())),
                                       io, len(moves)))
    return run


SCENARIOS = [("dom0-devices-pc", scenario("pc")),
             ("dom0-devices-q35", scenario("q35"))]
