/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSI messages and host vector bindings (xen/arch/x86/msi.c): decoding
 * dom0's address/data, the host message, vector blocks (aligned, not
 * reused at once), routes, delivery from the handler and release.  The
 * vector table, the local APIC ID and the vLAPIC are stand-ins.
 */
#include <stdint.h>
#include <string.h>

#include <xen/sched.h>

/* No interrupt flag on the host: the irqsave forms only lock. */
#undef local_irq_save
#undef local_irq_restore
#define local_irq_save(f) ((f) = 0)
#define local_irq_restore(f) ((void)(f))

#include "../../xen/arch/x86/msi.c"

#include "harness.h"

#define FAKE_APIC_ID 5
#include "msi-fake.h"

static struct domain dom0;

static void fire(unsigned int vector)
{
    if ( vectors[vector] )
        vectors[vector](vector, NULL);
}

TEST(decode_physical_fixed)
{
    struct msi_route r;

    msi_decode(0xfee02000, 0x0041, &r);
    EXPECT_EQ(r.dest, 2);
    EXPECT_EQ(r.vector, 0x41);
    EXPECT_EQ(r.dm, MSI_DM_FIXED);
    EXPECT(!r.logical);
    EXPECT(r.deliverable);
}

TEST(decode_logical_lowest_and_nmi)
{
    struct msi_route r;

    msi_decode(0xfeeff00c, 0x4162, &r);        /* RH + logical, lowest */
    EXPECT_EQ(r.dest, 0xff);
    EXPECT(r.logical);
    EXPECT_EQ(r.dm, MSI_DM_LOWEST);
    EXPECT_EQ(r.vector, 0x62);
    EXPECT(r.deliverable);
    msi_decode(0xfee00000, 0x0400, &r);        /* NMI: any vector */
    EXPECT_EQ(r.dm, MSI_DM_NMI);
    EXPECT(r.deliverable);
}

TEST(decode_undeliverable)
{
    struct msi_route r;

    msi_decode(0xfee00000, 0x000f, &r);        /* vector < 16 */
    EXPECT(!r.deliverable);
    msi_decode(0xfed00000, 0x0041, &r);        /* not the interrupt range */
    EXPECT(!r.deliverable);
    msi_decode(0x1fee00000ULL, 0x0041, &r);    /* upper address set */
    EXPECT(!r.deliverable);
    msi_decode(0xfee00000, 0x0241, &r);        /* SMI */
    EXPECT(!r.deliverable);
    msi_decode(0xfee00000, 0x0741, &r);        /* ExtINT */
    EXPECT(!r.deliverable);
}

TEST(compose_host_message)
{
    uint64_t addr;
    uint32_t data;

    msi_compose(3, 0x52, &addr, &data);
    EXPECT_EQ(addr, 0xfee03000);
    EXPECT_EQ(data, 0x52);
}

TEST(bind_route_deliver_unbind)
{
    struct msi_route r;
    uint64_t addr;
    uint32_t data;
    uint8_t v = msi_bind(&dom0, 1, &addr, &data);

    EXPECT(v >= FIRST_DYNAMIC_VECTOR && v < STOP_VECTOR);
    EXPECT(vectors[v] != NULL);
    EXPECT_EQ(addr, 0xfee05000);                /* this CPU: APIC 5 */
    EXPECT_EQ(data, v);
    memset(&sent, 0, sizeof(sent));
    fire(v);                                    /* no route yet: dropped */
    EXPECT_EQ(sent.n, 0);
    EXPECT_EQ(msi_count(v), 1);
    msi_decode(0xfee04000, 0x0061, &r);
    msi_set_route(v, &r);
    fire(v);
    EXPECT_EQ(sent.n, 1);
    EXPECT(sent.d == &dom0);
    EXPECT_EQ(sent.dest, 4);
    EXPECT_EQ(sent.vector, 0x61);
    EXPECT(!sent.level);
    /* dom0 moves it to vCPU 3 (APIC 6): only the route changes. */
    msi_decode(0xfee06000, 0x0071, &r);
    msi_set_route(v, &r);
    fire(v);
    EXPECT_EQ(sent.dest, 6);
    EXPECT_EQ(sent.vector, 0x71);
    msi_unbind(v, 1);
    EXPECT(vectors[v] == NULL);
    fire(v);
    EXPECT_EQ(sent.n, 2);
    msi_set_route(v, &r);                       /* unbound: ignored */
    EXPECT(vectors[v] == NULL);
}

/* With msi_spread, new bindings target the online CPUs in turn. */
TEST(bindings_spread_over_online_cpus)
{
    uint64_t addr[3];
    uint32_t data;
    uint8_t v[3];
    unsigned int i;

    cpumask_set_cpu(0, &cpu_online_map);
    cpumask_set_cpu(2, &cpu_online_map);
    cpu_to_apicid[0] = 5;
    cpu_to_apicid[2] = 9;
    last_target = -1;
    opt_msi_spread = true;
    for ( i = 0; i < 3; i++ )
        v[i] = msi_bind(&dom0, 1, &addr[i], &data);
    EXPECT_EQ(addr[0], 0xfee05000);
    EXPECT_EQ(addr[1], 0xfee09000);
    EXPECT_EQ(addr[2], 0xfee05000);
    for ( i = 0; i < 3; i++ )
        msi_unbind(v[i], 1);
    cpumask_clear(&cpu_online_map);
    opt_msi_spread = false;
}

TEST(released_vector_not_reused_at_once)
{
    uint64_t addr;
    uint32_t data;
    uint8_t a = msi_bind(&dom0, 1, &addr, &data), b;

    msi_unbind(a, 1);
    b = msi_bind(&dom0, 1, &addr, &data);
    EXPECT(b != 0 && b != a);
    msi_unbind(b, 1);
}

TEST(multi_message_block_aligned)
{
    uint64_t addr;
    uint32_t data;
    uint8_t v = msi_bind(&dom0, 4, &addr, &data);
    unsigned int i;

    EXPECT(v != 0);
    EXPECT_EQ(v % 4, 0);
    for ( i = 0; i < 4; i++ )
        EXPECT(vectors[v + i] != NULL);
    msi_unbind(v, 4);
    for ( i = 0; i < 4; i++ )
        EXPECT(vectors[v + i] == NULL);
    EXPECT_EQ(msi_bind(&dom0, 3, &addr, &data), 0);     /* not 2^n */
    EXPECT_EQ(msi_bind(&dom0, 64, &addr, &data), 0);    /* above 32 */
}

TEST(vectors_run_out)
{
    uint8_t got[256];
    unsigned int n = 0, i;
    uint64_t addr;
    uint32_t data;

    while ( n < 256 && (got[n] = msi_bind(&dom0, 1, &addr, &data)) )
        n++;
    EXPECT_EQ(n, STOP_VECTOR - FIRST_DYNAMIC_VECTOR);
    for ( i = 0; i < n; i++ )
        msi_unbind(got[i], 1);
    EXPECT(msi_bind(&dom0, 1, &addr, &data) != 0);
}
