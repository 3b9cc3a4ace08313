#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Build the AXFR-out render benchmark against a ditto build directory:
#   contrib/bench/xfrout/build.sh build-dir   ->  build-dir/render_bench
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
b=${1:?usage: build.sh BUILDDIR}
ninja -C "$b" lib/xfr/libditto_xfr.a lib/zone/libditto_zone.a \
	lib/dns/libditto_dns.a lib/util/libditto_util.a
${CC:-cc} -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -I"$top/lib" \
	"$here/render_bench.c" -o "$b/render_bench" \
	"$b/lib/xfr/libditto_xfr.a" "$b/lib/zone/libditto_zone.a" \
	"$b/lib/dns/libditto_dns.a" "$b/lib/util/libditto_util.a"
echo "$b/render_bench"
