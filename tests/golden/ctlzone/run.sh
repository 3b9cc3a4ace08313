#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System test of the rndc zone commands (tests/system/ctlzone): the real
# rndc against dittod and against named with the same configuration.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
exec /usr/bin/python3 "$here/../../system/ctlzone/test_ctlzone.py" "$bin"
