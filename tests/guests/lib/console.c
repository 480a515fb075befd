/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printk() over HYPERVISOR_console_io(CONSOLEIO_write), falling back to
 * the debug port 0xe9 before the hypercall page exists.  vsnprintf()
 * knows %c %s %d %i %u %x %X %p %%, the flags '0' and '#', a width, and
 * the length modifiers l, ll and z.
 */
#include "guest.h"

struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, char c)
{
    if ( o->len + 1 < o->size )
        o->buf[o->len] = c;
    o->len++;
}

static void put_str(struct out *o, const char *s, int width)
{
    int n = strlen(s);

    while ( width-- > n )
        put(o, ' ');
    while ( *s )
        put(o, *s++);
}

static void put_num(struct out *o, uint64_t v, unsigned int base,
                    bool neg, int width, char pad)
{
    static const char digits[] = "0123456789abcdef";
    char tmp[24];
    int n = 0;
    uint32_t rem;

    do {
        v = udiv64(v, base, &rem);
        tmp[n++] = digits[rem];
    } while ( v );
    if ( neg )
        tmp[n++] = '-';
    while ( width-- > n )
        put(o, pad);
    while ( n )
        put(o, tmp[--n]);
}

/* Fetch an integer argument of the given length (0 int, 1 long, 2 ll). */
static uint64_t get_arg(va_list *ap, int lng, bool sgn, bool *neg)
{
    int64_t s;

    *neg = false;
    if ( !sgn )
        return lng == 2 ? va_arg(*ap, unsigned long long)
             : lng == 1 ? va_arg(*ap, unsigned long)
             : va_arg(*ap, unsigned int);
    s = lng == 2 ? va_arg(*ap, long long)
      : lng == 1 ? va_arg(*ap, long) : va_arg(*ap, int);
    if ( s < 0 )
    {
        *neg = true;
        return -(uint64_t)s;
    }
    return s;
}

static const char *conv(struct out *o, const char *f, va_list *ap)
{
    bool alt = false, neg;
    char pad = ' ';
    int width = 0, lng = 0;
    uint64_t v;

    for ( ; *f == '#' || *f == '0'; f++ )
        if ( *f == '#' )
            alt = true;
        else
            pad = '0';
    for ( ; *f >= '0' && *f <= '9'; f++ )
        width = width * 10 + (*f - '0');
    for ( ; *f == 'l' || *f == 'z'; f++ )
        lng += *f == 'l' ? 1 : (sizeof(size_t) == 8 ? 2 : 0);
    switch ( *f )
    {
    case 'c':
        put(o, va_arg(*ap, int));
        break;
    case 's':
        put_str(o, va_arg(*ap, const char *), width);
        break;
    case 'd': case 'i': case 'u':
        v = get_arg(ap, lng, *f != 'u', &neg);
        put_num(o, v, 10, neg, width, pad);
        break;
    case 'p':
        lng = sizeof(void *) == 8 ? 2 : 0;
        alt = true;
        /* fall through */
    case 'x': case 'X':
        v = get_arg(ap, lng, false, &neg);
        if ( alt )
        {
            put(o, '0');
            put(o, 'x');
        }
        put_num(o, v, 16, false, width, pad);
        break;
    default:
        put(o, '%');
        if ( *f )
            put(o, *f);
        break;
    }
    return *f ? f + 1 : f;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    va_list aq;

    va_copy(aq, ap);
    while ( *fmt )
    {
        if ( *fmt != '%' )
            put(&o, *fmt++);
        else
            fmt = conv(&o, fmt + 1, &aq);
    }
    va_end(aq);
    if ( size )
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void debugcon_write(const char *s, size_t n)
{
    const uint16_t port = XEN_HVM_DEBUGCONS_IOPORT;

    while ( n-- )
        asm volatile ( "outb %0, %1" :: "a" (*s++), "Nd" (port) );
}

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if ( n >= (int)sizeof(buf) )
        n = sizeof(buf) - 1;
    if ( hypercall_page[0] )
        console_io(CONSOLEIO_write, n, buf);
    else
        debugcon_write(buf, n);
}
