#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# xfroutbench: zone transfers OUT of dittod, BIND (named), NSD and Knot
# serving the same generated zone as a primary from a file, in the same
# run, one server at a time. See README.md.
#
# Per server (a fresh temporary directory, every thread pinned to core 0;
# the clients run on core 1):
#   axfr   wall time of a full AXFR of the zone, -r runs each with
#          xfrpull (../xfr/xfrpull.c, built here: frames and counts the
#          records, keeps nothing) and with kdig +noall; the median
#   qps    dnsperf -c 10 for -l seconds alone, then again while -j
#          concurrent loops of xfrpull AXFR the zone; the drop in %, and
#          how many AXFRs completed meanwhile
# Then a table with ratios against dittod.
#
# Usage: run.sh [-n RECORDS] [-r RUNS] [-l SECONDS] [-j LOOPS]
#               [-s "SERVERS"] [-b BUILDDIR | -d DITTOD] [-o OUTDIR] [-k]
#   -n  zone size (default 1000000)     -r  AXFR runs per client (default 3)
#   -l  seconds per dnsperf run (10)    -j  concurrent AXFR loops (10)
#   -s  servers (default "dittod named nsd knot")
#   -b  build directory holding daemon/dittod (default <repo>/build)
#   -d  the dittod binary               -o  output directory (default: temp)
#   -k  keep the temporary directory
# Environment: XFROUTBENCH_PORT (first port, default 20730).
# shellcheck disable=SC2046,SC2013
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
records=1000000
runs=3
seconds=10
loops=10
servers="dittod named nsd knot"
build="$repo/build"
dittod=
outdir=
keep=0
while getopts n:r:l:j:s:b:d:o:k opt; do
	case $opt in
	n) records=$OPTARG ;;
	r) runs=$OPTARG ;;
	l) seconds=$OPTARG ;;
	j) loops=$OPTARG ;;
	s) servers=$OPTARG ;;
	b) build=$OPTARG ;;
	d) dittod=$OPTARG ;;
	o) outdir=$OPTARG ;;
	k) keep=1 ;;
	*) sed -n '19,27p' "$0" >&2; exit 2 ;;
	esac
done
[ -n "$dittod" ] || dittod="$build/daemon/dittod"
PATH=$PATH:/usr/sbin
srvcore=0
clicore=1
origin=bench.example
baseport=${XFROUTBENCH_PORT:-20730}
load_timeout=300

for tool in named nsd knotd kdig dnsperf dig taskset python3; do
	command -v $tool >/dev/null 2>&1 || { echo "xfroutbench: no $tool" >&2; exit 1; }
done
case " $servers " in
*" dittod "*)
	if [ ! -x "$dittod" ]; then
		echo "xfroutbench: no $dittod; dittod left out" >&2
		servers=$(echo " $servers " | sed 's/ dittod / /')
	fi
	;;
esac

tmp=$(mktemp -d /tmp/xfroutbench.XXXXXX)
[ -n "$outdir" ] || outdir="$tmp/out"
mkdir -p "$outdir"
declare -A pid
cleanup() {
	local s
	for s in "${!pid[@]}"; do
		kill "${pid[$s]}" 2>/dev/null || true
	done
	for s in "${!pid[@]}"; do
		wait "${pid[$s]}" 2>/dev/null || true
	done
	[ $keep = 1 ] || rm -rf "$tmp/srv" "$tmp/zone.db"
}
trap cleanup EXIT

echo "xfroutbench: $records records, servers: $servers; output in $outdir"
t0=$(date +%s)
python3 "$here/../checkzone/genzone.py" "$records" "$origin" >"$tmp/zone.db"
python3 "$here/../query/genqueries.py" "$tmp/zone.db" "$origin" 200000 \
	>"$tmp/queries.txt"
nrec=$(grep -cv '^\$' "$tmp/zone.db")
echo "xfroutbench: zone written ($nrec lines) in $(($(date +%s) - t0)) s"
${CC:-cc} -O2 -o "$tmp/xfrpull" "$here/../xfr/xfrpull.c"

# The config of server $1 in directory $2 on port $3.
config() {
	local s=$1 d=$2 p=$3
	case $s in
	named | dittod)
		cat >"$d/named.conf" <<EOF
options {
	directory "$d";
	pid-file "$d/named.pid";
	session-keyfile "$d/session.key";
	listen-on port $p { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
	allow-transfer { any; };
	transfers-out $((loops + 10));
};
zone "$origin" { type primary; file "$tmp/zone.db"; };
EOF
		;;
	nsd)
		cat >"$d/nsd.conf" <<EOF
server:
	ip-address: 127.0.0.1@$p
	do-ip6: no
	server-count: 1
	username: ""
	chroot: ""
	zonesdir: "$d"
	database: ""
	pidfile: "$d/nsd.pid"
	xfrdfile: "$d/xfrd.state"
	zonelistfile: "$d/zone.list"
	xfrdir: "$d"
	rrl-ratelimit: 0
	verbosity: 1
remote-control:
	control-enable: no
zone:
	name: "$origin"
	zonefile: "$tmp/zone.db"
	provide-xfr: 127.0.0.1 NOKEY
EOF
		;;
	knot)
		cat >"$d/knot.conf" <<EOF
server:
    listen: 127.0.0.1@$p
    rundir: "$d"
    pidfile: "$d/knot.pid"
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "$d"
acl:
  - id: xfr
    address: 127.0.0.1
    action: transfer
template:
  - id: default
    storage: "$d"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
    acl: xfr
zone:
  - domain: "$origin"
    file: "$tmp/zone.db"
EOF
		;;
	esac
}

start() {
	local s=$1 d=$2 p=$3
	case $s in
	named) taskset -c $srvcore named -g -c "$d/named.conf" -n 1 -U 1 >"$d/log" 2>&1 & ;;
	dittod) taskset -c $srvcore "$dittod" -g -c "$d/named.conf" -n 1 >"$d/log" 2>&1 & ;;
	nsd) taskset -c $srvcore nsd -d -c "$d/nsd.conf" >"$d/log" 2>&1 & ;;
	knot) taskset -c $srvcore knotd -c "$d/knot.conf" >"$d/log" 2>&1 & ;;
	esac
	pid[$s]=$!
}

# PIDs of $1 and its descendants.
tree() {
	local p=$1 c
	echo "$p"
	for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
		tree "$c"
	done
}

pin() {
	local p t
	for p in $(tree "${pid[$1]}"); do
		for t in /proc/"$p"/task/*; do
			taskset -p -c $srvcore "${t##*/}" >/dev/null 2>&1 || true
		done
	done
}

waitload() {
	local s=$1 p=$2 t0 out
	t0=$(date +%s.%N)
	for _ in $(seq 1 $((load_timeout * 4))); do
		kill -0 "${pid[$s]}" 2>/dev/null || { echo "xfroutbench: $s exited" >&2; return 1; }
		out=$(dig +norec +time=1 +tries=1 -p "$p" @127.0.0.1 "$origin" SOA 2>/dev/null || true)
		if echo "$out" | grep -q 'status: NOERROR' && echo "$out" | grep -q 'flags:.* aa[ ;]'; then
			echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }'
			return 0
		fi
		sleep 0.25
	done
	echo "xfroutbench: $s did not load within ${load_timeout}s" >&2
	return 1
}

# The first port from $1 on that is free for TCP and UDP on 127.0.0.1
# (named binds with SO_REUSEPORT: a busy port would not make it fail).
freeport() {
	python3 - "$1" <<'PY'
import socket, sys
for port in range(int(sys.argv[1]), int(sys.argv[1]) + 200):
    try:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            with socket.socket(socket.AF_INET, kind) as s:
                s.bind(("127.0.0.1", port))
        print(port)
        break
    except OSError:
        continue
else:
    sys.exit("no free port")
PY
}

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }

# One AXFR with client $1 from port $2; prints the seconds or "fail".
axfr_once() {
	local c=$1 p=$2 t out
	t=$(now)
	if [ "$c" = xfrpull ]; then
		out=$(taskset -c $clicore timeout 120 "$tmp/xfrpull" "$p" "$origin" 2>&1) || { echo fail; return; }
		# records counted by xfrpull: the zone plus the closing SOA
		[ "${out%% *}" = $((nrec + 1)) ] || { echo "fail($out)"; return; }
	else
		# kdig prints the records even with +noall: only its summary is kept
		out=$(taskset -c $clicore timeout 120 kdig +noall +stats -p "$p" @127.0.0.1 AXFR "$origin" 2>&1 |
			grep '^;; Received') || { echo fail; return; }
		case $out in
		*" $((nrec + 1)) records)"*) ;;
		*) echo "fail($out)"; return ;;
		esac
	fi
	since "$t"
}

median() { tr ' ' '\n' | { grep -E '^[0-9.]+$' || true; } | sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "fail"; else print a[int((NR + 1) / 2)] }'; }

qps() {
	local p=$1 f=$2
	taskset -c $clicore dnsperf -s 127.0.0.1 -p "$p" -d "$tmp/queries.txt" -l "$seconds" -c 10 -q 100 >"$f" 2>&1 || true
	awk '/Queries per second:/ { printf "%.0f", $4 }' "$f"
}

# -j loops of xfrpull until $tmp/stop exists; each appends a line per AXFR.
axfr_loops() {
	local p=$1 i
	rm -f "$tmp/stop" "$tmp/loops.out"
	for i in $(seq 1 "$loops"); do
		(
			for _ in $(seq 1 10000); do
				[ -e "$tmp/stop" ] && break
				if nice -n 10 taskset -c $clicore timeout 120 "$tmp/xfrpull" "$p" "$origin" >/dev/null 2>&1; then
					echo ok >>"$tmp/loops.out"
				else
					echo fail >>"$tmp/loops.out"
					sleep 0.1
				fi
			done
		) &
	done
}

i=0
printf 'server\tload_s\txfrpull_s\tkdig_s\tqps_alone\tqps_axfr\tdrop_pct\taxfrs_ok\taxfrs_fail\n' >"$outdir/results.tsv"
for s in $servers; do
	d="$tmp/srv/$s"
	mkdir -p "$d"
	p=$(freeport $((baseport + i)))
	i=$((p - baseport + 1))
	config "$s" "$d" "$p"
	start "$s" "$d" "$p"
	load=$(waitload "$s" "$p") || { echo "xfroutbench: $s left out"; kill "${pid[$s]}" 2>/dev/null || true; unset "pid[$s]"; continue; }
	pin "$s"
	echo "xfroutbench: $s loaded in ${load}s"
	xs=""
	ks=""
	for _ in $(seq 1 "$runs"); do
		xs="$xs $(axfr_once xfrpull "$p")"
		ks="$ks $(axfr_once kdig "$p")"
	done
	echo "xfroutbench: $s AXFR xfrpull:$xs  kdig:$ks"
	xm=$(echo "$xs" | median)
	km=$(echo "$ks" | median)
	pin "$s"
	q1=$(qps "$p" "$outdir/dnsperf.$s.alone.txt")
	axfr_loops "$p"
	sleep 1
	pin "$s" # threads started for the transfers, if any
	q2=$(qps "$p" "$outdir/dnsperf.$s.axfr.txt")
	touch "$tmp/stop"
	wait $(jobs -p | grep -vx "${pid[$s]}") 2>/dev/null || true
	ok=$(grep -c ok "$tmp/loops.out" 2>/dev/null || true)
	bad=$(grep -c fail "$tmp/loops.out" 2>/dev/null || true)
	drop=$(echo "${q1:-0} ${q2:-0}" | awk '{ if ($1 > 0) printf "%.1f", 100 * ($1 - $2) / $1; else print "n/a" }')
	echo "xfroutbench: $s qps alone ${q1:-?}, with $loops AXFR loops ${q2:-?} (drop $drop %), AXFRs ok $ok failed $bad"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$s" "$load" "$xm" "$km" "${q1:-0}" "${q2:-0}" \
		"$drop" "${ok:-0}" "${bad:-0}" >>"$outdir/results.tsv"
	cp "$d/log" "$outdir/$s.log" 2>/dev/null || true
	kill "${pid[$s]}" 2>/dev/null || true
	wait "${pid[$s]}" 2>/dev/null || true
	unset "pid[$s]"
done

python3 - "$outdir/results.tsv" "$records" "$runs" "$seconds" "$loops" <<'EOF' | tee "$outdir/summary.md"
import sys
path, records, runs, secs, loops = sys.argv[1:6]
rows = [l.rstrip("\n").split("\t") for l in open(path)][1:]
ref = {r[0]: r for r in rows}.get("dittod")


def num(x):
    try:
        return float(x)
    except ValueError:
        return None


def ratio(v, base, invert=False):
    v, base = num(v), num(base)
    if v is None or base is None or v == 0 or base == 0:
        return "-"
    return "%.2fx" % ((v / base) if not invert else (base / v))


print("AXFR out of a %s-record zone, median of %s runs (s); ratio = time / "
      "dittod's time (above 1: slower than dittod)" % (records, runs))
print()
print("| server | load s | xfrpull s | ratio | kdig s | ratio |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| %s | %s | %s | %s | %s | %s |" % (
        r[0], r[1], r[2], ratio(r[2], ref[2]) if ref else "-",
        r[3], ratio(r[3], ref[3]) if ref else "-"))
print()
print("Query rate (dnsperf -c 10, %s s) alone and while %s AXFR loops run"
      % (secs, loops))
print()
print("| server | qps alone | qps during AXFRs | drop % | AXFRs done | "
      "AXFRs failed | qps alone vs dittod |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print("| %s | %s | %s | %s | %s | %s | %s |" % (
        r[0], r[4], r[5], r[6], r[7], r[8],
        ratio(r[4], ref[4]) if ref else "-"))
EOF
echo "xfroutbench: done in $(($(date +%s) - t0)) s"
