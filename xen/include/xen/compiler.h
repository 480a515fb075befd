/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#define likely(x)       __builtin_expect(!!(x), 1)
#define unlikely(x)     __builtin_expect(!!(x), 0)
#define noreturn        __attribute__((__noreturn__))
#define __packed        __attribute__((__packed__))
#define __aligned(a)    __attribute__((__aligned__(a)))
#define __section(s)    __attribute__((__section__(s)))
#define __used          __attribute__((__used__))
#define __maybe_unused  __attribute__((__unused__))
#define __init          __section(".init.text")
#define __initdata      __section(".init.data")
#define __read_mostly   __section(".data.read_mostly")
#define __ro_after_init __section(".data.ro_after_init")
#define __printf(a, b)  __attribute__((__format__(__printf__, a, b)))

#define barrier()       __asm__ __volatile__ ( "" ::: "memory" )
#define ACCESS_ONCE(x)  (*(volatile __typeof__(x) *)&(x))
#define READ_ONCE(x)    ACCESS_ONCE(x)
#define WRITE_ONCE(x, v) (ACCESS_ONCE(x) = (v))

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* XEN_COMPILER_H */
