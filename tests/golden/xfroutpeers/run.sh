#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System tests of dittod as the upstream of BIND, NSD and Knot DNS
# secondaries (tests/system/xfroutpeers): AXFR/IXFR out with TSIG, NOTIFY
# out, a three-tier chain, IXFR from a serial older than the history, slow
# and vanishing downstreams; on 127.0.0.1 with random ports. A downstream
# that is not installed is left out with a note; without named (needed as
# the top primary) the test passes with a SKIP note.
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
for t in named rndc kdig; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: no $t"; exit 0; }
done
peers="named"
if command -v nsd >/dev/null 2>&1; then
	peers="$peers nsd"
else
	echo "note: no nsd, NSD left out"
fi
if command -v knotd >/dev/null 2>&1; then
	peers="$peers knot"
else
	echo "note: no knotd, Knot left out"
fi
exec timeout 600 "$py" "$here/../../system/xfroutpeers/test_xfroutpeers.py" \
	--upstream dittod --dittod "$bin" --peers "$peers"
