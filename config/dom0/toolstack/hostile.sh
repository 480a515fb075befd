# SPDX-License-Identifier: GPL-2.0-only
# Hostile clients against xenstored; then the tools still get answers.
. /usr/libexec/dom0-tests/toolstack/lib.sh
python3 /usr/libexec/dom0-tests/toolstack/xs-hostile.py
run after-name xenstore-read /local/domain/0/name
run after-list xm list
