/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The check library and the verdict line.  Output format (one line each):
 *   check <what>: ok
 *   check <what>: FAIL <detail>
 *   check <what>: skip <reason>
 *   VERDICT <test>-<env>: PASS
 *   VERDICT <test>-<env>: FAIL (<n> checks failed)
 */
#include "guest.h"
#include "private.h"

static unsigned int nr_failed;

/* Any vCPU may fail a check. */
void check_note_failure(void)
{
    __atomic_fetch_add(&nr_failed, 1, __ATOMIC_SEQ_CST);
}

unsigned int checks_failed(void)
{
    return nr_failed;
}

bool check(bool ok, const char *what, const char *fmt, ...)
{
    char detail[256];
    va_list ap;

    if ( ok )
    {
        printk("check %s: ok\n", what);
        return true;
    }
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    printk("check %s: FAIL %s\n", what, detail);
    check_note_failure();
    return false;
}

bool check_eq(uint64_t got, uint64_t want, const char *what)
{
    return check(got == want, what, "got %#llx want %#llx",
                 (unsigned long long)got, (unsigned long long)want);
}

bool check_eq_rc(long got, long want, const char *what)
{
    return check(got == want, what, "got %ld want %ld", got, want);
}

void check_skip(const char *what, const char *why)
{
    printk("check %s: skip %s\n", what, why);
}

void expect_crash(void)
{
    printk("EXPECT-CRASH %s-%s\n", guest_test, guest_env);
}

void verdict(void)
{
    verdict_shutdown(SHUTDOWN_poweroff);
}

static void print_verdict(void)
{
    if ( nr_failed )
        printk("VERDICT %s-%s: FAIL (%u checks failed)\n",
               guest_test, guest_env, nr_failed);
    else
        printk("VERDICT %s-%s: PASS\n", guest_test, guest_env);
}

/* Print the verdict, then halt with interrupts off: no shutdown call. */
void verdict_halt(void)
{
    print_verdict();
    for ( ;; )
        asm volatile ( "cli; hlt" );
}

/*
 * Print the verdict, then sleep with interrupts on (none is ever set up):
 * the domain stays, for a toolstack to destroy.
 */
void verdict_stay(void)
{
    print_verdict();
    for ( ;; )
        asm volatile ( "sti; hlt" );
}

/* One verdict per domain, whichever vCPU gets there first. */
void verdict_shutdown(unsigned int reason)
{
    static unsigned int given;
    long rc;

    if ( __atomic_exchange_n(&given, 1, __ATOMIC_SEQ_CST) )
        for ( ;; )
            asm volatile ( "cli; hlt" );
    print_verdict();
    rc = shutdown(reason);
    printk("guest %s-%s: SCHEDOP_shutdown returned %ld\n",
           guest_test, guest_env, rc);
    for ( ;; )
        asm volatile ( "cli; hlt" );
}
