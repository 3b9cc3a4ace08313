#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Build the answer-engine micro-benchmark against a ditto build directory:
#   contrib/bench/answer/build.sh build-dir   ->  build-dir/answerbench
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
b=${1:?usage: build.sh BUILDDIR}
ninja -C "$b" lib/zone/libditto_zone.a lib/dns/libditto_dns.a \
	lib/util/libditto_util.a
${CC:-cc} -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -I"$top/lib" \
	"$here/answerbench.c" -o "$b/answerbench" \
	"$b/lib/zone/libditto_zone.a" "$b/lib/dns/libditto_dns.a" \
	"$b/lib/util/libditto_util.a"
echo "$b/answerbench"
