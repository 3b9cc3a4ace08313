#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Generate the named.conf verdict corpus and judge it with named-checkconf.

For every clause of ditto's clause table (parser/clauses_tab.h, itself from
`man named.conf`) and every place it may appear, write one valid use and
several invalid ones (wrong value type, missing value, a block where a
word belongs, wrong place); the realistic configs in full/ are written by
hand, and the semantic cases in sem/ come from semcases.py. Every case
is judged by the installed named-checkconf and its exit
code and first message are stored in expected.tsv. Run again only when the
table changes; compare.sh replays the corpus against ditto-checkconf.

Usage: tests/corpus/configs/gen.py   (from the top of the repository)
"""
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(TOP, "../../.."))
CASES = os.path.join(TOP, "cases")
SEM = os.path.join(TOP, "sem")

VALID = {
    "<integer>": "10", "<boolean>": "yes", "<string>": "\"name\"",
    "<quoted_string>": "\"/tmp\"", "<duration>": "1h",
    "<duration_or_unlimited>": "1d", "<size>": "10M", "<sizeval>": "10M",
    "<percentage>": "10%", "<fixedpoint>": "0.5",
    "<ipv4_address>": "192.0.2.1", "<ipv6_address>": "2001:db8::1",
    "<netprefix>": "192.0.2.0/24", "<class>": "IN",
    "<log_severity>": "info", "<syslog_facility>": "daemon",
    "<remote-servers>": "192.0.2.7", "<address_match_element>": "any",
    "<portrange>": "1024", "<server_key>": "\"k\"", "<rrtypelist>": "A",
    "<unspecified-text>": "",
}
BAD = {
    "<integer>": ["abc", "-1", "99999999999"],
    "<boolean>": ["maybe"], "<duration>": ["1y", "PT1X", "x"],
    "<duration_or_unlimited>": ["forever"], "<size>": ["10Q"],
    "<sizeval>": ["10x"], "<percentage>": ["ten%"],
    "<fixedpoint>": ["1.234"], "<ipv4_address>": ["1.2.3", "2001:db8::1"],
    "<ipv6_address>": ["1.2.3.4", "gg::1"],
    "<netprefix>": ["192.0.2.1/33", "foo"], "<class>": ["bogus"],
    "<log_severity>": ["loud"], "<syslog_facility>": ["nowhere"],
    "<address_match_element>": ["undefined-acl", "1.2.3.4/8",
                                "1.2.3.4/40"],
    "<quoted_string>": ["{ \"x\"; }"],
}

SETS_WRAP = {
    "options": "options {{ {0}; }};",
    "view": "view \"v\" {{ {0}; }};",
    "primary": "zone \"example.com\" {{ type primary; file \"db.x\"; {0}; }};",
    "secondary": "zone \"example.com\" {{ type secondary; primaries {{ 192.0.2.1; }}; {0}; }};",
    "mirror": "zone \"example.com\" {{ type mirror; primaries {{ 192.0.2.1; }}; {0}; }};",
    "forward": "zone \"example.com\" {{ type forward; {0}; }};",
    "hint": "zone \".\" {{ type hint; file \"db.x\"; {0}; }};",
    "redirect": "zone \".\" {{ type redirect; file \"db.x\"; {0}; }};",
    "static-stub": "zone \"example.com\" {{ type static-stub; server-addresses {{ 192.0.2.1; }}; {0}; }};",
    "stub": "zone \"example.com\" {{ type stub; primaries {{ 192.0.2.1; }}; {0}; }};",
    "key": "key \"k\" {{ {0}; }};",
    "logging": "logging {{ {0}; }};",
    "channel": "logging {{ channel \"c\" {{ null; {0}; }}; }};",
    "server": "server 192.0.2.1 {{ {0}; }};",
    "tls": "tls \"t\" {{ {0}; }};",
    "http": "http \"h\" {{ {0}; }};",
    "rate-limit": "options {{ rate-limit {{ {0}; }}; }};",
    "dns64": "options {{ dns64 64:ff9b::/96 {{ {0}; }}; }};",
    "dnssec-policy": "dnssec-policy \"p\" {{ {0}; }};",
    "controls": "controls {{ {0}; }};",
    "statistics-channels": "statistics-channels {{ {0}; }};",
    "dlz": "dlz \"d\" {{ {0}; }};",
    "top": "{0};",
}
PREAMBLE = 'key "k" { algorithm hmac-sha256; secret "c2VjcmV0"; };\n'


def rows():
    """Rows of the clause table; string literals may be split over lines
    (the table is clang-formatted)."""
    text = open(os.path.join(REPO, "parser/clauses_tab.h")).read()
    lit = r'"(?:[^"\\]|\\.)*"'
    row = re.compile(r'ROW\(\s*(%s)\s*,\s*((?:%s\s*)+),(.*?)\)\s*(?=ROW\(|$)'
                     % (lit, lit), re.S)
    for m in row.finditer(text):
        name = m.group(1)[1:-1]
        spec = "".join(s[1:-1] for s in re.findall(lit, m.group(2)))
        spec = spec.replace('\\"', '"')
        rest = [x.strip() for x in m.group(3).split(",")]
        sets, flags = rest[0], rest[1] if len(rest) > 1 else "0"
        sl = [s.replace("DITTO_CFG_SET_", "").lower().replace("_", "-")
              for s in re.findall(r"DITTO_CFG_SET_\w+", sets)]
        yield name, spec, sl, flags


def tokens(spec):
    return re.findall(r"<[^>]+>|[{}\[\]()|;]|\.\.\.|@[\w-]+|[^\s{}\[\]()|;]+",
                      spec)


def instantiate(toks, bad=None):
    """A value text for a spec: first alternative, no optional parts.
    bad=(index of the typed token to replace, replacement)."""
    typed = [0]

    def walk(i, emit):
        res = []
        while i < len(toks):
            t = toks[i]
            if t in ("]", ")", "}") and emit is not None:
                return i, res
            if t == "[":
                j, _ = walk(i + 1, None)
                i = j + 1
                continue
            if t == "(":
                j, sub = walk(i + 1, "(")
                res.extend(sub)
                i = j + 1
                continue
            if t == "|" and emit == "(":
                # skip the other alternatives
                d = 0
                while i < len(toks):
                    if toks[i] in ("(", "[", "{"):
                        d += 1
                    elif toks[i] in (")", "]", "}"):
                        if d == 0:
                            break
                        d -= 1
                    i += 1
                return i, res
            if emit is None:
                d = 0
                while i < len(toks):
                    if toks[i] in ("(", "[", "{"):
                        d += 1
                    elif toks[i] in (")", "]", "}"):
                        if d == 0:
                            return i, res
                        d -= 1
                    i += 1
                return i, res
            if t == "{":
                j, sub = walk(i + 1, "{")
                inner = " ".join(sub)
                res.append("{ %s; }" % inner if inner else "{ }")
                i = j + 1
                continue
            if t in (";", "..."):
                i += 1
                continue
            if t.startswith("@"):
                res.append("{ }")
            elif t.startswith("<"):
                v = VALID.get(t, "\"x\"")
                if bad is not None and typed[0] == bad[0]:
                    v = bad[1]
                typed[0] += 1
                res.append(v)
            else:
                res.append(t)
            i += 1
        return i, res

    _, res = walk(0, "top")
    return " ".join(res)


def typed_tokens(toks):
    """Typed tokens on the default path, in order (mirrors instantiate)."""
    marks = []
    probe = 0
    while True:
        a = instantiate(toks, (probe, "\x00"))
        if "\x00" not in a:
            return marks
        marks.append(probe)
        probe += 1
        if probe > 20:
            return marks


def which_type(toks, k):
    """Name of the k-th typed token used by instantiate."""
    # find the token whose VALID text sits at that position
    a = instantiate(toks, (k, "\x01")).split(" ")
    b = instantiate(toks).split(" ")
    for x, y in zip(a, b):
        if x != y:
            for t, v in VALID.items():
                if v == y:
                    return t
    return None


def cases():
    for name, spec, sets, flags in rows():
        if name in ("include",):
            continue
        toks = tokens(spec)
        for s in sets:
            if s not in SETS_WRAP:
                continue
            wrap = SETS_WRAP[s]
            stmt = (name + " " + instantiate(toks)).strip()
            if s == "top" and name in ("options", "logging", "controls",
                                       "statistics-channels"):
                stmt = name + " { }"
            yield "%s-%s-valid" % (s, name), wrap.format(stmt)
            for k in typed_tokens(toks):
                t = which_type(toks, k)
                for j, badv in enumerate(BAD.get(t, [])):
                    bst = (name + " " + instantiate(toks, (k, badv))).strip()
                    yield "%s-%s-bad%d-%d" % (s, name, k, j), wrap.format(bst)
            if toks:
                yield "%s-%s-missing" % (s, name), wrap.format(name)
            yield "%s-%s-typo" % (s, name), wrap.format(name + "x " +
                                                       instantiate(toks))
        # wrong place: in options if not allowed there, and in a zone
        if "options" not in sets and "top" not in sets:
            yield "misplaced-options-%s" % name, SETS_WRAP["options"].format(
                (name + " " + instantiate(toks)).strip())
        if "secondary" not in sets:
            yield "misplaced-secondary-%s" % name, SETS_WRAP["secondary"].format(
                (name + " " + instantiate(toks)).strip())


def judge(path):
    p = subprocess.run(["named-checkconf", path], capture_output=True,
                       text=True, cwd=CASES)
    msg = (p.stdout + p.stderr).strip().splitlines()
    first = msg[0] if msg else ""
    first = re.sub(r"^[^:]*:\d+: ", "", first)
    return p.returncode, first.replace("\t", " ")


def main():
    os.makedirs(CASES, exist_ok=True)
    for f in os.listdir(CASES):
        if f.endswith(".conf"):
            os.unlink(os.path.join(CASES, f))
    seen = set()
    out = []
    for name, text in cases():
        fn = re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".conf"
        if fn in seen:
            continue
        seen.add(fn)
        with open(os.path.join(CASES, fn), "w") as f:
            f.write(PREAMBLE + text + "\n")
    full = os.path.join(TOP, "full")
    names = sorted(seen)
    sys.path.insert(0, TOP)
    import semcases
    os.makedirs(SEM, exist_ok=True)
    for f in os.listdir(SEM):
        if f.endswith(".conf"):
            os.unlink(os.path.join(SEM, f))
    semnames = []
    for name, text in semcases.CASES:
        fn = name + ".conf"
        with open(os.path.join(SEM, fn), "w") as f:
            f.write(text + "\n")
        semnames.append(fn)

    with open(os.path.join(TOP, "expected.tsv"), "w") as f:
        for fn in names:
            rc, msg = judge(os.path.join(CASES, fn))
            f.write("cases/%s\t%d\t%s\n" % (fn, rc, msg))
        for fn in sorted(semnames):
            p = subprocess.run(["named-checkconf", fn], capture_output=True,
                               text=True, cwd=SEM)
            m = (p.stdout + p.stderr).strip().splitlines()
            f.write("sem/%s\t%d\t%s\n" % (fn, p.returncode,
                    re.sub(r"^[^:]*:\d+: ", "", m[0]) if m else ""))
        for fn in sorted(os.listdir(full)):
            if fn.endswith(".conf"):
                p = subprocess.run(["named-checkconf", fn],
                                   capture_output=True, text=True, cwd=full)
                m = (p.stdout + p.stderr).strip().splitlines()
                f.write("full/%s\t%d\t%s\n" % (fn, p.returncode,
                        re.sub(r"^[^:]*:\d+: ", "", m[0]) if m else ""))
    print("%d cases" % len(names), file=sys.stderr)


if __name__ == "__main__":
    main()
