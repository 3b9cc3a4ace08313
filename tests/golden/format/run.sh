#!/bin/sh
# Format gate (STYLE.md section 12): every tracked C file is as clang-format
# writes it with the project's .clang-format. Prints the files that are not
# and the command that fixes them. Skipped when clang-format or git is absent.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1
cf=$(command -v clang-format-16 || command -v clang-format || true)
if [ -z "$cf" ] || ! git rev-parse --git-dir >/dev/null 2>&1; then
	echo "clang-format or git not available: format check skipped"
	exit 0
fi
bad=""
for f in $(git ls-files '*.c' '*.h'); do
	[ -f "$f" ] || continue
	"$cf" --dry-run -Werror "$f" >/dev/null 2>&1 || bad="$bad $f"
done
if [ -n "$bad" ]; then
	echo "not clang-formatted:$bad"
	echo "fix with: clang-format -i$bad"
	exit 1
fi
echo "format OK"
