/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * console_io: guests writing to and reading from the hypervisor console,
 * as Xen 4.17 does it (drivers/char/console.c there):
 *  - the privileged (hardware) domain's bytes go to the console drivers
 *    unchanged: no prefix, no filtering, since its console may be
 *    interactive;
 *  - other domains may write only in debug builds (Xen's
 *    CONFIG_VERBOSE_DEBUG); their output is stripped of unprintable
 *    bytes, collected into lines and printed as "(d<id>) <line>" at guest
 *    debug level;
 *  - only the privileged domain may read: bytes typed on the serial
 *    console and switched to it, from a small ring.
 * A long write is cut into 127-byte chunks and continues later
 * (-ERESTART with the remaining count and buffer) when other work is
 * pending.
 *
 * Lock: rx_lock (irqsave, leaf) guards the input ring; the console's own
 * lock keeps a chunk of dom0 output together (console_write_guest());
 * d->pbuf_lock guards a domain's partial line.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/console-io.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/hvm/guest_access.h>
#include <public/xen.h>

#define CHUNK           128
#define RX_SIZE         128         /* power of two */

static char rx_ring[RX_SIZE];
static unsigned int rx_prod, rx_cons;   /* free-running indexes */
static DEFINE_SPINLOCK(rx_lock);

void console_input_to_guest(char c)
{
    unsigned long flags;

    spin_lock_irqsave(&rx_lock, flags);
    if ( rx_prod - rx_cons != RX_SIZE )
        rx_ring[rx_prod++ & (RX_SIZE - 1)] = c;
    spin_unlock_irqrestore(&rx_lock, flags);
}

static bool is_printable(char c)
{
    return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/*
 * A non-privileged domain's output: printable bytes collected up to a
 * newline (or a full buffer), then printed as one line.  Consumes up to
 * len bytes and returns how many (through the first newline).
 */
static unsigned int domu_write(struct domain *d, const char *s,
                               unsigned int len)
{
    unsigned int i;

    spin_lock(&d->pbuf_lock);
    for ( i = 0; i < len; i++ )
    {
        bool nl = s[i] == '\n';

        if ( !nl && is_printable(s[i]) )
            d->pbuf[d->pbuf_idx++] = s[i];
        if ( nl || d->pbuf_idx == sizeof(d->pbuf) - 1 )
        {
            d->pbuf[d->pbuf_idx] = '\0';
            printk(XENLOG_G_DEBUG "(d%u) %s\n", d->domain_id, d->pbuf);
            d->pbuf_idx = 0;
        }
        if ( nl )
        {
            i++;
            break;
        }
    }
    spin_unlock(&d->pbuf_lock);
    return i;
}


static long console_write(struct domain *d, unsigned int count,
                          uint64_t buffer)
{
    char kbuf[CHUNK];
    unsigned int n, done;

    for ( done = 0; count; done++ )
    {
        if ( done && hypercall_preempt_check() )
        {
            hypercall_set_arg(1, count);
            hypercall_set_arg(2, buffer);
            return -ERESTART;
        }
        n = min(count, (unsigned int)sizeof(kbuf) - 1);
        if ( copy_from_guest(kbuf, buffer, n) )
            return -EFAULT;
        if ( d->is_privileged )
            console_write_guest(kbuf, n);
        else
            n = domu_write(d, kbuf, n);
        buffer += n;
        count -= n;
    }
    return 0;
}

/*
 * Up to count bytes of input.  The bytes are taken from the ring only
 * once they have reached the guest, so a bad buffer loses nothing.
 */
static long console_read(unsigned int count, uint64_t buffer)
{
    char kbuf[RX_SIZE];
    unsigned long flags;
    unsigned int n, i;

    /* The result is a count or an error: keep the two apart. */
    if ( (int)count < 0 )
        return -E2BIG;
    spin_lock_irqsave(&rx_lock, flags);
    n = min(count, rx_prod - rx_cons);
    for ( i = 0; i < n; i++ )
        kbuf[i] = rx_ring[(rx_cons + i) & (RX_SIZE - 1)];
    spin_unlock_irqrestore(&rx_lock, flags);

    if ( n && copy_to_guest(buffer, kbuf, n) )
        return -EFAULT;
    spin_lock_irqsave(&rx_lock, flags);
    rx_cons += n;
    spin_unlock_irqrestore(&rx_lock, flags);
    return n;
}

/* Xen's default policy: see the comment at the top. */
static bool console_io_allowed(const struct domain *d, int cmd)
{
    if ( d->is_privileged )
        return true;
    return IS_ENABLED(CONFIG_DEBUG) && cmd == CONSOLEIO_write;
}

long do_console_io(int cmd, unsigned int count, uint64_t buffer)
{
    struct domain *d = current->domain;

    if ( !console_io_allowed(d, cmd) )
        return -EPERM;
    switch ( cmd )
    {
    case CONSOLEIO_write:
        return console_write(d, count, buffer);
    case CONSOLEIO_read:
        return console_read(count, buffer);
    }
    return -ENOSYS;
}
