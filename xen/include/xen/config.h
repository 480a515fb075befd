/* SPDX-License-Identifier: GPL-2.0-only */
/* Included first in every hypervisor translation unit (see xen/flags.mk). */
#ifndef XEN_CONFIG_H
#define XEN_CONFIG_H

#define IS_ENABLED(opt) (__is_defined(opt))
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define __ARG_PLACEHOLDER_1 0,
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define __take_second_arg(__ignored, val, ...) val

#define NR_CPUS CONFIG_NR_CPUS

/* Log levels, lowest number most important (printk prefixes). */
#define XENLOG_ERR      "<0>"
#define XENLOG_WARNING  "<1>"
#define XENLOG_INFO     "<2>"
#define XENLOG_DEBUG    "<3>"
/* Marks a line a guest can provoke: filtered by guest_loglvl=. */
#define XENLOG_GUEST    "<G>"
#define XENLOG_G_ERR     XENLOG_GUEST XENLOG_ERR
#define XENLOG_G_WARNING XENLOG_GUEST XENLOG_WARNING
#define XENLOG_G_INFO    XENLOG_GUEST XENLOG_INFO
#define XENLOG_G_DEBUG   XENLOG_GUEST XENLOG_DEBUG

#endif /* XEN_CONFIG_H */
