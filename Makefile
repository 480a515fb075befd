# SPDX-License-Identifier: GPL-2.0-only
# One entry point for the whole project.
#   make          build the hypervisor (xen/xen, xen/xen.gz)
#   make run      install what is missing, build, boot in QEMU (dom0 shell)
#   make tools    the dom0 toolstack (xenstored, xenconsoled, xm, xend; tools/)
#                 and the userspace backends (xen-blkd; dom0-drivers/)
#   make dom0     dom0 initramfs (build/dom0/initramfs.cpio.gz)
#   make test     unit tests, toolstack tests, then system tests under QEMU
#   make iso      GRUB multiboot2 ISO (build/xen.iso)
#   make bench    benchmarks (not part of make test)

XEN_ROOT := $(CURDIR)
include Config.mk

.PHONY: all xen tools deps dom0 run test unit-test tools-test system-test iso bench \
        clean

all: xen

xen:
	@$(MAKE) --no-print-directory -C xen

tools:
	@$(MAKE) --no-print-directory -C tools
	@$(MAKE) --no-print-directory -C dom0-drivers

deps:
	@scripts/install-deps.sh

dom0:
	@config/dom0/mkinitramfs.sh build/dom0/initramfs.cpio.gz

run: deps xen dom0
	@scripts/run-qemu.sh

iso: xen
	@mkdir -p build
	scripts/mkiso.sh xen/xen build/xen.iso

unit-test:
	@$(MAKE) --no-print-directory -C tests/unit > build/unit.log 2>&1; \
	    rc=$$?; cat build/unit.log; exit $$rc

# The toolstack's suites, each ending with "<suite>: N passed, M failed".
TOOLS_SUITES := libxc xm xenstore console blkd
TOOLS_LOGS := $(patsubst %,build/tools-%.log,$(TOOLS_SUITES))

tools-test:
	@mkdir -p build
	@rc=0; for s in $(TOOLS_SUITES); do \
	    $(MAKE) --no-print-directory -C tests/tools/$$s \
	        > build/tools-$$s.log 2>&1 || rc=1; \
	    tail -n 3 build/tools-$$s.log; \
	done; exit $$rc

system-test: xen
	@$(PYTHON) tests/system/run.py

# Both suites always run; the last line adds them up.
test: deps
	@mkdir -p build
	@$(MAKE) --no-print-directory xen
	@rc=0; \
	$(MAKE) --no-print-directory unit-test || rc=1; \
	$(MAKE) --no-print-directory tools-test || rc=1; \
	$(PYTHON) tests/system/run.py --summary build/system.summary || rc=1; \
	$(PYTHON) tests/system/total.py build/unit.log $(TOOLS_LOGS) \
	    build/system.summary; \
	exit $$rc

bench: deps xen
	@$(PYTHON) tests/bench/run.py

clean:
	@$(MAKE) --no-print-directory -C xen clean
	@$(MAKE) --no-print-directory -C tests/unit clean
	rm -rf build
