#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# dittoctl sync-check against a dittod secondary and a named secondary of a
# real named primary, on loopback (tests/system/synccheck). Without dittod
# built, only the named part runs. Passes with a note when named is not
# installed.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/ctl/dittoctl"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
named=$(command -v named || echo /usr/sbin/named)
if [ ! -x "$named" ]; then
	echo "SKIP: no named"
	exit 0
fi
py=
for c in /usr/bin/python3 python3; do
	if command -v "$c" >/dev/null 2>&1 &&
		"$c" -c 'import dns.message' 2>/dev/null; then
		py=$(command -v "$c")
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
dittod="$build/daemon/dittod"
[ -x "$dittod" ] || dittod=
exec timeout 500 "$py" "$here/../../system/synccheck/test_synccheck.py" \
	"$bin" "$named" $dittod
