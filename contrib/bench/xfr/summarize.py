#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""xfrbench: medians of results.tsv as a Markdown table, with ratios.

Usage: summarize.py results.tsv [RECORDS]
"""
import statistics
import sys
from collections import defaultdict

vals = defaultdict(list)
failed = defaultdict(int)
with open(sys.argv[1]) as f:
    next(f)
    for line in f:
        s, m, r, v = line.rstrip("\n").split("\t")
        if v == "failed":
            failed[(s, m)] += 1
        else:
            vals[(s, m)].append(float(v))
records = int(sys.argv[2]) if len(sys.argv) > 2 else 0


def med(s, m):
    v = vals.get((s, m))
    return statistics.median(v) if v else None


def cell(s, m, fmt, scale=1.0):
    v = med(s, m)
    n = len(vals.get((s, m), []))
    out = "-" if v is None else fmt % (v * scale)
    if failed.get((s, m)):
        out += " (%d failed)" % failed[(s, m)]
    elif n and n != 1:
        out += "" if n >= 3 else " (n=%d)" % n
    return out


order = [s for s in ("named", "nsd", "knot", "dittod")
         if any(k[0] == s for k in list(vals) + list(failed))]
peers = [s for s in order if s != "dittod"]
floor = [med(c, "floor_s") for c in ("xfrpull", "dig", "kdig") if med(c, "floor_s")]
floor = min(floor) if floor else None


def best(m, f=min):
    v = [med(s, m) for s in peers if med(s, m) is not None]
    return f(v) if v else None


print()
if floor:
    print("Floor (a plain client pulling the %d-record zone from the primary, "
          "median): xfrpull %s s, dig %s s, kdig %s s -> floor %.2f s\n"
          % (records, cell("xfrpull", "floor_s", "%.2f"), cell("dig", "floor_s", "%.2f"),
             cell("kdig", "floor_s", "%.2f"), floor))
rows = [
    ("initial AXFR, s", "axfr_s", "%.2f", 1.0),
    ("AXFR CPU at serving (ingest), s", "axfr_cpu_serving_s", "%.2f", 1.0),
    ("AXFR CPU 1 s after serving, s", "axfr_cpu_s", "%.2f", 1.0),
    ("AXFR CPU once idle (zone files written), s", "axfr_cpu_idle_s",
     "%.2f", 1.0),
    ("VmRSS after AXFR, MiB", "rss_kib", "%.0f", 1 / 1024),
    ("VmHWM after AXFR, MiB", "hwm_kib", "%.0f", 1 / 1024),
    ("10-record IXFR, mid zone, idle primary: NOTIFY sent -> secondary "
     "serving, ms", "ixfr_mid_ms", "%.1f", 1.0),
    ("10-record IXFR, big zone, idle primary: NOTIFY sent -> secondary "
     "serving, ms", "ixfr_big_ms", "%.1f", 1.0),
    ("10-record IXFR, mid zone, idle primary: NOTIFY sent -> answered, ms",
     "ixfr_mid_ms_ack", "%.1f", 1.0),
    ("10-record IXFR, big zone, idle primary: NOTIFY sent -> answered, ms",
     "ixfr_big_ms_ack", "%.1f", 1.0),
    ("10-record IXFR, mid zone, busy primary: primary serving -> secondary "
     "serving, ms", "ixfr_mid_busy_ms", "%.1f", 1.0),
    ("10-record IXFR, big zone, busy primary: primary serving -> secondary "
     "serving, ms", "ixfr_big_busy_ms", "%.1f", 1.0),
    ("10-record IXFR, mid zone, busy primary: primary's NOTIFY forwarded -> "
     "secondary serving, ms", "ixfr_mid_busy_ms_notify", "%.1f", 1.0),
    ("10-record IXFR, big zone, busy primary: primary's NOTIFY forwarded -> "
     "secondary serving, ms", "ixfr_big_busy_ms_notify", "%.1f", 1.0),
    ("small zones all in sync, s", "small_s", "%.2f", 1.0),
    ("small zones CPU, s", "small_cpu_s", "%.2f", 1.0),
]
print("| metric (median) | " + " | ".join(order) +
      " | dittod / best peer |")
print("|---|" + "---|" * (len(order) + 1))
for label, m, fmt, scale in rows:
    if not any((s, m) in vals or (s, m) in failed for s in order):
        continue
    b = best(m)
    d = med("dittod", m)
    ratio = "-" if b in (None, 0) or d is None else "%.2f" % (d / b)
    print("| %s | %s | %s |" % (label, " | ".join(cell(s, m, fmt, scale)
                                                   for s in order), ratio))
if floor:
    print("| initial AXFR / floor | " + " | ".join(
        "-" if med(s, "axfr_s") is None else "%.2f" % (med(s, "axfr_s") / floor)
        for s in order) + " | |")
print()
print("Targets (dittod):")


def target(text, ok):
    print("- %s: %s" % (text, "n/a" if ok is None else ("met" if ok else "NOT met")))


d = med("dittod", "axfr_s")
target("initial AXFR within 5%% of the floor (%s s vs %s s)"
       % (d, floor), None if d is None or not floor else d <= floor * 1.05)
d = med("dittod", "axfr_cpu_serving_s")
target("under 0.5 CPU s of ingest (CPU at serving: %s)" % d,
       None if d is None else d < 0.5)
d, b = med("dittod", "rss_kib"), best("rss_kib")
target("RSS at most half the best peer's (%s vs %s KiB)" % (d, b),
       None if d is None or b is None else d <= b / 2)
for m, z in (("ixfr_mid_ms", "mid"), ("ixfr_big_ms", "big")):
    d = med("dittod", m)
    target("10-record IXFR of the %s zone, idle primary, NOTIFY sent -> "
           "serving <= 5 ms (%s)" % (z, d), None if d is None else d <= 5)
d, b = med("dittod", "small_s"), med("knot", "small_s")
target("small zones faster than Knot (%s vs %s s)" % (d, b),
       None if d is None or b is None else d < b)
