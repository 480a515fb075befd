/* SPDX-License-Identifier: GPL-2.0-only */
/* Inside the hypervisor, errors are spelled without the XEN_ prefix. */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

#include <public/errno.h>

#define EPERM        XEN_EPERM
#define ENOENT       XEN_ENOENT
#define ESRCH        XEN_ESRCH
#define EINTR        XEN_EINTR
#define EIO          XEN_EIO
#define ENXIO        XEN_ENXIO
#define E2BIG        XEN_E2BIG
#define ENOEXEC      XEN_ENOEXEC
#define EBADF        XEN_EBADF
#define EAGAIN       XEN_EAGAIN
#define ENOMEM       XEN_ENOMEM
#define EACCES       XEN_EACCES
#define EFAULT       XEN_EFAULT
#define EBUSY        XEN_EBUSY
#define EEXIST       XEN_EEXIST
#define EXDEV        XEN_EXDEV
#define ENODEV       XEN_ENODEV
#define EINVAL       XEN_EINVAL
#define ENOSPC       XEN_ENOSPC
#define EDOM         XEN_EDOM
#define ERANGE       XEN_ERANGE
#define EDEADLK      XEN_EDEADLK
#define ENAMETOOLONG XEN_ENAMETOOLONG
#define ENOSYS       XEN_ENOSYS
#define ENOTEMPTY    XEN_ENOTEMPTY
#define ENODATA      XEN_ENODATA
#define ETIME        XEN_ETIME
#define EBADMSG      XEN_EBADMSG
#define EOVERFLOW    XEN_EOVERFLOW
#define EILSEQ       XEN_EILSEQ
#define ERESTART     XEN_ERESTART
#define EOPNOTSUPP   XEN_EOPNOTSUPP
#define ENOBUFS      XEN_ENOBUFS
#define ETIMEDOUT    XEN_ETIMEDOUT

#endif /* XEN_ERRNO_H */
