# SPDX-License-Identifier: GPL-2.0-only
# Recursive object build: each directory's Makefile lists obj-y; this file
# turns that list into built_in.o (the directory's objects and its
# subdirectories' built_in.o, linked with ld -r).

include $(XEN_ROOT)/Config.mk
include $(XEN_ROOT)/xen/flags.mk

obj-y :=
include Makefile

subdirs := $(patsubst %/,%,$(filter %/,$(obj-y)))
objs    := $(filter-out %/,$(obj-y))

built_in.o: $(objs) $(addsuffix /built_in.o,$(subdirs))
	@$(LD) -r -o $@ $^

$(addsuffix /built_in.o,$(subdirs)): FORCE
	@$(MAKE) --no-print-directory -f $(XEN_ROOT)/xen/Rules.mk -C $(dir $@) built_in.o

%.o: %.c
	@echo "  CC      $(CURDIR:$(XEN_ROOT)/%=%)/$@"
	@$(CC) $(XEN_CFLAGS) -MMD -MP -c $< -o $@

%.o: %.S
	@echo "  AS      $(CURDIR:$(XEN_ROOT)/%=%)/$@"
	@$(CC) $(XEN_AFLAGS) -MMD -MP -c $< -o $@

%.lds: %.lds.S
	$(CC) $(XEN_AFLAGS) -P -E -x c $< -o $@

-include $(objs:.o=.d)

.PHONY: FORCE
FORCE:
