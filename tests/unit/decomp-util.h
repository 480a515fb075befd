/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the decompressor, bzImage and libelf tests: test data
 * generators, running the host's gzip/xz over a buffer, and reading files.
 * Header-only: each test binary includes it once.
 */
#ifndef UNIT_DECOMP_UTIL_H
#define UNIT_DECOMP_UTIL_H

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Deterministic generator so failures reproduce. */
static uint64_t du_rng_state = 0x9e3779b97f4a7c15ULL;

static inline uint32_t du_rand(void)
{
    du_rng_state ^= du_rng_state << 13;
    du_rng_state ^= du_rng_state >> 7;
    du_rng_state ^= du_rng_state << 17;
    return du_rng_state >> 16;
}

enum du_kind { DU_RANDOM, DU_TEXT, DU_ZEROS, DU_X86 };

/* Buffers come from malloc at their exact size, so ASan sees overruns. */
static inline uint8_t *du_gen(enum du_kind kind, size_t len)
{
    static const char *const words[] = {
        "xen ", "hypervisor ", "domain ", "event ", "channel ", "grant ",
        "table ", "the ", "of ", "and ", "\n", "page ", "0x1000 ",
    };
    uint8_t *p = malloc(len ? len : 1);
    size_t i = 0;

    while ( i < len )
    {
        switch ( kind )
        {
        case DU_RANDOM:
            p[i++] = du_rand();
            break;
        case DU_ZEROS:
            p[i++] = 0;
            break;
        case DU_TEXT:
        {
            const char *w = words[du_rand() % 13];

            while ( *w && i < len )
                p[i++] = *w++;
            break;
        }
        case DU_X86:
            /* Calls and jumps with near targets: what BCJ converts. */
            if ( du_rand() % 4 == 0 && len - i >= 5 )
            {
                uint32_t rel = (du_rand() % 0x20000) - 0x10000;

                p[i++] = du_rand() & 1 ? 0xe8 : 0xe9;
                memcpy(p + i, &rel, 4);
                i += 4;
            }
            else
                p[i++] = "\x48\x89\xe5\x55\x31\xc0\xc3\x90"[du_rand() % 8];
            break;
        }
    }
    return p;
}

/* Runs "cmd < tmpfile" and returns its stdout in a malloc'd buffer. */
static inline uint8_t *du_filter(const char *cmd, const void *in,
                                 size_t in_len, size_t *out_len)
{
    char path[] = "/tmp/unit-decomp-XXXXXX";
    char line[512];
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *out = malloc(cap);
    int fd = mkstemp(path);
    FILE *f;

    if ( fd < 0 || write(fd, in, in_len) != (ssize_t)in_len )
        abort();
    close(fd);
    snprintf(line, sizeof(line), "%s < %s", cmd, path);
    f = popen(line, "r");
    if ( !f )
        abort();
    while ( (n = fread(out + len, 1, cap - len, f)) > 0 )
    {
        len += n;
        if ( len == cap )
            out = realloc(out, cap *= 2);
    }
    if ( pclose(f) != 0 )
    {
        fprintf(stderr, "command failed: %s\n", line);
        abort();
    }
    unlink(path);
    /* Shrink to the exact size so reads past the end are caught. */
    out = realloc(out, len ? len : 1);
    *out_len = len;
    return out;
}

static inline uint8_t *du_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *p;
    long n;

    if ( !f )
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc(n ? n : 1);
    if ( fread(p, 1, n, f) != (size_t)n )
    {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = n;
    return p;
}

/* The newest Debian kernel in /boot, or NULL. */
static inline const char *du_debian_kernel(void)
{
    static char path[256];
    glob_t g;

    if ( glob("/boot/vmlinuz-*-amd64", 0, NULL, &g) || !g.gl_pathc )
        return NULL;
    snprintf(path, sizeof(path), "%s", g.gl_pathv[g.gl_pathc - 1]);
    globfree(&g);
    return path;
}

static inline double du_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif /* UNIT_DECOMP_UTIL_H */
