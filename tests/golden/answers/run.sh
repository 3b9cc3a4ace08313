#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Differential test of dittod's answers against a real BIND 9.18 named,
# both started from the same named.conf (tests/system/answers/
# diff_answers.py). Usage: run.sh BUILD_DIR
set -eu
build=$1
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if ! command -v named >/dev/null 2>&1 || ! "$py" -c 'import dns' 2>/dev/null; then
	echo "named or dnspython missing: skipped"
	exit 0
fi
exec "$py" "$here/../../system/answers/diff_answers.py" "$build"
