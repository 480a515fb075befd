# SPDX-License-Identifier: GPL-2.0-only
"""Python's own xmlrpc.client talking to xend through its unix socket, as
any script would: lists the domains.  UnixTransport is also what
tests/tools/xm/run.py drives xend with on the host.  Prints "TS rpc ..." lines:
  TS rpc methods=<n>              system.listMethods answered
  TS rpc domains: <name> ...      xend.domains(False) answered
  TS rpc fault <code>: <message>  xend.domains refused (e.g. no domctl)
  TS rpc error: <what>            anything else (the socket, the protocol)
"""

import http.client
import socket
import sys
import xmlrpc.client

SOCKET = "/run/xend/xmlrpc.sock"


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    """Python's own XML-RPC client, over a unix socket."""

    def __init__(self, path, timeout=30):
        super().__init__()
        self.unix_path = path
        self.timeout = timeout

    def make_connection(self, host):
        return UnixConnection(self.unix_path, self.timeout)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else SOCKET
    xend = xmlrpc.client.ServerProxy("http://xend/", allow_none=True,
                                     transport=UnixTransport(path))
    try:
        print("TS rpc methods=%d" % len(xend.system.listMethods()))
        names = xend.xend.domains(False)
        print("TS rpc domains: %s" % " ".join(str(n) for n in names))
    except xmlrpc.client.Fault as f:
        print("TS rpc fault %d: %s" % (f.faultCode, f.faultString))
    except (OSError, xmlrpc.client.Error) as e:
        print("TS rpc error: %s" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
