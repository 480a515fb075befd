/* SPDX-License-Identifier: LGPL-2.1-only */
/* Helpers shared by libxenstore and xenstored (see xenstore_lib.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore_lib.h>

const char *xs_daemon_rundir(void)
{
    const char *s = getenv("XENSTORED_RUNDIR");

    return s ? s : "/run/xenstored";
}

const char *xs_daemon_socket(void)
{
    static char buf[PATH_MAX];
    const char *s = getenv("XENSTORED_PATH");

    if ( s )
        return s;
    snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir());
    return buf;
}

const char *xs_daemon_socket_ro(void)
{
    return xs_daemon_socket();
}

const char *xs_domain_dev(void)
{
    const char *s = getenv("XENSTORED_PATH");

    if ( s )
        return s;
    if ( access("/dev/xen/xenbus", F_OK) == 0 )
        return "/dev/xen/xenbus";
    return "/proc/xen/xenbus";
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;
    ssize_t n;

    while ( len )
    {
        n = write(fd, p, len);
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return false;
        p += n;
        len -= n;
    }
    return true;
}

static int xs_perm_letter(char c)
{
    switch ( c )
    {
    case 'n': return XS_PERM_NONE;
    case 'r': return XS_PERM_READ;
    case 'w': return XS_PERM_WRITE;
    case 'b': return XS_PERM_READ | XS_PERM_WRITE;
    default:  return -1;
    }
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    const char *p = strings;
    unsigned int i;
    unsigned long id;
    char *end;
    int bits;

    for ( i = 0; i < num; i++ )
    {
        bits = xs_perm_letter(*p);
        if ( bits < 0 || p[1] < '0' || p[1] > '9' )
            goto inval;
        errno = 0;
        id = strtoul(p + 1, &end, 10);
        if ( *end || errno || id > UINT32_MAX )
            goto inval;
        perms[i].perms = bits;
        perms[i].id = id;
        p = end + 1;
    }
    return true;

 inval:
    errno = EINVAL;
    return false;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len)
{
    static const char letters[] = "nrwb";

    if ( (perm->perms & ~XS_PERM_IGNORE) > (XS_PERM_READ | XS_PERM_WRITE) ||
         buf_len < 2 )
    {
        errno = EINVAL;
        return false;
    }
    snprintf(buffer, buf_len, "%c%u", letters[perm->perms & 3], perm->id);
    return true;
}

unsigned int xs_count_strings(const char *strings, unsigned int len)
{
    unsigned int n = 0, i;

    for ( i = 0; i < len; i++ )
        n += strings[i] == '\0';
    return n;
}
