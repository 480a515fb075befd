/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Table-driven CRC-32 and CRC-64 for the decompressors.  CRC-32 runs four
 * bytes per step ("slicing by 4"): the kernel payload is tens of MiB and
 * its check is paid again under software emulation.
 */
#include <xen/lib.h>

#include "private.h"

#define CRC32_POLY 0xedb88320U
#define CRC64_POLY 0xc96c5795d7870f42ULL

void dc_crc32_init(struct dc_crc32_table *tab)
{
    unsigned int i, k;

    for ( i = 0; i < 256; i++ )
    {
        uint32_t c = i;

        for ( k = 0; k < 8; k++ )
            c = (c >> 1) ^ (CRC32_POLY & -(c & 1));
        tab->t[0][i] = c;
    }

    /* t[k][i]: the CRC of byte i followed by k zero bytes. */
    for ( k = 1; k < 4; k++ )
        for ( i = 0; i < 256; i++ )
        {
            uint32_t c = tab->t[k - 1][i];

            tab->t[k][i] = (c >> 8) ^ tab->t[0][c & 0xff];
        }
}

uint32_t dc_crc32(const struct dc_crc32_table *tab, uint32_t crc,
                  const uint8_t *p, size_t len)
{
    crc = ~crc;

    for ( ; len >= 4; len -= 4, p += 4 )
    {
        crc ^= dc_le32(p);
        crc = tab->t[3][crc & 0xff] ^ tab->t[2][(crc >> 8) & 0xff] ^
              tab->t[1][(crc >> 16) & 0xff] ^ tab->t[0][crc >> 24];
    }

    while ( len-- )
        crc = (crc >> 8) ^ tab->t[0][(crc ^ *p++) & 0xff];

    return ~crc;
}

void dc_crc64_init(struct dc_crc64_table *tab)
{
    unsigned int i, k;

    for ( i = 0; i < 256; i++ )
    {
        uint64_t c = i;

        for ( k = 0; k < 8; k++ )
            c = (c >> 1) ^ (CRC64_POLY & -(c & 1));
        tab->t[i] = c;
    }
}

uint64_t dc_crc64(const struct dc_crc64_table *tab, uint64_t crc,
                  const uint8_t *p, size_t len)
{
    crc = ~crc;

    while ( len-- )
        crc = (crc >> 8) ^ tab->t[(crc ^ *p++) & 0xff];

    return ~crc;
}
