#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# xfrbench: zone transfers into BIND (named), NSD, Knot and dittod as
# secondaries of the same BIND primary, in the same run. See README.md.
#
# The primary (named, ixfr-from-differences, notify explicit with
# also-notify only to the poller's port, never to a secondary; rndc on a
# key in the temporary directory) runs on core 1; each secondary in turn
# runs alone on core 0, from a fresh temporary directory, with one worker
# where configurable. The pollers (python3 + dnspython, UDP) run on core 1.
# Per round and secondary (the order rotates every round):
#   axfr:  start the secondary with the big (-n) and mid (-m) zones; time
#          from its start until it answers the big zone's SOA with the
#          primary's serial; CPU seconds (utime+stime of its processes,
#          children included, minus the value at start) at that moment
#          (read by the poller: the ingest), 1 s later (with VmRSS/VmHWM)
#          and once it is idle. Then 10-record changes on the mid and the
#          big zone: the primary's zone file is edited, `rndc reload
#          ZONE`; "idle": once the primary serves the new serial and its
#          CPU time has stopped moving, the poller sends the NOTIFY and
#          times until the secondary answers a changed record; "busy"
#          (unless -N): the poller forwards the primary's own NOTIFY on
#          arrival, timed from the primary serving the new serial.
#   small: start the secondary with -z zones of 10 records; time until all
#          answer their SOA serial.
# The floor: a plain client pulling the big zone from the primary on core
# 0: xfrpull.c (built here with cc; frames and counts the records, keeps
# nothing), and dig and kdig (+noall) for reference.
#
# Usage: run.sh [-n RECORDS] [-m RECORDS] [-z ZONES] [-r ROUNDS]
#               [-R BIGROUNDS] [-Z SMALLROUNDS] [-s "SERVERS"] [-t "TESTS"]
#               [-b BUILDDIR | -d DITTOD] [-o OUTDIR] [-k] [-N]
#   -n  big zone size (default 1000000)    -m  mid zone size (default 10000)
#   -z  small zones (default 2000)         -r  rounds (default 3)
#   -R  rounds of the axfr test (default: -r)
#   -Z  rounds of the small test (default: -r)
#   -s  secondaries (default "named nsd knot dittod")
#   -t  tests (default "floor axfr small")
#   -b  build directory holding daemon/dittod (default <repo>/build-xfrbench)
#   -d  the dittod binary      -o  output directory (default: in the temp dir)
#   -k  keep the temporary directories
#   -N  no "busy" IXFR (the primary's own NOTIFY, forwarded at once)
# Environment: XFRBENCH_PORT (first port, default 20630).
# Pid lists are split on purpose ($(spids ...)).
# shellcheck disable=SC2046,SC2034
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
records=1000000
midrecords=10000
nzones=2000
rounds=3
bigrounds=
smallrounds=
servers="named nsd knot dittod"
tests="floor axfr small"
build="$repo/build-xfrbench"
dittod=
outdir=
keep=0
busy=1
while getopts n:m:z:r:R:Z:s:t:b:d:o:kN opt; do
	case $opt in
	n) records=$OPTARG ;;
	m) midrecords=$OPTARG ;;
	z) nzones=$OPTARG ;;
	r) rounds=$OPTARG ;;
	R) bigrounds=$OPTARG ;;
	Z) smallrounds=$OPTARG ;;
	s) servers=$OPTARG ;;
	t) tests=$OPTARG ;;
	b) build=$OPTARG ;;
	d) dittod=$OPTARG ;;
	o) outdir=$OPTARG ;;
	k) keep=1 ;;
	N) busy=0 ;;
	*) sed -n '31,45p' "$0" >&2; exit 2 ;;
	esac
done
bigrounds=${bigrounds:-$rounds}
smallrounds=${smallrounds:-$rounds}
dittod=${dittod:-$build/daemon/dittod}
port0=${XFRBENCH_PORT:-20630}
srvcore=0
clicore=1
big=big.example
mid=mid.example

for tool in named nsd knotd dig kdig rndc tsig-keygen taskset; do
	command -v "$tool" >/dev/null || { echo "xfrbench: $tool not found" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "xfrbench: needs 2 cores" >&2; exit 1; }
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import dns.message' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "xfrbench: needs python3 with dnspython" >&2; exit 1; }

tmp=$(mktemp -d /tmp/xfrbench.XXXXXX)
outdir=${outdir:-$tmp/out}
mkdir -p "$outdir"
results=$outdir/results.tsv
printf 'server\tmetric\tround\tvalue\n' >"$results"
declare -A port
live=() # "name pid dir" of every server started and not yet stopped
hz=$(getconf CLK_TCK)
# The one-zone pollers share core 1 with the primary, which can be busy for
# a while after a reload (journal, zone dump): run them at nice -10 (they
# sleep between 1 ms polls) so that a busy primary delays the time stamps
# less. (Not a real-time priority: a SCHED_FIFO poller was seen spinning
# and starving the primary.) The 2,000-zone poller runs at nice 0.
rt=()
nice -n -10 true 2>/dev/null && rt=(nice -n -10)

# All descendants of a pid, the pid first.
tree() {
	local p=$1 c
	[ -d /proc/"$p" ] || return 0
	echo "$p"
	for c in $(pgrep -P "$p" || true); do
		tree "$c"
	done
}

# Pids of a server: its tree, and the tree of the pid in its pid file if
# that is another process (NSD's main process may change on reload).
spids() {
	local p=$1 d=$2 f q
	tree "$p"
	for f in "$d"/*.pid; do
		[ -r "$f" ] || continue
		q=$(head -n1 "$f" 2>/dev/null || true)
		[[ "$q" =~ ^[0-9]+$ ]] && [ "$q" != "$p" ] && [ -d /proc/"$q" ] &&
			! tree "$p" | grep -qx "$q" && tree "$q"
	done
	return 0
}

# CPU clock ticks (utime+stime+cutime+cstime) summed over the pids given.
ticks() {
	local p s=0 v
	for p in "$@"; do
		v=$(sed 's/.*) //' /proc/"$p"/stat 2>/dev/null |
			awk '{ print $12 + $13 + $14 + $15 }') || v=0
		s=$((s + ${v:-0}))
	done
	echo $s
}

# "maxVmRSS maxVmHWM" in KiB over the pids given.
memory() {
	local p rss=0 hwm=0 r h
	for p in "$@"; do
		r=$(awk '/^VmRSS:/ { print $2 }' /proc/"$p"/status 2>/dev/null || echo 0)
		h=$(awk '/^VmHWM:/ { print $2 }' /proc/"$p"/status 2>/dev/null || echo 0)
		[ "${r:-0}" -gt $rss ] && rss=$r
		[ "${h:-0}" -gt $hwm ] && hwm=$h
	done
	echo "$rss $hwm"
}

# Pin every thread of the pids given to core $1.
pin() {
	local c=$1 p t
	shift
	for p in "$@"; do
		for t in /proc/"$p"/task/*; do
			taskset -p -c "$c" "${t##*/}" >/dev/null 2>&1 || true
		done
	done
}

# Stop server "name pid dir": SIGTERM, then SIGKILL to all its processes.
stop() {
	local n=$1 p=$2 d=$3 all i
	all=$(spids "$p" "$d")
	kill -TERM $all 2>/dev/null || true
	for i in $(seq 1 50); do
		[ -d /proc/"$p" ] || break
		sleep 0.2
	done
	for i in $all; do
		kill -KILL "$i" 2>/dev/null || true
	done
	wait "$p" 2>/dev/null || true
	cp "$d/log" "$outdir/$(basename "$d").log" 2>/dev/null || true
	cp "$d/nsd.log" "$outdir/$(basename "$d").nsd.log" 2>/dev/null || true
	local keepl=() e
	for e in "${live[@]}"; do
		[ "$e" = "$n $p $d" ] || keepl+=("$e")
	done
	live=("${keepl[@]}")
}

cleanup() {
	local e
	for e in "${live[@]}"; do
		# shellcheck disable=SC2086
		stop $e
	done
	wait 2>/dev/null || true
	if [ "$keep" = 1 ]; then
		echo "xfrbench: kept $tmp"
	else
		find "$tmp" -mindepth 1 -maxdepth 1 ! -name out -exec rm -rf {} +
		[ "$outdir" = "$tmp/out" ] || rmdir "$tmp" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for p in $(pgrep -x named; pgrep -x nsd; pgrep -x knotd; pgrep -x dittod) ; do
	echo "xfrbench: note: $(ps -o comm=,pcpu= -p "$p") (pid $p, not ours) is running" >&2
done

# Ports: primary, its rndc channel, the poller's NOTIFY port (the
# primary's only NOTIFY target), one per secondary (free for TCP+UDP).
np=$port0
nextport() { # sets np to the next free port (bounded search)
	local k
	for k in $(seq 1 50); do
		np=$((np + 1))
		ss -Hantu "sport = :$np" | grep -q . || return 0
	done
	echo "xfrbench: no free port" >&2
	exit 1
}
np=$((port0 - 1))
nextport; pport=$np
nextport; cport=$np
nextport; nport=$np
for s in $servers; do
	nextport
	port[$s]=$np
done

pd=$tmp/primary
mkdir -p "$pd/small"
echo "xfrbench: big $records, mid $midrecords records, $nzones small zones;" \
	"rounds $rounds (axfr $bigrounds); secondaries: $servers; output in $outdir"
$py "$repo/contrib/bench/checkzone/genzone.py" "$records" "$big" >"$pd/big.db" 2>"$outdir/genzone.log"
$py "$repo/contrib/bench/checkzone/genzone.py" "$midrecords" "$mid" >"$pd/mid.db" 2>>"$outdir/genzone.log"
$py "$here/zones.py" small "$pd/small" "$nzones" >"$tmp/small.list"
tsig-keygen -a hmac-sha256 rndc-key >"$pd/rndc.key"
${CC:-cc} -O2 -o "$tmp/xfrpull" "$here/xfrpull.c" ||
	echo "xfrbench: could not build xfrpull.c; the floor is dig/kdig only" >&2
rndc=(rndc -s 127.0.0.1 -p "$cport" -k "$pd/rndc.key")

sed -e "s|@DIR@|$pd|g" -e "s|@CPORT@|$cport|g" -e "s|@NOTIFY@|127.0.0.1 port $nport;|g" \
	"$here/primary.conf.in" >"$pd/named.conf"
{
	echo "zone \"$big\" { type primary; file \"big.db\"; };"
	echo "zone \"$mid\" { type primary; file \"mid.db\"; };"
	while read -r z; do
		echo "zone \"$z\" { type primary; file \"small/$z.db\"; notify no; };"
	done <"$tmp/small.list"
} >>"$pd/named.conf"
named-checkconf "$pd/named.conf"

soa_serial() { # port zone -> serial or nothing
	dig +norec +time=1 +tries=1 -p "$1" @127.0.0.1 "$2" SOA +short 2>/dev/null |
		awk 'NF >= 7 { print $3 }'
}
zserial() { awk '$2 == "IN" && $3 == "SOA" { print $6; exit }' "$1"; }
bigserial=$(zserial "$pd/big.db")
midserial=$(zserial "$pd/mid.db")

t0=$(date +%s.%N)
taskset -c $clicore named -g -c "$pd/named.conf" -n 1 -U 1 -p "$pport" >"$pd/log" 2>&1 &
live+=("primary $! $pd")
ppid_=$!
for _ in $(seq 1 1200); do
	[ -d /proc/$ppid_ ] || { tail "$pd/log" >&2; exit 1; }
	[ "$(soa_serial "$pport" "$big")" = "$bigserial" ] &&
		[ "$(soa_serial "$pport" "$(tail -n1 "$tmp/small.list")")" = 1 ] && break
	sleep 0.5
done
[ "$(soa_serial "$pport" "$big")" = "$bigserial" ] || { echo "xfrbench: primary did not load" >&2; exit 1; }
echo "xfrbench: primary (named) on port $pport loaded in" \
	"$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }')s;" \
	"RSS/HWM KiB $(memory $ppid_)"

rec() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }

# The floor: a plain client pulling the big zone from the primary.
floor() {
	local r=$1 c t a b n
	for c in xfrpull dig kdig; do
		[ $c != xfrpull ] || [ -x "$tmp/xfrpull" ] || continue
		a=$(date +%s.%N)
		if [ $c = xfrpull ]; then
			taskset -c $srvcore "$tmp/xfrpull" "$pport" "$big" >"$tmp/floor.out" 2>&1 || true
			n=$(awk '{ print $1 }' "$tmp/floor.out")
		elif [ $c = dig ]; then
			taskset -c $srvcore dig +noall +stats AXFR "$big" -p "$pport" @127.0.0.1 >"$tmp/floor.out" 2>&1 || true
			n=$(sed -n 's/.*XFR size: \([0-9]*\) records.*/\1/p' "$tmp/floor.out")
		else
			taskset -c $srvcore kdig +noall +stats AXFR "$big" -p "$pport" @127.0.0.1 >"$tmp/floor.out" 2>&1 || true
			n=$(sed -n 's/.* \([0-9]*\) records.*/\1/p' "$tmp/floor.out")
		fi
		b=$(date +%s.%N)
		t=$(echo "$b $a" | awk '{ printf "%.3f", $1 - $2 }')
		echo "xfrbench: floor round $r: $c pulled ${n:-?} records in ${t}s"
		rec "$c" floor_s "$r" "$t"
	done
}

# Write the secondary's configuration for zones "$@" into dir $2.
config() {
	local s=$1 d=$2 z
	shift 2
	case $s in
	named | dittod)
		sed -e "s|@DIR@|$d|g" "$here/secondary.conf.in" >"$d/named.conf"
		for z in "$@"; do
			echo "zone \"$z\" { type secondary; primaries { 127.0.0.1 port $pport; }; file \"$z.db\"; };"
		done >>"$d/named.conf"
		;;
	nsd)
		sed -e "s|@DIR@|$d|g" -e "s|@PORT@|${port[$s]}|g" -e "s|@PPORT@|$pport|g" \
			"$here/nsd.conf.in" >"$d/nsd.conf"
		for z in "$@"; do
			printf 'zone:\n\tname: "%s"\n\tinclude-pattern: secondary\n' "$z"
		done >>"$d/nsd.conf"
		;;
	knot)
		sed -e "s|@DIR@|$d|g" -e "s|@PORT@|${port[$s]}|g" -e "s|@PPORT@|$pport|g" \
			"$here/knot.conf.in" >"$d/knot.conf"
		for z in "$@"; do
			echo "  - domain: $z"
		done >>"$d/knot.conf"
		;;
	esac
}

# Start secondary $1 from dir $2 on core $srvcore; sets spid.
launch() {
	local s=$1 d=$2
	case $s in
	named) taskset -c $srvcore named -g -c "$d/named.conf" -n 1 -U 1 -p "${port[$s]}" >"$d/log" 2>&1 & ;;
	dittod) taskset -c $srvcore "$dittod" -g -c "$d/named.conf" -n 1 -p "${port[$s]}" >"$d/log" 2>&1 & ;;
	nsd) taskset -c $srvcore nsd -d -c "$d/nsd.conf" >"$d/log" 2>&1 & ;;
	knot) taskset -c $srvcore knotd -c "$d/knot.conf" >"$d/log" 2>&1 & ;;
	esac
	spid=$!
	live+=("$s $spid $d")
}

# Run the serial poller for zones "$@" (or @FILE) at serial $3 around the
# start of secondary $1 in dir $2; sets took (seconds), base (CPU ticks
# at the start), cpu_serving (CPU seconds when the last zone answered, read
# by the poller) and cpu (CPU seconds read here after the poller ended).
timed_start() {
	local s=$1 d=$2 serial=$3 sync=$2/start pri=()
	shift 3
	[ $# -gt 1 ] || [[ "$1" = @* ]] || pri=("${rt[@]}")
	taskset -c $clicore "${pri[@]}" $py "$here/poll.py" serial "${port[$s]}" "$serial" 300 "$sync" "$@" \
		>"$d/poll.out" 2>"$d/poll.err" &
	local poller=$!
	for _ in $(seq 1 600); do
		[ -e "$sync.ready" ] && break
		sleep 0.05
	done
	date +%s.%N >"$sync.tmp" && mv "$sync.tmp" "$sync"
	launch "$s" "$d"
	echo "$spid" >"$sync.pid"
	base=$(ticks $spid)
	( sleep 0.3; pin $srvcore $(spids $spid "$d") ) &
	if ! wait $poller; then
		echo "xfrbench: $s: $(cat "$d/poll.err")" >&2
		tail -n 5 "$d/log" "$d/nsd.log" 2>/dev/null >&2 || true
		took=
		return 1
	fi
	cpu=$(cpusince "$spid" "$d")
	took=$(awk '{ print $1 }' "$d/poll.out")
	cpu_serving=$(awk -v b="$base" -v hz="$hz" \
		'$3 ~ /^[0-9]+$/ { printf "%.2f", ($3 - b) / hz }' "$d/poll.out")
}

# CPU seconds used by server $1 (dir $2) since $base ticks.
cpusince() {
	awk -v t="$(ticks $(spids "$1" "$2"))" -v b="$base" -v hz="$hz" \
		'BEGIN { printf "%.2f", (t - b) / hz }'
}

# Wait (at most 60 s) until server $1 (dir $2) used no CPU for a second:
# done with writing its zone files and other work after a transfer.
settle() {
	local a b k
	a=$(ticks $(spids "$1" "$2"))
	for k in $(seq 1 60); do
		sleep 1
		b=$(ticks $(spids "$1" "$2"))
		[ "$a" = "$b" ] && return 0
		a=$b
	done
}

change=0
# "key=value" pairs: the value of key $1 in $2.
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
# $1 - $2 in ms, or nan.
msdiff() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || a == "" || b == "") print "nan"; else printf "%.2f", a - b }'; }
rec_ms() { [ "$4" = nan ] || rec "$1" "$2" "$3" "$4"; }

# A 10-record change of zone $2 (file $3) at the primary, timed at
# secondary $1 in round $4; metric $5; mode $6: "idle" (the poller sends
# NOTIFY once the primary is idle) or "busy" (it forwards the primary's own
# NOTIFY at once).
ixfr() {
	local s=$1 z=$2 f=$3 r=$4 m=$5 mode=$6 serial name addr t
	change=$((change + 1))
	read -r serial name addr <<<"$($py "$here/zones.py" change "$f" $change)"
	if ! t=$(taskset -c $clicore "${rt[@]}" $py "$here/poll.py" ixfr "$mode" "$pport" \
		"${port[$s]}" "$nport" "$z" "$serial" "$name.$z" "$addr" 300 "$ppid_" \
		-- "${rndc[@]}" reload "$z" 2>"$tmp/ixfr.err"); then
		echo "xfrbench: $s: $m: $(cat "$tmp/ixfr.err")" >&2
		rec "$s" "$m" "$r" failed
	else
		local prim pn idle nt ack sec
		prim=$(kv primary "$t") pn=$(kv pnotify "$t") idle=$(kv idle "$t")
		nt=$(kv notify "$t") ack=$(kv ack "$t") sec=$(kv secondary "$t")
		echo "xfrbench: round $r $s: $m: $t"
		if [ "$mode" = idle ]; then
			echo "xfrbench: round $r $s: $m: primary idle $(msdiff "$idle" "$prim") ms" \
				"after serving; NOTIFY sent -> answered $(msdiff "$ack" "$nt") ms" \
				"-> secondary serving $(msdiff "$sec" "$nt") ms"
			rec_ms "$s" "$m" "$r" "$(msdiff "$sec" "$nt")"
			rec_ms "$s" "${m}_ack" "$r" "$(msdiff "$ack" "$nt")"
		else
			echo "xfrbench: round $r $s: $m: primary serving -> secondary serving" \
				"$(msdiff "$sec" "$prim") ms; primary's NOTIFY arrived" \
				"$(msdiff "$pn" "$prim") ms after serving, $(msdiff "$sec" "$pn") ms" \
				"before the secondary served"
			rec_ms "$s" "$m" "$r" "$(msdiff "$sec" "$prim")"
			rec_ms "$s" "${m}_notify" "$r" "$(msdiff "$sec" "$pn")"
		fi
	fi
	case $z in
	"$big") bigserial=$serial ;;
	"$mid") midserial=$serial ;;
	esac
}

axfr() {
	local s=$1 r=$2 d=$tmp/$1.axfr.$2 mem
	mkdir -p "$d"
	config "$s" "$d" "$big" "$mid"
	if ! timed_start "$s" "$d" "$bigserial" "$big"; then
		rec "$s" axfr_s "$r" failed
		stop "$s" "$spid" "$d"
		return 0
	fi
	sleep 1
	cpu=$(cpusince "$spid" "$d")
	mem=$(memory $(spids $spid "$d"))
	echo "xfrbench: round $r $s: AXFR of $records records in ${took}s," \
		"CPU ${cpu_serving:-?}s at serving, ${cpu}s 1 s later; RSS/HWM KiB $mem"
	rec "$s" axfr_s "$r" "$took"
	[ -z "$cpu_serving" ] || rec "$s" axfr_cpu_serving_s "$r" "$cpu_serving"
	rec "$s" axfr_cpu_s "$r" "$cpu"
	rec "$s" rss_kib "$r" "${mem% *}"
	rec "$s" hwm_kib "$r" "${mem#* }"
	# The mid zone was transferred alongside; make sure it is there.
	for _ in $(seq 1 240); do
		[ "$(soa_serial "${port[$s]}" "$mid")" = "$midserial" ] && break
		sleep 0.5
	done
	settle "$spid" "$d"
	cpu=$(cpusince "$spid" "$d")
	echo "xfrbench: round $r $s: CPU ${cpu}s once idle (zone files written)"
	rec "$s" axfr_cpu_idle_s "$r" "$cpu"
	ixfr "$s" "$mid" "$pd/mid.db" "$r" ixfr_mid_ms idle
	settle "$spid" "$d"
	ixfr "$s" "$big" "$pd/big.db" "$r" ixfr_big_ms idle
	if [ "$busy" = 1 ]; then
		settle "$spid" "$d"
		ixfr "$s" "$mid" "$pd/mid.db" "$r" ixfr_mid_busy_ms busy
		settle "$spid" "$d"
		ixfr "$s" "$big" "$pd/big.db" "$r" ixfr_big_busy_ms busy
	fi
	stop "$s" "$spid" "$d"
}

small() {
	local s=$1 r=$2 d=$tmp/$1.small.$2 mem
	mkdir -p "$d"
	# shellcheck disable=SC2046
	config "$s" "$d" $(cat "$tmp/small.list")
	if ! timed_start "$s" "$d" 1 "@$tmp/small.list"; then
		rec "$s" small_s "$r" failed
		stop "$s" "$spid" "$d"
		return 0
	fi
	mem=$(memory $(spids $spid "$d"))
	echo "xfrbench: round $r $s: $nzones zones in sync in ${took}s, CPU ${cpu}s; RSS/HWM KiB $mem"
	rec "$s" small_s "$r" "$took"
	rec "$s" small_cpu_s "$r" "$cpu"
	stop "$s" "$spid" "$d"
}

active=()
for s in $servers; do
	if [ "$s" = dittod ] && [ ! -x "$dittod" ]; then
		echo "xfrbench: dittod not found at $dittod; skipped"
		continue
	fi
	active+=("$s")
done
n=${#active[@]}
for t in $tests; do
	case $t in
	floor) for r in $(seq 1 "$rounds"); do floor "$r"; done ;;
	axfr | small)
		nr=$rounds
		[ "$t" = axfr ] && nr=$bigrounds
		[ "$t" = small ] && nr=$smallrounds
		for r in $(seq 1 "$nr"); do
			for j in $(seq 0 $((n - 1))); do
				$t "${active[$(((j + r - 1) % n))]}" "$r"
			done
		done
		;;
	*) echo "xfrbench: unknown test $t" >&2; exit 2 ;;
	esac
done

{
	echo "xfrbench: big zone $(head -n1 "$outdir/genzone.log"), mid $(tail -n1 "$outdir/genzone.log")," \
		"$nzones small zones of 10 records; rounds $rounds (axfr $bigrounds, small $smallrounds);" \
		"secondaries on core $srvcore, primary and pollers on core $clicore;" \
		"$(date -u +%FT%TZ); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //');" \
		"load avg $(cut -d' ' -f1-3 /proc/loadavg)"
	$py "$here/summarize.py" "$results" "$records"
} | tee "$outdir/summary.md"
