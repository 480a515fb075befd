/* SPDX-License-Identifier: MIT */
/*
 * HVM save records: the format of XEN_DOMCTL_gethvmcontext /
 * sethvmcontext buffers and of the HVM part of a saved domain.
 *
 * A context is a sequence of records, each a struct hvm_save_descriptor
 * followed by <length> bytes of the record type named by typecode
 * (instance tells apart several of one type, e.g. one CPU record per
 * vCPU).  It starts with a HEADER record and finishes with an END record.
 *
 * Each record type is declared with DECLARE_HVM_SAVE_TYPE(name, code,
 * type), which encodes the code and the type in a dummy struct so that
 * HVM_SAVE_CODE(name), HVM_SAVE_TYPE(name) and HVM_SAVE_LENGTH(name)
 * can be found at compile time.  Types whose layout changed also keep
 * the old layout and a function converting it (the "compat" pieces).
 *
 * These headers use anonymous structs and unions: GNU C only.
 */
#ifndef __XEN_PUBLIC_HVM_SAVE_H__
#define __XEN_PUBLIC_HVM_SAVE_H__

#if !defined(__GNUC__) || defined(__STRICT_ANSI__)
#error "Anonymous structs/unions are a GNU extension."
#endif

struct hvm_save_descriptor {
    uint16_t typecode;          /* HVM_SAVE_CODE() of the record */
    uint16_t instance;          /* e.g. the vCPU id */
    uint32_t length;            /* bytes of record data that follow */
};

/*
 * The dummy struct: c[] has as many bytes as the code, cpt[] one byte
 * more when an old layout exists.
 */
#ifdef __XEN__
# define DECLARE_HVM_SAVE_TYPE_COMPAT(_x, _code, _type, _ctype, _fix)     \
    static inline int __HVM_SAVE_FIX_COMPAT_##_x(void *h, uint32_t size)  \
        { return _fix(h, size); }                                         \
    struct __HVM_SAVE_TYPE_##_x { _type t; char c[_code]; char cpt[2]; }; \
    struct __HVM_SAVE_TYPE_COMPAT_##_x { _ctype t; }

# include <xen/lib.h> /* BUG() */
# define DECLARE_HVM_SAVE_TYPE(_x, _code, _type)                          \
    static inline int __HVM_SAVE_FIX_COMPAT_##_x(void *h, uint32_t size)  \
        { BUG(); return -1; }                                             \
    struct __HVM_SAVE_TYPE_##_x { _type t; char c[_code]; char cpt[1]; }; \
    struct __HVM_SAVE_TYPE_COMPAT_##_x { _type t; }
#else
# define DECLARE_HVM_SAVE_TYPE_COMPAT(_x, _code, _type, _ctype, _fix)     \
    struct __HVM_SAVE_TYPE_##_x { _type t; char c[_code]; char cpt[2]; }
# define DECLARE_HVM_SAVE_TYPE(_x, _code, _type)                          \
    struct __HVM_SAVE_TYPE_##_x { _type t; char c[_code]; char cpt[1]; }
#endif

#define HVM_SAVE_TYPE(_x) __typeof__ (((struct __HVM_SAVE_TYPE_##_x *)(0))->t)
#define HVM_SAVE_LENGTH(_x) (sizeof (HVM_SAVE_TYPE(_x)))
#define HVM_SAVE_CODE(_x) (sizeof (((struct __HVM_SAVE_TYPE_##_x *)(0))->c))

#ifdef __XEN__
# define HVM_SAVE_TYPE_COMPAT(_x) \
    __typeof__ (((struct __HVM_SAVE_TYPE_COMPAT_##_x *)(0))->t)
# define HVM_SAVE_LENGTH_COMPAT(_x) (sizeof (HVM_SAVE_TYPE_COMPAT(_x)))
# define HVM_SAVE_HAS_COMPAT(_x) \
    (sizeof (((struct __HVM_SAVE_TYPE_##_x *)(0))->cpt) - 1)
# define HVM_SAVE_FIX_COMPAT(_x, _dst, _size) \
    __HVM_SAVE_FIX_COMPAT_##_x(_dst, _size)
#endif

/* The last record of every context; it carries no data. */
struct hvm_save_end {};
DECLARE_HVM_SAVE_TYPE(END, 0, struct hvm_save_end);

#if defined(__i386__) || defined(__x86_64__)
#include "../arch-x86/hvm/save.h"
#else
#error "unsupported architecture"
#endif

#endif /* __XEN_PUBLIC_HVM_SAVE_H__ */
