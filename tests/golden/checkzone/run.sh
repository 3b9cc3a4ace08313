#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Golden tests of ditto-checkzone: each <case>.zone is checked and dumped
# with "-i local -D -o - <zone> <case>.zone" (zone: example.com, or the
# first word of <case>.args); stderr then stdout must equal <case>.out,
# which named-checkzone 9.18 produced. Then the verdict corpus comparison
# (tests/corpus/compare.py) runs with its allowlist.
set -u
build=$(cd "${1:?usage: run.sh <builddir>}" && pwd) || exit 1
bin="$build/ctl/ditto-checkzone"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
cd "$here" || exit 1
for z in *.zone; do
	c=${z%.zone}
	zone=example.com
	[ -f "$c.args" ] && zone=$(cut -d' ' -f1 "$c.args")
	"$bin" -i local -D -o - "$zone" "$z" >"$tmp/out" 2>"$tmp/err"
	echo "exit=$?" >>"$tmp/err"
	cat "$tmp/err" "$tmp/out" >"$tmp/got"
	if ! cmp -s "$tmp/got" "$c.out"; then
		echo "FAIL $c"
		diff "$c.out" "$tmp/got" | head -20
		fail=1
	fi
done
python3 "$here/../../corpus/compare.py" "$bin" || fail=1
exit $fail
