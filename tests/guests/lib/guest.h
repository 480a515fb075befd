/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The framework every guest test kernel is written against.
 *
 * A test is one C file that defines test_main().  The framework enters
 * it in the environment the kernel was built for (see env_*), with its own
 * GDT, IDT and, in paging environments, identity page tables, the Xen
 * hypercall page installed and the console ready.  The test prints one
 * line per check through the check_*() calls and returns; the framework
 * then prints the verdict line and powers the domain off.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>

#include "arch.h"

#include <public/xen.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/arch-x86/cpuid.h>
#include <public/hvm/start_info.h>
#include <public/errno.h>

#define PAGE_SIZE 4096UL
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __aligned(n) __attribute__((__aligned__(n)))
#define __noreturn __attribute__((__noreturn__))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))

/* ------------------------------------------------------------------ */
/* Environment (fixed at build time by -DENV_*).                       */

extern const char guest_test[];     /* test name, e.g. "xen-version" */
extern const char guest_env[];      /* "x64", "x32", "x32pse", "x32pae" */

bool env_is_64bit(void);
bool env_has_paging(void);

/*
 * In paging environments two 2 MiB (PAE, long mode) or 4 MiB (PSE)
 * regions of the identity map are altered: PF_HOLE_VA is not present and
 * PF_RO_VA is a read-only alias of physical address 0.
 */
#define PF_HOLE_VA  0x3fc00000UL
#define PF_RO_VA    0x3f800000UL

/* The struct hvm_start_info we were entered with (%ebx). */
extern const struct hvm_start_info *start_info;

/* One memory map entry; type is an XEN_HVM_MEMMAP_TYPE_* (E820) value. */
struct guest_mem_range {
    uint64_t addr, size;
    uint32_t type;
};

/*
 * Our memory map, from hvm_start_info if it has one, else from
 * XENMEM_memory_map.
 */
const struct guest_mem_range *guest_memmap(unsigned int *nr);

/*
 * A guest-physical address below 4 GiB that no memory map entry covers
 * (beyond the end of RAM, outside the altered regions above); 0 if none
 * was found.
 */
uint64_t guest_unbacked_addr(void);

/* End of the highest RAM entry of the memory map. */
uint64_t guest_ram_end(void);

/* The test's entry point, supplied by each test file. */
void test_main(void);

/*
 * The command line from hvm_start_info ("" if none).  cmdline_str() gives
 * the text after "key=" of the first such word (up to the next space) or
 * NULL; cmdline_u64() parses it (decimal or 0x-hex) or returns dflt.
 */
const char *guest_cmdline(void);
const char *cmdline_str(const char *key);
uint64_t cmdline_u64(const char *key, uint64_t dflt);

/* ------------------------------------------------------------------ */
/* Console.                                                            */

void printk(const char *fmt, ...) __printf(1, 2);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* ------------------------------------------------------------------ */
/* Checks: each prints "check <what>: ok" or "check <what>: FAIL ...". */

bool check(bool ok, const char *what, const char *fmt, ...) __printf(3, 4);
bool check_eq(uint64_t got, uint64_t want, const char *what);
bool check_eq_rc(long got, long want, const char *what);
void check_skip(const char *what, const char *why);
unsigned int checks_failed(void);

#define CHECK(cond, what) check(!!(cond), what, "%s", #cond)

/* Print the verdict line and power the domain off. */
void __noreturn verdict(void);

/* The same, but shut down with another SHUTDOWN_* reason. */
void __noreturn verdict_shutdown(unsigned int reason);

/*
 * The verdict line, then "cli; hlt" on this vCPU and no shutdown call: the
 * hypervisor must take it down and, with no vCPU left up, power the domain
 * off (as Xen does; Linux's PVH guests power off this way).
 */
void __noreturn verdict_halt(void);

/* The verdict line, then "sti; hlt" for ever: left for the toolstack. */
void __noreturn verdict_stay(void);

/* For tests whose correct outcome is that the hypervisor crashes us. */
void expect_crash(void);

/* ------------------------------------------------------------------ */
/* Faults a test provokes on purpose (see FIXUP in arch.h).            */

struct fault_info {
    unsigned int count;         /* faults recovered so far */
    unsigned int vector;
    unsigned long error;        /* error code, 0 if the vector has none */
    unsigned long ip;           /* address of the faulting instruction */
    unsigned long cr2;          /* for #PF */
};
extern volatile struct fault_info last_fault;

void fault_reset(void);

/*
 * Check that exactly one fault with this vector and error code reached
 * our IDT since fault_reset().
 */
bool check_fault(unsigned int vector, unsigned long error,
                 const char *what);

/*
 * Jump to addr, expecting the instruction fetch there to fault; returns
 * true (fault recorded in last_fault) if it did.  If the code at addr
 * runs instead, it must not return.
 */
bool exec_at_safe(unsigned long addr);

/*
 * A test's NMI handler: runs on vector 2 and returns with IRET to where
 * the NMI came in.  Without one, an NMI is an unexpected exception.
 */
extern void (*volatile nmi_hook)(void);

#define X86_EXC_DE   0
#define X86_EXC_NMI  2
#define X86_EXC_UD   6
#define X86_EXC_GP  13
#define X86_EXC_PF  14

/* ------------------------------------------------------------------ */
/* Hypercalls.                                                         */

extern uint32_t xen_cpuid_base;     /* 0x40000000 or 0x40000100, ... */
extern uint8_t hypercall_page[PAGE_SIZE];

/* Call entry nr of the hypercall page with the native argument ABI. */
long hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
               unsigned long a3, unsigned long a4, unsigned long a5);

/*
 * Issue the hypercall instruction with an arbitrary number in eax
 * (nr >= 128 cannot be reached through the page).  Returns false if the
 * page's stubs do not have the expected "mov $nr, %eax" shape.
 */
bool hypercall_raw(unsigned long nr, long *ret);

static inline long xen_version(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_xen_version, cmd, (unsigned long)arg,
                     0, 0, 0);
}

static inline long console_io(int cmd, unsigned int count, const void *buf)
{
    return hypercall(__HYPERVISOR_console_io, cmd, count,
                     (unsigned long)buf, 0, 0);
}

static inline long sched_op(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_sched_op, cmd, (unsigned long)arg,
                     0, 0, 0);
}

static inline long memory_op(unsigned int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_memory_op, cmd, (unsigned long)arg,
                     0, 0, 0);
}

static inline long vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, (unsigned long)arg,
                     0, 0);
}

static inline long event_channel_op(int cmd, void *arg)
{
    return hypercall(__HYPERVISOR_event_channel_op, cmd,
                     (unsigned long)arg, 0, 0, 0);
}

static inline long hvm_op(int op, void *arg)
{
    return hypercall(__HYPERVISOR_hvm_op, op, (unsigned long)arg, 0, 0, 0);
}

/* The toolstack's hypercalls: arg is a struct xen_domctl / xen_sysctl. */
static inline long domctl(void *arg)
{
    return hypercall(__HYPERVISOR_domctl, (unsigned long)arg, 0, 0, 0, 0);
}

static inline long sysctl(void *arg)
{
    return hypercall(__HYPERVISOR_sysctl, (unsigned long)arg, 0, 0, 0, 0);
}

/* lib/toolstack.c: a createdomain config for a PVH domU. */
struct xen_domctl_createdomain;
void pvh_domain_config(struct xen_domctl_createdomain *c,
                       unsigned int max_vcpus);
/* Create one (1 vCPU, then max_vcpus, both checked): its id, 0 if not. */
struct xen_domctl;
domid_t pvh_domu_create(struct xen_domctl *d);

/*
 * lib/domu.c: a small PVH domU running 32-bit code.  domu_new() creates
 * it with frames of RAM from gfn 0 (max_mem twice that), foreign-mapped
 * at window (two domUs at a time, 8 MiB of window each); domu_start() sets its BSP at rip (flat protected mode,
 * paging off) and unpauses it; domu_free() unmaps and destroys it.
 */
struct domu {
    domid_t id;
    unsigned int frames;
    uint64_t window;
    unsigned int slot;              /* which 8 MiB of the unbacked 16 */
};
bool domu_new(struct domu *u, unsigned int frames);
bool domu_start(struct domu *u, uint32_t rip);
void domu_free(struct domu *u);
volatile void *domu_ptr(const struct domu *u, uint32_t gpa);
/* A domctl on id with len bytes of u in and back out: its return. */
long domu_domctl(uint32_t cmd, domid_t id, void *u, size_t len);
/* libxenguest's vcpu_hvm(): flat 32-bit protected mode at rip. */
struct hvm_hw_cpu;
void domu_entry_cpu(struct hvm_hw_cpu *c, uint32_t rip);
/* A record (type, instance) at buf + *off, its descriptor first. */
void hvm_ctx_put(uint8_t *buf, uint32_t *off, uint16_t type,
                 uint16_t instance, const void *rec, uint32_t len);
/* Yield until *p is no longer old, at most tries times: false if never. */
bool domu_wait_change(volatile uint32_t *p, uint32_t old,
                      unsigned long tries);

/* set_timer_op takes one 64-bit value: two registers on 32-bit. */
static inline long set_timer_op(uint64_t when)
{
#ifdef __x86_64__
    return hypercall(__HYPERVISOR_set_timer_op, when, 0, 0, 0, 0);
#else
    return hypercall(__HYPERVISOR_set_timer_op, (uint32_t)when,
                     (uint32_t)(when >> 32), 0, 0, 0);
#endif
}

/* SCHEDOP_shutdown with a reason; returns only if the call failed. */
long shutdown(unsigned int reason);

/* ------------------------------------------------------------------ */
/* Time.                                                               */

/* 64-bit helpers that 32-bit code can use without libgcc. */
uint64_t udiv64(uint64_t n, uint32_t d, uint32_t *rem);
uint64_t mul64_frac32(uint64_t a, uint32_t mul);  /* (a * mul) >> 32 */

/* System time in ns from a vcpu_time_info, as the ABI defines it. */
uint64_t pvclock_read(const volatile struct vcpu_time_info *t);

/* TSC ticks per millisecond (Xen's time leaf). */
uint64_t tsc_per_ms(void);

/* ------------------------------------------------------------------ */
/* Secondary vCPUs (lib/smp.c).                                        */

#define SMP_MAX_VCPUS   8
#define SMP_STACK_SIZE  16384

/* vCPUs this domain has (up or not); dom0: one per host CPU. */
unsigned int smp_nr_vcpus(void);

/* The calling vCPU's id (Xen's HVM CPUID leaf, else the APIC ID). */
unsigned int smp_processor_id(void);

/*
 * Start vCPU vcpu (1 .. SMP_MAX_VCPUS-1, once per boot) running
 * fn(vcpu, arg) on the stack below stack_top, in this kernel's
 * environment (paging, GDT, IDT, fault fixups); it goes down
 * (VCPUOP_down) when fn returns.  0 or -XEN_E* from VCPUOP_initialise/up.
 */
int smp_start(unsigned int vcpu, void (*fn)(unsigned int vcpu, void *arg),
              void *arg, void *stack_top);

/* A stack the library keeps for vcpu (SMP_STACK_SIZE bytes). */
void *smp_stack_top(unsigned int vcpu);

/* Has vcpu's fn returned?  Wait (up to max_ms) for it and for it down. */
bool smp_done(unsigned int vcpu);
bool smp_join(unsigned int vcpu, unsigned int max_ms);

/* All n vCPUs meet here before any goes on (reusable). */
struct smp_barrier {
    unsigned int count, generation;
};
void smp_barrier_wait(struct smp_barrier *bar, unsigned int n);

/* Atomics (sequentially consistent). */
#define atomic_read(p)          __atomic_load_n(p, __ATOMIC_SEQ_CST)
#define atomic_set(p, v)        __atomic_store_n(p, v, __ATOMIC_SEQ_CST)
#define atomic_add_return(p, v) __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST)
#define atomic_xchg(p, v)       __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)
#define smp_mb()                __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline bool atomic_cmpxchg(unsigned int *p, unsigned int old,
                                  unsigned int new)
{
    return __atomic_compare_exchange_n(p, &old, new, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------------ */
/* Small libc.                                                         */

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *hay, const char *needle);

/*
 * The test's name comes from its file name; the build passes it to the
 * test's own object only, so the definition lives here behind the macro.
 */
#ifdef GUEST_TEST_NAME
const char guest_test[] = GUEST_TEST_NAME;
#endif

#endif /* GUEST_GUEST_H */
