#!/bin/sh
# The whole test suite: a -Werror build with its unit, golden, system and
# fuzz-replay tests, then the same under ASan+UBSan, then the threaded daemon
# tests under TSan. Run from the top of the repository.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (gcc, -Werror) and test"
cmake -S . -B build -G Ninja -DWERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== build (clang, ASan+UBSan, -Werror) and test"
CC=clang cmake -S . -B build-asan -G Ninja -DWERROR=ON \
	-DCMAKE_BUILD_TYPE=Debug -DSANITIZER=address,undefined
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j "$jobs"
echo "== build (clang, TSan, -Werror) and the threaded daemon tests"
CC=clang cmake -S . -B build-tsan -G Ninja -DWERROR=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANITIZER=thread
cmake --build build-tsan -j "$jobs" --target dittod dittoctl
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	ctest --test-dir build-tsan --output-on-failure -R '^golden/(daemon|control|xfrout|notifyout|logging)$'
echo "== all tests passed"
