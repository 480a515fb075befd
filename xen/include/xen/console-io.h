/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest side of the hypervisor console (common/console_io.c). */
#ifndef XEN_CONSOLE_IO_H
#define XEN_CONSOLE_IO_H

/*
 * A byte typed on the serial console while input is switched to dom0:
 * queued for CONSOLEIO_read (a 128-byte ring; bytes beyond it are lost,
 * as on Xen).  Callable from interrupt context.
 */
void console_input_to_guest(char c);

#endif /* XEN_CONSOLE_IO_H */
