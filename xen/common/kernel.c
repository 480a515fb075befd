/* SPDX-License-Identifier: GPL-2.0-only */
/* Command-line parsing (see xen/param.h) and small number parsers. */
#include <xen/lib.h>
#include <xen/errno.h>
#include <xen/param.h>

unsigned long simple_strtoul(const char *cp, const char **endp,
                             unsigned int base)
{
    unsigned long v = 0;

    if ( !base )
    {
        base = 10;
        if ( cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X') )
        {
            base = 16;
            cp += 2;
        }
    }
    for ( ; ; cp++ )
    {
        unsigned int d;

        if ( *cp >= '0' && *cp <= '9' )
            d = *cp - '0';
        else if ( *cp >= 'a' && *cp <= 'f' )
            d = *cp - 'a' + 10;
        else if ( *cp >= 'A' && *cp <= 'F' )
            d = *cp - 'A' + 10;
        else
            break;
        if ( d >= base )
            break;
        v = v * base + d;
    }
    if ( endp )
        *endp = cp;
    return v;
}

unsigned long long parse_size_and_unit(const char *s, const char **ps)
{
    unsigned long long v = simple_strtoul(s, &s, 0);

    switch ( *s )
    {
    case 'T': case 't':
        v <<= 10;
        /* fallthrough */
    case 'G': case 'g':
        v <<= 10;
        /* fallthrough */
    case 'M': case 'm':
        v <<= 10;
        /* fallthrough */
    case 'K': case 'k':
        v <<= 10;
        s++;
        break;
    case 'B': case 'b':
        s++;
        break;
    default:
        v <<= 10;                       /* no unit: kilobytes, as Xen */
        break;
    }
    if ( ps )
        *ps = s;
    return v;
}

static bool word_is(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(end - s) == n && !strncmp(s, word, n);
}

int parse_bool(const char *s, const char *end)
{
    if ( !end )
        end = s + strlen(s);
    if ( word_is(s, end, "1") || word_is(s, end, "yes") ||
         word_is(s, end, "on") || word_is(s, end, "true") ||
         word_is(s, end, "enable") )
        return 1;
    if ( word_is(s, end, "0") || word_is(s, end, "no") ||
         word_is(s, end, "off") || word_is(s, end, "false") ||
         word_is(s, end, "disable") )
        return 0;
    return -1;
}

static void store_int(void *var, unsigned int len, unsigned long long v)
{
    switch ( len )
    {
    case 1: *(uint8_t *)var = v; break;
    case 2: *(uint16_t *)var = v; break;
    case 4: *(uint32_t *)var = v; break;
    default: *(uint64_t *)var = v; break;
    }
}

/*
 * An integer or size option.  The value must start with a digit (so an
 * empty value or a bare unit is refused, not read as 0) and be used up
 * entirely; only then is the variable written, so a bad value keeps the
 * old one as param.h promises.
 */
static int apply_number(const struct kernel_param *p, const char *val)
{
    unsigned long long v;
    const char *end;

    if ( !val || *val < '0' || *val > '9' )
        return -EINVAL;
    v = p->type == PARAM_INT ? simple_strtoul(val, &end, 0)
                             : parse_size_and_unit(val, &end);
    if ( *end )
        return -EINVAL;
    store_int(p->par.var, p->len, v);
    return 0;
}

/* Apply "name[=val]" (val NULL when absent) to one option; 0 or -errno. */
static int apply_param(const struct kernel_param *p, const char *val,
                       bool negated)
{
    int b;

    switch ( p->type )
    {
    case PARAM_BOOL:
        b = val ? parse_bool(val, NULL) : 1;
        if ( b < 0 )
            return -EINVAL;
        store_int(p->par.var, p->len, negated ? !b : b);
        return 0;
    case PARAM_INT:
    case PARAM_SIZE:
        return negated ? -EINVAL : apply_number(p, val);
    case PARAM_STRING:
        if ( !val || negated )
            return -EINVAL;
        strlcpy(p->par.var, val, p->len);
        return 0;
    case PARAM_CUSTOM:
        return negated ? -EINVAL : p->par.func(val ? val : "");
    }
    return -EINVAL;
}

static const struct kernel_param *find_param(
    const char *name, const struct kernel_param *start,
    const struct kernel_param *end)
{
    const struct kernel_param *p;

    for ( p = start; p < end; p++ )
        if ( !strcmp(p->name, name) )
            return p;
    return NULL;
}

/* One "name[=value]" word; returns 0 when applied. */
static int parse_one(char *word, const struct kernel_param *start,
                     const struct kernel_param *end)
{
    const struct kernel_param *p;
    char *val = strchr(word, '=');
    bool negated = false;
    int rc;

    if ( val )
        *val++ = '\0';
    p = find_param(word, start, end);
    if ( !p && !strncmp(word, "no-", 3) )
    {
        p = find_param(word + 3, start, end);
        if ( p && p->type != PARAM_BOOL )
            p = NULL;
        negated = p != NULL;
    }
    if ( !p )
    {
        printk(XENLOG_WARNING "cmdline: unknown option '%s'\n", word);
        return -ENOENT;
    }
    rc = apply_param(p, val, negated);
    if ( rc )
        printk(XENLOG_WARNING "cmdline: bad value for '%s': '%s'\n",
               word, val ? val : "");
    return rc;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end)
{
    char word[256];
    int bad = 0;

    while ( cmdline && *cmdline )
    {
        size_t n = 0;

        while ( *cmdline == ' ' )
            cmdline++;
        while ( cmdline[n] && cmdline[n] != ' ' )
            n++;
        if ( !n )
            break;
        if ( n >= sizeof(word) )
        {
            printk(XENLOG_WARNING "cmdline: option too long, skipped\n");
            bad++;
        }
        else
        {
            memcpy(word, cmdline, n);
            word[n] = '\0';
            bad += parse_one(word, start, end) != 0;
        }
        cmdline += n;
    }
    return bad;
}
