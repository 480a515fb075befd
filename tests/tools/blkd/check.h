/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef CHECK_PRIVATE_H
#define CHECK_PRIVATE_H

#include <stdbool.h>

extern int passed, failed;

/* "PASS: <what>" or "FAIL: <what>", counted in passed or failed. */
void result(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* CHECK_PRIVATE_H */
