#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# dittoctl against a real named, compared with the real rndc
# (tests/system/dittoctl); also against dittod when it is built and its
# control channel answers (else the script prints SKIP for that part).
# Passes with a note when named/rndc are not installed.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/ctl/dittoctl"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
named=$(command -v named || echo /usr/sbin/named)
if [ ! -x "$named" ] || ! command -v rndc >/dev/null 2>&1; then
	echo "SKIP: no named/rndc"
	exit 0
fi
py=$(command -v python3) || { echo "no python3"; exit 1; }
dittod="$build/daemon/dittod"
[ -x "$dittod" ] || dittod=
exec timeout 500 "$py" "$here/../../system/dittoctl/test_dittoctl.py" \
	"$bin" "$named" $dittod
