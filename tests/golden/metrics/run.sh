#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# System test of /metrics (tests/system/metrics): dittod, secondary of a
# real named, scraped on its statistics channel and checked with promtool;
# the families must be those contrib/prometheus/README.md lists.
# Usage: run.sh BUILD_DIR
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/daemon/dittod"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
PATH=$PATH:/usr/sbin
export PATH
named=$(command -v named || true)
if [ -z "$named" ] || ! command -v rndc >/dev/null 2>&1 ||
	! command -v promtool >/dev/null 2>&1; then
	echo "SKIP: no named, rndc or promtool"
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
fam=$(mktemp /tmp/metrics-families.XXXXXX)
trap 'rm -f "$fam"' EXIT
grep -o '^| `ditto_[a-z_]*`' "$top/contrib/prometheus/README.md" |
	tr -d '|` ' > "$fam"
timeout 300 "$py" "$here/../../system/metrics/test_metrics.py" "$bin" \
	"$named" "$fam"
