/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk and the console.  Every message goes into a ring buffer (read
 * later by `xm dmesg`); messages whose level passes loglvl= (or
 * guest_loglvl= for lines a guest can provoke) also go to the console
 * drivers.  Each line is prefixed "(XEN) ", as on Xen.
 *
 * Lock: console_lock (irqsave) serialises the ring and the drivers.  It is
 * a leaf lock: nothing else is taken while it is held.
 */
#include <xen/lib.h>
#include <xen/console.h>
#include <xen/param.h>
#include <xen/spinlock.h>
#include <xen/smp.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define CONRING_SIZE   (128 * 1024)     /* power of two */
#define MAX_DRIVERS    4

enum { LVL_ERR, LVL_WARNING, LVL_INFO, LVL_DEBUG, LVL_ALL = LVL_DEBUG };

static char conring[CONRING_SIZE];
static uint64_t conring_prod;           /* bytes ever written */
static DEFINE_SPINLOCK(console_lock);
static const struct console_driver *drivers[MAX_DRIVERS];
static unsigned int nr_drivers;
static bool at_line_start = true;

/* Highest level printed; lines a guest provoked have their own limit. */
static int host_loglvl = LVL_INFO;
static int guest_loglvl = LVL_WARNING;

static int parse_level(const char *s)
{
    static const char *const names[] = {
        "error", "warning", "info", "debug",
    };
    unsigned int i;

    if ( !strcmp(s, "all") )
        return LVL_ALL;
    if ( !strcmp(s, "none") )
        return -1;
    for ( i = 0; i < ARRAY_SIZE(names); i++ )
        if ( !strcmp(s, names[i]) )
            return i;
    return -2;
}

/* Xen's syntax is level[/rate-limited-level]; we take the first part. */
static int set_loglvl(int *lvl, const char *val)
{
    char buf[16];
    char *slash;
    int l;

    strlcpy(buf, val, sizeof(buf));
    slash = strchr(buf, '/');
    if ( slash )
        *slash = '\0';
    l = parse_level(buf);
    if ( l < -1 )
        return -1;
    *lvl = l;
    return 0;
}

static int parse_host_loglvl(const char *val)
{
    return set_loglvl(&host_loglvl, val);
}
custom_param("loglvl", parse_host_loglvl);

static int parse_guest_loglvl(const char *val)
{
    return set_loglvl(&guest_loglvl, val);
}
custom_param("guest_loglvl", parse_guest_loglvl);

/* A new driver first gets what was printed before it existed. */
void console_register(const struct console_driver *drv)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    if ( nr_drivers < MAX_DRIVERS )
    {
        drivers[nr_drivers++] = drv;
        if ( conring_prod <= CONRING_SIZE )
            drv->write(conring, conring_prod);
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

static void console_write_raw(const char *s, size_t len)
{
    unsigned int i;

    for ( i = 0; i < nr_drivers; i++ )
        drivers[i]->write(s, len);
}

void console_write_guest(const char *s, size_t len)
{
    unsigned long flags;

    spin_lock_irqsave(&console_lock, flags);
    console_write_raw(s, len);
    spin_unlock_irqrestore(&console_lock, flags);
}

static void ring_put(const char *s, size_t len)
{
    while ( len-- )
        conring[conring_prod++ & (CONRING_SIZE - 1)] = *s++;
}

size_t console_read_ring(uint64_t *index, char *buf, size_t len)
{
    unsigned long flags;
    size_t n = 0;

    spin_lock_irqsave(&console_lock, flags);
    if ( conring_prod - *index > CONRING_SIZE )
        *index = conring_prod - CONRING_SIZE;
    while ( n < len && *index < conring_prod )
        buf[n++] = conring[(*index)++ & (CONRING_SIZE - 1)];
    spin_unlock_irqrestore(&console_lock, flags);
    return n;
}

/* Strip the level markers off the front of a message. */
static const char *parse_prefix(const char *s, int *lvl, bool *guest)
{
    *lvl = LVL_INFO;
    *guest = false;
    while ( s[0] == '<' && s[2] == '>' )
    {
        if ( s[1] == 'G' )
            *guest = true;
        else if ( s[1] >= '0' && s[1] <= '3' )
            *lvl = s[1] - '0';
        else
            break;
        s += 3;
    }
    return s;
}

/* Emit text, line by line, with the "(XEN) " prefix at line starts. */
static void emit(const char *s, bool to_console)
{
    while ( *s )
    {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) + 1 : strlen(s);

        if ( at_line_start )
        {
            ring_put("(XEN) ", 6);
            if ( to_console )
                console_write_raw("(XEN) ", 6);
        }
        ring_put(s, len);
        if ( to_console )
            console_write_raw(s, len);
        at_line_start = nl != NULL;
        s += len;
    }
}

void vprintk(const char *fmt, va_list args)
{
    char buf[1024];
    const char *text;
    unsigned long flags;
    bool guest;
    int lvl;

    vsnprintf(buf, sizeof(buf), fmt, args);
    text = parse_prefix(buf, &lvl, &guest);

    spin_lock_irqsave(&console_lock, flags);
    emit(text, lvl <= (guest ? guest_loglvl : host_loglvl));
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void console_force_unlock(void)
{
    spin_lock_init(&console_lock);
}
