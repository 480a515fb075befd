/* SPDX-License-Identifier: GPL-2.0-only */
/* The real xenstored (tools/xenstore) on a socket in a temporary
 * directory, for one test process: XENSTORED_PATH points libxenstore (and
 * the xenstore-* commands the process runs) at it. */
#ifndef XS_TEMP_H
#define XS_TEMP_H

#include <stdbool.h>

struct xs_handle;

/* Started once (stopped at exit); its handle, or NULL if it failed. */
struct xs_handle *xs_temp_start(void);

/* path holds want (else the difference is printed). */
bool value_is(const char *path, const char *want);
/* path's permissions, as xenstore-ls prints them ("n0 r5"), are want. */
bool perms_are(const char *path, const char *want);
/* path is absent from the store. */
bool node_gone(const char *path);
/* The calls a stand-in hotplug script recorded in <dir>/calls, one line
 * each, are want (else both are printed). */
bool script_calls_are(const char *dir, const char *want);

#endif /* XS_TEMP_H */
