#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod against a misbehaving scripted primary
# (tests/system/xfrbad): truncated, inconsistent, out-of-zone, badly
# signed, stalled, endless and garbage transfers on 127.0.0.4, random
# ports. Needs python3 with dnspython; takes about 80 seconds (one case
# waits for max-transfer-idle-in, 1 minute at the least).
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import dns.message' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { echo "no python3 with dnspython"; exit 1; }
exec timeout 300 "$py" "$here/../../system/xfrbad/test_xfrbad.py" "$bin"
