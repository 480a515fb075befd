/* SPDX-License-Identifier: GPL-2.0-only */
/* The runner half of harness.h: runs every registered test in order. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MAX_TESTS 512

static struct {
    const char *name;
    test_fn_t fn;
} tests[MAX_TESTS];
static unsigned int nr_tests;
static const char *running;
static unsigned int failed_checks;

void test_register(const char *name, test_fn_t fn)
{
    if ( nr_tests == MAX_TESTS )
    {
        fprintf(stderr, "harness: too many tests\n");
        exit(2);
    }
    tests[nr_tests].name = name;
    tests[nr_tests].fn = fn;
    nr_tests++;
}

bool test_check(bool ok, const char *expr, const char *file, int line)
{
    if ( !ok )
    {
        printf("  FAIL %s: %s:%d: %s\n", running, file, line, expr);
        failed_checks++;
    }
    return ok;
}

bool test_check_eq(long long a, long long b, const char *ea, const char *eb,
                   const char *file, int line)
{
    if ( a != b )
    {
        printf("  FAIL %s: %s:%d: %s == %s (%lld != %lld)\n",
               running, file, line, ea, eb, a, b);
        failed_checks++;
    }
    return a == b;
}

bool test_dies_with_bug(void (*fn)(void))
{
    pid_t pid;
    int status;

    fflush(stdout);
    pid = fork();
    if ( pid == 0 )
    {
        if ( !freopen("/dev/null", "w", stdout) )
            _exit(99);
        fn();
        _exit(0);
    }
    if ( pid < 0 || waitpid(pid, &status, 0) != pid )
        return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == HARNESS_BUG_EXIT;
}

int main(int argc, char **argv)
{
    unsigned int i, passed = 0, failed = 0;

    for ( i = 0; i < nr_tests; i++ )
    {
        unsigned int before = failed_checks;

        if ( argc > 1 && !strstr(tests[i].name, argv[1]) )
            continue;
        running = tests[i].name;
        tests[i].fn();
        if ( failed_checks == before )
        {
            printf("  ok   %s\n", tests[i].name);
            passed++;
        }
        else
            failed++;
    }
    printf("RESULT %u %u\n", passed, failed);
    return failed ? 1 : 0;
}
