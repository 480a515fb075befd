/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's own command line, parsed against every *_param(). */
#include <xen/lib.h>
#include <xen/param.h>

extern const struct kernel_param __param_start[], __param_end[];

void cmdline_parse(const char *cmdline)
{
    parse_params(cmdline, __param_start, __param_end);
}
