/* SPDX-License-Identifier: GPL-2.0-only */
/* One XML-RPC call over a unix stream socket: connect, POST, decode. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xmlrpc.h"

/* Connect to path; -1 with errno set on failure. */
static int connect_unix(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd, saved;

    if ( strlen(path) >= sizeof(sa.sun_path) )
    {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if ( fd < 0 )
        return -1;
    if ( connect(fd, (struct sockaddr *)&sa, sizeof(sa)) )
    {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int xr_call_unix(const char *path, const char *method,
                 const struct xr_value *params, struct xr_value **result,
                 int *fault_code, char **msg, int *errno_out)
{
    char *doc, *reply = NULL, *err = NULL;
    size_t len, reply_len;
    int fd, rc = -1;

    *result = NULL;
    *msg = NULL;
    *errno_out = 0;
    fd = connect_unix(path);
    if ( fd < 0 )
    {
        *errno_out = errno;
        if ( asprintf(msg, "cannot connect to %s: %s", path,
                      strerror(errno)) < 0 )
            xr_alloc_failed();
        return -1;
    }
    doc = xr_call_encode(method, params, &len);
    if ( xr_http_post(fd, doc, len, &reply, &reply_len, &err) ||
         xr_response_decode(reply, reply_len, result, fault_code, msg,
                            &err) )
        *msg = err;
    else
        rc = *result ? 0 : 1;
    close(fd);
    free(doc);
    free(reply);
    return rc;
}
