/* SPDX-License-Identifier: GPL-2.0-only */
/* One PASS/FAIL line per check, counted. */
#include <stdarg.h>
#include <stdio.h>

#include "check.h"

int passed, failed;

void result(bool ok, const char *fmt, ...)
{
    va_list ap;

    printf("%s: ", ok ? "PASS" : "FAIL");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    ok ? passed++ : failed++;
}
