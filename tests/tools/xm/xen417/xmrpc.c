/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmrpc METHOD ['[json params]']: one XML-RPC call to xend, the answer as
 * JSON on stdout or "FAULT <code>: <message>" (exit 1).  The Xen 4.17
 * check's dom0 has no Python, so it drives xend with this instead of xm.
 */
#include <stdio.h>
#include <stdlib.h>

#include "xmlrpc.h"

int main(int argc, char **argv)
{
    const char *sock = getenv("XEND_SOCKET");
    struct xr_value *params, *r = NULL;
    char err[256], *msg = NULL, *json;
    int code = 0, e = 0;

    if ( argc < 2 || argc > 3 )
        return fprintf(stderr, "usage: xmrpc METHOD [JSON-ARRAY]\n"), 2;
    params = xr_json_decode(argc > 2 ? argv[2] : "[]", err, sizeof(err));
    if ( !params )
        return fprintf(stderr, "xmrpc: %s\n", err), 2;
    if ( xr_call_unix(sock ? sock : "/run/xend/xmlrpc.sock", argv[1], params,
                      &r, &code, &msg, &e) )
        return printf("FAULT %d: %s\n", code, msg ? msg : "?"), 1;
    json = xr_json_encode(r, false);
    printf("%s\n", json ? json : "?");
    free(json);
    xr_free(r);
    xr_free(params);
    return 0;
}
