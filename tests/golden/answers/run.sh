#!/bin/sh
# Differential test of the answer engine against a real BIND 9.18 named
# (tests/system/answers/diff_answers.py). Usage: run.sh BUILD_DIR
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
