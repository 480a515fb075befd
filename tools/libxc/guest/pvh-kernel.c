/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * What kind of kernel image we were given: a PVH ELF as it is, or a Linux
 * bzImage, whose setup header (Documentation/arch/x86/boot.rst, protocol
 * 2.08 and later) says where its compressed payload is; the payload must
 * decompress to a PVH ELF (vmlinux with XEN_ELFNOTE_PHYS32_ENTRY).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvh-private.h"

/* Setup header fields (offsets from the start of the image). */
#define BZ_SETUP_SECTS    0x1f1
#define BZ_HEADER_MAGIC   0x202    /* "HdrS" */
#define BZ_VERSION        0x206
#define BZ_PAYLOAD_OFFSET 0x248    /* from the protected-mode code */
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_VERSION    0x0208   /* the first with payload fields */

static uint32_t le32(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool is_bzimage(const uint8_t *img, size_t len)
{
    return len > BZ_PAYLOAD_LENGTH + 4 &&
           !memcmp(img + BZ_HEADER_MAGIC, "HdrS", 4);
}

/* The payload of a bzImage, decompressed into k->decompressed. */
static int unpack_bzimage(struct pvh_kernel *k, const uint8_t *img,
                          size_t len, char *why, size_t whylen)
{
    unsigned int version = img[BZ_VERSION] | img[BZ_VERSION + 1] << 8;
    unsigned int setup_sects = img[BZ_SETUP_SECTS] ? img[BZ_SETUP_SECTS] : 4;
    uint64_t off = (setup_sects + 1) * 512ULL + le32(img + BZ_PAYLOAD_OFFSET);
    uint64_t plen = le32(img + BZ_PAYLOAD_LENGTH);
    const char *fmt = "?";
    char inner[160] = "";
    size_t outlen;

    if ( version < BZ_MIN_VERSION )
    {
        snprintf(why, whylen, "bzImage: boot protocol %x.%02x is older "
                 "than 2.08 (no payload fields)", version >> 8,
                 version & 0xff);
        errno = ENOEXEC;
        return -1;
    }
    if ( off > len || plen > len - off || !plen )
    {
        snprintf(why, whylen, "bzImage: payload outside the file "
                 "(truncated image?)");
        errno = ENOEXEC;
        return -1;
    }
    if ( pvh_decompress(img + off, plen, PVH_MAX_KERNEL, &k->decompressed,
                        &outlen, &fmt, inner, sizeof(inner)) )
    {
        snprintf(why, whylen, "bzImage payload: %s", inner);
        return -1;
    }
    k->elf = k->decompressed;
    k->elf_len = outlen;
    snprintf(k->format, sizeof(k->format), "bzImage (%s)", fmt);
    return 0;
}

int pvh_kernel_parse(struct pvh_kernel *k, const uint8_t *img, size_t len,
                     char *why, size_t whylen)
{
    memset(k, 0, sizeof(*k));
    if ( len >= 4 && !memcmp(img, "\177ELF", 4) )
    {
        k->elf = img;
        k->elf_len = len;
        snprintf(k->format, sizeof(k->format), "ELF");
    }
    else if ( is_bzimage(img, len) )
    {
        if ( unpack_bzimage(k, img, len, why, whylen) )
            return -1;
    }
    else
    {
        snprintf(why, whylen, "kernel: neither an ELF file nor a bzImage");
        errno = ENOEXEC;
        return -1;
    }
    if ( pvh_elf_parse(k, why, whylen) )
    {
        int saved = errno;

        pvh_kernel_free(k);
        errno = saved;
        return -1;
    }
    return 0;
}

void pvh_kernel_free(struct pvh_kernel *k)
{
    free(k->decompressed);
    k->decompressed = NULL;
    k->elf = NULL;
}
