/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Xen's migration stream v2 (docs/specs/libxc-migration-stream.pandoc,
 * revision 3, as Xen 4.17 writes it; docs/save-restore.md): the image and
 * domain headers, records of type + length + body padded to 8 octets, and
 * the PAGE_DATA batches.  Pure code over a file descriptor: no hypercall,
 * so tests/tools/libxc runs it against pipes and files.
 */
#ifndef SR_STREAM_H
#define SR_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#pragma GCC visibility push(hidden)

/* Image header (big-endian) and domain header (little-endian). */
#define SR_IHDR_MARKER        0xffffffffffffffffULL
#define SR_IHDR_ID            0x58454e46U     /* "XENF" */
#define SR_IHDR_VERSION       3
#define SR_IHDR_OPT_BIG_ENDIAN 0x0001
#define SR_DHDR_TYPE_X86_PV   0x0001
#define SR_DHDR_TYPE_X86_HVM  0x0002
#define SR_PAGE_SHIFT         12
#define SR_PAGE_SIZE          (1u << SR_PAGE_SHIFT)

/* Record types of revision 3. */
#define REC_TYPE_END                  0x00000000U
#define REC_TYPE_PAGE_DATA            0x00000001U
#define REC_TYPE_X86_TSC_INFO         0x00000008U
#define REC_TYPE_HVM_CONTEXT          0x00000009U
#define REC_TYPE_HVM_PARAMS           0x0000000aU
#define REC_TYPE_VERIFY               0x0000000dU
#define REC_TYPE_CHECKPOINT           0x0000000eU
#define REC_TYPE_STATIC_DATA_END      0x00000010U
#define REC_TYPE_X86_CPUID_POLICY     0x00000011U
#define REC_TYPE_X86_MSR_POLICY       0x00000012U
#define REC_TYPE_OPTIONAL             0x80000000U
/*
 * Ours (docs/save-restore.md): PAGE_DATA whose page contents are one zlib
 * stream.  Mandatory on purpose: a reader that does not know it (Xen's)
 * must refuse the image rather than skip the guest's memory.
 */
#define REC_TYPE_XMHV_PAGE_DATA_ZLIB  0x7f584d01U

/* PAGE_DATA's pfn words: type (XEN_DOMCTL_PFINFO_* >> 28) in bits 63-60. */
#define SR_PFN_MASK           ((1ULL << 52) - 1)
#define SR_PFN_TYPE_SHIFT     60
#define SR_PFN_NOTAB          0x0
#define SR_PFN_BROKEN         0xd
#define SR_PFN_XALLOC         0xe
#define SR_PFN_XTAB           0xf

/* Pages in one PAGE_DATA record we write (Xen's MAX_BATCH_SIZE) and the
 * longest record body we accept (a batch of 1024 pages and its pfns, or a
 * guest's HVM context, fit many times over). */
#define SR_MAX_BATCH          1024
#define SR_MAX_BODY           (16u << 20)

/* A stream being read or written, and why it failed (one line). */
struct sr_io {
    int fd;
    uint64_t offset;            /* octets done so far */
    char why[256];
};

struct sr_record {
    uint32_t type;
    uint32_t length;
    void *body;                 /* malloc()ed, length octets; NULL if 0 */
};

/* The write side.  Each is 0, or -1 with io->why. */
int sr_write_exact(struct sr_io *io, const void *buf, size_t len);
int sr_write_image_header(struct sr_io *io);
int sr_write_domain_header(struct sr_io *io, uint32_t type,
                           uint16_t xen_major, uint16_t xen_minor);
/* One record whose body is the nr pieces of iov, padded to 8 octets. */
int sr_write_record_iov(struct sr_io *io, uint32_t type,
                        const struct iovec *iov, int nr);
int sr_write_record(struct sr_io *io, uint32_t type, const void *body,
                    size_t len);

/* The read side.  0, or -1 with io->why naming what is wrong. */
int sr_read_exact(struct sr_io *io, void *buf, size_t len, const char *what);
int sr_read_image_header(struct sr_io *io);
/* The domain type, checked to be x86 HVM with 4 KiB pages. */
int sr_read_domain_header(struct sr_io *io, uint16_t *xen_major,
                          uint16_t *xen_minor);
int sr_read_record(struct sr_io *io, struct sr_record *rec);
void sr_record_free(struct sr_record *rec);
const char *sr_record_name(uint32_t type);

/* A PAGE_DATA batch: nr pfns (with types) and the data of the pages of
 * type NOTAB, in pfn order. */
struct sr_batch {
    unsigned int nr;
    uint64_t pfn[SR_MAX_BATCH];
    unsigned int nr_data;       /* pages with data */
    const uint8_t *data;        /* nr_data pages */
};

static inline unsigned int sr_pfn_type(uint64_t word)
{
    return word >> SR_PFN_TYPE_SHIFT;
}

static inline bool sr_type_has_data(unsigned int type)
{
    return type != SR_PFN_BROKEN && type != SR_PFN_XALLOC &&
           type != SR_PFN_XTAB;
}

/*
 * Writes b as PAGE_DATA, or, with compress, as XMHV_PAGE_DATA_ZLIB;
 * *written is the record's size in the stream.
 */
int sr_write_batch(struct sr_io *io, const struct sr_batch *b,
                   bool compress, size_t *written);
/*
 * Parses a PAGE_DATA or XMHV_PAGE_DATA_ZLIB record into b; b->data points
 * into rec's body or into *scratch (malloc()ed, the caller frees it).
 */
int sr_parse_batch(struct sr_io *io, const struct sr_record *rec,
                   struct sr_batch *b, uint8_t **scratch);

#pragma GCC visibility pop

#endif /* SR_STREAM_H */
