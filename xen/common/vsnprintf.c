/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * printf-style formatting: %d %i %u %x %X %o %c %s %p %%, with flags
 * '-' '0' '#' ' ' '+', width and precision (also '*'), and the length
 * modifiers hh h l ll z t.  %pv and %pd print a vCPU or domain as "d0v1"
 * or "d0" through hooks the scheduler code provides.
 */
#include <xen/lib.h>

struct out {
    char *buf;
    size_t size;
    size_t pos;
};

struct spec {
    bool left, zero, alt, space, plus;
    int width;
    int prec;          /* -1: none */
};

/* Defined by the domain code; the weak default keeps this file pure. */
__attribute__((weak)) int format_vcpu(char *buf, size_t size, const void *v)
{
    return snprintf(buf, size, "v%p", v);
}

__attribute__((weak)) int format_domain(char *buf, size_t size,
                                        const void *d)
{
    return snprintf(buf, size, "d%p", d);
}

static void put(struct out *o, char c)
{
    if ( o->pos + 1 < o->size )
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_padded(struct out *o, const char *s, size_t len,
                       const struct spec *sp)
{
    int pad = sp->width > (int)len ? sp->width - (int)len : 0;

    while ( !sp->left && pad-- > 0 )
        put(o, ' ');
    while ( len-- )
        put(o, *s++);
    while ( sp->left && pad-- > 0 )
        put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, bool neg,
                       unsigned int base, bool upper, const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24], sign = 0;
    int n = 0, len, zeros, pad;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while ( v );

    if ( neg )
        sign = '-';
    else if ( sp->plus )
        sign = '+';
    else if ( sp->space )
        sign = ' ';

    zeros = sp->prec > n ? sp->prec - n : 0;
    /* C: '#' with %o makes the first digit a zero, once. */
    if ( sp->alt && base == 8 && !zeros && tmp[n - 1] != '0' )
        zeros = 1;
    len = n + zeros + (sign != 0) + (sp->alt && base == 16 ? 2 : 0);
    pad = sp->width > len ? sp->width - len : 0;
    if ( sp->zero && !sp->left && sp->prec < 0 )
    {
        zeros += pad;
        pad = 0;
    }

    while ( !sp->left && pad-- > 0 )
        put(o, ' ');
    if ( sign )
        put(o, sign);
    if ( sp->alt && base == 16 )
    {
        put(o, '0');
        put(o, upper ? 'X' : 'x');
    }
    while ( zeros-- > 0 )
        put(o, '0');
    while ( n-- )
        put(o, tmp[n]);
    while ( sp->left && pad-- > 0 )
        put(o, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
    *sp = (struct spec){ .prec = -1 };

    for ( ; ; f++ )
    {
        if ( *f == '-' )
            sp->left = true;
        else if ( *f == '0' )
            sp->zero = true;
        else if ( *f == '#' )
            sp->alt = true;
        else if ( *f == ' ' )
            sp->space = true;
        else if ( *f == '+' )
            sp->plus = true;
        else
            break;
    }

    if ( *f == '*' )
    {
        sp->width = va_arg(*ap, int);
        if ( sp->width < 0 )
        {
            sp->left = true;
            sp->width = -sp->width;
        }
        f++;
    }
    else
        for ( ; *f >= '0' && *f <= '9'; f++ )
            sp->width = sp->width * 10 + (*f - '0');

    if ( *f == '.' )
    {
        f++;
        sp->prec = 0;
        if ( *f == '*' )
        {
            sp->prec = va_arg(*ap, int);
            f++;
        }
        else
            for ( ; *f >= '0' && *f <= '9'; f++ )
                sp->prec = sp->prec * 10 + (*f - '0');
    }
    return f;
}

/*
 * Length modifier: returns the size class (-2 char, -1 short, 0 int,
 * 1 long, 2 long long).
 */
static const char *parse_length(const char *f, int *lenmod)
{
    *lenmod = 0;
    if ( *f == 'h' )
    {
        f++;
        *lenmod = -1;
        if ( *f == 'h' )
        {
            f++;
            *lenmod = -2;
        }
    }
    else if ( *f == 'l' )
    {
        f++;
        *lenmod = 1;
        if ( *f == 'l' )
        {
            f++;
            *lenmod = 2;
        }
    }
    else if ( *f == 'z' || *f == 't' )
    {
        f++;
        *lenmod = 1;
    }
    return f;
}

/*
 * hh and h arguments arrive promoted to int; C prints them converted
 * back to char or short, so %hhx of -1 is "ff", not "ffffffff".
 */
static unsigned long long get_unsigned(va_list *ap, int lenmod)
{
    if ( lenmod == 2 )
        return va_arg(*ap, unsigned long long);
    if ( lenmod == 1 )
        return va_arg(*ap, unsigned long);
    if ( lenmod == -1 )
        return (unsigned short)va_arg(*ap, unsigned int);
    if ( lenmod == -2 )
        return (unsigned char)va_arg(*ap, unsigned int);
    return va_arg(*ap, unsigned int);
}

static long long get_signed(va_list *ap, int lenmod)
{
    if ( lenmod == 2 )
        return va_arg(*ap, long long);
    if ( lenmod == 1 )
        return va_arg(*ap, long);
    if ( lenmod == -1 )
        return (short)va_arg(*ap, int);
    if ( lenmod == -2 )
        return (signed char)va_arg(*ap, int);
    return va_arg(*ap, int);
}

static const char *format_pointer(struct out *o, const char *f,
                                  const void *p, struct spec *sp)
{
    char tmp[32];
    int n;

    if ( *f == 'v' || *f == 'd' )
    {
        n = (*f == 'v' ? format_vcpu : format_domain)(tmp, sizeof(tmp), p);
        put_padded(o, tmp, min((size_t)n, sizeof(tmp) - 1), sp);
        return f + 1;
    }
    sp->zero = true;
    if ( !sp->width )
        sp->width = 16;
    put_number(o, (unsigned long)p, false, 16, false, sp);
    return f;
}

static const char *format_one(struct out *o, const char *f, va_list *ap)
{
    struct spec sp;
    int lenmod;
    long long sv;
    const char *s;
    char c;

    f = parse_length(parse_spec(f, &sp, ap), &lenmod);
    /* C: '+' and ' ' only ever put a sign on signed conversions. */
    if ( *f != 'd' && *f != 'i' )
        sp.plus = sp.space = false;
    switch ( *f )
    {
    case 'd':
    case 'i':
        sv = get_signed(ap, lenmod);
        put_number(o, sv < 0 ? -(unsigned long long)sv : sv, sv < 0, 10,
                   false, &sp);
        break;
    case 'u':
        put_number(o, get_unsigned(ap, lenmod), false, 10, false, &sp);
        break;
    case 'x':
    case 'X':
        put_number(o, get_unsigned(ap, lenmod), false, 16, *f == 'X', &sp);
        break;
    case 'o':
        put_number(o, get_unsigned(ap, lenmod), false, 8, false, &sp);
        break;
    case 'c':
        c = va_arg(*ap, int);
        put_padded(o, &c, 1, &sp);
        break;
    case 's':
        s = va_arg(*ap, const char *);
        if ( !s )
            s = "(null)";
        put_padded(o, s, sp.prec >= 0 ? strnlen(s, sp.prec) : strlen(s),
                   &sp);
        break;
    case 'p':
        return format_pointer(o, f + 1, va_arg(*ap, const void *), &sp);
    case '%':
        put(o, '%');
        break;
    case '\0':
        return f;
    default:
        put(o, '%');
        put(o, *f);
        break;
    }
    return f + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
    struct out o = { buf, size, 0 };
    va_list ap;

    va_copy(ap, args);
    while ( *fmt )
    {
        if ( *fmt != '%' )
            put(&o, *fmt++);
        else
            fmt = format_one(&o, fmt + 1, &ap);
    }
    va_end(ap);
    if ( size )
        buf[o.pos < size ? o.pos : size - 1] = '\0';
    return o.pos;
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
