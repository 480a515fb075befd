/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * XS_CONTROL: daemon commands, implementation-specific as in Xen.
 * Supported: help, check, print <text>, log on|off, quota [domid].
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

struct check_arg {
    unsigned long bad;
};

/* Every child named by a node exists, and every node's parent lists it. */
static void control_check_node(struct node *n, void *arg)
{
    struct check_arg *a = arg;
    char parent[XS_PATH_BUF], child[XS_PATH_BUF];
    const struct node *p;
    unsigned int off;

    for ( off = 0; off < n->clen; off += strlen(n->children + off) + 1 )
    {
        snprintf(child, sizeof(child), "%s/%s",
                 strcmp(n->name, "/") ? n->name : "", n->children + off);
        if ( !tree_lookup(child) )
            a->bad++;
    }
    if ( !strcmp(n->name, "/") )
        return;
    path_parent(n->name, parent);
    p = tree_lookup(parent);
    if ( !p )
    {
        a->bad++;
        return;
    }
    for ( off = 0; off < p->clen; off += strlen(p->children + off) + 1 )
        if ( !strcmp(p->children + off, path_base(n->name)) )
            return;
    a->bad++;
}

static int control_check(struct req *r)
{
    struct check_arg a = { 0 };
    char buf[64];

    tree_foreach(control_check_node, &a);
    snprintf(buf, sizeof(buf), a.bad ? "%lu errors" : "OK", a.bad);
    reply(r, XS_CONTROL, buf, strlen(buf) + 1);
    return 0;
}

static int control_quota(struct req *r, const char *arg)
{
    char buf[512];
    unsigned int domid = arg ? strtoul(arg, NULL, 10) : 0;

    if ( !arg )
        snprintf(buf, sizeof(buf),
                 "nodes %u\nwatches %u\ntransactions %u\nentry-size %u\n"
                 "perms %u\ntransaction-nodes %u\npath-length %u\n"
                 "outstanding %u\n",
                 xs_quota.nodes, xs_quota.watches, xs_quota.transactions,
                 xs_quota.entry_size, xs_quota.perms, xs_quota.trans_nodes,
                 xs_quota.path_len, xs_quota.outstanding);
    else
        snprintf(buf, sizeof(buf), "Domain %u:\nnodes %d\n", domid,
                 store_count(domid));
    reply(r, XS_CONTROL, buf, strlen(buf) + 1);
    return 0;
}

int control_handle(struct req *r)
{
    const char *vec[2];
    unsigned int n = req_args(r, vec, 2);

    if ( n < 1 )
        return EINVAL;
    if ( !strcmp(vec[0], "help") )
    {
        static const char help[] = "check\nhelp\nlog on|off\nprint <text>\n"
                                   "quota [<domid>]\n";
        reply(r, XS_CONTROL, help, sizeof(help));
        return 0;
    }
    if ( !strcmp(vec[0], "check") )
        return control_check(r);
    if ( !strcmp(vec[0], "quota") )
        return control_quota(r, n > 1 ? vec[1] : NULL);
    if ( !strcmp(vec[0], "print") && n > 1 )
        xs_log("control: %s\n", vec[1]);
    else if ( !strcmp(vec[0], "log") && n > 1 )
        xs_verbose = !strcmp(vec[1], "on");
    else
        return EINVAL;
    reply(r, XS_CONTROL, "OK", 3);
    return 0;
}
