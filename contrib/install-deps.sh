#!/bin/sh
# Install what ditto needs to build and test on Debian 12 (run as root).
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
	build-essential cmake ninja-build pkg-config clang clang-format \
	libclang-rt-14-dev \
	flex bison libssl-dev liburcu-dev libedit-dev libcmocka-dev \
	bind9 bind9-utils bind9-dnsutils nsd knot knot-dnsutils \
	python3 python3-dnspython
