#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""qbench: turn results.tsv (written by run.sh) into a markdown table.

Medians over rounds. "vs peer" is the median qps (or qps/CPU-s) divided by
the larger of the NSD and Knot medians of the same run; "RSS vs NSD" is VmRSS after load
divided by NSD's. qps/CPU-s is queries answered per second of server CPU
time (all threads, from /proc/PID/task/*/schedstat), which is less
sensitive than raw qps to other load on the server core. Fractions of the
run time: srv CPU = the server on a CPU (1.00 = busy the whole run);
srv wait = the server runnable but waiting for its core; core0 other =
core-0 time not spent in the server (other processes, interrupts);
client CPU = dnsperf (user+system; near or above 1.00 = the client may be
the limit).
"""
import statistics
import sys

ORDER = ["named", "nsd", "knot", "dittod"]


def load(path):
    d = {}
    with open(path) as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            s, k, v = parts[0], parts[1], parts[2]
            e = d.setdefault(s, {"runs": [], "codes": ""})
            if k == "run":
                r, q, lost, resp, srv, rt, cli, wt, oth = v.split()
                e["runs"].append(dict(q=float(q), lost=float(lost), resp=float(resp),
                                      srv=float(srv), rt=float(rt), cli=float(cli),
                                      wt=float(wt), oth=float(oth)))
                e["codes"] = parts[3] if len(parts) > 3 else ""
            else:
                e[k] = v
    return d


def main():
    d = load(sys.argv[1])
    failed = [s for s in d if not d[s]["runs"]]
    servers = [s for s in ORDER if s in d] + [s for s in d if s not in ORDER]
    servers = [s for s in servers if s not in failed]

    def med(s, f):
        return statistics.median(f(x) for x in d[s]["runs"]) if d[s]["runs"] else 0

    def mib(s, k, i):
        return int(d[s].get(k, "0 0 0").split()[i]) / 1024

    qps = {s: med(s, lambda x: x["q"]) for s in servers}
    peer = max([qps[s] for s in ("nsd", "knot") if s in qps] or [0])
    effs = {s: med(s, lambda x: x["q"] * x["rt"] / x["srv"] if x["srv"] else 0)
            for s in servers}
    epeer = max([effs[s] for s in ("nsd", "knot") if s in effs] or [0])
    nsd_rss = mib("nsd", "mem_load", 0) if "nsd" in d else 0
    print()
    print("| server | procs/threads | load (s) | qps (median) | min-max | vs peer | "
          "qps/CPU-s | vs peer | srv CPU | srv wait | core0 other | client CPU | lost % | resp B | RSS load (MiB) | "
          "HWM end (MiB) | PSS load (MiB) | RSS end (MiB) | RSS vs NSD |")
    print("|---" * 19 + "|")
    for s in servers:
        qs = [x["q"] for x in d[s]["runs"]] or [0]
        eff = effs[s]
        cpu = med(s, lambda x: x["srv"] / x["rt"] if x["rt"] else 0)
        cli = med(s, lambda x: x["cli"] / x["rt"] if x["rt"] else 0)
        wt = med(s, lambda x: x["wt"] / x["rt"] if x["rt"] else 0)
        oth = med(s, lambda x: x["oth"] / x["rt"] if x["rt"] else 0)
        print("| %s | %s | %s | %.0f | %.0f-%.0f | %s | %.0f | %s | %.2f | %.2f | %.2f | %.2f "
              "| %.2f | %.0f | "
              "%.1f | %.1f | %.1f | %.1f | %s |" % (
                  s, d[s].get("procs_threads", "?").replace(" ", "/"),
                  d[s].get("load_s", "?"), qps[s], min(qs), max(qs),
                  "%.2fx" % (qps[s] / peer) if peer else "-", eff,
                  "%.2fx" % (eff / epeer) if epeer else "-", cpu, wt, oth, cli,
                  med(s, lambda x: x["lost"]), med(s, lambda x: x["resp"]),
                  mib(s, "mem_load", 0), mib(s, "mem_end", 1), mib(s, "mem_load", 2),
                  mib(s, "mem_end", 0),
                  "%.2f" % (mib(s, "mem_load", 0) / nsd_rss) if nsd_rss else "-"))
    print()
    for s in failed:
        print("- %s: FAILED (%s), not measured" % (s, d[s].get("failed", "no runs")))
    for s in servers:
        if "failed" in d[s]:
            print("- %s: FAILED (%s)" % (s, d[s]["failed"]))
        print("- %s: response codes (last run): %s; qps per round: %s" % (
            s, d[s]["codes"] or "?", " ".join("%.0f" % x["q"] for x in d[s]["runs"])))


if __name__ == "__main__":
    main()
