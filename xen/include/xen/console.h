/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_CONSOLE_H
#define XEN_CONSOLE_H

#include <xen/types.h>

/* Set up the console drivers named by console= (early: before the heap). */
void console_init_preirq(void);

/*
 * Copy the ring buffer of all hypervisor messages, from *index (bytes
 * since boot; adjusted up to the oldest byte still held) into buf.
 * Returns the bytes copied and advances *index.  Becomes `xm dmesg`.
 */
size_t console_read_ring(uint64_t *index, char *buf, size_t len);

/*
 * The control domain's console output: its bytes as they are, to every
 * console driver, under the console lock so they never interleave with
 * a hypervisor line (no ring, no level filter, no prefix).
 */
void console_write_guest(const char *s, size_t len);

/* A console driver: one write function, called with the lock held. */
struct console_driver {
    const char *name;
    void (*write)(const char *s, size_t len);
};
void console_register(const struct console_driver *drv);

/*
 * Start polling serial input; it goes to dom0 when one is running,
 * else to the debug keys.  Ctrl-A three times switches.
 */
void console_input_init(bool dom0_running);

/* Next byte typed on the serial console, or -1 if none is waiting. */
int serial_getc(void);

#endif /* XEN_CONSOLE_H */
