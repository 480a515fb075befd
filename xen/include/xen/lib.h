/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/types.h>
#include <xen/compiler.h>
#include <xen/string.h>

#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define min(a, b)       ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); \
                           a_ < b_ ? a_ : b_; })
#define max(a, b)       ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); \
                           a_ > b_ ? a_ : b_; })
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

/*
 * printk: a line goes to the ring buffer always, and to the console when
 * its level (an XENLOG_* prefix, default INFO) passes loglvl= (or
 * guest_loglvl= for XENLOG_GUEST lines).
 */
void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
noreturn void panic(const char *fmt, ...) __printf(1, 2);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* %pv and %pd: "d1v0" and "d1" (defined by the domain code). */
int format_vcpu(char *buf, size_t size, const void *v);
int format_domain(char *buf, size_t size, const void *d);

unsigned long simple_strtoul(const char *cp, const char **endp,
                             unsigned int base);
unsigned long long parse_size_and_unit(const char *s, const char **ps);

noreturn void bug_fail(const char *what, const char *file, unsigned int line);
void warn_fail(const char *file, unsigned int line);

/* A broken hypervisor invariant: never on a guest-controlled value. */
#define BUG() bug_fail("BUG", __FILE__, __LINE__)
#define BUG_ON(c) do { if ( unlikely(c) ) bug_fail("BUG_ON(" #c ")", \
                                                   __FILE__, __LINE__); \
                  } while ( 0 )
#define WARN_ON(c) ({ bool w_ = !!(c); if ( unlikely(w_) ) \
                        warn_fail(__FILE__, __LINE__); w_; })
#define ASSERT(c) do { if ( IS_ENABLED(CONFIG_DEBUG) && unlikely(!(c)) ) \
                           bug_fail("Assertion '" #c "' failed", \
                                    __FILE__, __LINE__); } while ( 0 )

#define gprintk(lvl, fmt, ...) \
    printk(XENLOG_GUEST lvl "%pv " fmt, current, ##__VA_ARGS__)

#endif /* XEN_LIB_H */
