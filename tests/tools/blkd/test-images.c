/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen-blkd's image layer on the host (dom0-drivers/blkd/image*.c,
 * qcow2*.c): images made by qemu-img (qcow2 v2 and v3, small and default
 * clusters, backing files, compressed clusters) are written and read
 * through our code against a model of the disk in memory; afterwards
 * `qemu-img check` must pass and `qemu-img convert -O raw` must give the
 * model back.  Hostile headers must be refused in one line.
 * Usage: test-images WORKDIR.  Last line: "images: N passed, M failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "image.h"

static const char *dir;

/* Run a shell command quietly; its exit status. */
static int sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    int r;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    r = system(cmd);
    return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The model: what the disk must hold. */
struct model {
    uint8_t *data;
    uint64_t size;
};

static int do_write(struct image *img, struct model *m, uint64_t off,
                    uint64_t len)
{
    uint8_t *buf = malloc(len);
    struct iovec iov[2];
    uint64_t i, half = (len / 2) & ~511ULL;
    int rc;

    for ( i = 0; i < len; i++ )
        buf[i] = (uint8_t)(next() | 1);
    /* Two iovecs, as a request's segments come. */
    iov[0] = (struct iovec){ buf, half };
    iov[1] = (struct iovec){ buf + half, len - half };
    rc = img->ops->writev(img, half ? iov : iov + 1, half ? 2 : 1, off);
    if ( !rc )
        memcpy(m->data + off, buf, len);
    free(buf);
    return rc;
}

/* Random sector-aligned writes (some whole clusters, some across). */
static int random_writes(struct image *img, struct model *m, int n,
                         uint64_t maxlen)
{
    uint64_t off, len;
    int rc = 0;

    while ( n-- > 0 && !rc )
    {
        len = ((next() % (maxlen / 512)) + 1) * 512;
        off = (next() % ((m->size - len) / 512 + 1)) * 512;
        rc = do_write(img, m, off, len);
    }
    return rc;
}

/* Our read of the whole disk equals the model. */
static bool read_matches(struct image *img, const struct model *m)
{
    uint8_t *buf = malloc(m->size);
    struct iovec iov = { buf, m->size };
    bool ok = !img->ops->readv(img, &iov, 1, 0) &&
              !memcmp(buf, m->data, m->size);

    free(buf);
    return ok;
}

/* qemu-img's view of the image equals the model. */
static bool convert_matches(const char *path, const struct model *m)
{
    char raw[512];
    uint8_t *buf = malloc(m->size);
    int fd;
    bool ok;

    snprintf(raw, sizeof(raw), "%s/converted.raw", dir);
    ok = !sh("qemu-img convert -O raw %s %s", path, raw) &&
         (fd = open(raw, O_RDONLY)) >= 0;
    ok = ok && pread(fd, buf, m->size, 0) == (ssize_t)m->size &&
         !memcmp(buf, m->data, m->size);
    free(buf);
    return ok;
}

static struct model model_from(const char *path, uint64_t size)
{
    struct model m = { calloc(1, size), size };
    int fd = path ? open(path, O_RDONLY) : -1;

    if ( fd >= 0 )
    {
        if ( pread(fd, m.data, size, 0) < 0 )
            memset(m.data, 0, size);
        close(fd);
    }
    return m;
}

/* WORKDIR/<name>.qcow2 and "qcow2:" before it. */
static void qcow2_names(const char *name, char *path, char *params)
{
    snprintf(path, 512, "%s/%s.qcow2", dir, name);
    snprintf(params, 600, "qcow2:%s", path);
}

/* Write, read back, close, reopen, read back, qemu-img check, convert. */
static void exercise(const char *name, const char *params, const char *path,
                     struct model *m, int nwrites, uint64_t maxlen)
{
    char why[300];
    struct image *img = image_open(params, false, why, sizeof(why));
    int rc;

    if ( !img )
        return result(false, "%s: open: %s", name, why);
    result(img->size == m->size, "%s: size %llu", name,
           (unsigned long long)img->size);
    result(read_matches(img, m), "%s: reads what qemu-img made", name);
    rc = random_writes(img, m, nwrites, maxlen);
    result(!rc, "%s: %d random writes up to %llu KiB (%s)", name, nwrites,
           (unsigned long long)maxlen / 1024, strerror(-rc));
    result(read_matches(img, m), "%s: reads back what it wrote", name);
    result(!img->ops->flush(img), "%s: flush", name);
    img->ops->close(img);
    img = image_open(params, true, why, sizeof(why));
    result(img && read_matches(img, m), "%s: reopened read-only, same data",
           name);
    if ( img )
        img->ops->close(img);
    if ( strncmp(params, "aio:", 4) )
        result(!sh("qemu-img check -q %s", path), "%s: qemu-img check "
               "passes", name);
    result(convert_matches(path, m), "%s: qemu-img reads the model", name);
}

static void case_raw(void)
{
    char path[512], params[600];
    struct model m = model_from(NULL, 8 << 20);

    snprintf(path, sizeof(path), "%s/raw.img", dir);
    snprintf(params, sizeof(params), "aio:%s", path);
    sh("rm -f %s; truncate -s 8M %s", path, path);
    exercise("raw", params, path, &m, 100, 256 << 10);
    free(m.data);
}

/* A fresh qcow2 image of the given options. */
static void case_qcow2(const char *name, const char *opts, int nwrites)
{
    char path[512], params[600];
    struct model m = model_from(NULL, 16 << 20);

    qcow2_names(name, path, params);
    if ( sh("qemu-img create -q -f qcow2 -o %s %s 16M", opts, path) )
        return result(false, "%s: qemu-img create", name);
    exercise(name, params, path, &m, nwrites, 300 << 10);
    free(m.data);
}

/* A raw base with data, a qcow2 overlay (relative backing name). */
static void case_backing(const char *name, const char *compat)
{
    char base[512], path[512], params[600];
    struct model m;

    snprintf(base, sizeof(base), "%s/base-%s.raw", dir, name);
    qcow2_names(name, path, params);
    sh("head -c 12M /dev/urandom > %s", base);
    if ( sh("cd %s && qemu-img create -q -f qcow2 -o compat=%s,"
            "cluster_size=4096 -b base-%s.raw -F raw %s.qcow2 16M", dir,
            compat, name, name) )
        return result(false, "%s: qemu-img create", name);
    m = model_from(base, 16 << 20);
    memset(m.data + (12 << 20), 0, 4 << 20);
    exercise(name, params, path, &m, 150, 64 << 10);
    free(m.data);
}

/* Compressed clusters (qemu-img convert -c), then overwritten in part. */
static void case_compressed(const char *name, const char *opts)
{
    char raw[512], path[512], params[600];
    struct model m;

    snprintf(raw, sizeof(raw), "%s/c-%s.raw", dir, name);
    qcow2_names(name, path, params);
    /* Compressible: text; a hole; and random bytes at the end. */
    sh("(yes 'xmhv compressed cluster'| head -c 6M; head -c 2M /dev/zero;"
       " head -c 1M /dev/urandom; yes abc | head -c 7M) > %s", raw);
    if ( sh("qemu-img convert -q -c -O qcow2 -o %s %s %s", opts, raw, path) )
        return result(false, "%s: qemu-img convert -c", name);
    m = model_from(raw, 16 << 20);
    exercise(name, params, path, &m, 120, 100 << 10);
    free(m.data);
}

/* Discarded whole clusters read as zeroes (even over a backing file),
 * and the image stays consistent. */
static void case_discard(const char *name, const char *image, uint64_t cs)
{
    char path[512], params[600], why[300];
    struct model m = model_from(NULL, 16 << 20);
    struct image *img;
    bool ok;

    qcow2_names(image, path, params);
    if ( !(img = image_open(params, false, why, sizeof(why))) )
        return result(false, "%s: open: %s", name, why);
    sh("qemu-img convert -O raw %s %s/before.raw", path, dir);
    snprintf(why, sizeof(why), "%s/before.raw", dir);
    free(m.data);
    m = model_from(why, 16 << 20);
    ok = !do_write(img, &m, 0, 2 << 20) &&
         !img->ops->discard(img, cs, 1 << 20);
    memset(m.data + cs, 0, 1 << 20);
    result(ok && read_matches(img, &m), "%s: 1 MiB discarded reads as "
           "zeroes", name);
    img->ops->close(img);
    result(!sh("qemu-img check -q %s", path), "%s: qemu-img check passes",
           name);
    result(convert_matches(path, &m), "%s: qemu-img reads the model", name);
    free(m.data);
}

/* A header patched at offset off with the big-endian value v. */
static void hostile(const char *what, unsigned int off, uint64_t v,
                    unsigned int width)
{
    char path[512], params[600], why[300] = "";
    uint8_t be[8];
    struct image *img;
    unsigned int i;
    int fd;

    qcow2_names("hostile", path, params);
    sh("qemu-img create -q -f qcow2 %s 16M", path);
    for ( i = 0; i < width; i++ )
        be[i] = v >> (8 * (width - 1 - i));
    fd = open(path, O_WRONLY);
    if ( fd < 0 || pwrite(fd, be, width, off) != width )
        return result(false, "hostile %s: patching", what);
    close(fd);
    img = image_open(params, false, why, sizeof(why));
    result(!img && *why && !strchr(why, '\n'), "hostile %s refused: %s",
           what, why);
    if ( img )
        img->ops->close(img);
}

static void case_hostile(void)
{
    hostile("magic", 0, 0x12345678, 4);
    hostile("version 4", 4, 4, 4);
    hostile("cluster bits 40", 20, 40, 4);
    hostile("encryption", 32, 1, 4);
    hostile("L1 too small", 36, 0, 4);
    hostile("L1 huge", 36, 0x7fffffff, 4);
    hostile("L1 offset unaligned", 40, 0x10001, 8);
    hostile("refcount table past the end", 48, 1ULL << 40, 8);
    hostile("incompatible bits", 72, 2, 8);
    hostile("refcount order 5", 96, 5, 4);
    hostile("backing name too long", 16, 5000, 4);
}

int main(int argc, char **argv)
{
    if ( argc != 2 )
        return fprintf(stderr, "usage: test-images WORKDIR\n"), 2;
    dir = argv[1];
    case_raw();
    case_qcow2("v3", "compat=1.1", 200);
    case_qcow2("v2", "compat=0.10", 200);
    case_qcow2("v3-4k", "compat=1.1,cluster_size=4096", 300);
    case_qcow2("v2-512", "compat=0.10,cluster_size=512", 200);
    case_backing("backed-v3", "1.1");
    case_backing("backed-v2", "0.10");
    case_compressed("compressed-v3", "compat=1.1");
    case_compressed("compressed-v2", "compat=0.10,cluster_size=4096");
    case_discard("discard v3 over backing", "backed-v3", 65536);
    case_discard("discard v2", "v2", 65536);
    case_hostile();
    printf("images: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
