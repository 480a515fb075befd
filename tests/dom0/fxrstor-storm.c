/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fxrstor-storm SECONDS: on every online vCPU, one process pinned there
 * restores its x87/SSE state (FXRSTOR) and executes CPUID (a #VMEXIT
 * to the hypervisor) as fast as it can, for SECONDS.  A round is one
 * CPUID and RESTORES_PER_EXIT restores.
 *
 * Why: QEMU's TCG (7.2, and later) emulates FXRSTOR and XRSTOR by
 * clearing the "IGNNE" bit of the FIRST vCPU's hidden flags word, from
 * whichever vCPU's thread runs the instruction, with a plain
 * read-modify-write.  The same word holds that vCPU's nested-paging,
 * GIF and virtual-interrupt bits, which its own thread changes at every
 * VMRUN and #VMEXIT.  When both meet, one update is lost: CPU0 runs its
 * host code with the guest's nested paging (a #VMEXIT that writes the
 * host's state over the guest's, issue 7's "holds the host's state"
 * line), or a guest without it.  This program makes both sides as
 * frequent as a guest can; the system test around it asserts that the
 * hypervisor, run the way our tests run QEMU, never reports it.
 */
#define _GNU_SOURCE             /* sched_setaffinity */
#include "dom0-test.h"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * An FXRSTOR costs QEMU far less than a #VMEXIT and the hypervisor's
 * answer to CPUID: several per exit keep both sides of the race busy.
 */
#define RESTORES_PER_EXIT 64

static unsigned long storm(unsigned int cpu, unsigned int seconds)
{
    static unsigned char area[512] __attribute__((aligned(16)));
    unsigned int a, b, c, d;
    unsigned long rounds = 0;
    time_t end = time(NULL) + seconds;
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if ( sched_setaffinity(0, sizeof(set), &set) )
        return 0;
    __asm__ volatile ( "fldpi; fxsave %0" : "=m" (area) );
    while ( time(NULL) < end )
    {
        for ( int i = 0; i < 1000; i++ )
        {
            for ( int j = 0; j < RESTORES_PER_EXIT; j++ )
                __asm__ volatile ( "fxrstor %0" :: "m" (area) );
            a = 0;
            c = 0;
            __asm__ volatile ( "cpuid" : "+a" (a), "=b" (b), "+c" (c),
                               "=d" (d) );
        }
        rounds += 1000;
    }
    return rounds;
}

int main(int argc, char **argv)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned int seconds = argc > 1 ? atoi(argv[1]) : 30;
    int fds[2], status;
    unsigned long total = 0, n;

    test_name = "fxrstor-storm";
    if ( ncpu < 2 || pipe(fds) )
        return fail("needs 2+ vCPUs and a pipe (have %ld)", ncpu);
    for ( long cpu = 0; cpu < ncpu; cpu++ )
        if ( fork() == 0 )
        {
            n = storm(cpu, seconds);
            if ( write(fds[1], &n, sizeof(n)) != sizeof(n) )
                _exit(1);
            _exit(n ? 0 : 1);
        }
    close(fds[1]);
    while ( read(fds[0], &n, sizeof(n)) == sizeof(n) )
        total += n;
    while ( wait(&status) > 0 )
        if ( !WIFEXITED(status) || WEXITSTATUS(status) )
            return fail("a storm process could not run on its vCPU");
    return pass("%lu rounds (CPUID and %d FXRSTOR) on %ld vCPUs in %u s",
                total, RESTORES_PER_EXIT, ncpu, seconds);
}
