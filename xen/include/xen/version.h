/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The version we report.  Guests and tools see Xen 4.17's numbers, the
 * ABI we implement; the banner names this hypervisor and its own release.
 */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#define XEN_VERSION           4
#define XEN_SUBVERSION        17
#define XEN_EXTRAVERSION      ".0"
#define HV_NAME               "xmhv"
#define HV_RELEASE            "0.1"

#endif /* XEN_VERSION_H */
