/* SPDX-License-Identifier: GPL-2.0-only */
/* xend's domain records as JSON files (see xend-records.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uuid/uuid.h>

#include "xend-records.h"

static char *record_path(const char *dir, const char *uuid, const char *ext)
{
    char *p;

    if ( asprintf(&p, "%s/domains/%s%s", dir, uuid, ext) < 0 )
        xr_alloc_failed();
    return p;
}

static int make_dirs(const char *dir)
{
    char *d;
    int rc = 0;

    if ( asprintf(&d, "%s/domains", dir) < 0 )
        xr_alloc_failed();
    if ( (mkdir(dir, 0700) && errno != EEXIST) ||
         (mkdir(d, 0700) && errno != EEXIST) )
        rc = -errno;
    free(d);
    return rc;
}

static struct xr_value *record_value(const struct xend_record *r)
{
    struct xr_value *v = xr_struct();

    xr_struct_set(v, "magic", xr_string(XEND_RECORD_MAGIC));
    xr_struct_set(v, "revision", xr_int(XEND_RECORD_REVISION));
    xr_struct_set(v, "uuid", xr_string(r->uuid));
    xr_struct_set(v, "domid", xr_int(r->domid));
    xr_struct_set(v, "start_time", xr_double(r->start_time));
    xr_struct_set(v, "config", xr_copy(r->config));
    return v;
}

static int write_file(const char *path, const char *text)
{
    size_t len = strlen(text);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc = 0;

    if ( fd < 0 )
        return -errno;
    if ( write(fd, text, len) != (ssize_t)len || fsync(fd) )
        rc = errno ? -errno : -EIO;
    if ( close(fd) && !rc )
        rc = -errno;
    return rc;
}

int xend_record_save(const char *state_dir, const struct xend_record *r)
{
    struct xr_value *v;
    char *json, *tmp, *path;
    int rc = make_dirs(state_dir);

    if ( rc )
        return rc;
    v = record_value(r);
    json = xr_json_encode(v, true);
    xr_free(v);
    if ( !json )
        return -EINVAL;
    tmp = record_path(state_dir, r->uuid, ".json.tmp");
    path = record_path(state_dir, r->uuid, ".json");
    rc = write_file(tmp, json);
    if ( !rc && rename(tmp, path) )
        rc = -errno;
    if ( rc )
        unlink(tmp);
    free(json);
    free(tmp);
    free(path);
    return rc;
}

static char *slurp(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char *text = NULL;
    size_t len = 0;

    if ( !f )
    {
        snprintf(err, errlen, "cannot open: %s", strerror(errno));
        return NULL;
    }
    if ( getdelim(&text, &len, '\0', f) < 0 )
    {
        snprintf(err, errlen, "cannot read (or empty)");
        free(text);
        text = NULL;
    }
    fclose(f);
    return text;
}

/* Check the envelope and fill r; v stays owned by the caller. */
static int record_from_value(struct xr_value *v, struct xend_record *r,
                             char *err, size_t errlen)
{
    const struct xr_value *m = xr_struct_get(v, "magic");
    const struct xr_value *rev = xr_struct_get(v, "revision");
    const struct xr_value *u = xr_struct_get(v, "uuid");
    const struct xr_value *id = xr_struct_get(v, "domid");
    const struct xr_value *t = xr_struct_get(v, "start_time");
    const struct xr_value *c = xr_struct_get(v, "config");
    uuid_t bin;

    if ( !m || m->type != XR_STRING || strcmp(m->u.s, XEND_RECORD_MAGIC) )
        snprintf(err, errlen, "not a domain record (magic)");
    else if ( !rev || rev->type != XR_INT ||
              rev->u.i != XEND_RECORD_REVISION )
        snprintf(err, errlen, "record revision is not %d",
                 XEND_RECORD_REVISION);
    else if ( !u || u->type != XR_STRING || uuid_parse(u->u.s, bin) ||
              !id || id->type != XR_INT || id->u.i < 0 ||
              id->u.i > 0x7fef || !t || t->type != XR_DOUBLE ||
              !c || c->type != XR_STRUCT )
        snprintf(err, errlen, "uuid, domid, start_time or config missing "
                 "or malformed");
    else
    {
        uuid_unparse_lower(bin, r->uuid);
        r->domid = id->u.i;
        r->start_time = t->u.d;
        r->config = xr_copy(c);
        return 0;
    }
    return -1;
}

int xend_record_load(const char *path, struct xend_record *r, char *err,
                     size_t errlen)
{
    char *text = slurp(path, err, errlen);
    struct xr_value *v;
    int rc;

    memset(r, 0, sizeof(*r));
    if ( !text )
        return -1;
    v = xr_json_decode(text, err, errlen);
    free(text);
    if ( !v )
        return -1;
    rc = record_from_value(v, r, err, errlen);
    xr_free(v);
    return rc;
}

int xend_record_delete(const char *state_dir, const char *uuid)
{
    char *path = record_path(state_dir, uuid, ".json");
    int rc = unlink(path) ? -errno : 0;

    free(path);
    return rc;
}

void xend_record_dispose(struct xend_record *r)
{
    xr_free(r->config);
    memset(r, 0, sizeof(*r));
}

static bool is_record_name(const char *n)
{
    size_t len = strlen(n);

    return len > 5 && !strcmp(n + len - 5, ".json");
}

int xend_records_scan(const char *state_dir,
                      void (*found)(const struct xend_record *r),
                      void (*report)(const char *path, const char *why))
{
    char *dir, *path, err[160];
    struct xend_record r;
    struct dirent *e;
    DIR *d;
    int n = 0;

    if ( asprintf(&dir, "%s/domains", state_dir) < 0 )
        xr_alloc_failed();
    d = opendir(dir);
    while ( d && (e = readdir(d)) )
    {
        if ( !is_record_name(e->d_name) )
            continue;
        if ( asprintf(&path, "%s/%s", dir, e->d_name) < 0 )
            xr_alloc_failed();
        if ( xend_record_load(path, &r, err, sizeof(err)) )
            report(path, err);
        else
        {
            found(&r);
            n++;
        }
        xend_record_dispose(&r);
        free(path);
    }
    if ( d )
        closedir(d);
    free(dir);
    return n;
}
