/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HVM save format for the context domctls (hvm/save.c writes it,
 * hvm/restore.c reads it).  The domain is paused by the caller.
 */
#ifndef X86_HVM_SAVE_H
#define X86_HVM_SAVE_H

#include <xen/types.h>

struct domain;

/* Bytes a whole context of d can take at most. */
size_t hvm_save_size(const struct domain *d);
/* Write d's context to buf: 0 or -ENOSPC; *len: bytes written. */
int hvm_save(struct domain *d, uint8_t *buf, uint32_t size, uint32_t *len);
/*
 * One record (no descriptor) of type for vCPU instance into buf (NULL:
 * only its length): 0, -EINVAL (type), -ENOENT (vCPU), -ENODATA (CPU of a
 * vCPU that is down),
 * -ENOBUFS (*len too small).  *len: the record's length.
 */
int hvm_save_one(struct domain *d, unsigned int type, unsigned int instance,
                 void *buf, uint64_t *len);
/*
 * Load a context: 0, -ENODATA (no header, or no END record), -EINVAL (a
 * bad header or record, or a type we do not load).
 */
int hvm_load(struct domain *d, const uint8_t *buf, uint32_t size);

#endif /* X86_HVM_SAVE_H */
