#!/bin/sh
# Install what ditto needs to build and test on Debian 12 (run as root).
# With --list, print the package list only (.ci/run uses it).
set -eu
packages="build-essential cmake ninja-build pkg-config clang clang-format
	libclang-rt-14-dev
	flex bison libssl-dev liburcu-dev libedit-dev libcmocka-dev
	liblmdb-dev lmdb-utils libmicrohttpd-dev
	prometheus prometheus-bind-exporter
	bind9 bind9-utils bind9-dnsutils nsd knot knot-dnsutils
	python3 python3-dnspython"
if [ "${1:-}" = "--list" ]; then
	echo $packages
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # the list is split on purpose
apt-get install -y --no-install-recommends $packages
