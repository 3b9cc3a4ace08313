#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System test of dittod's transfer, NOTIFY and sync-health counters
# (tests/system/health): a real named primary, dittod secondary, counters
# read from /metrics and rndc stats. Skipped when named or rndc is missing.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import dns.message, dns.zone' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
command -v rndc >/dev/null 2>&1 || { echo "SKIP: no rndc"; exit 0; }
named=$(command -v named || echo "")
[ -n "$named" ] || { echo "SKIP: no named"; exit 0; }
exec timeout 300 "$py" "$here/../../system/health/test_health.py" \
	"$bin" "$named"
