/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Unix socket transport.  Every socket client is dom0's toolstack
 * (privileged), as in Xen; the socket is root's only (mode 0600).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core.h"
#include "socket.h"

#define SOCKET_MAX_CONNS 1024

static unsigned int socket_nconns;

static ssize_t sock_read(struct conn *c, void *buf, size_t len)
{
    ssize_t n = read(c->fd, buf, len);

    if ( n > 0 )
        return n;
    if ( n < 0 && (errno == EAGAIN || errno == EINTR) )
        return 0;
    return -1;   /* EOF or error */
}

static ssize_t sock_write(struct conn *c, const void *buf, size_t len)
{
    ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);

    if ( n >= 0 )
        return n;
    return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

static void sock_destroy(struct conn *c)
{
    close(c->fd);
    socket_nconns--;
}

static const struct conn_ops sock_ops = {
    .read = sock_read,
    .write = sock_write,
    .destroy = sock_destroy,
};

/* mkdir -p of path's directory. */
static void socket_mkdirs(const char *path)
{
    char buf[PATH_MAX];
    char *s;

    snprintf(buf, sizeof(buf), "%s", path);
    for ( s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/') )
    {
        *s = '\0';
        mkdir(buf, 0755);
        *s = '/';
    }
}

int socket_listen(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd;

    if ( strlen(path) >= sizeof(a.sun_path) )
    {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(a.sun_path, path);
    socket_mkdirs(path);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if ( fd < 0 )
        return -1;
    if ( bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
         chmod(path, 0600) || listen(fd, 128) )
    {
        close(fd);
        return -1;
    }
    return fd;
}

void socket_legacy_link(const char *path, const char *legacy)
{
    char a[PATH_MAX], b[PATH_MAX];

    socket_mkdirs(legacy);
    if ( realpath(path, a) && realpath(legacy, b) && !strcmp(a, b) )
        return;   /* /var/run is /run: the same file already */
    unlink(legacy);
    if ( symlink(path, legacy) )
        xs_log("cannot link %s: %s\n", legacy, strerror(errno));
}

void socket_accept(int lfd)
{
    struct conn *c;
    int fd, i;

    for ( i = 0; i < 16; i++ )
    {
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if ( fd < 0 )
            return;
        if ( socket_nconns >= SOCKET_MAX_CONNS ||
             !(c = conn_new(&sock_ops, fd, 0, true)) )
        {
            close(fd);
            continue;
        }
        socket_nconns++;
    }
}
