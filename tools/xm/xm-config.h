/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading a domain config file: the only part of xm that sees Python.
 *
 * The file is Python and is executed (imports, arithmetic, conditionals all
 * work); its top-level variables, minus modules, functions, classes and
 * names starting with '_', make a plain dict which libdomcfg checks.
 * Command-line "key=value" settings are visible to the file as strings and
 * then override what it set (list settings get an entry added).
 */
#ifndef XM_CONFIG_PRIVATE_H
#define XM_CONFIG_PRIVATE_H

#include "domcfg.h"

/*
 * Fill cfg (initialised) from the file at path and the n overrides.
 * Returns 0, or -1 with one line in *msg (malloc()ed) naming the file, the
 * line and the reason:
 *   cfg:3: SyntaxError: invalid syntax          (Python's own words)
 *   cfg:5: NameError: name 'x' is not defined   (raised while executing)
 *   cfg:2: memory: must be a positive integer (got 'abc')
 *   command line: memory: must be a positive integer (got 'abc')
 */
int xm_config_load(const char *path, char *const *overrides, int n,
                   struct domain_config *cfg, char **msg);

#endif /* XM_CONFIG_PRIVATE_H */
