/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stand-in for mm/p2m-logdirty.c's p2m_logdirty_mark(): the tests see
 * the last mark (domain, gfn) and how many frames were marked.
 */
#ifndef UNIT_LOGDIRTY_FAKE_H
#define UNIT_LOGDIRTY_FAKE_H

static struct domain *marked_d;
static unsigned long marked_gfn, nr_marked;

void p2m_logdirty_mark(struct domain *d, unsigned long gfn, unsigned long nr)
{
    marked_d = d;
    marked_gfn = gfn;
    nr_marked += nr;
}

#endif /* UNIT_LOGDIRTY_FAKE_H */
