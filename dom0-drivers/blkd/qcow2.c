/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Opening a qcow2 image (its header, header extensions, L1 and refcount
 * tables, backing file) and its image ops: requests split into the parts
 * of guest clusters that qcow2-read.c and qcow2-write.c handle.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qcow2.h"

#define EXT_BACKING_FORMAT 0xe2792acaU

/* The header's fields (version 2's 72 bytes, version 3's beyond). */
struct header {
    uint32_t magic, version;
    uint64_t backing_off;
    uint32_t backing_len, cluster_bits;
    uint64_t size;
    uint32_t crypt, l1_size;
    uint64_t l1_off, rt_off;
    uint32_t rt_clusters, nb_snapshots;
    uint64_t snapshots_off, incompat, compat, autoclear;
    uint32_t refcount_order, header_len;
};

static uint32_t be32_at(const uint8_t *p, unsigned int o)
{
    uint32_t v;

    memcpy(&v, p + o, 4);
    return be32toh(v);
}

static uint64_t be64_at(const uint8_t *p, unsigned int o)
{
    uint64_t v;

    memcpy(&v, p + o, 8);
    return be64toh(v);
}

static void parse_header(const uint8_t *p, struct header *h)
{
    *h = (struct header){
        .magic = be32_at(p, 0), .version = be32_at(p, 4),
        .backing_off = be64_at(p, 8), .backing_len = be32_at(p, 16),
        .cluster_bits = be32_at(p, 20), .size = be64_at(p, 24),
        .crypt = be32_at(p, 32), .l1_size = be32_at(p, 36),
        .l1_off = be64_at(p, 40), .rt_off = be64_at(p, 48),
        .rt_clusters = be32_at(p, 56), .nb_snapshots = be32_at(p, 60),
        .snapshots_off = be64_at(p, 64), .refcount_order = 4,
        .header_len = 72,
    };
    if ( h->version >= 3 )
    {
        h->incompat = be64_at(p, 72);
        h->compat = be64_at(p, 80);
        h->autoclear = be64_at(p, 88);
        h->refcount_order = be32_at(p, 96);
        h->header_len = be32_at(p, 100);
    }
}

/* Why the header cannot be served, or NULL. */
static const char *header_refusal(const struct header *h, bool readonly)
{
    uint64_t cs = 1ULL << (h->cluster_bits & 63);
    uint64_t per_l1 = cs * (cs / 8);

    if ( h->magic != QCOW2_MAGIC )
        return "not a qcow2 image (bad magic)";
    if ( h->version != 2 && h->version != 3 )
        return "qcow2 version is neither 2 nor 3";
    if ( h->cluster_bits < 9 || h->cluster_bits > 21 )
        return "cluster size out of range";
    if ( h->backing_len > 1023 )
        return "backing file name too long";
    if ( h->crypt )
        return "encrypted images are not served";
    if ( h->incompat )
        return "incompatible features set (dirty, corrupt, external data, "
               "compression type or extended L2): not served";
    if ( h->refcount_order != 4 )
        return "refcounts are not 16 bits wide";
    if ( h->nb_snapshots && !readonly )
        return "images with internal snapshots are served read-only only";
    if ( h->size > (1ULL << 50) || h->l1_size < (h->size + per_l1 - 1) /
         per_l1 || (uint64_t)h->l1_size * 8 > QCOW2_MAX_TABLE_BYTES )
        return "L1 table size does not fit the disk size";
    if ( (h->l1_off | h->rt_off) & (cs - 1) || !h->rt_clusters ||
         (uint64_t)h->rt_clusters * cs > QCOW2_MAX_TABLE_BYTES )
        return "table offsets or refcount table size out of range";
    if ( h->header_len < 72 || h->header_len > cs ||
         (h->version >= 3 && h->header_len < 104) )
        return "bad header length";
    return NULL;
}

/* A big-endian table of n 64-bit entries at off, in host order. */
static uint64_t *load_table(struct qcow2 *q, uint64_t off, uint64_t n,
                            int *rc)
{
    uint64_t *t = calloc(n ? n : 1, 8), i;

    if ( !t )
        return *rc = -ENOMEM, NULL;
    if ( n && (*rc = qcow2_pread(q, t, n * 8, off)) )
        return free(t), NULL;
    for ( i = 0; i < n; i++ )
        t[i] = be64toh(t[i]);
    *rc = 0;
    return t;
}

/* The backing file's format from the header extensions ("" if none). */
static void backing_format(const uint8_t *hdr, const struct header *h,
                           uint64_t cs, char *fmt, size_t len)
{
    uint64_t o = h->header_len;
    uint32_t type, n;

    *fmt = '\0';
    while ( o + 8 <= cs )
    {
        type = be32_at(hdr, o);
        n = be32_at(hdr, o + 4);
        if ( !type || o + 8 + n > cs )
            return;
        if ( type == EXT_BACKING_FORMAT && n < len )
        {
            memcpy(fmt, hdr + o + 8, n);
            fmt[n] = '\0';
            return;
        }
        o += 8 + ((n + 7) & ~7U);
    }
}

static unsigned int depth;          /* of backing files being opened */

/* Open the backing file (relative names from the image's directory),
 * read-only, in the format the header names (or probed). */
static int open_backing(struct qcow2 *q, const char *path,
                        const struct header *h, const char *fmt, char *why,
                        size_t len)
{
    char name[1024], full[PATH_MAX + 1024], dir[PATH_MAX], magic[4] = "";
    int fd, rc;

    if ( h->backing_len >= sizeof(name) )
        return snprintf(why, len, "%s: backing file name too long", path),
               -EINVAL;
    if ( (rc = qcow2_pread(q, name, h->backing_len, h->backing_off)) )
        return snprintf(why, len, "%s: reading the backing file name: %s",
                        path, strerror(-rc)), rc;
    name[h->backing_len] = '\0';
    snprintf(dir, sizeof(dir), "%s", path);
    snprintf(full, sizeof(full), "%s%s%s", name[0] == '/' ? "" : dirname(dir),
             name[0] == '/' ? "" : "/", name);
    if ( !*fmt && (fd = open(full, O_RDONLY | O_CLOEXEC)) >= 0 )
    {
        if ( pread(fd, magic, 4, 0) != 4 )
            magic[0] = '\0';
        close(fd);
        fmt = be32_at((const uint8_t *)magic, 0) == QCOW2_MAGIC ? "qcow2"
                                                                : "raw";
    }
    if ( ++depth > 16 )
        q->backing = NULL, snprintf(why, len, "%s: backing chain too long",
                                    path);
    else
        q->backing = strcmp(fmt, "qcow2")
                     ? image_raw_open(full, true, why, len)
                     : image_qcow2_open(full, true, why, len);
    depth--;
    return q->backing ? 0 : -EINVAL;
}

/* Each iovec's bytes in parts that stay within one guest cluster. */
static int qcow2_io(struct image *img, const struct iovec *iov, int cnt,
                    uint64_t off, bool write)
{
    struct qcow2 *q = Q(img);
    uint64_t done, part;
    uint8_t *p;
    int i, rc;

    for ( i = 0; i < cnt; i++ )
        for ( done = 0; done < iov[i].iov_len; done += part, off += part )
        {
            p = (uint8_t *)iov[i].iov_base + done;
            part = q->cluster_size - (off & (q->cluster_size - 1));
            if ( part > iov[i].iov_len - done )
                part = iov[i].iov_len - done;
            rc = write ? qcow2_write_part(q, p, part, off)
                       : qcow2_read_part(q, p, part, off);
            if ( rc )
                return rc;
        }
    return 0;
}

static int qcow2_readv(struct image *img, const struct iovec *iov, int cnt,
                       uint64_t off)
{
    return qcow2_io(img, iov, cnt, off, false);
}

static int qcow2_writev(struct image *img, const struct iovec *iov, int cnt,
                        uint64_t off)
{
    return qcow2_io(img, iov, cnt, off, true);
}

static int qcow2_flush(struct image *img)
{
    return fdatasync(Q(img)->fd) ? -errno : 0;
}

/* Only whole clusters can be dropped; the rest of the range stays. */
static int qcow2_discard(struct image *img, uint64_t off, uint64_t len)
{
    struct qcow2 *q = Q(img);
    uint64_t c = (off + q->cluster_size - 1) & ~(q->cluster_size - 1);
    int rc = 0;

    for ( ; c + q->cluster_size <= off + len && !rc; c += q->cluster_size )
        rc = qcow2_discard_cluster(q, c);
    return rc;
}

static void qcow2_close(struct image *img)
{
    struct qcow2 *q = Q(img);

    if ( q->backing )
        q->backing->ops->close(q->backing);
    qcow2_table_drop(q->l2);
    qcow2_table_drop(q->rb);
    free(q->l1);
    free(q->rt);
    free(q->zbuf);
    free(q->cbuf);
    free(q->scratch);
    if ( q->fd >= 0 )
        close(q->fd);
    free(q);
}

static const struct image_ops qcow2_ops = {
    .readv = qcow2_readv, .writev = qcow2_writev, .flush = qcow2_flush,
    .discard = qcow2_discard, .close = qcow2_close,
};

/* Header, extensions, tables and backing file into q; 0 or -errno with
 * why. */
static int load(struct qcow2 *q, const char *path, char *why, size_t len)
{
    uint8_t first[512], *hdr;
    struct header h;
    char fmt[32];
    const char *no;
    int rc;

    if ( (rc = qcow2_pread(q, first, sizeof(first), 0)) )
        return snprintf(why, len, "%s: not a qcow2 image (too short)", path),
               rc;
    parse_header(first, &h);
    if ( (no = header_refusal(&h, q->img.readonly)) )
        return snprintf(why, len, "%s: %s", path, no), -EINVAL;
    q->version = h.version;
    q->cluster_bits = h.cluster_bits;
    q->cluster_size = 1ULL << h.cluster_bits;
    q->l1_size = h.l1_size;
    q->l1_off = h.l1_off;
    q->rt_off = h.rt_off;
    q->rt_size = h.rt_clusters * (q->cluster_size / 8);
    q->img.size = h.size & ~511ULL;
    if ( !(hdr = calloc(1, q->cluster_size)) )
        return -ENOMEM;
    pread(q->fd, hdr, q->cluster_size, 0);
    backing_format(hdr, &h, q->cluster_size, fmt, sizeof(fmt));
    free(hdr);
    if ( !(q->l1 = load_table(q, h.l1_off, h.l1_size, &rc)) ||
         !(q->rt = load_table(q, h.rt_off, q->rt_size, &rc)) )
        return snprintf(why, len, "%s: reading its tables: %s", path,
                        strerror(-rc)), rc;
    if ( h.backing_off && (rc = open_backing(q, path, &h, fmt, why, len)) )
        return rc;
    /* Autoclear bits we do not keep up to date are cleared (the spec). */
    if ( h.version >= 3 && h.autoclear && !q->img.readonly &&
         (rc = qcow2_pwrite(q, (uint64_t[]){ 0 }, 8, 88)) )
        return snprintf(why, len, "%s: %s", path, strerror(-rc)), rc;
    return 0;
}

struct image *image_qcow2_open(const char *path, bool readonly, char *why,
                               size_t len)
{
    struct qcow2 *q = calloc(1, sizeof(*q));
    struct stat st;
    int rc = -ENOMEM;

    if ( !q )
        return snprintf(why, len, "out of memory"), NULL;
    q->img = (struct image){ .ops = &qcow2_ops, .readonly = readonly };
    q->fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if ( q->fd < 0 || fstat(q->fd, &st) )
    {
        rc = -errno;
        snprintf(why, len, "%s: %s", path, strerror(errno));
    }
    else if ( !(rc = load(q, path, why, len)) )
    {
        q->end = (st.st_size + q->cluster_size - 1) & ~(q->cluster_size - 1);
        q->zbuf = malloc(2 * q->cluster_size);
        q->cbuf = malloc(q->cluster_size);
        q->scratch = malloc(q->cluster_size);
        q->img.discard_granularity = readonly ? 0 : q->cluster_size;
        if ( q->zbuf && q->cbuf && q->scratch )
            return &q->img;
        snprintf(why, len, "out of memory");
        rc = -ENOMEM;
    }
    qcow2_close(&q->img);
    errno = -rc;
    return NULL;
}
