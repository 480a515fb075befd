/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * Definitions shared by libxenstore's users and xenstored: node
 * permissions and their string form, and the daemon's socket path.  Names
 * and values follow Xen's tools/include/xenstore_lib.h so that programs
 * written against Xen's library build unchanged.
 */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

/*
 * One entry of a node's permission list.  Entry 0 names the owner (who
 * may do anything) and, in perms, the access of every domain not listed
 * after it; later entries give one domain's access.
 */
struct xs_permissions {
    unsigned int id;
    unsigned int perms;
#define XS_PERM_NONE        0x00
#define XS_PERM_READ        0x01
#define XS_PERM_WRITE       0x02
/* Used by xenstored only. */
#define XS_PERM_ENOENT_OK   0x04
#define XS_PERM_OWNER       0x08
#define XS_PERM_IGNORE      0x10
};

/* Characters needed to print an integer of type x in decimal. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

/* Directory of the daemon's socket ($XENSTORED_RUNDIR or /run/xenstored). */
const char *xs_daemon_rundir(void);
/* The socket: $XENSTORED_PATH, else <rundir>/socket. */
const char *xs_daemon_socket(void);
const char *xs_daemon_socket_ro(void);
/* The kernel's xenbus device: $XENSTORED_PATH, else /dev/xen/xenbus. */
const char *xs_domain_dev(void);

/* write() all of data, retrying on EINTR; false on error. */
bool xs_write_all(int fd, const void *data, unsigned int len);

/*
 * Parse num NUL-separated strings ("r0", "b5", ...) into perms.  False
 * with errno EINVAL on a malformed entry.
 */
bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings);
/* Format one entry ("b5") into buffer; false with errno EINVAL if bad. */
bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len);
/* Number of NUL-terminated strings in the first len bytes. */
unsigned int xs_count_strings(const char *strings, unsigned int len);

#endif /* XENSTORE_LIB_H */
