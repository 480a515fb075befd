# SPDX-License-Identifier: GPL-2.0-only
# Where libxc's headers and libraries are, for xend's libxc backend:
# tools/libxc's own tree (linked statically, so xend runs from the tree
# too), else installed ones; LIBXC_INCLUDE is empty when neither has every
# header the backend needs (xend then has the "none" backend alone).
LIBXC_TREE := $(XEN_ROOT)/tools/libxc
LIBXC_HEADERS := xenctrl.h xc_pvh.h xencall.h
have_in = $(if $(strip $(foreach h,$(LIBXC_HEADERS),$(if $(wildcard $(1)/$(h)),,missing))),,$(1))
LIBXC_INCLUDE ?= $(firstword $(call have_in,$(LIBXC_TREE)/include) \
    $(call have_in,/usr/include))
ifeq ($(LIBXC_INCLUDE),$(LIBXC_TREE)/include)
LIBXC_ARCHIVES := $(addprefix $(LIBXC_TREE)/build/lib/lib,$(addsuffix .a, \
    xenctrl xenforeignmemory xencall))
LIBXC_LIBS ?= $(LIBXC_ARCHIVES) -lz -llzma
else
LIBXC_LIBS ?= -lxenctrl -lxenforeignmemory -lxencall
endif
