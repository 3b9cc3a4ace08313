#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Benchmark: named-checkzone vs ditto-checkzone on one generated zone of
# about 1,000,000 records, in the same run. Reports wall time and peak RSS
# (GNU time -v) and the ratios. Targets: ditto 3x faster, half the memory.
# Usage: run.sh <builddir> [records]    (-i local: no network lookups)
set -eu
build=${1:?usage: run.sh <builddir> [records]}
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/genzone.py" "$n" bench.example >"$tmp/zone.db"
measure() { # name, command...
	name=$1
	shift
	/usr/bin/time -v "$@" >"$tmp/$name.out" 2>"$tmp/$name.time" || true
	wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tmp/$name.time")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/$name.time")
	secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
	echo "$name $secs $rss"
}
b=$(measure named named-checkzone -i local bench.example "$tmp/zone.db")
d=$(measure ditto "$build/ctl/ditto-checkzone" -i local bench.example "$tmp/zone.db")
tail -n 1 "$tmp/named.out" "$tmp/ditto.out"
echo "$b
$d" | awk '{ t[$1] = $2; m[$1] = $3 }
END {
	printf "%-16s %8s %10s\n", "", "wall(s)", "RSS(MiB)"
	printf "%-16s %8.2f %10.1f\n", "named-checkzone", t["named"], m["named"] / 1024
	printf "%-16s %8.2f %10.1f\n", "ditto-checkzone", t["ditto"], m["ditto"] / 1024
	printf "speed-up %.2fx (target 3x), memory %.2f of named (target 0.5)\n",
		t["named"] / (t["ditto"] > 0 ? t["ditto"] : 0.01), m["ditto"] / m["named"]
}'
