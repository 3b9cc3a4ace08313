#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Benchmark: ditto-checkconf vs named-checkconf on a generated config with
# N (default 10000) secondary zones (TSIG, primaries lists, ACLs), in the
# same run. Usage: run.sh BUILDDIR [N] [ROUNDS]
set -eu
build=${1:?usage: run.sh BUILDDIR [N] [ROUNDS]}
n=${2:-10000}
rounds=${3:-5}
tool=$build/ctl/ditto-checkconf
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
conf=$dir/named.conf
{
	echo 'key "xfer" { algorithm hmac-sha256; secret "c2VjcmV0c2VjcmV0c2VjcmV0"; };'
	echo 'acl "secondaries" { 192.0.2.0/24; 2001:db8::/32; key "xfer"; };'
	echo 'primaries "up" { 192.0.2.1 key "xfer"; 2001:db8::1 key "xfer"; };'
	echo 'options { directory "'"$dir"'"; recursion no; allow-transfer { secondaries; }; transfers-in 50; };'
	i=0
	while [ $i -lt "$n" ]; do
		printf 'zone "zone%d.example" {\n\ttype secondary;\n\tfile "sec/zone%d.example.db";\n\tprimaries { up; };\n\tallow-notify { 192.0.2.1; };\n\tmax-transfer-time-in 60;\n};\n' $i $i
		i=$((i + 1))
	done
} > "$conf"
echo "config: $n zones, $(wc -c < "$conf") bytes"
time_it() {
	best=
	r=0
	while [ $r -lt "$rounds" ]; do
		s=$(date +%s.%N)
		"$@" "$conf" > /dev/null 2>&1 || { echo "$1 failed"; exit 1; }
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
			best=$t
		fi
		r=$((r + 1))
	done
	echo "$best"
}
d=$(time_it "$tool")
b=$(time_it named-checkconf)
echo "ditto-checkconf: ${d}s (best of $rounds)"
echo "named-checkconf: ${b}s (best of $rounds)"
echo "speedup: $(echo "scale=2; $b / $d" | bc)x"
