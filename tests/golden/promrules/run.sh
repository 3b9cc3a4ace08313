#!/bin/sh
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
# contrib/prometheus and contrib/grafana: the alerting rules pass
# `promtool check rules` and their unit tests (`promtool test rules`); the
# renderer's output for the unit test's fixture (statsprom_test --dump)
# passes `promtool check metrics`; the families it emits are exactly those
# README.md lists; every ditto_* name the rules and the dashboard use is
# emitted; the dashboard is valid JSON and its queries parse.
# Usage: run.sh BUILD_DIR
set -eu
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
prom=$top/contrib/prometheus
dash=$top/contrib/grafana/ditto-dashboard.json
if ! command -v promtool >/dev/null 2>&1; then
	echo "promtool missing: skipped"
	exit 0
fi
work=$(mktemp -d /tmp/promrules.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

promtool check rules "$prom/alerts.yml" || fail=1
(cd "$prom" && promtool test rules alerts_test.yml) || fail=1

bin=$build/tests/statsprom_test
[ -x "$bin" ] || { echo "no $bin"; exit 1; }
"$bin" --dump > "$work/metrics.txt"
promtool check metrics < "$work/metrics.txt" || { echo "FAIL: promtool check metrics"; fail=1; }

# families emitted, listed in the README, used by rules and dashboard
sed -n 's/^# TYPE \(ditto_[a-z_]*\) .*/\1/p' "$work/metrics.txt" | sort > "$work/emitted"
grep -o '^| `ditto_[a-z_]*`' "$prom/README.md" | tr -d '|` ' | sort > "$work/readme"
if ! cmp -s "$work/emitted" "$work/readme"; then
	echo "FAIL: README.md's metric table differs from the renderer's families:"
	diff "$work/readme" "$work/emitted" || true
	fail=1
fi
[ "$(wc -l < "$work/emitted")" -ge 30 ] || { echo "FAIL: too few families"; fail=1; }
# a histogram's series are its family plus _bucket, _sum, _count
sed 's/$/_bucket/' "$work/emitted" > "$work/known"
sed 's/$/_sum/' "$work/emitted" >> "$work/known"
sed 's/$/_count/' "$work/emitted" >> "$work/known"
cat "$work/emitted" >> "$work/known"
for f in "$prom/alerts.yml" "$prom/alerts_test.yml" "$dash"; do
	for m in $(grep -o 'ditto_[a-z_]*' "$f" | sort -u); do
		case $m in ditto_sync | ditto_transfers) continue ;; esac
		if ! grep -qx "$m" "$work/known"; then
			echo "FAIL: $(basename "$f") uses $m, which /metrics does not have"
			fail=1
		fi
	done
done

# the dashboard: valid JSON, a Prometheus datasource variable, and every
# query parses (as a recording rule, with the variables substituted)
python3 - "$dash" "$work/dash_rules.yml" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
assert d.get("schemaVersion", 0) >= 36, "schemaVersion"
tv = d["templating"]["list"]
assert any(v["type"] == "datasource" and v["query"] == "prometheus" for v in tv)
exprs = []
def walk(ps):
    for p in ps:
        walk(p.get("panels", []))
        for t in p.get("targets", []):
            exprs.append(t["expr"])
walk(d["panels"])
assert len(exprs) >= 20, "too few queries"
with open(sys.argv[2], "w") as f:
    f.write("groups:\n  - name: dash\n    rules:\n")
    for i, e in enumerate(exprs):
        e = (e.replace("$__rate_interval", "5m").replace("$instance", ".*")
             .replace("$view", ".*").replace("$zone", ".*"))
        f.write("      - record: dash:q%d\n        expr: %s\n" % (i, json.dumps(e)))
print("dashboard: %d panels, %d queries" % (len(d["panels"]), len(exprs)))
PY
promtool check rules "$work/dash_rules.yml" >/dev/null || { echo "FAIL: a dashboard query does not parse"; promtool check rules "$work/dash_rules.yml"; fail=1; }

[ $fail -eq 0 ] && echo "golden/promrules: ok"
exit $fail
