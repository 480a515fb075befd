/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host-side unit-test harness.  A test file #includes the real hypervisor
 * source it tests (compiled unmodified; tests/unit/include/ stands in for
 * the few hypervisor headers that need the host, such as locks) and
 * declares checks with TEST().  Every failed check prints file:line and the
 * expression; the binary ends with "RESULT <passed> <failed>", which
 * run-unit.sh adds up.
 */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <stdbool.h>
#include <stdio.h>

typedef void (*test_fn_t)(void);

void test_register(const char *name, test_fn_t fn);
bool test_check(bool ok, const char *expr, const char *file, int line);
bool test_check_eq(long long a, long long b, const char *ea, const char *eb,
                   const char *file, int line);

#define TEST(name)                                                    \
    static void name(void);                                           \
    __attribute__((constructor)) static void register_##name(void)    \
    {                                                                 \
        test_register(#name, name);                                   \
    }                                                                 \
    static void name(void)

/* Exit status of a test binary whose code under test hit BUG()/panic(). */
#define HARNESS_BUG_EXIT 3

/* Run fn in a child process: true if it died through BUG() or panic(). */
bool test_dies_with_bug(void (*fn)(void));

#define EXPECT(c)        test_check(!!(c), #c, __FILE__, __LINE__)
#define EXPECT_EQ(a, b)  test_check_eq((long long)(a), (long long)(b), \
                                       #a, #b, __FILE__, __LINE__)

#endif /* UNIT_HARNESS_H */
