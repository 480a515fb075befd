/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A domU's xenstore client over its ring page (HVM_PARAM_STORE_PFN and
 * _EVTCHN, as Linux's xenbus_comms.c): one request at a time, answered
 * by polling the ring (no upcall needed), no watches.
 */
#include "hostile.h"

#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/io/xs_wire.h>

static volatile struct xenstore_domain_interface *xs_intf;
static evtchn_port_t xs_port;
static uint32_t xs_req_id;

static uint64_t hvm_param(uint32_t index)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

    return hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

bool xs_init(void)
{
    uint64_t pfn = hvm_param(HVM_PARAM_STORE_PFN);

    xs_port = hvm_param(HVM_PARAM_STORE_EVTCHN);
    if ( !check(pfn && xs_port, "xenstore ring from HVM params",
                "pfn %#llx port %u", (unsigned long long)pfn, xs_port) )
        return false;
    xs_intf = (void *)(unsigned long)(pfn << 12);
    return true;
}

void evtchn_notify(evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    event_channel_op(EVTCHNOP_send, &s);
}

/* Put len bytes on the request ring, waiting for room. */
static bool xs_put(const void *data, uint32_t len)
{
    const char *p = data;
    uint64_t end = deadline_ms(5000);

    while ( len )
    {
        uint32_t prod = xs_intf->req_prod;

        if ( prod - xs_intf->req_cons >= XENSTORE_RING_SIZE )
        {
            if ( past(end) )
                return false;
            sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        xs_intf->req[MASK_XENSTORE_IDX(prod)] = *p++;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        xs_intf->req_prod = prod + 1;
        len--;
    }
    evtchn_notify(xs_port);
    return true;
}

/* Take len bytes off the response ring, waiting for them. */
static bool xs_get(void *data, uint32_t len)
{
    char *p = data;
    uint64_t end = deadline_ms(10000);

    while ( len )
    {
        uint32_t cons = xs_intf->rsp_cons;

        if ( cons == xs_intf->rsp_prod )
        {
            if ( past(end) )
                return false;
            sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        *p++ = xs_intf->rsp[MASK_XENSTORE_IDX(cons)];
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        xs_intf->rsp_cons = cons + 1;
        len--;
    }
    evtchn_notify(xs_port);
    return true;
}

/*
 * One request (payload a, then b of blen bytes) and its reply into
 * out (nul-terminated, cut to outlen - 1): the reply's length, or -1
 * for an error reply or a broken ring.
 */
static int xs_rpc(uint32_t type, const char *a, const char *b, uint32_t blen,
                  char *out, uint32_t outlen)
{
    struct xsd_sockmsg m = {
        .type = type, .req_id = ++xs_req_id,
        .len = strlen(a) + 1 + blen,
    };
    char c;
    uint32_t i;

    if ( !xs_put(&m, sizeof(m)) || !xs_put(a, strlen(a) + 1) ||
         (blen && !xs_put(b, blen)) || !xs_get(&m, sizeof(m)) )
        return -1;
    for ( i = 0; i < m.len; i++ )
    {
        if ( !xs_get(&c, 1) )
            return -1;
        if ( out && i + 1 < outlen )
            out[i] = c;
    }
    if ( out && outlen )
        out[i < outlen ? i : outlen - 1] = 0;
    return m.type == XS_ERROR ? -1 : (int)m.len;
}

int xs_read(const char *path, char *out, uint32_t outlen)
{
    return xs_rpc(XS_READ, path, NULL, 0, out, outlen);
}

bool xs_write(const char *path, const char *value)
{
    return xs_rpc(XS_WRITE, path, value, strlen(value), NULL, 0) >= 0;
}

/* A node read as a decimal number, or dflt when absent. */
uint64_t xs_read_u64(const char *path, uint64_t dflt)
{
    char buf[32];
    uint64_t v = 0;
    const char *p = buf;

    if ( xs_read(path, buf, sizeof(buf)) <= 0 )
        return dflt;
    while ( *p >= '0' && *p <= '9' )
        v = v * 10 + (*p++ - '0');
    return v;
}

bool xs_write_u64(const char *path, uint64_t v)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    return xs_write(path, buf);
}
