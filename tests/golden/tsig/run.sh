#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# ditto signs, dnspython verifies: tsig_interop_test exports ditto-signed
# requests and streams for every algorithm, interop.py checks them.
# Usage: run.sh BUILDDIR
set -eu
build=${1:?usage: run.sh BUILDDIR}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import dns.tsig' 2>/dev/null; then
	echo "SKIP: python3-dnspython is not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DITTO_TSIG_EXPORT=$tmp "$build/tests/tsig_interop_test" >"$tmp/log" 2>&1 ||
	{ cat "$tmp/log"; exit 1; }
n=$(ls "$tmp"/*.tcp | wc -l)
if [ "$n" -ne 6 ]; then
	echo "expected 6 exported streams, found $n"
	exit 1
fi
"$py" "$src/unit/tsig/interop.py" "$tmp"
