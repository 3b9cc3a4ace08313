#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# qbench: UDP query throughput and memory of BIND (named), NSD, Knot and
# dittod on the same generated zone, in the same run.
#
# Every server listens on 127.0.0.1 on its own high port, runs from its own
# temporary directory, is pinned to core 0 (all its threads, re-pinned
# before every measurement: Knot pins its UDP workers itself) and uses one
# worker where that is configurable. dnsperf -c 10 runs on core 1 for a
# fixed duration; the rounds are interleaved (order rotated every round)
# so that drift in the machine's load hits every server alike. Reports
# median qps, the ratio to the faster of NSD and Knot, queries per second
# of server CPU time, and RSS (VmRSS/VmHWM/PSS from /proc) after load and
# after the queries. See README.md.
#
# Usage: run.sh [-n RECORDS] [-r ROUNDS] [-l SECONDS] [-s "SERVERS"]
#               [-b BUILDDIR | -d DITTOD] [-o OUTDIR] [-N NICE] [-k]
#   -n  zone size in records (default 1000000)
#   -r  rounds (default 5)          -l  seconds per dnsperf run (default 20)
#   -s  servers (default "named nsd knot dittod"; dittod is skipped with a
#       note if its binary is missing)
#   -b  build directory holding daemon/dittod (default
#       <repo>/build-daemon)        -d  path of the dittod binary
#   -o  directory for raw outputs and the summary (default: a new temporary
#       directory, printed at the end)
#   -N  run servers and dnsperf at this nice level (default 0; e.g. -10 on
#       a machine shared with other work, so that the servers are not
#       starved by it; the same for every server). With the kernel's
#       autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled) a
#       plain nice only counts inside one session, so the script then
#       re-runs itself in a new session (setsid) and sets that session's
#       autogroup nice level too.
#   -k  keep the temporary server directories
# Environment: QBENCH_PORT (first port to try, default 20530; below the
# kernel's ephemeral range so that client sockets do not take it), QBENCH_LOAD_TIMEOUT
# (seconds to wait for a server to answer for the zone, default 300).
set -euo pipefail

args=("$@")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
records=1000000
rounds=5
secs=20
servers="named nsd knot dittod"
build="$repo/build-daemon"
dittod=
outdir=
keep=0
nicelvl=0
while getopts n:r:l:s:b:d:o:N:k opt; do
	case $opt in
	n) records=$OPTARG ;;
	r) rounds=$OPTARG ;;
	l) secs=$OPTARG ;;
	s) servers=$OPTARG ;;
	b) build=$OPTARG ;;
	d) dittod=$OPTARG ;;
	o) outdir=$OPTARG ;;
	N) nicelvl=$OPTARG ;;
	k) keep=1 ;;
	*) sed -n '17,33p' "$0" >&2; exit 2 ;;
	esac
done
dittod=${dittod:-$build/daemon/dittod}
if [ "$nicelvl" != 0 ] && [ -w /proc/self/autogroup ]; then
	if [ -z "${QBENCH_SESSION:-}" ]; then
		QBENCH_SESSION=1 exec setsid --wait "$0" "${args[@]}"
	fi
	echo "$nicelvl" >/proc/self/autogroup
	echo "qbench: scheduling group $(cat /proc/self/autogroup)"
fi
origin=bench.example
port0=${QBENCH_PORT:-20530}
load_timeout=${QBENCH_LOAD_TIMEOUT:-300}
srvcore=0
clicore=1

for tool in named nsd knotd dnsperf dig taskset python3; do
	command -v "$tool" >/dev/null || { echo "qbench: $tool not found" >&2; exit 1; }
done
[ "$(nproc)" -ge 2 ] || { echo "qbench: needs 2 cores" >&2; exit 1; }

tmp=$(mktemp -d /tmp/qbench.XXXXXX)
outdir=${outdir:-$tmp/out}
mkdir -p "$outdir"
declare -A pid port
started=()

# All descendants of a pid, the pid first.
tree() {
	local p=$1 c
	echo "$p"
	for c in $(pgrep -P "$p" || true); do
		tree "$c"
	done
}

# Stop server $1 (SIGTERM, then SIGKILL to all its processes after 10 s).
stop() {
	local p=${pid[$1]} all i
	[ -d /proc/"$p" ] || return 0
	all=$(tree "$p")
	kill -TERM "$p" 2>/dev/null || true
	for i in $(seq 1 50); do
		[ -d /proc/"$p" ] || break
		sleep 0.2
	done
	for p in $all; do
		kill -KILL "$p" 2>/dev/null || true
	done
}

cleanup() {
	local s
	for s in "${started[@]}"; do
		stop "$s"
		cp "$tmp/$s/log" "$outdir/$s.log" 2>/dev/null || true
		cp "$tmp/$s/nsd.log" "$outdir/nsd-file.log" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	if [ "$keep" = 1 ]; then
		echo "qbench: kept $tmp"
	else
		find "$tmp" -mindepth 1 -maxdepth 1 ! -name out -exec rm -rf {} +
		[ "$outdir" = "$tmp/out" ] || rmdir "$tmp" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Other DNS servers (e.g. started by systemd on port 53) compete for the
# cores if they are busy: say so (stop them: systemctl stop nsd knot named).
for p in $(pgrep -x 'named|nsd|knotd|dittod' || true); do
	echo "qbench: note: $(ps -o comm=,pcpu=,args= -p "$p" | head -c 120)" \
		"(pid $p, not ours) is running" >&2
done

echo "qbench: $records records, $rounds rounds x ${secs}s, servers: $servers"
echo "qbench: output in $outdir"
python3 "$repo/contrib/bench/checkzone/genzone.py" "$records" "$origin" \
	>"$tmp/zone.db" 2>"$outdir/genzone.log"
python3 "$here/genqueries.py" "$tmp/zone.db" "$origin" \
	>"$tmp/queries.txt" 2>"$outdir/genqueries.log"
echo "qbench: zone: $(cat "$outdir/genzone.log"); queries: $(cat "$outdir/genqueries.log")"

subst() { # template, dir, port
	sed -e "s|@DIR@|$2|g" -e "s|@PORT@|$3|g" -e "s|@ORIGIN@|$origin|g" \
		-e "s|@ZONE@|$tmp/zone.db|g" "$here/$1"
}

# Start one server pinned to $srvcore; sets pid[$s].
start() {
	local s=$1 p=$2 d=$tmp/$1
	mkdir -p "$d"
	case $s in
	named)
		subst named.conf.in "$d" "$p" >"$d/named.conf"
		nice -n "$nicelvl" taskset -c $srvcore named -c "$d/named.conf" -g -n 1 -U 1 -p "$p" \
			>"$d/log" 2>&1 &
		;;
	dittod)
		subst named.conf.in "$d" "$p" >"$d/named.conf"
		nice -n "$nicelvl" taskset -c $srvcore "$dittod" -c "$d/named.conf" -g -n 1 -p "$p" \
			>"$d/log" 2>&1 &
		;;
	nsd)
		subst nsd.conf.in "$d" "$p" >"$d/nsd.conf"
		nice -n "$nicelvl" taskset -c $srvcore nsd -d -c "$d/nsd.conf" >"$d/log" 2>&1 &
		;;
	knot)
		subst knot.conf.in "$d" "$p" >"$d/knot.conf"
		nice -n "$nicelvl" taskset -c $srvcore knotd -c "$d/knot.conf" >"$d/log" 2>&1 &
		;;
	esac
	pid[$s]=$!
	port[$s]=$p
	started+=("$s")
}

# Poll (bounded) until the server answers SOA authoritatively.
wait_ready() {
	local s=$1 t0 i out
	t0=$(date +%s.%N)
	for i in $(seq 1 $((load_timeout * 4))); do
		if [ ! -d /proc/"${pid[$s]}" ]; then
			echo "qbench: $s exited while loading; log:" >&2
			tail -n 20 "$tmp/$s/log" "$tmp/$s/nsd.log" >&2 2>/dev/null
			return 1
		fi
		out=$(dig +norec +time=1 +tries=1 -p "${port[$s]}" @127.0.0.1 \
			"$origin" SOA 2>/dev/null || true)
		if echo "$out" | grep -q 'status: NOERROR' &&
			echo "$out" | grep -q 'flags:.* aa[ ;]'; then
			echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }'
			return 0
		fi
		sleep 0.25
	done
	echo "qbench: $s did not answer for $origin within ${load_timeout}s" >&2
	return 1
}

# Pin every thread of every process of server $1 to $srvcore and verify.
pin() {
	local p t bad=0
	for p in $(tree "${pid[$1]}"); do
		for t in /proc/"$p"/task/*; do
			taskset -p -c $srvcore "${t##*/}" >/dev/null 2>&1 || true
			grep -q "^Cpus_allowed_list:[[:space:]]*$srvcore\$" "$t/status" 2>/dev/null ||
				bad=1
		done
	done
	[ $bad = 0 ] || echo "qbench: warning: a thread of $1 is not pinned to core $srvcore" >&2
}

# "processes threads" of server $1.
threads() {
	local p n=0 np=0
	for p in $(tree "${pid[$1]}"); do
		np=$((np + 1))
		n=$((n + $(awk '/^Threads:/ { print $2 }' /proc/"$p"/status)))
	done
	echo "$np $n"
}

# "maxVmRSS maxVmHWM sumPss" in KiB over the processes of server $1.
memory() {
	local p rss=0 hwm=0 pss=0 r h q
	for p in $(tree "${pid[$1]}"); do
		r=$(awk '/^VmRSS:/ { print $2 }' /proc/"$p"/status)
		h=$(awk '/^VmHWM:/ { print $2 }' /proc/"$p"/status)
		q=$(awk '/^Pss:/ { print $2 }' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)
		[ "$r" -gt $rss ] && rss=$r
		[ "$h" -gt $hwm ] && hwm=$h
		pss=$((pss + ${q:-0}))
	done
	echo "$rss $hwm $pss"
}

# "run_ns wait_ns" of server $1: time on a CPU and time runnable but
# waiting for one (other load on its core), summed over all its threads.
schedns() {
	local p
	for p in $(tree "${pid[$1]}"); do
		cat /proc/"$p"/task/*/schedstat 2>/dev/null
	done | awk '{ r += $1; w += $2 } END { printf "%.0f %.0f\n", r, w }'
}

# Busy clock ticks (all but idle and iowait) of core $1 so far.
corebusy() {
	awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

results=$outdir/results.tsv
printf 'server\tkey\tvalue\n' >"$results"
i=0
active=()
for s in $servers; do
	if [ "$s" = dittod ] && [ ! -x "$dittod" ]; then
		echo "qbench: dittod not found at $dittod; skipped"
		continue
	fi
	# The next port free for both UDP and TCP (bounded search).
	for _ in $(seq 1 50); do
		p=$((port0 + i))
		i=$((i + 1))
		ss -Hantu "sport = :$p" | grep -q . || break
	done
	start "$s" "$p"
	if ! t=$(wait_ready "$s"); then
		echo "qbench: $s failed to load the zone; left out (log: $outdir/$s.log)"
		printf '%s\tfailed\tload\n' "$s" >>"$results"
		stop "$s"
		continue
	fi
	pin "$s"
	sleep 1
	printf '%s\tload_s\t%s\n' "$s" "$t" >>"$results"
	printf '%s\tprocs_threads\t%s\n' "$s" "$(threads "$s")" >>"$results"
	printf '%s\tmem_load\t%s\n' "$s" "$(memory "$s")" >>"$results"
	echo "qbench: $s ready on port $p after ${t}s (nice $(ps -o ni= -p "${pid[$s]}" | tr -d " "));" \
		"procs/threads $(threads "$s");" \
		"RSS/HWM/PSS KiB $(memory "$s")"
	active+=("$s")
done

# Same answers everywhere? (rcode, AA, answer, authority on a sample)
check_args=()
for s in "${active[@]}"; do
	check_args+=("$s=${port[$s]}")
done
pycheck=
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import dns.message' 2>/dev/null; then
		pycheck=$py
		break
	fi
done
if [ -n "$pycheck" ]; then
	"$pycheck" "$here/check.py" "$tmp/queries.txt" 400 "${check_args[@]}" |
		tee "$outdir/check.txt" || echo "qbench: warning: check.py failed" >&2
else
	echo "qbench: warning: no python3 with dnspython; answers not compared" >&2
fi

hz=$(getconf CLK_TCK)
[ -r /proc/self/schedstat ] || { echo "qbench: no /proc/*/schedstat" >&2; exit 1; }
n=${#active[@]}
declare -A dead
for r in $(seq 1 "$rounds"); do
	for j in $(seq 0 $((n - 1))); do
		s=${active[$(((j + r - 1) % n))]}
		[ -z "${dead[$s]:-}" ] || continue
		pin "$s"
		read -r n0 w0 <<<"$(schedns "$s")"
		b0=$(corebusy $srvcore)
		f=$outdir/dnsperf.$s.$r.txt
		read -r la _ </proc/loadavg
		nice -n "$nicelvl" taskset -c $clicore /usr/bin/time -f 'client_cpu_s %U %S' \
			dnsperf -s 127.0.0.1 -p "${port[$s]}" -d "$tmp/queries.txt" \
			-c 10 -l "$secs" >"$f" 2>&1 || true
		read -r n1 w1 <<<"$(schedns "$s")"
		b1=$(corebusy $srvcore)
		if [ ! -d /proc/"${pid[$s]}" ] || [ "$(ps -o stat= -p "${pid[$s]}")" = Z ]; then
			wait "${pid[$s]}" 2>/dev/null && st=0 || st=$?
			echo "qbench: $s died during round $r (wait status $st); log tail:" >&2
			tail -n 20 "$tmp/$s/log" >&2
			printf '%s\tfailed\tdied in round %s, status %s\n' "$s" "$r" "$st" >>"$results"
			dead[$s]=1
			continue
		fi
		q=$(awk '/Queries per second:/ { print $4 }' "$f")
		lost=$(awk '/Queries lost:/ { gsub(/[()%]/, "", $4); print $4 }' "$f")
		resp=$(awk '/Average packet size:/ { print $7 }' "$f")
		codes=$(sed -n 's/.*Response codes: *//p' "$f")
		rt=$(awk '/Run time \(s\):/ { print $4 }' "$f")
		cli=$(awk '/^client_cpu_s/ { print $2 + $3 }' "$f")
		srv=$(awk -v a="$n0" -v b="$n1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		wt=$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		oth=$(awk -v a="$b0" -v b="$b1" -v hz="$hz" -v s="$srv" \
			'BEGIN { o = (b - a) / hz - s; printf "%.2f", o < 0 ? 0 : o }')
		printf '%s\trun\t%s %s %s %s %s %s %s %s %s\t%s\n' "$s" "$r" "${q:-0}" \
			"${lost:-100}" "${resp:-0}" "$srv" "${rt:-0}" "${cli:-0}" "$wt" "$oth" \
			"$codes" >>"$results"
		printf '%s\tloadavg\t%s\n' "$s" "$la" >>"$results"
		echo "qbench: round $r $s: ${q:-?} qps, lost ${lost:-?}%, server CPU ${srv}s" \
			"waited ${wt}s, others on core $srvcore ${oth}s of ${rt:-?}s;" \
			"client CPU ${cli:-?}s; loadavg $la"
		sleep 1
	done
done

for s in "${active[@]}"; do
	[ -z "${dead[$s]:-}" ] || continue
	printf '%s\tmem_end\t%s\n' "$s" "$(memory "$s")" >>"$results"
	printf '%s\tprocs_threads_end\t%s\n' "$s" "$(threads "$s")" >>"$results"
done
{
	echo "qbench: zone of $(cat "$outdir/genzone.log"), $rounds rounds x ${secs}s," \
		"dnsperf -c 10 on core $clicore, servers on core $srvcore, nice $nicelvl;" \
		"$(date -u +%FT%TZ);" \
		"$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); load avg $(cut -d' ' -f1-3 /proc/loadavg)"
	python3 "$here/summarize.py" "$results"
} | tee "$outdir/summary.md"
