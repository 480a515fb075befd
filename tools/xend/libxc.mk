# SPDX-License-Identifier: GPL-2.0-only
# Where libxc's headers and libraries are, for xend's libxc backend and
# its tests: LIBXC_INCLUDE is empty when there are none (no backend).
LIBXC_TREE := $(XEN_ROOT)/tools/libxc
LIBXC_HEADERS := xenctrl.h xc_pvh.h xencall.h
have_in = $(if $(strip $(foreach h,$(LIBXC_HEADERS),$(if $(wildcard $(1)/$(h)),,missing))),,$(1))
LIBXC_INCLUDE ?= $(firstword $(call have_in,$(LIBXC_TREE)/include) \
    $(call have_in,/usr/include))
LIBXC_LIBS ?= $(if $(filter $(LIBXC_TREE)/%,$(LIBXC_INCLUDE)), \
    -L$(LIBXC_TREE)/build -Wl$(comma)-rpath-link$(comma)$(LIBXC_TREE)/build) \
    -lxenctrl -lxencall
comma := ,
