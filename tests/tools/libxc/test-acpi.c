/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's ACPI tables: RSDP and every table checksummed, lengths
 * right, XSDT pointing at FADT and MADT, a hardware-reduced FADT pointing
 * at the DSDT, one MADT local APIC per vCPU (enabled up to the online
 * count), and a DSDT that ACPICA's disassembler (iasl -d) reads back with
 * one Processor per vCPU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "pvh-private.h"

static char why[256];

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return v;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while ( len-- )
        s += *p++;
    return s;
}

/* The table at guest address gpa, checked: signature, length, checksum. */
static const uint8_t *table(const struct pvh_acpi *a, uint64_t gpa,
                            const char *sig)
{
    const uint8_t *t;

    if ( !EXPECT(gpa >= a->base && gpa + 36 <= a->base + a->size) )
        return NULL;
    t = a->buf + (gpa - a->base);
    EXPECT(!memcmp(t, sig, 4));
    if ( !EXPECT(gpa + get32(t + 4) <= a->base + a->size) )
        return NULL;
    EXPECT_EQ(sum(t, get32(t + 4)), 0);
    return t;
}

static void check_tables(unsigned int max, unsigned int online)
{
    struct pvh_acpi a;
    const uint8_t *rsdp, *xsdt, *fadt, *madt, *dsdt;
    unsigned int i, enabled = 0;

    if ( !EXPECT_EQ(pvh_acpi_build(&a, PVH_ACPI_BASE, max, online, why,
                                   sizeof(why)), 0) )
        return;
    EXPECT(a.size <= PVH_ACPI_MAX);
    rsdp = a.buf + (a.rsdp - a.base);
    EXPECT(!memcmp(rsdp, "RSD PTR ", 8));
    EXPECT_EQ(rsdp[15], 2);
    EXPECT_EQ(sum(rsdp, 20), 0);
    EXPECT_EQ(sum(rsdp, 36), 0);
    EXPECT_EQ(get32(rsdp + 20), 36);
    xsdt = table(&a, get64(rsdp + 24), "XSDT");
    if ( !xsdt || !EXPECT_EQ(get32(xsdt + 4), 36 + 16) )
        goto out;
    fadt = table(&a, get64(xsdt + 36), "FACP");
    madt = table(&a, get64(xsdt + 44), "APIC");
    if ( !fadt || !madt )
        goto out;
    EXPECT_EQ(get32(fadt + 4), 276);
    EXPECT(get32(fadt + 112) & (1U << 20));          /* HW_REDUCED_ACPI */
    EXPECT_EQ(get32(fadt + 40), get64(fadt + 140));   /* DSDT == X_DSDT */
    dsdt = table(&a, get64(fadt + 140), "DSDT");
    EXPECT(dsdt != NULL);
    EXPECT_EQ(get32(madt + 4), 44 + 8 * max);
    EXPECT_EQ(get32(madt + 36), 0xfee00000);
    for ( i = 0; i < max; i++ )
    {
        const uint8_t *e = madt + 44 + 8 * i;

        EXPECT_EQ(e[0], 0);
        EXPECT_EQ(e[1], 8);
        EXPECT_EQ(e[2], i);
        EXPECT_EQ(e[3], 2 * i);
        enabled += get32(e + 4) & 1;
        EXPECT_EQ(get32(e + 4) & 1, i < online);
    }
    EXPECT_EQ(enabled, online);
 out:
    pvh_acpi_free(&a);
}

TEST(one_vcpu) { check_tables(1, 1); }
TEST(four_vcpus) { check_tables(4, 4); }
TEST(two_of_eight_online) { check_tables(8, 2); }
TEST(max_vcpus) { check_tables(PVH_MAX_VCPUS, PVH_MAX_VCPUS); }

TEST(bad_vcpu_counts_are_refused)
{
    struct pvh_acpi a;

    EXPECT_EQ(pvh_acpi_build(&a, PVH_ACPI_BASE, 0, 0, why, sizeof(why)), -1);
    EXPECT_EQ(errno, EINVAL);
    EXPECT_EQ(pvh_acpi_build(&a, PVH_ACPI_BASE, 4, 5, why, sizeof(why)), -1);
    EXPECT_EQ(pvh_acpi_build(&a, PVH_ACPI_BASE, PVH_MAX_VCPUS + 1, 1, why,
                             sizeof(why)), -1);
}

/* iasl -d on the DSDT: how many "Processor (PRxx" lines it prints. */
static int disassembled_processors(const uint8_t *dsdt, uint32_t len)
{
    char dir[] = "/tmp/libxc-dsdt-XXXXXX", cmd[512], line[256];
    int count = 0;
    FILE *f;

    if ( !mkdtemp(dir) )
        return -1;
    snprintf(cmd, sizeof(cmd), "%s/dsdt.dat", dir);
    f = fopen(cmd, "wb");
    fwrite(dsdt, 1, len, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "cd %s && iasl -d dsdt.dat >iasl.log 2>&1 "
             "&& cat dsdt.dsl", dir);
    f = popen(cmd, "r");
    while ( f && fgets(line, sizeof(line), f) )
        if ( strstr(line, "Processor (PR") )
            count++;
    if ( !f || pclose(f) )
        count = -1;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if ( system(cmd) )
        count = -1;
    return count;
}

static void check_dsdt_disassembles(unsigned int nr)
{
    struct pvh_acpi a;
    const uint8_t *fadt, *dsdt;

    if ( !EXPECT_EQ(pvh_acpi_build(&a, PVH_ACPI_BASE, nr, 1, why,
                                   sizeof(why)), 0) )
        return;
    fadt = a.buf + (get64(a.buf + (get64(a.buf + 24) - a.base) + 36) -
                    a.base);
    dsdt = a.buf + (get64(fadt + 140) - a.base);
    if ( system("command -v iasl >/dev/null 2>&1") )
    {
        printf("  iasl not found: install acpica-tools "
               "(config/debian-packages.txt)\n");
        EXPECT(0);
    }
    else
        EXPECT_EQ(disassembled_processors(dsdt, get32(dsdt + 4)), nr);
    pvh_acpi_free(&a);
}

TEST(dsdt_with_one_processor_disassembles) { check_dsdt_disassembles(1); }
/* 5 and more need a two-byte PkgLength for the scope */
TEST(dsdt_with_16_processors_disassembles) { check_dsdt_disassembles(16); }
TEST(dsdt_with_128_processors_disassembles)
{
    check_dsdt_disassembles(PVH_MAX_VCPUS);
}
