/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys ('h' lists them): domains and vCPUs, run queues, event
 * channels, time.  Handlers run from the console poll timer (softirq
 * context), so they may take ordinary locks.
 */
#include <xen/lib.h>
#include <xen/keyhandler.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/version.h>
#include <xen/mm.h>
#include <asm/arch-domain.h>

struct keyhandler {
    keyhandler_fn_t fn;
    const char *desc;
};

static struct keyhandler handlers[128];

void register_keyhandler(unsigned char key, keyhandler_fn_t fn,
                         const char *desc)
{
    if ( key < ARRAY_SIZE(handlers) )
        handlers[key] = (struct keyhandler){ fn, desc };
}

void handle_keypress(unsigned char key)
{
    if ( key < ARRAY_SIZE(handlers) && handlers[key].fn )
        handlers[key].fn(key);
    else
        printk("'%c' (ascii %02x) => no handler; 'h' for help\n",
               key >= 0x20 && key < 0x7f ? key : '?', key);
}

static void show_help(unsigned char key)
{
    unsigned int k;

    printk("'%c' pressed -> showing installed handlers\n", key);
    for ( k = 0; k < ARRAY_SIZE(handlers); k++ )
        if ( handlers[k].fn )
            printk(" key '%c' (ascii '%02x') => %s\n", k, k,
                   handlers[k].desc);
}

static const char *const runstate_names[] = {
    "running", "runnable", "blocked", "offline",
};

static void dump_vcpu(const struct vcpu *v, s_time_t now)
{
    printk("    VCPU%u: CPU%u [has=%c] poll=%d flags=%lx pause=%d "
           "%s for %ld us\n", v->vcpu_id, v->processor,
           v->is_running ? 'T' : 'F', 0, v->pause_flags, v->pause_count,
           runstate_names[v->runstate & 3],
           (long)((now - v->runstate_entry) / 1000));
    arch_vcpu_show_state(v);
}

static void dump_domains(unsigned char key)
{
    s_time_t now = NOW();
    struct domain *d;
    struct vcpu *v;

    printk("'%c' pressed -> dumping domain info (now = %ld.%06ld s)\n",
           key, (long)(now / SECONDS(1)), (long)((now % SECONDS(1)) / 1000));
    spin_lock(&domlist_lock);
    for_each_domain ( d )
    {
        printk("General information for domain %u:\n", d->domain_id);
        printk("    refcnt=%u dying=%d pause_count=%d shutdown=%s "
               "(code %d)\n", READ_ONCE(d->refcnt), d->is_dying,
               d->pause_count,
               d->is_shutting_down ? "yes" : "no", d->shutdown_code);
        printk("    nr_pages=%lu max_pages=%lu weight=%u cap=%u "
               "privileged=%d\n", d->tot_pages, d->max_pages, d->weight,
               d->cap, d->is_privileged);
        printk("    VCPU information and callbacks for domain %u:\n",
               d->domain_id);
        for_each_vcpu ( d, v )
            dump_vcpu(v, now);
    }
    spin_unlock(&domlist_lock);
}

static void dump_runq(unsigned char key)
{
    printk("'%c' pressed -> dumping run queues\n", key);
    sched_dump_runq();
}

static void dump_time(unsigned char key)
{
    s_time_t now = NOW();

    printk("'%c' pressed -> time: NOW() = %ld.%09ld s, TSC %lu.%03lu MHz, "
           "%lu MiB free\n", key, (long)(now / SECONDS(1)),
           (long)(now % SECONDS(1)), cpu_khz / 1000, cpu_khz % 1000,
           avail_heap_pages() >> 8);
}

/*
 * Free pages of the buddy heap, exactly: the hypercall fuzzer's system
 * test reads this line before and after a run to find leaks, which the
 * MiB figure of 't' is too coarse for.
 */
static void dump_heap(unsigned char key)
{
    printk("'%c' pressed -> heap: free=%lu pages\n", key,
           avail_heap_pages());
}

/* Provided by the event-channel code; a default so the key exists. */
__attribute__((weak)) void evtchn_dump(unsigned char key)
{
    printk("'%c' pressed -> no event channels\n", key);
}

/* Provided by the grant-table code; a default so the key exists. */
__attribute__((weak)) void gnttab_dump(unsigned char key)
{
    printk("'%c' pressed -> no grant tables\n", key);
}

void keyhandler_init(void)
{
    register_keyhandler('h', show_help, "show this message");
    register_keyhandler('q', dump_domains, "dump domain (and guest debug) "
                        "info");
    register_keyhandler('r', dump_runq, "dump run queues");
    register_keyhandler('e', evtchn_dump, "dump evtchn info");
    register_keyhandler('g', gnttab_dump, "print grant table usage");
    register_keyhandler('t', dump_time, "display system time");
    register_keyhandler('m', dump_heap, "memory info (free heap pages)");
}
