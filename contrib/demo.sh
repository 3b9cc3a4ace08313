#!/bin/sh
# A secondary sync end to end, on loopback: dittod serves etc/named.conf on
# 127.0.0.1 port 5300 (example.com from its file); a BIND named started here
# is the primary of example.net on port 5301 (etc/primary/). dittod takes
# the zone by AXFR, then a change on the primary reaches it by NOTIFY and
# IXFR, all signed with TSIG. Both servers are stopped at the end.
# Usage: contrib/demo.sh [path/to/dittod]     (default: build/daemon/dittod)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
dittod=${1:-build/daemon/dittod}
tmp=$(mktemp -d /tmp/ditto-demo.XXXXXX)
npid=""
dpid=""

stop() {
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null || true
	[ -n "$npid" ] && kill "$npid" 2>/dev/null || true
	i=0
	while [ $i -lt 50 ] && { kill -0 "$dpid" 2>/dev/null ||
		kill -0 "$npid" 2>/dev/null; }; do
		sleep 0.1
		i=$((i + 1))
	done
	rm -rf "$tmp"
}
trap stop EXIT INT TERM

ask() { dig @127.0.0.1 -p "$1" +norec +short +time=1 +tries=1 "$2" "$3"; }

# wait_for PORT NAME TYPE EXPECTED: poll for up to 15 s
wait_for() {
	i=0
	while [ $i -lt 150 ]; do
		if ask "$1" "$2" "$3" | grep -q -- "$4"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "demo: gave up waiting for $2/$3 = $4 on port $1" >&2
	tail -n 20 "$tmp/dittod.log" >&2
	exit 1
}

rm -f etc/db.example.net etc/db.example.net.dj etc/db.example.net.dt
sed "s|@DIR@|$tmp|g" etc/primary/named.conf >"$tmp/named.conf"
cp etc/primary/db.example.net "$tmp/db.example.net"

echo "== the primary: named on 127.0.0.1#5301 serves example.net"
named -g -c "$tmp/named.conf" >"$tmp/named.log" 2>&1 &
npid=$!
wait_for 5301 example.net SOA 2026010101

echo "== dittod on 127.0.0.1#5300 (etc/named.conf)"
"$dittod" -g -c etc/named.conf 2>"$tmp/dittod.log" &
dpid=$!
wait_for 5300 www.example.com A 192.0.2.80
echo "dig @127.0.0.1 -p 5300 www.example.com A   -> $(ask 5300 www.example.com A)"

echo "== dittod transfers example.net from the primary"
wait_for 5300 example.net SOA 2026010101
echo "dig @127.0.0.1 -p 5300 www.example.net A   -> $(ask 5300 www.example.net A)"
grep -E "xfer-in|transfer of" "$tmp/dittod.log" | sed 's/^/  dittod: /'

echo "== a change on the primary: new serial, new record; named reloads"
sed -e 's/2026010101/2026010102/' "$tmp/db.example.net" >"$tmp/z.new"
printf 'new\tIN A\t192.0.2.82\n' >>"$tmp/z.new"
mv "$tmp/z.new" "$tmp/db.example.net"
: >"$tmp/dittod.mark"
lines=$(wc -l <"$tmp/dittod.log")
kill -HUP "$npid"
wait_for 5300 new.example.net A 192.0.2.82
echo "dig @127.0.0.1 -p 5300 new.example.net A   -> $(ask 5300 new.example.net A)"
tail -n +"$((lines + 1))" "$tmp/dittod.log" |
	grep -E "notify|xfer-in|transfer of" | sed 's/^/  dittod: /'
echo "== done: dittod followed its primary by NOTIFY and IXFR; stopping both"
