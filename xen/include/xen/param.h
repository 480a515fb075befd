/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line options.  Each option is declared next to the
 * variable it sets, with one of the *_param() macros; the declarations
 * land in a table (.data.param) that cmdline_parse() walks.
 *
 *   boolean_param("noreboot", opt_noreboot);     noreboot, noreboot=0/no/off
 *                                                 and no-noreboot also work
 *   integer_param("dom0_max_vcpus", opt_max);    decimal, 0x hex
 *   size_param("dom0_mem", opt_mem);             with K/M/G/T suffix
 *   string_param("console", opt_console);        copied, truncated to size
 *   custom_param("loglvl", parse_loglvl);        int fn(const char *val)
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/types.h>
#include <xen/compiler.h>

enum param_type {
    PARAM_BOOL,
    PARAM_INT,
    PARAM_SIZE,
    PARAM_STRING,
    PARAM_CUSTOM,
};

struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;                   /* size of var in bytes */
    union {
        void *var;
        int (*func)(const char *val);
    } par;
};

#define __PARM_NAME2(l) __parm_##l
#define __PARM_NAME(l) __PARM_NAME2(l)
#define __param(name, type, len, member, val)                           \
    static const struct kernel_param __used __aligned(8)               \
        __section(".data.param") __PARM_NAME(__LINE__) =                    \
        { name, type, len, { .member = val } }

#define boolean_param(n, v) __param(n, PARAM_BOOL, sizeof(v), var, &(v))
#define integer_param(n, v) __param(n, PARAM_INT, sizeof(v), var, &(v))
#define size_param(n, v)    __param(n, PARAM_SIZE, sizeof(v), var, &(v))
#define string_param(n, v)  __param(n, PARAM_STRING, sizeof(v), var, (v))
#define custom_param(n, f)  __param(n, PARAM_CUSTOM, 0, func, (f))

/*
 * Parse a command line against a table of options.  Unknown options are
 * reported and skipped; a bad value keeps the option's old value.
 * Returns the number of options that could not be applied.
 */
int parse_params(const char *cmdline, const struct kernel_param *start,
                 const struct kernel_param *end);

/* Parse the hypervisor command line against every declared option. */
void cmdline_parse(const char *cmdline);

/* "1", "yes", "on", "true", "enable" -> 1; the opposites -> 0; else -1. */
int parse_bool(const char *s, const char *end);

#endif /* XEN_PARAM_H */
