/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys: single keystrokes on the serial console, while its input
 * is switched to the hypervisor, that print internal state.
 */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void (*keyhandler_fn_t)(unsigned char key);

/* Bind key to fn, described by desc in the 'h' listing. */
void register_keyhandler(unsigned char key, keyhandler_fn_t fn,
                         const char *desc);
void handle_keypress(unsigned char key);
void keyhandler_init(void);

/* The 'e' key: every domain's event channels (event_channel.c). */
void evtchn_dump(unsigned char key);
void gnttab_dump(unsigned char key);

#endif /* XEN_KEYHANDLER_H */
