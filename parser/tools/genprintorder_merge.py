#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Merge genprintorder.py runs into one order per block kind."""
import json, sys
r = json.load(open("/tmp/cfgout/order.json"))
def merge(seqs):
    # topological merge of consistent sequences; ties by first appearance
    nodes, first = [], {}
    for s in seqs:
        for x in s:
            if x not in first:
                first[x] = len(first)
    succ = {x: set() for x in first}
    indeg = {x: 0 for x in first}
    for s in seqs:
        for a, b in zip(s, s[1:]):
            if b not in succ[a]:
                succ[a].add(b); indeg[b] += 1
    out = []
    ready = sorted([x for x in first if indeg[x] == 0], key=lambda x: first[x])
    while ready:
        x = ready.pop(0); out.append(x)
        for y in succ[x]:
            indeg[y] -= 1
            if indeg[y] == 0:
                ready.append(y)
        ready.sort(key=lambda x: first[x])
    if len(out) != len(first):
        sys.exit("cycle: %s" % [x for x in first if x not in out])
    return out
ZONE_MANUAL = [
 ["type", "check-names", "database", "delegation-only", "dlz", "file", "in-view", "inline-signing", "ixfr-from-differences", "journal", "masters", "primaries", "server-addresses", "server-names", "update-policy", "allow-notify"],
 ["allow-update-forwarding", "also-notify", "alt-transfer-source", "alt-transfer-source-v6", "auto-dnssec", "check-dup-records"],
 ["sig-signing-type", "sig-validity-interval", "dnskey-sig-validity", "transfer-source"],
 ["dnssec-loadkeys-interval", "dnssec-policy", "dnssec-secure-to-insecure"],
]
VIEWZ_MANUAL = [["auth-nxdomain", "catalog-zones", "check-names"], ["dnssec-validation", "dnstap", "dual-stack-servers"],
    ["response-padding", "response-policy", "root-delegation-only"], ["alt-transfer-source-v6", "auto-dnssec", "check-dup-records"],
    ["sig-signing-type", "sig-validity-interval", "dnskey-sig-validity", "transfer-source"],
    ["zone", "allow-new-zones"], ["trust-anchors", "trusted-keys", "zone"], ["key", "managed-keys", "plugin", "server"]]
OPT_MANUAL = [["listen-on-v6", "lock-file"], ["dnssec-loadkeys-interval", "dnssec-policy", "dnssec-secure-to-insecure"]]
out = {}
out["top"] = ["acl", "controls", "dnssec-policy", "http", "logging", "masters", "options", "parental-agents", "primaries", "statistics-channels", "tls", "view", "dlz", "dyndb", "key", "managed-keys", "plugin", "server", "trust-anchors", "trusted-keys", "zone"]
zseqs = []
for z in ["primary", "secondary", "mirror", "forward", "hint", "redirect", "static-stub", "stub"]:
    zseqs += r[z]["orders"]
out["zone"] = merge(zseqs + ZONE_MANUAL)
out["options"] = merge(r["options"]["orders"] + VIEWZ_MANUAL[:5] + OPT_MANUAL)
out["view"] = merge(r["view"]["orders"] + VIEWZ_MANUAL)
for k in ["key", "logging", "http", "rate-limit", "dns64", "dlz", "tls"]:
    out[k] = merge(r[k]["orders"])
out["logging"] = ["channel", "category"]
out["channel"] = ["file", "syslog", "null", "stderr", "severity", "print-time", "print-severity", "print-category", "buffered"]
out["server"] = merge(r["server"]["orders"] + [["notify-source", "notify-source-v6", "padding"], ["query-source", "query-source-v6", "request-expire"], ["transfer-source", "transfer-source-v6", "transfers"]])
out["tls"] = merge(r["tls"]["orders"] + [["dhparam-file", "protocols", "ciphers", "prefer-server-ciphers"]])
out["dnssec-policy"] = ["dnskey-ttl", "keys", "max-zone-ttl", "nsec3param", "parent-ds-ttl", "parent-propagation-delay", "parent-registration-delay", "publish-safety", "purge-keys", "retire-safety", "signatures-jitter", "signatures-refresh", "signatures-validity", "signatures-validity-dnskey", "zone-propagation-delay"]
out["controls"] = ["inet", "unix"]
out["statistics-channels"] = ["inet"]
out["rate-limit"] = merge(r["rate-limit"]["orders"] + [["ipv4-prefix-length", "ipv6-prefix-length", "log-only"]])
out["dns64"] = merge(r["dns64"]["orders"] + [["recursive-only", "suffix"]])
json.dump(out, open("/tmp/cfgout/merged.json", "w"), indent=0)
for k, v in out.items(): print(k, len(v), " ".join(v) if len(v) < 30 else "")

# ---- write parser/printorder.h ----
hdr = ["/* SPDX-License-Identifier: MPL-2.0 */",
       "/* Copyright (C) 2026 the ditto authors */",
       "/* The order named-checkconf -p prints statements in, per kind of block. */",
       "/*", " * Derived black-box by parser/tools/genprintorder.py: a block holding every",
       " * clause allowed there is printed by the installed named-checkconf -p and",
       " * the order of its output is recorded (BIND 9.18). Included by print.c only.",
       " */", "#pragma once", ""]
idents = []
for k, v in out.items():
    ident = "order_" + k.replace("-", "_")
    idents.append((k, ident))
    hdr.append("static const char *const %s[] = {" % ident)
    hdr += ['\t"%s",' % x for x in v] + ["\tNULL,", "};", ""]
hdr += ["/*! Block kinds: the statement that opens the block, and its order. */",
        "static const struct {",
        "\tconst char *name;          /*!< opening statement, \"\" = top */",
        "\tconst char *const *order; /*!< names in print order */",
        "} print_orders[] = {"]
hdr += ['\t{ "%s", %s },' % ("" if k == "top" else k, i) for k, i in idents]
hdr.append("};")
open("parser/printorder.h", "w").write("\n".join(hdr) + "\n")
