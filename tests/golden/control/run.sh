#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod's control channel (tests/system/control): the real
# rndc against dittod, compared with a real named when one is installed
# (that part is skipped with a note otherwise), plus hostile clients.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
command -v rndc >/dev/null 2>&1 || { echo "SKIP: no rndc"; exit 0; }
command -v python3 >/dev/null 2>&1 || { echo "no python3"; exit 1; }
named=$(command -v named || true)
exec timeout 500 python3 "$here/../../system/control/test_control.py" "$bin" \
	$named
