/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMCB guard (xen/arch/x86/hvm/svm/vmcb-guard.c): a #VMEXIT whose
 * save area holds the host's state (QEMU's TCG has been seen to run the
 * host's state as the guest's) puts back the state the guest was given
 * at entry and has the entry retried, the event it was being given
 * included, if the guest's general registers say it did not run; if
 * they changed, it ran and its state is lost: its domain is crashed; a
 * normal exit goes on; too many such exits in a row crash the domain.
 * The real source, compiled unmodified, over a fake VMCB.
 */
#include <stdio.h>
#include <string.h>

#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/config.h>
#include <asm/processor.h>
#include <asm/msr-index.h>

#include "harness.h"

/* The guard reads VM_HSAVE_PA for its report: no MSRs on the host. */
static uint64_t fake_rdmsr(uint32_t msr)
{
    return msr == MSR_K8_VM_HSAVE_PA ? 0x7ebb8000 : 0;
}
#define rdmsr(m) fake_rdmsr(m)

static unsigned int nr_crash;

void domain_crash(struct domain *d)
{
    nr_crash++;
}

/* entry.S's label just after VMRUN: the host RIP a VMRUN saves. */
const char svm_vmrun_return[1];

#include "../../xen/arch/x86/hvm/svm/vmcb-guard.c"

static struct vmcb vmcb;
static struct svm_vcpu svm = { .vmcb = &vmcb, .vmcb_pa = 0x7eb74000 };
static struct domain dom;
static struct cpu_regs regs;
static struct vcpu vcpu = { .domain = &dom, .arch.hvm = &svm };

#define GUEST_RIP 0xffffffff81000100UL
#define GUEST_CR3 0x2dbd0000UL
#define EVENT (0x80000000UL | 0xf3)     /* valid, external, vector 0xf3 */

/* A VMCB as svm_vmenter_prepare() leaves it, noted by the guard. */
static void entered(void)
{
    memset(&vmcb, 0, sizeof(vmcb));
    vmcb.cs.sel = 0x10;
    vmcb.rip = GUEST_RIP;
    vmcb.rsp = 0xffffc90000013f00UL;
    vmcb.rax = 42;
    vmcb.cr0 = 0x80050033;
    vmcb.cr3 = GUEST_CR3;
    vmcb.cr4 = 0x6b0;
    vmcb.efer = 0x1d01;
    vmcb.eventinj = EVENT;
    vmcb.interrupt_shadow = 1;
    memset(&regs, 0, sizeof(regs));
    regs.rbx = 0xffff888003a1c000UL;
    regs.rdi = 7;
    regs.r15 = 0x1234;
    svm_guard_note_entry(&vcpu, 0, &regs);
}

static void fresh(void)
{
    nr_crash = 0;
    svm.host_state_runs = 0;
}

/* The exit QEMU produced: the host's state saved as the guest's. */
static void ran_the_host(void)
{
    vmcb.cs.sel = HYPERVISOR_CS;
    vmcb.rip = (unsigned long)svm_vmrun_return;
    vmcb.rsp = 0xffffffff8024ff00UL;
    vmcb.rax = svm.vmcb_pa;
    vmcb.cr3 = 0x23f000;
    vmcb.eventinj = 0;
    vmcb.exitintinfo = EVENT;
    vmcb.interrupt_shadow = 0;
    vmcb.exitcode = 0x400;
    vmcb.exitinfo1 = 0x200000006UL;
    vmcb.exitinfo2 = 0x23fff8;
}

TEST(an_exit_that_ran_the_host_state_puts_the_guest_state_back)
{
    fresh();
    entered();
    ran_the_host();
    EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(nr_crash, 0);
    EXPECT_EQ(vmcb.cs.sel, 0x10);
    EXPECT_EQ(vmcb.rip, GUEST_RIP);
    EXPECT_EQ(vmcb.rax, 42);
    EXPECT_EQ(vmcb.cr3, GUEST_CR3);
    EXPECT_EQ(vmcb.eventinj, EVENT);
    EXPECT_EQ(vmcb.interrupt_shadow, 1);
    /* The retried entry passes the check before VMRUN. */
    EXPECT(svm_vmcb_safe_to_run(&vcpu, 0));
}

TEST(an_exit_that_ran_the_host_state_after_the_guest_ran_crashes_it)
{
    fresh();
    entered();
    regs.rbx = 0;               /* what dom0's oops showed */
    ran_the_host();
    EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(nr_crash, 1);
    /* Nothing put back: the domain is not run again. */
    EXPECT_EQ(vmcb.rip, (unsigned long)svm_vmrun_return);
}

TEST(rax_alone_changing_is_the_host_state_not_a_guest_run)
{
    fresh();
    entered();
    regs.rax = 0x1d;            /* RAX lives in the VMCB, not here */
    ran_the_host();
    EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(nr_crash, 0);
    EXPECT_EQ(vmcb.rip, GUEST_RIP);
}

TEST(a_normal_exit_is_handled_and_ends_the_run)
{
    fresh();
    entered();
    ran_the_host();
    EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(svm.host_state_runs, 1);
    entered();
    vmcb.rip = GUEST_RIP + 2;
    vmcb.exitcode = 0x81;
    EXPECT(svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(svm.host_state_runs, 0);
    EXPECT_EQ(vmcb.rip, GUEST_RIP + 2);
    EXPECT_EQ(nr_crash, 0);
}

TEST(too_many_in_a_row_crash_the_domain)
{
    unsigned int i;

    fresh();
    entered();
    for ( i = 0; i < HOST_STATE_RUNS_MAX; i++ )
    {
        ran_the_host();
        EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    }
    EXPECT_EQ(nr_crash, 0);
    ran_the_host();
    EXPECT(!svm_guard_check_exit(&vcpu, 0, &regs));
    EXPECT_EQ(nr_crash, 1);
}
