# SPDX-License-Identifier: GPL-2.0-only
"""Network through dom0's kernel (issue 9, items 3, 5 and 7): dom0 brings
up bridge xenbr0 with its NIC enslaved and takes QEMU's DHCP lease on it
(config/dom0/init); xend writes each vif's backend and frontend nodes as
libxl does and runs the vif-bridge hotplug script (tools/hotplug), which
puts netback's vif<domid>.<devid> on the bridge; the guests' xen-netfront
makes eth0.  The dom0 script is config/dom0/toolstack/vif.sh; the guests
(config/guest/init, xmhv.net=dhcp) print "GUEST <name> net ..." and
"GUEST <name> ping ..." lines, relayed by the script as "TS guest"."""

import re

from qemu import check
from scenarios_toolstack import Run, one_line

MAC_A = "00:16:3e:12:34:56"
SUBNET = r"10\.0\.2\.\d+"


def guest_lines(b, name, what):
    return [m for m in b.matching(r"TS guest %s: GUEST %s %s" %
                                  (name, name, what))]


def lease(b, name):
    """The guest's leases: [(ip, mac, secs)], one per boot."""
    out = []
    for m in guest_lines(b, name, r"net (.*)"):
        n = re.match(r"ip=(%s) mac=(\S+) lease_secs=([\d.]+)" % SUBNET,
                     m.group(1))
        check(n, "%s: no lease: %s" % (name, m.group(0)))
        out.append((n.group(1), n.group(2), float(n.group(3))))
    check(out, "%s printed no net line" % name)
    return out


def pings(b, name):
    """{address: [(received, avg_ms)]} of the guest's ping lines."""
    out = {}
    for m in guest_lines(b, name, r"ping (\S+) received=(\d*) avg_ms=(\S*)"):
        out.setdefault(m.group(1), []).append(
            (int(m.group(2) or 0), float(m.group(3) or -1)))
    return out


def state(b, when):
    m = b.matching(r"TS state %s ports=(\S*) vifs=(\d+) backends=(\d+)"
                   % when)
    check(m, "no 'TS state %s' line" % when)
    ports = [p for p in m[0].group(1).split(",") if p]
    return ports, int(m[0].group(2)), int(m[0].group(3))


def nodes(b, name):
    """The 'TS node' lines of name: each must be connected on xenbr0."""
    ms = b.matching(r"TS node %s id=(\d+) be-state=(\d*) fe-state=(\d*) "
                    r"hotplug=(\S*) bridge=(\S*) mac=(\S*) fe-mac=(\S*) "
                    r"handle=(\S*) type=(\S*) port=(\S*)" % name)
    check(ms, "no node line for %s" % name)
    for m in ms:
        check(m.group(2) == "4" and m.group(3) == "4" and
              m.group(4) == "connected" and m.group(5) == "xenbr0" and
              m.group(6) == m.group(7) and m.group(8) == "0" and
              m.group(9) == "vif" and m.group(10) == "yes",
              "%s's vif: %s" % (name, m.group(0)))
    return ms


def check_netlist(res, label, mac):
    rc, out, err = res[label]
    check(rc == 0 and out and out[0].split()[:2] == ["Idx", "BE"],
          "xm %s: %s" % (label, res[label]))
    rows = [l.split() for l in out[1:]]
    check(len(rows) == 1 and rows[0][0] == "0" and rows[0][2] == mac and
          rows[0][4] == "4" and "/backend/vif/" in rows[0][-1],
          "xm %s rows: %s (want mac %s)" % (label, out, mac))


def check_network(b, res):
    (ipa, maca, _), = lease(b, "vifa")
    leases_b = lease(b, "vifb")
    check(maca == MAC_A, "vifa's MAC is %s, its config says %s"
          % (maca, MAC_A))
    macb = leases_b[0][1]
    check(re.match(r"00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$", macb),
          "vifb's generated MAC %s is not in 00:16:3e" % macb)
    check(len(leases_b) == 2 and leases_b[1][1] == macb,
          "vifb's MAC across its reboot: %s" % leases_b)
    dom0 = b.matching(r"TS dom0 ip=(%s)$" % SUBNET)
    check(dom0, "dom0 has no address on xenbr0")
    p = pings(b, "vifb")
    for addr in (ipa, dom0[0].group(1), "10.0.2.2"):
        got = p.get(addr, [])
        check(got and all(r >= 1 for r, _ in got),
              "vifb pinging %s: %s" % (addr, got))
    check(pings(b, "vifa").get("10.0.2.2", [(0, 0)])[0][0] >= 1,
          "vifa pinging the gateway: %s" % pings(b, "vifa"))
    for ip in (ipa, leases_b[0][0]):
        m = b.matching(r"TS dom0 ping %s received=(\d*)" % re.escape(ip))
        check(m and int(m[0].group(1) or 0) >= 1, "dom0 pinging %s: %s"
              % (ip, m[0].group(0) if m else "no line"))
    return leases_b[0][2], p[ipa][0][1]


def check_hotplug(b, res):
    """A second vif attached to the running vifa connects, is listed with
    a MAC of its own, and is detached again; a second detach refused."""
    m = b.matching(r"TS hot attached fe-state=(\d*) mac=(\S*) port=(\S*)")
    check(m and m[0].group(1) == "4" and m[0].group(3) == "yes" and
          m[0].group(2).startswith("00:16:3e:") and m[0].group(2) != MAC_A,
          "network-attach: %s" % (m[0].group(0) if m else "no line"))
    rc, out, _ = res["netlist-hot"]
    check(rc == 0 and [l.split()[0] for l in out[1:]] == ["0", "1"],
          "network-list after attach: %s" % out)
    check(res["network-detach"][0] == 0, "network-detach: %s"
          % (res["network-detach"],))
    m = b.matching(r"TS hot detached fe=(\S*) port=(\S*) vifs=(\d+)")
    check(m and m[0].group(1) == "" and m[0].group(2) == "" and
          m[0].group(3) == "2", "network-detach left: %s"
          % (m[0].group(0) if m else "no line"))
    one_line(res, "detach-again", r"domain \d+ has no vif 1$")


def check_kept(b, res):
    """A vif attached to vifb before its reboot is in xend's record and
    comes back, same MAC, with the restarted domain; detached there, it
    leaves the record."""
    m = b.matching(r"TS kept attached mac=(\S*) records=(\d+)")
    check(res["keep-attach"][0] == 0 and m and m[0].group(1) and
          m[0].group(2) == "1", "network-attach before the reboot: %s %s"
          % (res["keep-attach"], m[0].group(0) if m else "no line"))
    mac = m[0].group(1)
    r = b.matching(r"TS kept restarted fe-state=(\d*) mac=(\S*)")
    check(r and r[0].groups() == ("4", mac), "the restarted vifb's vif 1: "
          "%s (want state 4, mac %s)" % (r[0].group(0) if r else "no line",
                                         mac))
    d = b.matching(r"TS kept detached records=(\d+)")
    check(res["keep-detach"][0] == 0 and d and d[0].group(1) == "0",
          "network-detach after the reboot: %s %s" % (
              res["keep-detach"], d[0].group(0) if d else "no line"))


def vif_network(logdir):
    """Two guests on xenbr0 get leases from QEMU's DHCP through dom0's
    bridge, ping each other, dom0 and the gateway; dom0 pings them; xm
    network-list shows their vifs; a vif attached to a running guest and
    detached again; a generated MAC and an attached vif survive a reboot;
    no
    port, interface or backend node is left after destroy."""
    with Run(logdir, "vif-network", "vif") as run:
        res = run.done(1500)
        b = run.b
    nic = b.matching(r"DOM0 network: xenbr0 nic=(\S+) ip=(%s)" % SUBNET)
    check(nic, "dom0 brought up no xenbr0 with a lease")
    ports, vifs, backends = state(b, "start")
    check(ports == [nic[0].group(1)] and vifs == 0 and backends == 0,
          "at the start: %s" % ((ports, vifs, backends),))
    ports, vifs, backends = state(b, "running")
    check(len(ports) == 3 and vifs == 2 and backends == 2,
          "while running: %s" % ((ports, vifs, backends),))
    nodes(b, "vifa")
    ids = [m.group(1) for m in nodes(b, "vifb")]
    rb = b.matching(r"TS reboot old=(\d+) new=(\d*)")
    check(rb and rb[0].group(2) and ids[-1] == rb[0].group(2),
          "reboot: %s, node lines of ids %s" % (rb[0].group(0) if rb
                                                else "no line", ids))
    check_kept(b, res)
    took, rtt = check_network(b, res)
    check_netlist(res, "netlist-a", MAC_A)
    check_netlist(res, "netlist-b", lease(b, "vifb")[0][1])
    check_hotplug(b, res)
    for label in ("destroy-a", "destroy-b"):
        check(res[label][0] == 0, "xm %s: %s" % (label, res[label]))
    bad = [l for l in res["hotplug-log"][1] if "vif-bridge" in l]
    check(not bad, "vif-bridge failed: %s" % bad)
    check(state(b, "destroyed") == state(b, "start"),
          "after destroy: %s (at the start: %s)"
          % (state(b, "destroyed"), state(b, "start")))
    return ("guest lease %.1fs after its dhcp start; ping rtt vifb->vifa "
            "%.2f ms" % (took, rtt))


SCENARIOS = [("vif-network", vif_network)]
