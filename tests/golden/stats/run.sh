#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# The query path's counters and `rndc stats` (tests/system/stats): dittod
# and a real named get the same requests on 127.0.0.1 (random ports) and
# their statistics dumps must agree. Passes with a note without named/rndc.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
named=$(command -v named || true)
if [ -z "$named" ] || ! command -v rndc >/dev/null 2>&1; then
	echo "SKIP: no named/rndc"
	exit 0
fi
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import dns.message' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
exec timeout 240 "$py" "$here/../../system/stats/test_stats.py" "$bin" \
	"$named"
