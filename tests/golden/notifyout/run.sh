#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod's NOTIFY out (tests/system/notifyout): dnspython
# listeners on 127.0.0.2-4 as downstream servers, a real named as the
# primary of a secondary zone (left out with a note when not installed).
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
command -v rndc >/dev/null 2>&1 || { echo "SKIP: no rndc"; exit 0; }
named=$(command -v named || echo "")
exec timeout 300 "$py" "$here/../../system/notifyout/test_notifyout.py" \
	"$bin" $named
