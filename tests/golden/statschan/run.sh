#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# statistics-channels (tests/system/statschan): dittod and a real named
# serve the same configuration on 127.0.0.1 with random ports;
# prometheus-bind-exporter scrapes both and the metric families are
# compared; paths and document shapes, the allow list, bad HTTP input and
# reload are checked. Passes with a note without named/rndc.
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
exec timeout 240 "$py" "$here/../../system/statschan/test_statschan.py" \
	"$bin" "$named"
