#!/bin/sh
# README's first command ends with contrib/demo.sh: keep it working.
# Skipped when named is not installed.
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
if ! command -v named >/dev/null 2>&1; then
	echo "named not installed: demo skipped"
	exit 0
fi
exec sh "$top/contrib/demo.sh" "$1/daemon/dittod"
