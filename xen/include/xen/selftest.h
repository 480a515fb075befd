/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

/*
 * Boot-time self-tests chosen on the command line, used by the system
 * tests: selftest_ticks=N prints a line from a 1-second periodic timer N
 * times; selftest_fault=pf|gp|ud|de|bug provokes that fault in the
 * hypervisor after boot (the register dump is then asserted).
 */
void selftests_run(void);
void arch_selftest_fault(const char *which);

#endif /* XEN_SELFTEST_H */
