#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod as the secondary of NSD and Knot DNS primaries
# (tests/system/xfrpeers): TSIG hmac-sha256, AXFR, NOTIFY, IXFR (Knot),
# primary outage, on 127.0.0.1 with random ports. A primary that is not
# installed is left out with a note; with neither the test passes with a
# SKIP note.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import dns.message' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
kinds=
if command -v nsd >/dev/null 2>&1 && command -v nsd-control >/dev/null 2>&1
then
	kinds="nsd"
else
	echo "note: no nsd/nsd-control, NSD left out"
fi
if command -v knotd >/dev/null 2>&1 && command -v knotc >/dev/null 2>&1; then
	kinds="$kinds knot"
else
	echo "note: no knotd/knotc, Knot left out"
fi
[ -n "$kinds" ] || { echo "SKIP: neither NSD nor Knot"; exit 0; }
# shellcheck disable=SC2086
exec timeout 300 "$py" "$here/../../system/xfrpeers/test_xfrpeers.py" \
	"$bin" $kinds
