# SPDX-License-Identifier: GPL-2.0-only
# Rules that build guest test kernels with the framework in lib/.
#
# The including Makefile sets:
#   GUEST_SRCDIR   directory of the test sources (<name>.c, one per kernel)
#   GUEST_BUILD    output directory (<name>-<env>.elf land here)
#   GUEST_NAMES    the <name>s to build
# and gets the variables GUEST_ENVS and GUEST_ELFS and the rules.

GUEST_LIB := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/lib
GUEST_XEN_INCLUDE := $(abspath $(GUEST_LIB)/../../../xen/include)

GUEST_ENVS := x64 x32 x32pse x32pae

CC ?= gcc
LD ?= ld

GUEST_CFLAGS := -std=gnu11 -O2 -g -nostdinc \
    -isystem $(shell $(CC) -print-file-name=include) \
    -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-common -fno-strict-aliasing \
    -fcf-protection=none -fno-builtin \
    -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -msoft-float \
    -Wall -Wextra -Werror -Wno-missing-field-initializers \
    -I$(GUEST_LIB) -I$(GUEST_XEN_INCLUDE) \
    -D__XEN_INTERFACE_VERSION__=0x00040e00

guest-cflags-x64 := -m64 -mno-red-zone -mcmodel=small -DENV_X64
guest-cflags-x32 := -m32 -march=i686 -DENV_X32
guest-cflags-x32pse := -m32 -march=i686 -DENV_X32PSE
guest-cflags-x32pae := -m32 -march=i686 -DENV_X32PAE

guest-ldemu-x64 := elf_x86_64
guest-ldemu-x32 := elf_i386
guest-ldemu-x32pse := elf_i386
guest-ldemu-x32pae := elf_i386

GUEST_LIB_SRCS := head.S trap-stubs.S smp-entry.S setup.c traps.c hypercall.c \
    console.c smp.c \
    check.c string.c cmdline.c toolstack.c grant.c domu.c
GUEST_HDRS := $(wildcard $(GUEST_LIB)/*.h) \
    $(wildcard $(GUEST_XEN_INCLUDE)/public/*.h \
               $(GUEST_XEN_INCLUDE)/public/*/*.h \
               $(GUEST_XEN_INCLUDE)/public/*/*/*.h)

GUEST_LDFLAGS := -nostdlib --build-id=none -z noexecstack \
    --no-warn-rwx-segments \
    -z max-page-size=4096 -T $(GUEST_LIB)/guest.ld

GUEST_ELFS := $(foreach n,$(GUEST_NAMES), \
    $(foreach e,$(GUEST_ENVS),$(GUEST_BUILD)/$(n)-$(e).elf))

# A test too big for one file keeps the rest in <name>/*.c (and headers
# there); those objects are linked into <name>-<env>.elf as well.
guest-parts = $(basename $(notdir $(wildcard $(GUEST_SRCDIR)/$(1)/*.c)))
GUEST_MULTI := $(foreach n,$(GUEST_NAMES), \
    $(if $(call guest-parts,$(n)),$(n)))
GUEST_HDRS += $(foreach n,$(GUEST_MULTI),$(wildcard $(GUEST_SRCDIR)/$(n)/*.h))

# $(1) = environment
define GUEST_ENV_RULES
guest-libobjs-$(1) := $(patsubst %,$(GUEST_BUILD)/$(1)/lib/%.o, \
    $(basename $(GUEST_LIB_SRCS)))

$(GUEST_BUILD)/$(1)/lib/%.o: $(GUEST_LIB)/%.c $(GUEST_HDRS)
	@mkdir -p $$(@D)
	$(CC) $(GUEST_CFLAGS) $(guest-cflags-$(1)) -DGUEST_ENV='"$(1)"' \
	    -c $$< -o $$@

$(GUEST_BUILD)/$(1)/lib/%.o: $(GUEST_LIB)/%.S $(GUEST_HDRS)
	@mkdir -p $$(@D)
	$(CC) $(GUEST_CFLAGS) $(guest-cflags-$(1)) -D__ASSEMBLY__ \
	    -c $$< -o $$@

$(GUEST_BUILD)/$(1)/%.o: $(GUEST_SRCDIR)/%.c $(GUEST_HDRS)
	@mkdir -p $$(@D)
	$(CC) $(GUEST_CFLAGS) $(guest-cflags-$(1)) \
	    -DGUEST_TEST_NAME='"$$*"' -c $$< -o $$@

$(GUEST_BUILD)/%-$(1).elf: $(GUEST_BUILD)/$(1)/%.o \
    $$(guest-libobjs-$(1)) $(GUEST_LIB)/guest.ld
	$(LD) -m $(guest-ldemu-$(1)) $(GUEST_LDFLAGS) -o $$@ \
	    $$(filter %.o,$$^)
endef

# The includer's first rule stays the default goal.
.DEFAULT_GOAL := all

# $(1) = environment, $(2) = multi-file test name
define GUEST_PARTS_RULES
$(GUEST_BUILD)/$(1)/$(2)/%.o: $(GUEST_SRCDIR)/$(2)/%.c $(GUEST_HDRS)
	@mkdir -p $$(@D)
	$(CC) $(GUEST_CFLAGS) $(guest-cflags-$(1)) -c $$< -o $$@

$(GUEST_BUILD)/$(2)-$(1).elf: $(patsubst %,$(GUEST_BUILD)/$(1)/$(2)/%.o, \
    $(call guest-parts,$(2)))
endef

$(foreach e,$(GUEST_ENVS),$(eval $(call GUEST_ENV_RULES,$(e))))
$(foreach e,$(GUEST_ENVS),$(foreach n,$(GUEST_MULTI), \
    $(eval $(call GUEST_PARTS_RULES,$(e),$(n)))))

.SECONDARY:
