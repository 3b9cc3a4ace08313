#!/bin/bash
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# Manual oracle for acl_test.c: runs a real named on 127.0.0.1 (high port)
# with a given allow-query list and prints each query's status (NOERROR =
# ALLOW, REFUSED = DENY or no match). Not run by ctest (needs root-ish
# named and free ports). Usage:
#   bind_oracle.sh 'ACL-DEFS' 'ALLOW-QUERY-ELEMENTS' <<< 'SRC SERVER [KEY]'
# e.g. bind_oracle.sh '' '{ !127.0.0.1; 127.0.0.2; }; any;' \
#          <<< $'127.0.0.1 127.0.0.1\n127.0.0.2 127.0.0.1'
# Keys k1 and k2 exist (hmac-sha256, secret below); KEY signs with it.
set -u
PORT=${PORT:-53917}
D=$(mktemp -d /tmp/ditto-acl-oracle.XXXXXX)
SECRET=c2VjcmV0c2VjcmV0c2VjcmV0
printf '$TTL 300\n@ SOA ns. h. 1 3600 600 86400 300\n@ NS ns.\n@ A 192.0.2.1\n' \
	> "$D/test.zone"
cat > "$D/named.conf" <<EOC
key "k1" { algorithm hmac-sha256; secret "$SECRET"; };
key "k2" { algorithm hmac-sha256; secret "$SECRET"; };
$1
controls { };
options {
	directory "$D"; pid-file "$D/pid"; recursion no;
	listen-on port $PORT { 127.0.0.1; };
	listen-on-v6 port $PORT { ::1; };
	allow-query { $2 };
};
zone "test." { type primary; file "test.zone"; };
EOC
: > "$D/log"
named -c "$D/named.conf" -g -u "$(id -un)" > "$D/log" 2>&1 &
NP=$!
for _ in $(seq 100); do
	grep -q "all zones loaded" "$D/log" && break
	kill -0 $NP 2>/dev/null || { cat "$D/log"; exit 1; }
	sleep 0.1
done
while read -r src srv key; do
	ky=()
	[ -n "${key:-}" ] && ky=(-y "hmac-sha256:$key:$SECRET")
	st=$(dig +tries=1 +time=2 -p "$PORT" -b "$src" @"$srv" test. A \
		"${ky[@]}" 2>&1 | grep -o 'status: [A-Z]*')
	echo "[$2] from $src key=${key:-} -> $st"
done
kill $NP
wait $NP 2>/dev/null
rm -rf "$D"
