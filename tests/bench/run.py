#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Benchmarks, side by side with Debian's Xen 4.17 under the same QEMU.

    python3 tests/bench/run.py [--rounds N] [--only xmhv|xen-4.17]
                               [--skip dom0|kernel|fuzz|toolstack|io]

For each hypervisor, in one run:
  dom0   Debian's kernel as PVH dom0 with the initramfs of config/dom0 in
         bench mode: time from QEMU start to dom0's /init and to the shell
         being ready (modules loaded), then the event-channel round trip
         of tests/dom0/evtchn-pingpong.
  kernel the benchmark kernel of tests/bench (bench-x64.elf) as dom0:
         TSC cycles of a null hypercall, a CPUID exit and an MSR #GP.
  fuzz   (ours only) the hypercall fuzzer tests/guests/fuzz.c as dom0 on
         every vCPU: FUZZ_CALLS calls in all (default 10^7, seed
         FUZZ_SEED, default 1), then the leak check; calls per second by
         the host's clock.  A hang, panic, crash or leak fails it (n/a
         with the reason, and the serial log has the debug keys' dump).
  io     one guest with a 256 MiB file: disk (dom0's blkback) and a vif
         (netback, bridge xenbr0), created by xm/xl with its console:
         create to its first line, sequential write and read of all of
         xvda (1 MiB, O_DIRECT), 4 KiB read latency, 64 MiB over TCP to
         dom0, poweroff to domain gone; then one guest each with a phy:,
         tap:aio: and tap:qcow2: xvda (the tap: kinds on ours only: Xen
         4.17 serves them with QEMU's qdisk, which the reference dom0 does
         not run), written and read whole the same way; then 64 MiB over
         TCP from one guest to another on xenbr0
         (config/dom0/toolstack/bench-io.sh; the I/O figures are the
         guests' own clocks).
Both hypervisors run on the same QEMU machine, `-machine q35 -device
amd-iommu` (Xen 4.17 needs an IOMMU for a PVH dom0), with the same CPU,
memory and vCPUs; under TCG ours gets one CPU more, which it keeps from
guests (tests/system/qemu.py machine_cpus()).  The last table gives xmhv/Xen 4.17 ratios: below 1
means we are faster.  These are measurements, not pass/fail tests; a
side that does not get there shows "n/a" with the reason.  Serial logs:
build/bench/<name>.log."""

import argparse
import os
import re
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "system"))

from qemu import Boot, TestFailure, machine_cpus  # noqa: E402
from scenarios_fuzz import run_fuzz  # noqa: E402

OUT = os.path.join(TOP, "build", "bench")
INITRAMFS = os.path.join(OUT, "dom0-initramfs.cpio.gz")
BENCH_KERNEL = os.path.join(TOP, "tests", "bench", "build", "bench-x64.elf")
XEN417_GZ = "/boot/xen-4.17-amd64.gz"
XEN417_PKG = "xen-hypervisor-4.17-amd64"
MACHINE = ["-machine", "q35", "-device", "amd-iommu"]
SMP = 2
FATAL = (r"Domain 0 crashed|Kernel panic|\(XEN\) .*PANIC|Panic on CPU|"
         r"Hardware Dom0 (halted|shutdown|crashed)")


class Hypervisor:
    def __init__(self, name, image, cmdline):
        self.name = name
        self.image = image
        self.cmdline = cmdline
        self.results = {}       # metric -> float, or str when n/a


def debian_kernel():
    found = subprocess.run("ls /boot/vmlinuz-*-amd64 | sort -V | tail -n 1",
                           shell=True, capture_output=True, text=True)
    kernel = found.stdout.strip()
    if not kernel:
        sys.exit("no /boot/vmlinuz-*-amd64: install linux-image-amd64")
    return kernel


def xen417_image():
    """Debian's Xen 4.17, gunzipped; installed with apt-get if missing."""
    if not os.path.exists(XEN417_GZ):
        if os.geteuid() != 0:
            return None
        print("installing %s (the reference hypervisor)" % XEN417_PKG)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "-q",
                            "--no-install-recommends", XEN417_PKG], env=env)
        if r.returncode or not os.path.exists(XEN417_GZ):
            return None
    image = os.path.join(OUT, "xen-4.17")
    if (not os.path.exists(image) or
            os.path.getmtime(image) < os.path.getmtime(XEN417_GZ)):
        with open(image + ".tmp", "wb") as f:
            subprocess.run(["gunzip", "-c", XEN417_GZ], stdout=f, check=True)
        os.rename(image + ".tmp", image)
    return image


def build(kernel):
    kver = os.path.basename(kernel)[len("vmlinuz-"):]
    subprocess.run([os.path.join(TOP, "config", "dom0", "mkinitramfs.sh"),
                    "-k", kver, INITRAMFS], check=True)
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests", "bench")],
                   check=True)


def reach(b, pattern, timeout):
    _, m = b.wait_for(r"(%s)|(%s)" % (pattern, FATAL), timeout=timeout)
    if m.group(1) is None:
        raise TestFailure(m.group(0))
    return b.lines[b.last_index][0], m


def bench_dom0(hv, kernel, rounds):
    args = ("console=hvc0 earlyprintk=xen quiet xmhv.mode=bench "
            "xmhv.rounds=%d" % rounds)
    with Boot("dom0-" + hv.name, OUT, mem=2048, smp=SMP, kernel=hv.image,
              modules=[kernel + " " + args, INITRAMFS],
              cmdline=hv.cmdline % {"dom0_mem": "1024M"},
              extra=MACHINE) as b:
        hv.results["dom0 /init reached (s)"], _ = reach(
            b, r"DOM0 init: userspace", 300)
        hv.results["dom0 shell ready (s)"], _ = reach(b, r"DOM0 ready", 120)
        _, m = reach(b, r"VERDICT evtchn-pingpong: (PASS|FAIL)(.*)",
                     60 + rounds * 0.2)
        if m.group(2) != "PASS":
            raise TestFailure("evtchn-pingpong: FAIL" + m.group(3))
        rtt = re.search(r"rtt_us=([\d.]+)", m.group(3))
        hv.results["evtchn round trip (us)"] = float(rtt.group(1))
        t, _ = reach(b, r"DOM0 poweroff", 30)
        b.wait_exit(timeout=60)
        hv.results["poweroff to QEMU exit (s)"] = (time.monotonic() -
                                                  b.t0 - t)


def bench_kernel(hv):
    with Boot("kernel-" + hv.name, OUT, mem=512, smp=SMP, kernel=hv.image,
              modules=[BENCH_KERNEL],
              cmdline=hv.cmdline % {"dom0_mem": "256M"},
              extra=MACHINE) as b:
        _, m = reach(b, r"BENCH hypercall=(\d+) cpuid=(\d+) msr_gp=(\d+)",
                     180)
    for i, what in ((2, "null hypercall"), (3, "CPUID exit"),
                    (4, "MSR #GP")):
        hv.results["%s (cycles)" % what] = float(m.group(i))


def bench_fuzz(hv):
    calls = int(os.environ.get("FUZZ_CALLS", "10000000"))
    seed = int(os.environ.get("FUZZ_SEED", "1"))
    first, seconds, total, _ = run_fuzz(
        OUT, "fuzz-" + hv.name, "x64", "fuzz.seed=%d fuzz.calls=%d"
        % (seed, max(1, calls // SMP)), smp=SMP)
    hv.results["fuzz calls (all passes)"] = float(total)
    hv.results["fuzz calls/s"] = first / seconds if seconds else 0.0


DOM0_METRICS = ("dom0 /init reached (s)", "dom0 shell ready (s)",
                "evtchn round trip (us)", "poweroff to QEMU exit (s)")
KERNEL_METRICS = ("null hypercall (cycles)", "CPUID exit (cycles)",
                  "MSR #GP (cycles)")
FUZZ_METRICS = ("fuzz calls (all passes)", "fuzz calls/s")
TOOLSTACK_METRICS = ("dom0 toolstack up (s)", "dom0 MemFree (MiB)",
                     "xenstore read (ops/s)", "xenstore write (ops/s)",
                     "xenstore directory (ops/s)",
                     "xenstore transaction (ops/s)",
                     "create to guest init (s)",
                     "poweroff to domain gone (s)",
                     "10 creates in a row (s)", "10 guests at init (s)")
DISK_KINDS = (("io", "file:"), ("io-phy", "phy:"), ("io-aio", "tap:aio:"),
              ("io-qcow2", "tap:qcow2:"))
IO_METRICS = (("create to init, disk+vif (s)",) +
              tuple("xvda %s %s (MiB/s)" % (rw, kind) for _, kind in
                    DISK_KINDS for rw in ("write", "read")) +
              ("4 KiB read latency (ms)", "TCP guest to dom0 (MiB/s)",
               "TCP guest to guest (MiB/s)",
               "poweroff to gone, disk+vif (s)"))
SAVE_METRICS = ("save 128 MiB guest (s)", "save image (MiB)",
                "restore (s)", "live migration to localhost (s)")
# dom0's NIC for ours (its xenbr0 bridges it); QEMU's user-mode network,
# restricted: nothing leaves the host.
NET_ARGS = ["-netdev", "user,id=n0,restrict=on", "-device",
            "virtio-net-pci,netdev=n0"]
ANCHOR = "/work/shared/reference/xen417"


def reference_initrd(kernel):
    """The reference harness's dom0 initramfs with tests/bench/xen417-init,
    xs-bench, the demo guest and bench.sh laid over it (a second cpio: the
    kernel unpacks both, later files win)."""
    r = subprocess.run(["bash", os.path.join(ANCHOR, "run.sh"),
                        "--build-only"], capture_output=True, text=True,
                       env=dict(os.environ, ANCHOR_KERNEL=kernel,
                                ANCHOR_KVER=os.path.basename(kernel)[8:]))
    m = re.search(r"images: (\S+) (\S+)", r.stderr)
    if r.returncode or not m:
        raise TestFailure("reference harness build: %s"
                          % r.stderr.strip()[-200:])
    root = os.path.join(OUT, "xen417-overlay")
    subprocess.run(["rm", "-rf", root], check=True)
    tests = os.path.join(root, "usr", "libexec", "dom0-tests")
    for d in ("toolstack", "../../../etc/xen", "../../../var/lib/xen/images"):
        os.makedirs(os.path.join(tests, d), exist_ok=True)
    subprocess.run(["make", "-s", "-C", os.path.join(TOP, "tests", "dom0"),
                    "OUT=" + tests, os.path.join(tests, "xs-bench")],
                   check=True)
    conf = os.path.join(TOP, "config")
    for src, dst in (("tests/bench/xen417-init", "init"),
                     ("tests/bench/xen417-bench.cfg", "etc/xen/bench.cfg"),
                     ("config/dom0/toolstack/lib.sh",
                      "usr/libexec/dom0-tests/toolstack/lib.sh"),
                     ("config/dom0/toolstack/bench.sh",
                      "usr/libexec/dom0-tests/toolstack/bench.sh"),
                     ("config/dom0/toolstack/bench-io.sh",
                      "usr/libexec/dom0-tests/toolstack/bench-io.sh"),
                     ("config/dom0/toolstack/bench-save.sh",
                      "usr/libexec/dom0-tests/toolstack/bench-save.sh"),
                     ("config/dom0/toolstack/memtest.sh",
                      "usr/libexec/dom0-tests/toolstack/memtest.sh"),
                     ("config/dom0/toolstack/migloop.sh",
                      "usr/libexec/dom0-tests/toolstack/migloop.sh")):
        subprocess.run(["install", "-m", "0755", os.path.join(TOP, src),
                        os.path.join(root, dst)], check=True)
    subprocess.run([os.path.join(conf, "guest", "mkinitramfs.sh"),
                    os.path.join(root, "var/lib/xen/images/demo-initrd.gz")],
                   check=True)
    out = os.path.join(OUT, "xen417-toolstack-initrd.gz")
    subprocess.run("cat %s > %s.tmp && (cd %s && find . | cpio -o -H newc "
                   "--quiet -R 0:0 | gzip -1) >> %s.tmp && mv %s.tmp %s"
                   % (m.group(2), out, root, out, out, out),
                   shell=True, check=True)
    return out


def bench_mark(b, pattern, timeout):
    """Host time of a line matching pattern; a "BENCH error" fails."""
    t, m = reach(b, r"(?:%s)|BENCH error: (.*)" % pattern, timeout)
    if m.group(0).startswith("BENCH error"):
        raise TestFailure(m.group(0))
    return t, m


def bench_toolstack(hv, kernel):
    if hv.name == "xmhv":
        modules = [kernel + " console=hvc0 xmhv.mode=toolstack "
                   "xmhv.script=bench", INITRAMFS]
        cmdline, extra = "noreboot dom0_mem=768M", []
    else:
        modules = [kernel + " console=hvc0 earlyprintk=xen quiet",
                   reference_initrd(kernel)]
        cmdline, extra = "dom0_mem=768M,max:768M noreboot", []
    with Boot("toolstack-" + hv.name, OUT, mem=2048, smp=SMP,
              kernel=hv.image, modules=modules, cmdline=cmdline,
              extra=extra) as b:
        r = hv.results
        t, m = bench_mark(b, r"DOM0 toolstack: up=[\d.]+ free_kb=(\d+)", 300)
        r["dom0 toolstack up (s)"] = t
        r["dom0 MemFree (MiB)"] = int(m.group(2)) / 1024.0
        for op in ("read", "write", "directory", "transaction"):
            _, m = bench_mark(b, r"XSBENCH %s ops_per_s=(\d+)" % op, 60)
            r["xenstore %s (ops/s)" % op] = float(m.group(2))
        t0, _ = bench_mark(b, r"BENCH create-begin", 60)
        t1, _ = bench_mark(b, r"GUEST b0 init", 300)
        r["create to guest init (s)"] = t1 - t0
        t2, _ = bench_mark(b, r"GUEST b0 poweroff", 60)
        t3, _ = bench_mark(b, r"BENCH domain-gone", 120)
        r["poweroff to domain gone (s)"] = t3 - t2
        t4, _ = bench_mark(b, r"BENCH ten-begin", 30)
        t5, _ = bench_mark(b, r"BENCH ten-created", 1200)
        r["10 creates in a row (s)"] = t5 - t4
        t6, _ = bench_mark(b, r"BENCH ten-at-init", 1200)
        r["10 guests at init (s)"] = t6 - t4
        bench_mark(b, r"DOM0 script bench: done", 600)


def io_secs(b, what, guest="io"):
    """The guest's own seconds for one I/O step (a failed one fails)."""
    _, m = bench_mark(b, r"GUEST %s io %s \S+ secs=([\d.]+)" % (guest, what),
                      600)
    if b.matching(r"GUEST %s io error %s$" % (guest, what)):
        raise TestFailure("guest %s: its %s of xvda failed" % (guest, what))
    return float(m.group(2))


def bench_disks(b, hv):
    """Sequential write and read of each disk kind's 256 MiB xvda (the
    tap: kinds only where the dom0 can serve them), then TCP from guest
    io-tx to guest io-rx."""
    r = hv.results
    for guest, kind in DISK_KINDS[1:]:
        if hv.name != "xmhv" and kind.startswith("tap:"):
            _, m = bench_mark(b, r"BENCH skip tap: (.*)", 300)
            r["xvda write %s (MiB/s)" % kind] = "n/a"
            r["xvda read %s (MiB/s)" % kind] = "n/a"
            r["why %s" % kind] = m.group(2)
            continue
        r["xvda write %s (MiB/s)" % kind] = 256 / io_secs(b, "write", guest)
        r["xvda read %s (MiB/s)" % kind] = 256 / io_secs(b, "read", guest)
    _, m = bench_mark(b, r"GUEST io-tx io tcp-guest mib=64 rc=(\d+) "
                      r"secs=([\d.]+)", 600)
    _, got = bench_mark(b, r"BENCH tcp-recv (tcp-recv bytes=(\d+))?", 120)
    ok = m.group(2) == "0" and got.group(3) == str(64 << 20)
    r["TCP guest to guest (MiB/s)"] = 64 / float(m.group(3)) if ok else "n/a"
    if not ok:
        r["why tcp-guest"] = "the sender's nc: status %s, the receiver " \
            "got %s bytes" % (m.group(2), got.group(3))


def bench_io(hv, kernel):
    if hv.name == "xmhv":
        modules = [kernel + " console=hvc0 xmhv.mode=toolstack "
                   "xmhv.script=bench-io", INITRAMFS]
        cmdline = "noreboot dom0_mem=768M"
    else:
        modules = [kernel + " console=hvc0 earlyprintk=xen quiet "
                   "xmhv.script=bench-io", reference_initrd(kernel)]
        cmdline = "dom0_mem=768M,max:768M noreboot"
    with Boot("io-" + hv.name, OUT, mem=2048, smp=SMP, kernel=hv.image,
              modules=modules, cmdline=cmdline, extra=NET_ARGS) as b:
        r = hv.results
        bench_mark(b, r"DOM0 toolstack: up=", 300)
        t0, _ = bench_mark(b, r"BENCH io-create-begin", 120)
        t1, _ = bench_mark(b, r"GUEST io init", 300)
        r["create to init, disk+vif (s)"] = t1 - t0
        r["xvda write file: (MiB/s)"] = 256 / io_secs(b, "write")
        r["xvda read file: (MiB/s)"] = 256 / io_secs(b, "read")
        r["4 KiB read latency (ms)"] = io_secs(b, "read4k")
        r["TCP guest to dom0 (MiB/s)"] = 64 / io_secs(b, "tcp")
        t2, _ = bench_mark(b, r"GUEST io poweroff", 60)
        t3, m = bench_mark(b, r"BENCH io-gone up=\S+ tcp_bytes=(\d*)", 180)
        r["poweroff to gone, disk+vif (s)"] = t3 - t2
        if m.group(2) != str(64 << 20):
            r["TCP guest to dom0 (MiB/s)"] = "n/a"
            r["why io"] = "dom0 received %s bytes, not 64 MiB" % m.group(2)
        bench_disks(b, hv)
        bench_mark(b, r"DOM0 script bench-io: done", 300)


def bench_save(hv, kernel):
    """xm save/restore/migrate --live localhost on ours, xl's on Xen 4.17
    (config/dom0/toolstack/bench-save.sh), same guest, same dom0 size."""
    args = " xmhv.script=bench-save"
    if hv.name == "xmhv":
        modules = [kernel + " console=hvc0 xmhv.mode=toolstack" + args,
                   INITRAMFS]
        cmdline = "noreboot dom0_mem=768M"
    else:
        modules = [kernel + " console=hvc0 earlyprintk=xen quiet" + args,
                   reference_initrd(kernel)]
        cmdline = "dom0_mem=768M,max:768M noreboot"
    with Boot("save-" + hv.name, OUT, mem=2048, smp=SMP, kernel=hv.image,
              modules=modules, cmdline=cmdline) as b:
        r = hv.results
        bench_mark(b, r"DOM0 toolstack: up=", 300)
        t0, _ = bench_mark(b, r"BENCH save-begin", 600)
        t1, m = bench_mark(b, r"BENCH save-done up=\S+ size=(\d+)", 600)
        r["save 128 MiB guest (s)"] = t1 - t0
        r["save image (MiB)"] = int(m.group(2)) / 1048576.0
        t2, _ = bench_mark(b, r"BENCH restore-done", 600)
        r["restore (s)"] = t2 - t1
        t3, _ = bench_mark(b, r"BENCH migrate-begin", 60)
        t4, _ = bench_mark(b, r"BENCH migrate-done", 900)
        r["live migration to localhost (s)"] = t4 - t3
        bench_mark(b, r"DOM0 script bench-save: done", 120)


def run(hv, kernel, rounds, skip):
    for part, metrics, fn in (("dom0", DOM0_METRICS,
                               lambda: bench_dom0(hv, kernel, rounds)),
                              ("kernel", KERNEL_METRICS,
                               lambda: bench_kernel(hv)),
                              ("fuzz", FUZZ_METRICS,
                               lambda: bench_fuzz(hv)),
                              ("toolstack", TOOLSTACK_METRICS,
                               lambda: bench_toolstack(hv, kernel)),
                              ("io", IO_METRICS,
                               lambda: bench_io(hv, kernel)),
                              ("save", SAVE_METRICS,
                               lambda: bench_save(hv, kernel))):
        if part in skip:
            continue
        if part == "fuzz" and hv.name != "xmhv":
            hv.results["why fuzz"] = "run on ours only"
            continue
        print("%-9s %-7s ..." % (hv.name, part), flush=True)
        try:
            fn()
        except (TestFailure, OSError) as e:
            for k in metrics:
                hv.results.setdefault(k, "n/a")
            hv.results["why " + part] = str(e)[:100]


def cell(v):
    if isinstance(v, float):
        return "%.1f" % v if v < 1e4 else "%.0f" % v
    return v or "-"


def report(ours, ref, metrics):
    print()
    print("%-30s %12s %12s %8s" % ("metric", ours.name, ref.name, "ratio"))
    for k in metrics:
        a, b = ours.results.get(k), ref.results.get(k)
        ratio = ("%.2f" % (a / b) if isinstance(a, float) and
                 isinstance(b, float) and b else "n/a")
        print("%-30s %12s %12s %8s" % (k, cell(a), cell(b), ratio))
    for hv in (ours, ref):
        for k, v in hv.results.items():
            if k.startswith("why "):
                print("%s %s: %s" % (hv.name, k, v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2000,
                    help="event-channel ping-pong round trips")
    ap.add_argument("--only", choices=("xmhv", "xen-4.17"))
    ap.add_argument("--skip", action="append", default=[],
                    choices=("dom0", "kernel", "fuzz", "toolstack", "io",
                             "save"))
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    kernel = debian_kernel()
    build(kernel)
    ours = Hypervisor("xmhv", os.path.join(TOP, "xen", "xen"), "noreboot")
    ref = Hypervisor("xen-4.17", xen417_image(),
                     "dom0=pvh dom0_mem=%(dom0_mem)s,max:%(dom0_mem)s "
                     "noreboot")
    for hv in (ours, ref):
        if args.only and args.only != hv.name:
            continue
        if not hv.image:
            hv.results["why all"] = ("%s not installed (apt-get install %s)"
                                     % (XEN417_GZ, XEN417_PKG))
            continue
        run(hv, kernel, args.rounds, args.skip)
    report(ours, ref, DOM0_METRICS + KERNEL_METRICS + FUZZ_METRICS +
           TOOLSTACK_METRICS + IO_METRICS + SAVE_METRICS)
    print("\nQEMU: %s, -smp %d (ours: %d, CPU0 kept from guests under "
          "TCG); logs in %s" % (" ".join(MACHINE), SMP,
                                machine_cpus(SMP, ours.image), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
