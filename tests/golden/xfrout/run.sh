#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod as an upstream (tests/system/xfrout): AXFR/IXFR out, TSIG,
# allow-transfer, transfers-out, bad clients; a real BIND named feeds its
# secondary zone; 127.0.0.1, random ports. Skipped (exit 77
# would need SKIP_RETURN_CODE; we pass with a note) without named.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
named=$(command -v named || echo /usr/sbin/named)
if [ ! -x "$named" ] || ! command -v rndc >/dev/null 2>&1; then
	[ -x /usr/sbin/rndc ] || { echo "SKIP: no named/rndc"; exit 0; }
fi
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import dns.message' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
exec timeout 300 "$py" "$here/../../system/xfrout/test_xfrout.py" "$bin" \
	"$named"
