/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For domU programs written as top-level asm in a test kernel's object
 * (always 32-bit code): stringify a constant into the asm, and switch the
 * assembler back to the object's own mode after the program.
 */
#ifndef GUEST_PAYLOAD_ASM_H
#define GUEST_PAYLOAD_ASM_H

#ifdef ENV_X64
#define BACK_TO_ENV ".code64\n"
#else
#define BACK_TO_ENV ".code32\n"
#endif

#define S_(x) #x
#define S(x) S_(x)

#endif /* GUEST_PAYLOAD_ASM_H */
