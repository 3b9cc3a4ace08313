#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Build and run the acl micro-benchmark: sh contrib/bench/acl/run.sh
# (compiles lib/acl and what it needs straight from the tree, -O2).
set -e
top=$(cd "$(dirname "$0")/../../.." && pwd)
out=${TMPDIR:-/tmp}/ditto_acl_bench.$$
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -g -I"$top/lib" \
	"$top/contrib/bench/acl/acl_bench.c" "$top"/lib/acl/*.c \
	"$top/lib/dns/name.c" "$top/lib/util/mem.c" "$top/lib/util/err.c" \
	"$top/lib/util/result.c" -o "$out"
"$out"
rm -f "$out"
