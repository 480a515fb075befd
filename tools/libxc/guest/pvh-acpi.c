/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The guest's ACPI tables (ACPI 6.x): RSDP -> XSDT -> { FADT, MADT }, and
 * FADT -> DSDT.  The FADT declares hardware-reduced ACPI (no PM blocks,
 * no SCI: a PVH guest has no chipset); the MADT lists one local APIC per
 * vCPU, APIC id 2 * vCPU as Xen numbers them, enabled for the vCPUs online
 * at boot.  No I/O APIC: PVH has none.  Laid out from one base address,
 * every table checksummed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvh-private.h"

#define ACPI_OEM_ID        "XMHV  "
#define ACPI_OEM_TABLE_ID  "XMHVPVH "
#define ACPI_CREATOR_ID    "XMHV"
#define ACPI_HEADER_LEN    36

/* Where each table sits in the buffer (RSDP first, as a 16-byte unit). */
#define OFF_RSDP   0
#define OFF_XSDT   64
#define XSDT_LEN   (ACPI_HEADER_LEN + 2 * 8)
#define OFF_FADT   128
#define FADT_LEN   276                   /* revision 6 */
#define OFF_MADT   416
#define MADT_LEN(n) (ACPI_HEADER_LEN + 8 + 8 * (n))

/* FADT fields (ACPI 6.x, table 5.9). */
#define FADT_DSDT            40
#define FADT_IAPC_BOOT_ARCH  109
#define FADT_FLAGS           112
#define FADT_MINOR_VERSION   131
#define FADT_X_DSDT          140
#define FADT_HYPERVISOR_ID   268
#define IAPC_NO_VGA          (1U << 2)
#define IAPC_NO_CMOS_RTC     (1U << 5)
#define FADT_PWR_BUTTON      (1U << 4)   /* no fixed power button */
#define FADT_SLP_BUTTON      (1U << 5)   /* no fixed sleep button */
#define FADT_HW_REDUCED      (1U << 20)

#define MADT_LAPIC           0
#define MADT_LAPIC_ENABLED   1U

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint8_t checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while ( len-- )
        sum += *p++;
    return -sum;
}

/* The common header; the checksum is set once the body is written. */
static void header(uint8_t *t, const char sig[4], uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, ACPI_OEM_ID, 6);
    memcpy(t + 16, ACPI_OEM_TABLE_ID, 8);
    put32(t + 24, 1);                                  /* OEM revision */
    memcpy(t + 28, ACPI_CREATOR_ID, 4);
    put32(t + 32, 1);                                  /* creator rev. */
}

static void seal(uint8_t *t)
{
    uint32_t len;

    memcpy(&len, t + 4, 4);
    t[9] = 0;
    t[9] = checksum(t, len);
}

static void build_rsdp(uint8_t *r, uint64_t xsdt)
{
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, ACPI_OEM_ID, 6);
    r[15] = 2;                                         /* ACPI 2.0+ */
    put32(r + 20, 36);
    put64(r + 24, xsdt);
    r[8] = checksum(r, 20);
    r[32] = checksum(r, 36);
}

static void build_fadt(uint8_t *f, uint64_t dsdt)
{
    header(f, "FACP", FADT_LEN, 6);
    put32(f + FADT_DSDT, dsdt);
    put16(f + FADT_IAPC_BOOT_ARCH, IAPC_NO_VGA | IAPC_NO_CMOS_RTC);
    put32(f + FADT_FLAGS, FADT_HW_REDUCED | FADT_PWR_BUTTON |
                          FADT_SLP_BUTTON);
    f[FADT_MINOR_VERSION] = 0;
    put64(f + FADT_X_DSDT, dsdt);
    memcpy(f + FADT_HYPERVISOR_ID, "XenVMM\0\0", 8);
    seal(f);
}

static void build_madt(uint8_t *m, unsigned int max_vcpus,
                       unsigned int nr_online)
{
    unsigned int i;

    header(m, "APIC", MADT_LEN(max_vcpus), 3);
    put32(m + 36, PVH_LAPIC_BASE);
    put32(m + 40, 0);                                  /* no 8259s */
    for ( i = 0; i < max_vcpus; i++ )
    {
        uint8_t *e = m + ACPI_HEADER_LEN + 8 + 8 * i;

        e[0] = MADT_LAPIC;
        e[1] = 8;
        e[2] = i;                                      /* processor UID */
        e[3] = 2 * i;                                  /* APIC id */
        put32(e + 4, i < nr_online ? MADT_LAPIC_ENABLED : 0);
    }
    seal(m);
}

/* The DSDT at dsdt of buf (room bytes left): its length, 0 if no room. */
static size_t build_dsdt(uint8_t *d, size_t room, unsigned int max_vcpus)
{
    size_t aml;

    if ( room < ACPI_HEADER_LEN )
        return 0;
    aml = pvh_aml_processors(d + ACPI_HEADER_LEN, room - ACPI_HEADER_LEN,
                             max_vcpus);
    if ( !aml )
        return 0;
    header(d, "DSDT", ACPI_HEADER_LEN + aml, 2);
    seal(d);
    return ACPI_HEADER_LEN + aml;
}

int pvh_acpi_build(struct pvh_acpi *acpi, uint64_t base,
                   unsigned int max_vcpus, unsigned int nr_online,
                   char *why, size_t whylen)
{
    size_t off_dsdt = (OFF_MADT + MADT_LEN(max_vcpus) + 15) & ~15UL;
    size_t dsdt_len;
    uint8_t *b;

    memset(acpi, 0, sizeof(*acpi));
    if ( !max_vcpus || max_vcpus > PVH_MAX_VCPUS || !nr_online ||
         nr_online > max_vcpus )
    {
        snprintf(why, whylen, "ACPI: %u vCPUs of %u: must be 1-%u", nr_online,
                 max_vcpus, PVH_MAX_VCPUS);
        errno = EINVAL;
        return -1;
    }
    b = calloc(1, PVH_ACPI_MAX);
    if ( !b )
        return -1;
    dsdt_len = build_dsdt(b + off_dsdt, PVH_ACPI_MAX - off_dsdt, max_vcpus);
    build_madt(b + OFF_MADT, max_vcpus, nr_online);
    build_fadt(b + OFF_FADT, base + off_dsdt);
    header(b + OFF_XSDT, "XSDT", XSDT_LEN, 1);
    put64(b + OFF_XSDT + ACPI_HEADER_LEN, base + OFF_FADT);
    put64(b + OFF_XSDT + ACPI_HEADER_LEN + 8, base + OFF_MADT);
    seal(b + OFF_XSDT);
    build_rsdp(b + OFF_RSDP, base + OFF_XSDT);
    *acpi = (struct pvh_acpi){
        .buf = b, .size = off_dsdt + dsdt_len, .base = base,
        .rsdp = base + OFF_RSDP,
    };
    return 0;
}

void pvh_acpi_free(struct pvh_acpi *acpi)
{
    free(acpi->buf);
    acpi->buf = NULL;
}
