# SPDX-License-Identifier: GPL-2.0-only
# Settings shared by xen/, tools/ and tests/.  Included by every Makefile.

XEN_ROOT ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

include $(XEN_ROOT)/config/x86_64.mk

CC      ?= gcc
HOSTCC  ?= gcc
LD      ?= ld
OBJCOPY ?= objcopy
PYTHON  ?= python3

# Warnings are errors everywhere: hypervisor, tools and tests.
WARN_CFLAGS := -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare \
               -Wstrict-prototypes -Wmissing-prototypes -Werror

HOST_CFLAGS := -O2 -g -std=gnu11 $(WARN_CFLAGS)
