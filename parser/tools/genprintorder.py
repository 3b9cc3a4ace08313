#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Measure named-checkconf -p statement order per block kind (black box).

Step 1 (this file, from the top of the repository): for each clause set,
write a block holding one valid use of every clause allowed there, run
named-checkconf -p, drop statements it refuses, record the order of its
output in /tmp/cfgout/order.json. Step 2: genprintorder_merge.py merges
the runs (and hand-checked facts) into parser/printorder.h."""
# Derive named-checkconf -p's statement order per block kind, black-box.
import os, re, subprocess, sys, json
sys.path.insert(0, "/work/main/tests/corpus/configs")
import gen

def rows():
    text = open("/work/main/parser/clauses_tab.h").read()
    for m in re.finditer(r'ROW\((.*?)\)\s*(?=ROW\(|$)', text, re.S):
        body = m.group(1)
        strs = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
        name = strs[0]
        # spec: all adjacent strings after the name until the sets
        rest = body[body.index('"' + name + '"') + len(name) + 2:]
        specpart, _, after = rest.partition("DITTO_CFG_SET_")
        spec = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', specpart)).replace('\\"', '"')
        after = "DITTO_CFG_SET_" + after
        sl = [x.replace("DITTO_CFG_SET_", "").lower().replace("_", "-")
              for x in re.findall(r"DITTO_CFG_SET_\w+", after)]
        yield name, spec, sl, ""
gen.rows = rows

PRE = 'key "k" { algorithm hmac-sha256; secret "c2VjcmV0"; };\n'
# wrapper: (prefix lines, suffix lines, depth of the block statements)
WRAP = {
    "top": ("", "", 0),
    "options": ("options {\n", "};\n", 1),
    "view": ("view \"v\" {\n", "};\n", 1),
    "primary": ("zone \"example.com\" {\ntype primary;\nfile \"db.x\";\n", "};\n", 1),
    "secondary": ("zone \"example.com\" {\ntype secondary;\nprimaries { 192.0.2.1; };\n", "};\n", 1),
    "mirror": ("zone \"example.com\" {\ntype mirror;\nprimaries { 192.0.2.1; };\n", "};\n", 1),
    "forward": ("zone \"example.com\" {\ntype forward;\n", "};\n", 1),
    "hint": ("zone \".\" {\ntype hint;\nfile \"db.x\";\n", "};\n", 1),
    "redirect": ("zone \".\" {\ntype redirect;\nfile \"db.x\";\n", "};\n", 1),
    "static-stub": ("zone \"example.com\" {\ntype static-stub;\nserver-addresses { 192.0.2.1; };\n", "};\n", 1),
    "stub": ("zone \"example.com\" {\ntype stub;\nprimaries { 192.0.2.1; };\n", "};\n", 1),
    "key": ("key \"k2\" {\n", "};\n", 1),
    "logging": ("logging {\n", "};\n", 1),
    "channel": ("logging {\nchannel \"c\" {\n", "};\n};\n", 2),
    "server": ("server 192.0.2.1 {\n", "};\n", 1),
    "tls": ("tls \"t\" {\n", "};\n", 1),
    "http": ("http \"h\" {\n", "};\n", 1),
    "rate-limit": ("options {\nrate-limit {\n", "};\n};\n", 2),
    "dns64": ("options {\ndns64 64:ff9b::/96 {\n", "};\n};\n", 2),
    "dnssec-policy": ("dnssec-policy \"p\" {\n", "};\n", 1),
    "controls": ("controls {\n", "};\n", 1),
    "statistics-channels": ("statistics-channels {\n", "};\n", 1),
    "dlz": ("dlz \"d\" {\n", "};\n", 1),
}

def stmts_for(setname):
    out = []
    for name, spec, sets, flags in gen.rows():
        if setname not in sets or name == "include":
            continue
        toks = gen.tokens(spec)
        st = (name + " " + gen.instantiate(toks)).strip()
        if setname == "top" and name in ("options", "logging", "controls", "statistics-channels"):
            st = name + " { }"
        if name == "dnssec-policy":
            st = "dnssec-policy default"
        if name == "algorithm":
            st = "algorithm hmac-md5"
        out.append((name, st))
    return out

OVR = {
 "rrset-order": "rrset-order { type A order cyclic; }",
 "min-cache-ttl": "min-cache-ttl 60", "min-ncache-ttl": "min-ncache-ttl 60",
 "max-rsa-exponent-size": "max-rsa-exponent-size 512",
 "preferred-glue": "preferred-glue A",
 "disable-algorithms": "disable-algorithms \"example.\" { RSASHA1; }",
 "disable-ds-digests": "disable-ds-digests \"example.\" { SHA-1; }",
 "cookie-secret": "cookie-secret \"0123456789abcdef0123456789abcdef\"",
 "fstrm-set-buffer-hint": "fstrm-set-buffer-hint 8192",
 "fstrm-set-input-queue-size": "fstrm-set-input-queue-size 512",
 "fstrm-set-reopen-interval": "fstrm-set-reopen-interval 60",
 "dns64": "dns64 64:ff9b::/96 { }",
 "sig-signing-type": "sig-signing-type 65534",
 "key": "key \"kk\" { algorithm hmac-sha256; secret \"c2VjcmV0\"; }",
 "zone": "zone \"z.example\" { type hint; file \"h\"; }",
 "update-policy": "update-policy local",
 "suffix": "suffix ::",
 "ipv6-prefix-length": "ipv6-prefix-length 56",
 "ciphers": "ciphers \"HIGH\"",
 "protocols": "protocols { TLSv1.2; }",
 "category": "category default { null; }",
 "channel": "channel \"x\" { null; }",
}
VARIANTS = {
 "options": [set(), {"dnssec-policy", "dnskey-sig-validity", "sig-validity-interval"}],
 "view": [set(), {"dnssec-policy", "managed-keys"}, {"dnssec-policy", "trust-anchors"}],
 "primary": [set(), {"dnssec-policy", "allow-update", "max-zone-ttl", "auto-dnssec", "dlz"}],
 "secondary": [{"masters", "database"}, {"dnssec-policy", "primaries", "dlz"}],
 "mirror": [{"masters"}, {"primaries"}],
 "stub": [{"masters"}, {"primaries", "dialup"}],
}

def run(setname, stmts):
    pre, suf, depth = WRAP[setname]
    text = PRE + pre + "".join(s + ";\n" for _, s in stmts) + suf
    open("/tmp/cfgout/o.conf", "w").write(text)
    p = subprocess.run(["named-checkconf", "-p", "o.conf"], capture_output=True, text=True, cwd="/tmp/cfgout")
    return p, pre.count("\n") + 1  # line of the first stmt (PRE is 1 line)

def order(setname, excl=set()):
    stmts = [(n, OVR.get(n, st)) for n, st in stmts_for(setname) if n not in excl]
    pre0 = WRAP[setname][0]
    stmts = [x for x in stmts if not re.search(r"^" + re.escape(x[0]) + r"[ ;]", pre0, re.M)]
    dropped = []
    for _ in range(400):
        p, first = run(setname, stmts)
        if p.returncode == 0:
            break
        errl = [l for l in (p.stdout + p.stderr).splitlines() if not re.search(r"deprecated|obsolete|should be removed|not recommended", l)]
        lines = [int(m) for m in re.findall(r"o\.conf:(\d+):", "\n".join(errl))]
        idx = [l - first - 1 for l in lines if 0 <= l - first - 1 < len(stmts)]
        if not idx:
            msg = p.stdout + p.stderr
            msg = "\n".join(errl)
            cand = [k for k, (n, _) in enumerate(stmts) if re.search("'" + re.escape(n) + "[' ]|[ ']" + re.escape(n) + " not legal", msg)]
            if setname == "channel":
                cand = [k for k, (n, _) in enumerate(stmts) if n in ("file", "syslog", "stderr")]
            if cand:
                idx = cand
        if not idx:
            print(setname, "cannot fix:", (p.stdout + p.stderr)[:300], file=sys.stderr)
            return None, dropped
        i = idx[0]
        why = [l for l in errl if ("o.conf:%d:" % (i + first + 1)) in l] or errl
        dropped.append(stmts[i][0] + "  <- " + why[0])
        del stmts[i]
    pre, suf, depth = WRAP[setname]
    names = []
    lines = p.stdout.splitlines()
    if depth > 0:
        last = pre.strip().splitlines()
        last = [l for l in last if l.endswith("{")][-1].split(" ")[0]
        k = max(i for i, l in enumerate(lines) if l.strip().startswith(last + " ") and l.endswith("{"))
        lines = lines[k + 1:]
    for line in lines:
        if line.startswith("\t" * (depth - 1) + "}"):
            break
        if line.startswith("\t" * depth) and not line.startswith("\t" * (depth + 1)):
            w = line.strip().split(" ")[0].rstrip(";")
            if w not in ("}", "};") and (not names or names[-1] != w):
                names.append(w)
    return names, dropped

res = {}
for s in (sys.argv[1:] or WRAP.keys()):
    allv = []
    alld = []
    for ex in VARIANTS.get(s, [set()]):
        names, dropped = order(s, ex)
        allv.append(names or [])
        alld += dropped
    res[s] = {"orders": allv, "dropped": alld}
    names = allv[0]
    print(s, len(names or []), "dropped", len(dropped), file=sys.stderr)
json.dump(res, open("/tmp/cfgout/order.json", "w"), indent=1)
