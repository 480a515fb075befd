/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every public ABI header must compile on its own, the way Xen checks its
 * own (xen/include/Makefile): as ANSI C and as C99 with nothing but
 * <stdint.h> before it, and as C++ after <stdint.h> and public/xen.h.
 * Headers that use GNU C on purpose (domctl.h, sysctl.h, hvm/save.h) or
 * are only meant to be included through another (arch-*) are held to
 * the looser rules Xen applies to them, and compiled as GNU C with
 * __XEN_TOOLS__ instead.
 *
 * The headers are found on disk, so a header added later is checked
 * without touching this file.  Each one is also included twice, to check
 * its include guard.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define MAX_HEADERS 256

static char root[PATH_MAX];             /* .../xen/include/public */
static char *headers[MAX_HEADERS];      /* paths relative to root */
static unsigned int nr_headers;

/* The public directory, from tests/unit (make) or the repository top. */
static bool find_root(void)
{
    static const char *const candidates[] = {
        "../../xen/include/public", "xen/include/public",
    };
    const char *env = getenv("XEN_ROOT");
    unsigned int i;

    if ( env )
    {
        snprintf(root, sizeof(root), "%s/xen/include/public", env);
        if ( access(root, R_OK) == 0 )
            return true;
    }
    for ( i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++ )
        if ( realpath(candidates[i], root) && access(root, R_OK) == 0 )
            return true;
    return false;
}

static bool is_header(const char *name)
{
    size_t len = strlen(name);

    return len > 2 && strcmp(name + len - 2, ".h") == 0;
}

/* Collect the headers under root/<sub>, recursing into directories. */
static void scan(const char *sub, unsigned int depth)
{
    char dir[PATH_MAX * 2 + 2], rel[PATH_MAX];
    struct dirent *de;
    DIR *d;

    snprintf(dir, sizeof(dir), "%s%s%s", root, *sub ? "/" : "", sub);
    d = opendir(dir);
    if ( !d )
        return;
    while ( (de = readdir(d)) != NULL && nr_headers < MAX_HEADERS )
    {
        if ( de->d_name[0] == '.' )
            continue;
        if ( snprintf(rel, sizeof(rel), "%s%s%s", sub, *sub ? "/" : "",
                      de->d_name) >= (int)sizeof(rel) )
            continue;
        if ( de->d_type == DT_DIR && depth < 3 )
            scan(rel, depth + 1);
        else if ( de->d_type == DT_REG && is_header(de->d_name) )
            headers[nr_headers++] = strdup(rel);
    }
    closedir(d);
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);

    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

/* Only included through another header: Xen's "arch-%" filter. */
static bool is_arch_part(const char *h)
{
    return has_prefix(h, "arch-") || strcmp(h, "dom0_ops.h") == 0;
}

/* Allowed to need GNU C or __XEN_TOOLS__ (Xen's ANSI filter). */
static bool needs_gnu(const char *h)
{
    return has_suffix(h, "ctl.h") || has_prefix(h, "xsm/") ||
           has_suffix(h, "hvm/save.h");
}

/*
 * Compile a file that includes header h twice, with the given compiler
 * command and flags; print the compiler's complaints on failure.
 */
static bool compiles(const char *h, const char *cmd)
{
    char line[PATH_MAX * 4 + 512];
    char src[PATH_MAX * 4 + 64];
    FILE *p;
    int rc;

    snprintf(src, sizeof(src), "#include \"%s/%s\"\n#include \"%s/%s\"\n",
             root, h, root, h);
    snprintf(line, sizeof(line), "%s -S -o /dev/null - 2>&1", cmd);
    fflush(stdout);
    p = popen(line, "w");
    if ( !p )
        return false;
    fputs(src, p);
    rc = pclose(p);
    if ( rc != 0 )
        printf("  (%s failed for %s)\n", cmd, h);
    return rc == 0;
}

static bool have_headers(void)
{
    if ( nr_headers )
        return true;
    if ( !find_root() )
        return false;
    scan("", 0);
    printf("  (%u public headers under %s)\n", nr_headers, root);
    return nr_headers > 0;
}

TEST(public_headers_found)
{
    char path[PATH_MAX * 2];

    if ( !EXPECT(have_headers()) )
        return;
    /* The one every other header builds on. */
    snprintf(path, sizeof(path), "%s/xen.h", root);
    EXPECT(access(path, R_OK) == 0);
}

TEST(public_headers_ansi)
{
    unsigned int i;

    if ( !EXPECT(have_headers()) )
        return;
    for ( i = 0; i < nr_headers; i++ )
    {
        if ( is_arch_part(headers[i]) || needs_gnu(headers[i]) )
            continue;
        EXPECT(compiles(headers[i], "cc -x c -ansi -Wall -Werror "
                                    "-include stdint.h"));
    }
}

TEST(public_headers_c99)
{
    unsigned int i;

    if ( !EXPECT(have_headers()) )
        return;
    for ( i = 0; i < nr_headers; i++ )
    {
        if ( is_arch_part(headers[i]) || needs_gnu(headers[i]) )
            continue;
        EXPECT(compiles(headers[i], "cc -x c -std=c99 -Wall -Wextra -Werror "
                                    "-include stdint.h"));
    }
}

TEST(public_headers_gnu_tools)
{
    unsigned int i;

    if ( !EXPECT(have_headers()) )
        return;
    for ( i = 0; i < nr_headers; i++ )
    {
        if ( is_arch_part(headers[i]) )
            continue;
        EXPECT(compiles(headers[i], "cc -x c -std=gnu99 -Wall -Wextra "
                                    "-Werror -D__XEN_TOOLS__ "
                                    "-include stdint.h"));
    }
}

TEST(public_headers_cxx)
{
    char cmd[PATH_MAX * 2 + 256];
    unsigned int i;

    if ( !EXPECT(have_headers()) )
        return;
    if ( system("c++ --version >/dev/null 2>&1") != 0 )
    {
        printf("  (no C++ compiler: C++ check skipped)\n");
        return;
    }
    snprintf(cmd, sizeof(cmd), "c++ -x c++ -std=gnu++98 -Wall -Werror "
             "-D__XEN_TOOLS__ -include stdint.h -include %s/xen.h", root);
    for ( i = 0; i < nr_headers; i++ )
    {
        if ( is_arch_part(headers[i]) )
            continue;
        EXPECT(compiles(headers[i], cmd));
    }
}
