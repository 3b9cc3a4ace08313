#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Golden tests of ditto-checkconf: each cases/X.conf is checked (with the
# flags in X.args, if any) and its output, with the exit code appended as
# "rc=N", must equal cases/X.out. Then the verdict corpus is replayed
# (tests/corpus/configs/compare.py). Usage: run.sh BUILDDIR [--update]
set -u
build=${1:?usage: run.sh BUILDDIR [--update]}
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$build" && pwd)
tool=$build/ctl/ditto-checkconf
[ -x "$tool" ] || { echo "no $tool"; exit 1; }
fail=0
n=0
cd "$here/cases" || exit 1
for conf in *.conf; do
	name=${conf%.conf}
	args=
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	out=$(timeout 60 "$tool" $args "$conf" 2>&1; echo "rc=$?")
	n=$((n + 1))
	if [ "${2:-}" = "--update" ]; then
		printf '%s\n' "$out" > "$name.out"
		continue
	fi
	if [ "$out" != "$(cat "$name.out")" ]; then
		echo "FAIL $name"
		printf '%s\n' "$out" | diff -u "$name.out" - | head -20
		fail=1
	fi
done
echo "golden/checkconf: $n cases"
if command -v python3 >/dev/null 2>&1; then
	python3 "$here/../../corpus/configs/compare.py" "$tool" || fail=1
fi
exit $fail
