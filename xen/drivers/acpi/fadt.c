/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FADT (ACPI 6.4, 5.2.9): the PM1 control blocks (for S5 power-off), the
 * PM timer, the reset register, and the DSDT, in which we look for the
 * \_S5 package to learn the sleep type that means "soft off".
 */
#include <xen/lib.h>
#include <asm/acpi.h>

#include "acpi-private.h"

#define FADT_DSDT           40
#define FADT_PM1A_CNT       64
#define FADT_PM1B_CNT       68
#define FADT_PM_TMR         76
#define FADT_FLAGS          112
#define FADT_RESET_REG      116
#define FADT_RESET_VALUE    128
#define FADT_X_DSDT         140

#define FADT_TMR_VAL_EXT    (1U << 8)
#define FADT_RESET_REG_SUP  (1U << 10)

#define AML_PACKAGE_OP      0x12
#define AML_BYTE_PREFIX     0x0a
#define AML_ZERO            0x00
#define AML_ONE             0x01

static uint32_t field32(const uint8_t *t, uint32_t len, uint32_t off)
{
    return off + 4 <= len ? *(const uint32_t *)(t + off) : 0;
}

/*
 * Find "\_S5_" = Package { SLP_TYPa, ... } in the DSDT's AML and return
 * SLP_TYPa.  A byte search is enough: the name is unique in practice, and
 * we only accept it when a well-formed package follows.
 */
static uint16_t find_s5(const uint8_t *aml, uint32_t len)
{
    uint32_t i;

    for ( i = 36; i + 10 < len; i++ )
    {
        const uint8_t *p = aml + i;
        unsigned int pkglen_bytes;

        if ( memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE_OP )
            continue;
        pkglen_bytes = (p[5] >> 6) + 1;
        p += 5 + pkglen_bytes + 1;          /* PkgLength, NumElements */
        if ( p + 2 > aml + len )
            break;
        if ( p[0] == AML_BYTE_PREFIX )
            return p[1];
        if ( p[0] == AML_ZERO || p[0] == AML_ONE )
            return p[0];
    }
    return ~0;
}

static void parse_dsdt(paddr_t pa)
{
    const uint8_t *h = acpi_map(pa, 36);
    uint32_t len;

    if ( !h )
        return;
    len = *(const uint32_t *)(h + 4);
    h = acpi_map(pa, len);
    if ( h && !memcmp(h, "DSDT", 4) )
        acpi_info.slp_typ_s5 = find_s5(h, len);
}

void acpi_parse_fadt(const void *table)
{
    const uint8_t *t = table;
    uint32_t len = *(const uint32_t *)(t + 4);
    uint32_t flags = field32(t, len, FADT_FLAGS);
    uint64_t x_dsdt = 0;

    acpi_info.have_fadt = true;
    acpi_info.pm1a_cnt = field32(t, len, FADT_PM1A_CNT);
    acpi_info.pm1b_cnt = field32(t, len, FADT_PM1B_CNT);
    acpi_info.pm_tmr = field32(t, len, FADT_PM_TMR);
    acpi_info.pm_tmr_32bit = flags & FADT_TMR_VAL_EXT;
    if ( (flags & FADT_RESET_REG_SUP) && len > FADT_RESET_VALUE )
    {
        memcpy(&acpi_info.reset_reg, t + FADT_RESET_REG,
               sizeof(acpi_info.reset_reg));
        acpi_info.reset_value = t[FADT_RESET_VALUE];
        acpi_info.reset_reg_valid = true;
    }
    if ( len >= FADT_X_DSDT + 8 )
        x_dsdt = *(const uint64_t *)(t + FADT_X_DSDT);
    acpi_info.dsdt = x_dsdt ? x_dsdt : field32(t, len, FADT_DSDT);
    if ( acpi_info.dsdt )
        parse_dsdt(acpi_info.dsdt);
}
