/* SPDX-License-Identifier: GPL-2.0-only */
/* Writing and opening save images (xend-save.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xend.h"
#include "xend-records.h"
#include "xend-save.h"
#include "xend-stream.h"

static int failed(char **why, int rc, const char *fmt, const char *detail)
{
    if ( asprintf(why, fmt, detail) < 0 )
        *why = NULL;
    return rc;
}

/* The libxl header and config, libxc's stream, END; synced to disk. */
static int write_image(int fd, uint32_t domid, const char *json,
                       unsigned int flags, char **why)
{
    char msg[256];
    int rc;

    if ( xend_stream_write_head(fd, json, msg, sizeof(msg)) )
        return failed(why, -EIO, "%s", msg);
    if ( (rc = xend_hv->save(domid, fd, flags, -1)) )
    {
        const char *w = xend_hv->why();

        return failed(why, rc, "%s", w && *w ? w : strerror(-rc));
    }
    if ( xend_stream_write_end(fd, msg, sizeof(msg)) )
        return failed(why, -EIO, "%s", msg);
    if ( fsync(fd) )
        return failed(why, -errno, "syncing the image: %s", strerror(errno));
    return 0;
}

int xend_save_domain(uint32_t domid, const uuid_t uuid, const char *path,
                     bool checkpoint, bool compress, char **why)
{
    const struct xend_record *r = xend_table_find(uuid);
    char *json;
    int fd, rc;

    *why = NULL;
    if ( !r )
        return failed(why, -EINVAL, "%s", "xend has no record of it");
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if ( fd < 0 )
        return failed(why, -errno, "cannot write the image: %s",
                      strerror(errno));
    json = xr_json_encode(r->config, false);
    rc = write_image(fd, domid, json, compress ? XEND_SAVE_COMPRESS : 0,
                     why);
    free(json);
    if ( close(fd) && !rc )
        rc = failed(why, -errno, "closing the image: %s", strerror(errno));
    if ( rc )
    {
        unlink(path);
        /* Whatever went wrong, the guest runs on where it was. */
        if ( xend_hv->resume(domid) == 0 )
            XLOG_INFO("domain %u: save failed, resumed", domid);
        return rc;
    }
    if ( checkpoint )
        return (rc = xend_hv->resume(domid)) ?
               failed(why, rc, "image written, but resuming failed: %s",
                      xend_hv->why() ? xend_hv->why() : strerror(-rc)) : 0;
    xend_hv->destroy(domid);
    xend_table_forget(uuid);
    return 0;
}

static int parse_config(const char *json, struct domain_config *cfg,
                        char **why)
{
    struct domcfg_error err;
    char msg[400];
    struct xr_value *v = xr_json_decode(json, msg, sizeof(msg));
    int rc = 0;

    if ( !v )
        return failed(why, -EINVAL, "corrupt image: its config: %s", msg);
    if ( domcfg_parse(v, cfg, &err) )
    {
        snprintf(msg, sizeof(msg), "%s: %s", err.key, err.msg);
        rc = failed(why, -EINVAL, "the image's config: %s", msg);
    }
    xr_free(v);
    return rc;
}

int xend_restore_read(int fd, struct domain_config *cfg, char **why)
{
    char msg[256], *json = NULL;
    int rc;

    *why = NULL;
    if ( xend_stream_read_head(fd, &json, msg, sizeof(msg)) )
        rc = failed(why, -EINVAL, "%s", msg);
    else
        rc = parse_config(json, cfg, why);
    free(json);
    return rc;
}

int xend_restore_open(const char *path, struct domain_config *cfg,
                      char **why)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

    *why = NULL;
    if ( fd < 0 )
        return failed(why, -errno, "cannot read the image: %s",
                      strerror(errno));
    if ( (rc = xend_restore_read(fd, cfg, why)) )
    {
        close(fd);
        return rc;
    }
    return fd;
}
