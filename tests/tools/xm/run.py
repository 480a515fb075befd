#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tests of xm and xend, ending with "xm: N passed, M failed".

1. The unit-test binaries given as arguments (each ends "RESULT p f").
2. Golden configs (configs/): good-*.cfg must print good-*.json with
   `xm create -n`, bad-*.cfg must fail with exactly their "# expect:" line.
3. xend for real on a temporary socket, driven by xm and by Python's own
   xmlrpc.client; then stopped, killed, and xm's one-line error checked.
4. A fake xend in Python (xmlrpc.server on a unix socket) answering with
   domains, to check what xm prints and what it sends.
5. xm and xend built with ASan/UBSan (build/*-san): every config and
   command, then hundreds of mangled requests; no sanitizer report allowed.
"""

import json
import os
import random
import re
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
import xmlrpc.server

# The unix-socket transport dom0's own script uses (config/dom0/toolstack).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "config", "dom0",
                                "toolstack"))
from xend_rpc import UnixTransport  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
XM = os.path.join(ROOT, "tools", "xm", "xm")
XEND = os.path.join(ROOT, "tools", "xend", "xend")
CONFIGS = os.path.join(HERE, "configs")
TIMEOUT = 20

counts = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    if ok:
        counts["passed"] += 1
        print("  ok   %s" % name)
    else:
        counts["failed"] += 1
        print("  FAIL %s%s" % (name, ": " + detail if detail else ""))
    return ok


def run(args, env=None, cwd=None):
    """Run a command; (exit status, stdout, stderr)."""
    p = subprocess.run(args, capture_output=True, text=True, env=env,
                       cwd=cwd, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def unit_tests(binaries):
    print("== unit tests")
    for b in binaries:
        rc, out, err = run([b])
        m = re.search(r"^RESULT (\d+) (\d+)$", out, re.M)
        for line in out.splitlines():
            if line.startswith("  FAIL"):
                print(line)
        if not m:
            check(os.path.basename(b), False,
                  "exited %d without a result\n%s" % (rc, err[-2000:]))
            continue
        counts["passed"] += int(m.group(1))
        counts["failed"] += int(m.group(2))
        print("  %-5s %s: %s passed, %s failed"
              % ("ok" if m.group(2) == "0" and rc == 0 else "FAIL",
                 os.path.basename(b), m.group(1), m.group(2)))
        if rc != 0 and m.group(2) == "0":
            check(os.path.basename(b) + " exit status", False, err[-2000:])


def header(path, key):
    with open(path) as f:
        return [m.group(1) for m in re.finditer(r"^# %s: (.*)$" % key,
                                                f.read(), re.M)]


def golden_configs():
    print("== configs (xm create -n)")
    rc, out, err = run([XM, "create", "-n", "no-such.cfg"], cwd=CONFIGS)
    check("a missing config file", rc == 1 and err ==
          "no-such.cfg: cannot open: No such file or directory\n", repr(err))
    rc, out, err = run([XM, "create", "-n", "memory=1"], cwd=CONFIGS)
    check("no config file given", rc == 1 and "no config file" in err, err)
    for name in sorted(os.listdir(CONFIGS)):
        if not name.endswith(".cfg"):
            continue
        path = os.path.join(CONFIGS, name)
        args = " ".join(header(path, "args")).split()
        rc, out, err = run([XM, "create", "-n", name] + args, cwd=CONFIGS)
        if name.startswith("good-"):
            with open(path[:-4] + ".json") as f:
                want = f.read()
            notes = header(path, "note")
            check(name, rc == 0 and out == want and
                  err.splitlines() == notes,
                  "rc=%d stderr=%r stdout=\n%s" % (rc, err, out))
        else:
            want = header(path, "expect")
            check(name, rc == 1 and out == "" and err.splitlines() == want,
                  "rc=%d stderr=%r want %r" % (rc, err, want))


def proxy(path):
    return xmlrpc.client.ServerProxy("http://localhost",
                                     transport=UnixTransport(path, TIMEOUT),
                                     allow_none=True)


def fault_of(fn, *args):
    try:
        fn(*args)
    except xmlrpc.client.Fault as f:
        return f.faultCode, f.faultString
    return None


def raw_exchange(path, data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    s.connect(path)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    reply = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        reply += chunk
    s.close()
    return reply


NOSYS = ("needs the hypervisor's domctl (xend found no /dev/xen/privcmd, "
         "or was built without libxc)")


def xend_answers(sock, env, kernel):
    """xm and Python's client against a live xend without a hypervisor."""
    rc, out, err = run([XM, "list"], env)
    check("xm list: the missing hypervisor interface, in one line",
          rc == 1 and out == "" and
          err == "listing domains %s\n" % NOSYS, "rc=%d %r" % (rc, err))
    rc, out, err = run([XM, "create", "-n", "good-pv.cfg"], env, CONFIGS)
    check("xm create -n needs no xend", rc == 0, err)
    rc, out, err = run([XM, "create", "good-pvh.cfg"], env, CONFIGS)
    check("xm create: xend cannot read the kernel", rc == 1 and
          err.splitlines()[-1:] == ["kernel: cannot read /boot/vmlinuz: No "
                                    "such file or directory"] or
          os.path.exists("/boot/vmlinuz"), repr(err))
    rc, out, err = run([XM, "create", "good-pvh.cfg", "kernel=" + kernel],
                       env, CONFIGS)
    check("xm create: xend's fault printed as it is (after the config's "
          "own print)", rc == 1 and err == "printed by the config: to "
          "stderr\ndomain creation %s\n" % NOSYS, repr(err))
    rc, out, err = run([XM, "destroy", "demo"], env)
    check("xm destroy: the lookup needs domctl",
          rc == 1 and err == "destroying a domain %s\n" % NOSYS, repr(err))
    rc, out, err = run([XM, "info"], env)
    check("xm info: needs sysctl", rc == 1 and
          err == "host information needs the hypervisor's sysctl (xend "
          "found no /dev/xen/privcmd, or was built without libxc)\n",
          repr(err))
    rc, out, err = run([XM, "create", "good-pv.cfg"], env, CONFIGS)
    check("xm create: a name xend has a record of is refused",
          rc == 1 and err.splitlines()[-1:] == [
              "a domain with the name of 'demo' already exists"], repr(err))
    rc, out, err = run([XM, "log"], env)
    check("xm log shows xend's log", rc == 0 and "xend started" in out and
          "domain creation" in out, repr(out[-300:]))
    check("xend loaded the good record and skipped the broken ones",
          "1 domain record(s) loaded" in out and
          re.search(r"skipping domain record .*broken.json: record revision "
                    r"is not 1", out) and
          "skipping domain record 33333333-2222-4333-8444-555555555555: "
          "config: memory: must be a positive integer (got 'abc')" in out,
          repr(out))

    p = proxy(sock)
    methods = p.system.listMethods()
    check("xmlrpc.client: system.listMethods",
          "xend.domains" in methods and "xend.domain.create" in methods,
          repr(methods))
    check("xmlrpc.client: xend.domains is an ENOSYS fault",
          fault_of(p.xend.domains, True) == (38, "listing domains " + NOSYS),
          repr(fault_of(p.xend.domains, True)))
    f = fault_of(p.xend.domain.create, {"name": "x", "kernel": "/k",
                                        "memory": "abc"})
    check("xmlrpc.client: a bad config is refused with its reason",
          f == (22, "memory: must be a positive integer (got 'abc')"),
          repr(f))
    f = fault_of(p.xend.domain.create, {"name": "x", "kernel": "/k",
                                        "vcpus": 2, "maxmem": None})
    check("xmlrpc.client: nil arrives as None",
          f == (22, "maxmem: must be a positive integer (got None)"),
          repr(f))
    f = fault_of(p.xend.no_such_method)
    check("xmlrpc.client: unknown method", f is not None and f[0] == -32601,
          repr(f))
    f = fault_of(p.xend.domain.create, "not a dict")
    check("xmlrpc.client: wrong parameter type",
          f is not None and f[0] == -32602, repr(f))
    for vcpu in ("0", 0, "all"):
        f = fault_of(p.xend.domain.pincpu, "d", vcpu, "0-1")
        check("xmlrpc.client: pincpu takes vcpu %r" % (vcpu,),
              f == (38, "pinning a vCPU " + NOSYS), repr(f))
    f = fault_of(p.xend.domain.pincpu, "d", "x1", "0-1")
    check("xmlrpc.client: pincpu refuses vcpu 'x1'",
          f is not None and f[0] == 22, repr(f))
    f = fault_of(p.xend.domain.shutdown, "x", "explode")
    check("xmlrpc.client: bad shutdown reason", f is not None and
          f[0] == 22 and "explode" in f[1], repr(f))
    log = p.xend.node.log()
    check("xmlrpc.client: xend.node.log", "xend started" in log)

    reply = raw_exchange(sock, b"GET / HTTP/1.0\r\n\r\n")
    check("raw: a GET is answered 400", reply.startswith(b"HTTP/1.0 400"),
          repr(reply[:80]))
    body = b"<methodCall><methodName>x</methodName><params>"
    reply = raw_exchange(sock, b"POST /RPC2 HTTP/1.0\r\nContent-Length: "
                         b"%d\r\n\r\n%s" % (len(body), body))
    check("raw: malformed XML is a parse fault",
          reply.startswith(b"HTTP/1.0 200") and b"-32700" in reply,
          repr(reply[:300]))
    reply = raw_exchange(sock, b"POST /RPC2 HTTP/1.0\r\nContent-Length: "
                         b"%d\r\n\r\n" % (64 << 20))
    check("raw: a 64 MiB body is refused", reply.startswith(b"HTTP/1.0 400"),
          repr(reply[:80]))
    check("xend still serves after bad requests",
          "xend.domains" in p.system.listMethods())
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.connect(sock)
    stuck.sendall(b"POST /RPC2 HTTP/1.0\r\nContent-Length: 100\r\n\r\n")
    start = time.monotonic()
    methods = p.system.listMethods()
    took = time.monotonic() - start
    stuck.close()
    check("a stuck client holds xend 5 s at most",
          "xend.domains" in methods and took < 8, "%.1f s" % took)


def seed_records(state):
    """One good domain record and one broken, for xend to find at start."""
    os.makedirs(os.path.join(state, "domains"))
    with open(os.path.join(CONFIGS, "good-pv.json")) as f:
        config = json.load(f)
    with open(os.path.join(state, "domains", config["uuid"] + ".json"),
              "w") as f:
        json.dump({"magic": "xmhv-xend-domain", "revision": 1,
                   "uuid": config["uuid"], "domid": 3,
                   "start_time": 1764750000.5, "config": config}, f)
    with open(os.path.join(state, "domains", "broken.json"), "w") as f:
        f.write('{"magic": "xmhv-xend-domain", "revision": 7}')
    config = dict(config, memory="abc", name="other",
                  uuid="33333333-2222-4333-8444-555555555555")
    with open(os.path.join(state, "domains", config["uuid"] + ".json"),
              "w") as f:
        json.dump({"magic": "xmhv-xend-domain", "revision": 1,
                   "uuid": config["uuid"], "domid": 4,
                   "start_time": 1764750000.5, "config": config}, f)


def xend_lifecycle():
    print("== xend (real, temporary socket)")
    tmp = tempfile.mkdtemp(prefix="xm-test-")
    sock = os.path.join(tmp, "run", "xmlrpc.sock")
    pidf = os.path.join(tmp, "run", "xend.pid")
    logf = os.path.join(tmp, "log", "xend.log")
    state = os.path.join(tmp, "lib")
    opts = ["-s", sock, "-p", pidf, "-l", logf, "-d", state]
    env = dict(os.environ, XEND_SOCKET=sock)
    seed_records(state)
    try:
        rc, out, err = run([XEND] + opts + ["start"])
        if not check("xend start", rc == 0 and os.path.exists(sock),
                     "rc=%d %s" % (rc, err)):
            return
        rc, out, err = run([XEND] + opts + ["status"])
        check("xend status: running", rc == 0 and "running (pid" in out, out)
        rc, out, err = run([XEND] + opts + ["start"])
        check("xend start twice is refused",
              rc == 1 and "already running" in err, err)
        kernel = os.path.join(tmp, "vmlinuz")
        with open(kernel, "wb") as f:
            f.write(b"\x7fELF")
        xend_answers(sock, env, kernel)
        rc, out, err = run([XEND] + opts + ["stop"])
        check("xend stop", rc == 0 and not os.path.exists(sock) and
              not os.path.exists(pidf), "rc=%d %s" % (rc, err))
        rc, out, err = run([XEND] + opts + ["status"])
        check("xend status: stopped", rc == 3 and "not running" in out, out)
        rc, out, err = run([XM, "list"], env)
        check("xm list without xend: one line",
              rc == 1 and out == "" and err == "xend is not running (no %s):"
              " start it with `xend start`\n" % sock, repr(err))
        stale_socket(opts, sock, pidf, env)
    finally:
        run([XEND] + opts + ["stop"])
        subprocess.run(["rm", "-rf", tmp])


def stale_socket(opts, sock, pidf, env):
    """A killed xend leaves its socket; xm and a new xend cope."""
    run([XEND] + opts + ["start"])
    with open(pidf) as f:
        pid = int(f.read())
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except OSError:
            break
        time.sleep(0.05)
    rc, out, err = run([XM, "list"], env)
    check("xm list after xend was killed: one line",
          rc == 1 and err == "xend is not running (nothing listens on %s): "
          "start it with `xend start`\n" % sock, repr(err))
    rc, out, err = run([XEND] + opts + ["status"])
    check("xend status with a stale pid file", rc == 3, out)
    rc, out, err = run([XEND] + opts + ["start"])
    check("xend start replaces a stale socket", rc == 0, err)
    rc, out, err = run([XM, "list"], env)
    check("the new xend answers", rc == 1 and "listing domains" in err, err)


class FakeHandler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    disable_nagle_algorithm = False     # TCP_NODELAY: not on unix sockets

    def address_string(self):
        return "unix"


class FakeXend(socketserver.UnixStreamServer,
              xmlrpc.server.SimpleXMLRPCDispatcher):
    """What a xend with a hypervisor would answer, for xm's printing."""

    def __init__(self, path):
        xmlrpc.server.SimpleXMLRPCDispatcher.__init__(self, allow_none=True,
                                                      encoding=None)
        socketserver.UnixStreamServer.__init__(self, path, FakeHandler)
        self.logRequests = False
        self.created = []
        self.calls = []
        self.doms = doms = [
            {"domid": 0, "name": "Domain-0", "memory": 1024, "vcpus": 2,
             "state": "r-----", "cpu_time": 12.34},
            {"domid": 5, "name": "demo", "memory": 256, "vcpus": 1,
             "state": "-b----", "cpu_time": 0.5},
        ]

        def domains(detail=True, full=False):
            return doms if detail else [d["name"] for d in doms]

        def domain(dom, full=False):
            for d in doms:
                if dom in (d["name"], str(d["domid"])):
                    return d
            raise xmlrpc.client.Fault(2, "domain '%s' does not exist" % dom)

        def create(cfg):
            self.created.append(cfg)
            return {"name": cfg["name"], "domid": 6}

        def record(name):
            def fn(*args):
                self.calls.append((name,) + args)
                # A domain called "going" goes a moment after shutdown.
                if name == "shutdown" and args[0] == "going":
                    threading.Timer(0.6, doms.pop).start()
                # "bouncer" reboots: back under its name with a new id.
                if name == "shutdown" and args[0] == "bouncer":
                    threading.Timer(0.6, lambda: doms[-1].update(
                        domid=11)).start()
                return True
            return fn

        self.register_function(domains, "xend.domains")
        self.register_function(domain, "xend.domain")
        self.register_function(create, "xend.domain.create")
        self.register_function(lambda: {"nr_cpus": 2, "total_memory": 4096},
                               "xend.node.info")
        self.register_function(lambda dom: [
            {"vcpu": 0, "cpu": 1, "state": "r", "cpu_time": 2.25,
             "affinity": "0-3"}], "xend.domain.getVCPUInfo")
        for m in ("setMemoryTarget", "pincpu", "sched_credit_set",
                  "shutdown", "setVCpuCount", "save"):
            self.register_function(record(m), "xend.domain." + m)
        self.register_function(lambda path: {"name": "demo", "domid": 7},
                               "xend.domain.restore")

        def migrate(dom, host, live, port=0):
            self.calls.append(("migrate", dom, host, live, port))
            return {"domid": 9, "total_secs": 3.0, "downtime_secs": 0.25,
                    "progress": "round 0 dirty 1044480 sent 0 t 1.000\n"
                    "round 1 dirty 300 sent 32768 t 3.000\n"
                    "suspended t 3.5\nok 9\n"}
        self.register_function(migrate, "xend.domain.migrate")


def fake_xend():
    print("== xm against a fake xend (what it prints and sends)")
    tmp = tempfile.mkdtemp(prefix="xm-fake-")
    sock = os.path.join(tmp, "fake.sock")
    server = FakeXend(sock)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, XEND_SOCKET=sock)
    try:
        fake_checks(server, env)
    finally:
        server.shutdown()
        server.server_close()
        subprocess.run(["rm", "-rf", tmp])


def fake_checks(server, env):
    rc, out, err = run([XM, "list"], env)
    want = ("Name                                        ID   Mem VCPUs"
            "      State   Time(s)\n"
            "Domain-0                                     0  1024     2"
            "     r-----     12.3\n"
            "demo                                         5   256     1"
            "     -b----      0.5\n")
    # Xen 3's own formats: the header's time column is one wider.
    check("xm list: Xen 3's table", rc == 0 and out == want,
          "rc=%d err=%r out=\n%s" % (rc, err, out))
    rc, out, err = run([XM, "list", "-l", "demo"], env)
    ok = rc == 0
    try:
        ok = ok and json.loads(out)[0]["domid"] == 5
    except ValueError:
        ok = False
    check("xm list -l demo: JSON", ok, out)
    rc, out, err = run([XM, "list", "nosuch"], env)
    check("xm list nosuch: xend's fault as it is",
          rc == 1 and err == "domain 'nosuch' does not exist\n", repr(err))
    rc, out, err = run([XM, "domid", "demo"], env)
    check("xm domid", rc == 0 and out == "5\n", out)
    rc, out, err = run([XM, "domname", "5"], env)
    check("xm domname", rc == 0 and out == "demo\n", out)
    rc, out, err = run([XM, "info"], env)
    check("xm info", rc == 0 and out == "nr_cpus                : 2\n"
          "total_memory           : 4096\n", out)
    rc, out, err = run([XM, "create", "good-pvh.cfg"], env, CONFIGS)
    with open(os.path.join(CONFIGS, "good-pvh.json")) as f:
        want = json.load(f)
    check("xm create sends the checked config",
          rc == 0 and out == 'Using config file "good-pvh.cfg".\n'
          "Started domain small-1 (id=6)\n" and
          server.created == [want], "rc=%d %r %r" % (rc, err,
                                                     server.created))
    rc, out, err = run([XM, "vcpu-list", "demo"], env)
    check("xm vcpu-list", rc == 0 and out ==
          "Name                                ID  VCPU   CPU State   Time(s)"
          " CPU Affinity\n"
          "demo                                 5     0     1     r       2.2"
          " 0-3\n", out)
    # xm console and create -c become the client with the domain's id.
    cenv = dict(env, XM_XENCONSOLE="/bin/echo")
    rc, out, err = run([XM, "console", "demo"], cenv)
    check("xm console: execs xenconsole <domid>", rc == 0 and out == "5\n",
          "rc=%d %r %r" % (rc, out, err))
    rc, out, err = run([XM, "create", "-c", "good-pvh.cfg"], cenv, CONFIGS)
    check("xm create -c: attaches to the new domain", rc == 0 and
          out.endswith("Started domain small-1 (id=6)\n6\n"),
          "rc=%d %r %r" % (rc, out, err))
    rc, out, err = run([XM, "console", "demo"],
                       dict(env, XM_XENCONSOLE="/nonexistent/xenconsole"))
    check("xm console: a missing client is one line", rc == 1 and err ==
          "xm console: cannot run /nonexistent/xenconsole: No such file or "
          "directory\n", repr(err))
    server.calls.clear()
    for args in (["mem-set", "demo", "1g"], ["vcpu-pin", "demo", "0", "1-2"],
                 ["sched-credit", "-d", "demo", "-w", "512"],
                 ["shutdown", "-a"], ["vcpu-set", "demo", "2"]):
        run([XM] + args, env)
    check("xm sends Xen 3's methods and arguments", server.calls == [
        ("setMemoryTarget", "demo", 1024), ("pincpu", "demo", "0", "1-2"),
        ("sched_credit_set", "demo", 512, -1),
        ("shutdown", "demo", "poweroff"), ("setVCpuCount", "demo", 2)],
        repr(server.calls))
    save_checks(server, env)
    wait_checks(server, env)
    usage_checks(env)


def save_checks(server, env):
    """xm save/restore/migrate: Xen 3's methods, absolute paths, and the
    migration's rounds, rate and downtime as xm prints them."""
    server.calls.clear()
    tmp = tempfile.mkdtemp(prefix="xm-save-")
    run([XM, "save", "demo", "img"], env, tmp)
    run([XM, "save", "-c", "-z", "demo", "/abs/img"], env, tmp)
    rc, out, err = run([XM, "migrate", "--live", "-p", "8012", "demo",
                        "localhost"], env)
    check("xm save/migrate send Xen 3's methods", server.calls == [
        ("save", "demo", os.path.join(tmp, "img"), False, False),
        ("save", "demo", "/abs/img", True, True),
        ("migrate", "demo", "localhost", True, 8012)], repr(server.calls))
    check("xm migrate prints rounds, rate and downtime", rc == 0 and out ==
          "round 0: 1044480 pages to send\n"
          "round 1: 32768 pages sent so far, 300 dirty, 64.0 MiB/s\n"
          "Migrated demo to localhost (id=9 there) in 3.00 s, downtime "
          "250 ms\n", "rc=%d %r %r" % (rc, out, err))
    rc, out, err = run([XM, "restore", "img"], env, tmp)
    check("xm restore", rc == 0 and out == "Restored domain demo (id=7)\n",
          "rc=%d %r %r" % (rc, out, err))
    subprocess.run(["rm", "-rf", tmp])


def small(domid, name):
    return {"domid": domid, "name": name, "memory": 64, "vcpus": 1,
            "state": "-b----", "cpu_time": 0.1}


def timed(args, env):
    """run(), and how long it took."""
    start = time.monotonic()
    rc, out, err = run(args, env)
    return rc, err, time.monotonic() - start


def wait_checks(server, env):
    server.doms.append(small(8, "going"))
    rc, err, took = timed([XM, "shutdown", "-w", "going"], env)
    check("xm shutdown -w waits until the domain is gone",
          rc == 0 and 0.5 < took < 10 and len(server.doms) == 2,
          "rc=%d %r %.1f s" % (rc, err, took))
    server.doms.append(small(10, "bouncer"))
    rc, err, took = timed([XM, "reboot", "-w", "bouncer"], env)
    check("xm reboot -w waits until the old id is gone (same name back)",
          rc == 0 and 0.5 < took < 10 and server.doms[-1]["domid"] == 11,
          "rc=%d %r %.1f s" % (rc, err, took))
    server.doms.pop()
    saved = list(server.doms)
    server.doms[1:] = [small(8, "going")]
    server.calls.clear()
    rc, err, took = timed([XM, "shutdown", "-a", "-w"], env)
    check("xm shutdown -a -w: all but Domain-0, waiting for each",
          rc == 0 and 0.5 < took < 10 and [d["name"] for d in server.doms]
          == ["Domain-0"] and server.calls == [
              ("shutdown", "going", "poweroff")],
          "rc=%d %r %.1f s %r" % (rc, err, took, server.calls))
    server.doms[:] = saved


def usage_checks(env):
    for args, want in ((["mem-set", "demo", "lots"], "not a memory size"),
                       (["vcpu-pin", "demo", "x", "0"], "not a vCPU number"),
                       (["vcpu-set", "demo", "0"], "not a vCPU count"),
                       (["sched-credit", "-w", "5"], "need -d"),
                       (["shutdown"], "name one domain")):
        rc, out, err = run([XM] + args, env)
        check("xm %s: refused before xend" % " ".join(args),
              rc == 1 and want in err and len(err.splitlines()) == 1,
              "rc=%d %r" % (rc, err))
    rc, out, err = run([XM, "pause"], env)
    check("xm pause without a domain: usage", rc == 2 and
          "Usage: xm pause <Domain>" in err, repr(err))
    rc, out, err = run([XM, "frobnicate"], env)
    check("xm unknown command", rc == 2 and "unknown command" in err, err)
    rc, out, err = run([XM, "help"], env)
    check("xm help lists every command", rc == 0 and all(
        c in out for c in ("create", "list", "console", "sched-credit",
                           "vcpu-pin", "dmesg", "uptime", "rename")), out)
    rc, out, err = run([XM, "help", "create"], env)
    check("xm help create shows the options",
          rc == 0 and "--dryrun" in out and "--console_autoconnect" in out,
          out)


def mangled_requests(seed, count):
    """Valid calls cut, flipped and stretched: xend must answer each."""
    rng = random.Random(seed)
    base = xmlrpc.client.dumps(({"name": "x", "kernel": "/k", "disk": [
        "file:/a,xvda,w"], "vif": [""], "memory": 128, "f": 1.5,
        "n": None, "b": True},), "xend.domain.create",
        allow_none=True).encode()
    for i in range(count):
        doc = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            if not doc:
                break
            op = rng.randrange(4)
            at = rng.randrange(len(doc))
            if op == 0:
                doc[at] = rng.randrange(256)
            elif op == 1:
                del doc[at:at + rng.randint(1, 20)]
            elif op == 2:
                doc[at:at] = doc[rng.randrange(len(doc)):][:rng.randint(1, 60)]
            else:
                doc = doc[:at]
        yield bytes(doc)
    yield b"<methodCall><methodName>x</methodName><params><param>" + \
        b"<value><array><data>" * 5000 + b"</param></params></methodCall>"
    yield b"<methodCall><methodName>" + b"A" * (3 << 20) + \
        b"</methodName></methodCall>"


def sanitized(binaries_dir):
    print("== xm and xend with ASan/UBSan")
    tmp = tempfile.mkdtemp(prefix="xm-san-")
    xend = os.path.join(binaries_dir, "xend-san")
    xm = os.path.join(binaries_dir, "xm-san")
    sock = os.path.join(tmp, "s")
    opts = ["-s", sock, "-p", os.path.join(tmp, "pid"),
            "-l", os.path.join(tmp, "log"), "-d", os.path.join(tmp, "st")]
    san = os.path.join(tmp, "asan")
    env = dict(os.environ, XEND_SOCKET=sock,
               ASAN_OPTIONS="log_path=%s:detect_leaks=1" % san,
               UBSAN_OPTIONS="log_path=%s:print_stacktrace=1" % san)
    # Python's interpreter keeps memory at exit by design: no leak check.
    xm_env = dict(env, ASAN_OPTIONS="log_path=%s:detect_leaks=0" % san)
    try:
        rc, out, err = run([xend] + opts + ["start"], env)
        check("sanitized xend starts", rc == 0, err)
        for name in sorted(os.listdir(CONFIGS)):
            if name.endswith(".cfg"):
                args = " ".join(header(os.path.join(CONFIGS, name),
                                       "args")).split()
                run([xm, "create", name] + args, xm_env, CONFIGS)
        for args in (["list"], ["list", "-l", "a", "1"], ["destroy", "a"],
                     ["shutdown", "-a"], ["shutdown", "-w", "x"],
                     ["vcpu-pin", "a", "all", "0-3,^1"], ["vcpu-list"],
                     ["mem-set", "a", "1g"], ["sched-credit"], ["info"],
                     ["dmesg", "-c"], ["log"], ["uptime"], ["rename", "a",
                     "b"], ["domid", "a"], ["help", "--long"],
                     ["console", "a"], ["create", "-c", "good-pv.cfg"]):
            run([xm] + args, xm_env, CONFIGS)
        answered = 0
        for doc in mangled_requests(8, 400):
            reply = raw_exchange(sock, b"POST /RPC2 HTTP/1.0\r\n"
                                 b"Content-Length: %d\r\n\r\n%s"
                                 % (len(doc), doc))
            answered += reply.startswith(b"HTTP/1.0 ")
        check("sanitized xend answers 402 mangled requests",
              answered == 402, "%d answered" % answered)
        rc, out, err = run([xend] + opts + ["stop"], env)
        check("sanitized xend stops", rc == 0, err)
        reports = [f for f in os.listdir(tmp) if f.startswith("asan")]
        text = ""
        for f in reports:
            with open(os.path.join(tmp, f)) as fh:
                text += fh.read()[:3000]
        check("no sanitizer reports", not reports, text)
    finally:
        run([xend] + opts + ["stop"], env)
        subprocess.run(["rm", "-rf", tmp])


def section(fn, *args):
    """A section that breaks (an exception) counts as one failure."""
    try:
        fn(*args)
    except Exception as e:      # noqa: BLE001 - reported, then go on
        check(fn.__name__, False, "%s: %s" % (type(e).__name__, e))


def main(binaries):
    section(unit_tests, binaries)
    section(golden_configs)
    section(xend_lifecycle)
    section(fake_xend)
    if binaries:
        section(sanitized, os.path.dirname(os.path.abspath(binaries[0])))
    print("xm: %d passed, %d failed" % (counts["passed"], counts["failed"]))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
