/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * The AML of the guest's DSDT (ACPI 6.x, section 20): one Scope(\_SB)
 * holding a Processor object per vCPU, PR00, PR01, ..., whose processor id
 * is the vCPU number (the MADT's ACPI processor UID).  Written out byte by
 * byte: the whole grammar we need is two opcodes and PkgLength.
 */
#include <string.h>

#include "pvh-private.h"

#define AML_SCOPE_OP      0x10
#define AML_EXT_PREFIX    0x5b
#define AML_PROCESSOR_OP  0x83
#define AML_ROOT_CHAR     '\\'

/*
 * PkgLength for a package whose contents after the PkgLength are body
 * bytes: the encoded value counts its own bytes too.  Returns its size.
 */
static size_t pkg_length(uint8_t *out, size_t body)
{
    size_t n = body + 1 < 0x40 ? 1 : body + 2 < 0x1000 ? 2 :
               body + 3 < 0x100000 ? 3 : 4;
    size_t value = body + n, i;

    if ( n == 1 )
    {
        out[0] = value;
        return 1;
    }
    out[0] = (n - 1) << 6 | (value & 0xf);
    for ( i = 1; i < n; i++ )
        out[i] = value >> (4 + 8 * (i - 1));
    return n;
}

static const char hex[] = "0123456789ABCDEF";

/* Processor (PRxx, id, 0, 0) {}: no P_BLK, as on hardware-reduced ACPI. */
static size_t processor(uint8_t *out, unsigned int id)
{
    uint8_t body[10] = {
        'P', 'R', hex[(id >> 4) & 0xf], hex[id & 0xf], id, 0, 0, 0, 0, 0,
    };
    size_t n;

    out[0] = AML_EXT_PREFIX;
    out[1] = AML_PROCESSOR_OP;
    n = 2 + pkg_length(out + 2, sizeof(body));
    memcpy(out + n, body, sizeof(body));
    return n + sizeof(body);
}

size_t pvh_aml_processors(uint8_t *out, size_t room, unsigned int nr)
{
    static const uint8_t name[5] = { AML_ROOT_CHAR, '_', 'S', 'B', '_' };
    size_t body = sizeof(name) + nr * 13, n, i;

    /* 13 bytes per Processor; 1 opcode + at most 4 PkgLength bytes. */
    if ( nr > PVH_MAX_VCPUS || room < body + 5 )
        return 0;
    out[0] = AML_SCOPE_OP;
    n = 1 + pkg_length(out + 1, body);
    memcpy(out + n, name, sizeof(name));
    n += sizeof(name);
    for ( i = 0; i < nr; i++ )
        n += processor(out + n, i);
    return n;
}
