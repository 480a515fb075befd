/* SPDX-License-Identifier: GPL-2.0-only */
/* Interfaces between the framework's own files; tests do not use them. */
#ifndef GUEST_PRIVATE_H
#define GUEST_PRIVATE_H

#include "guest.h"

void guest_start(unsigned long start_info_pa);
void traps_init(void);
void traps_load(void);
bool hypercall_init(void);

/* Count one failed check that was not made through check(). */
void check_note_failure(void);

#endif /* GUEST_PRIVATE_H */
