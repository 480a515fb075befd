#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian packages in config/debian-packages.txt that are not
# installed yet.  Needs root (or sudo) only when something is missing.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
missing=""
for p in $(grep -v '^#' "$top/config/debian-packages.txt"); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
