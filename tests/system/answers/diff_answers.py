#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Differential test: ditto's answers against a real BIND 9.18 named.

Starts named (recursion no, the zones of zones/) and ditto-answer on
127.0.0.1 with random ports, sends both the same queries (every name and
type in the zones, missing names at several depths, random types, mixed
case; without EDNS, with EDNS, with DO, RD set and clear, small UDP
buffers, TCP) and compares the replies section by section: header flags,
rcode, EDNS, and each section as an ordered list of RRsets (owner case,
TTL, and the set of rdatas: BIND randomises the order inside an RRset).
A difference fails the test unless allowlist.txt names it with a reason.

usage: diff_answers.py BUILD_DIR [-v] [--keep] [--limit N]
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rdataclass
import dns.rdatatype
import dns.rcode
import dns.zone

HERE = os.path.dirname(os.path.abspath(__file__))
ZONES = [
    ("example.test", "example.test.db"),
    ("other.test", "other.test.db"),
    ("child.example.test", "child.example.test.db"),
    ("signed.test", "signed.test.db"),
    ("nsec3.test", "nsec3.test.db"),
]
EXTRA_TYPES = ["A", "AAAA", "MX", "TXT", "NS", "DS", "ANY", "CNAME",
               "RRSIG", "NSEC", "SOA", "SRV", "DNAME", "PTR", "TYPE999"]

NAMED_CONF = """
options {{
	directory "{dir}";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify no;
	pid-file "{dir}/named.pid";
	session-keyfile "{dir}/session.key";
	dnssec-validation no;
	answer-cookie no;
	{extra}
}};
controls {{ }};
{zones}
"""


def free_port():
    """A port free for both UDP and TCP on 127.0.0.1."""
    for _ in range(200):
        port = random.randint(20000, 60000)
        try:
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                s = socket.socket(socket.AF_INET, kind)
                s.bind(("127.0.0.1", port))
                s.close()
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def wait_ready(port, proc, what, timeout=20.0):
    q = dns.message.make_query("example.test.", "SOA")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            dns.query.udp(q, "127.0.0.1", port=port, timeout=0.5)
            return
        except Exception:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {timeout}s")


class Servers:
    def __init__(self, build, tmp, extra_named="", ditto_args=()):
        self.procs = []
        zdir = os.path.join(HERE, "zones")
        self.named_port = free_port()
        zones = "\n".join(
            f'zone "{o}" {{ type primary; file "{zdir}/{f}"; }};'
            for o, f in ZONES)
        conf = os.path.join(tmp, "named.conf")
        with open(conf, "w") as fh:
            fh.write(NAMED_CONF.format(dir=tmp, port=self.named_port,
                                       zones=zones, extra=extra_named))
        self.named_log = open(os.path.join(tmp, "named.log"), "w")
        named = subprocess.Popen(["named", "-g", "-n", "1", "-c", conf],
                                 stdout=self.named_log,
                                 stderr=subprocess.STDOUT)
        self.procs.append(named)
        self.ditto_port = free_port()
        tool = os.path.join(build, "tests", "tools", "ditto-answer")
        args = [tool, "-p", str(self.ditto_port), *ditto_args]
        for o, f in ZONES:
            args += [o, os.path.join(zdir, f)]
        self.ditto_log = open(os.path.join(tmp, "ditto.log"), "w")
        ditto = subprocess.Popen(args, stdout=self.ditto_log,
                                 stderr=subprocess.STDOUT)
        self.procs.append(ditto)
        wait_ready(self.named_port, named, "named")
        wait_ready(self.ditto_port, ditto, "ditto-answer")

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
        self.named_log.close()
        self.ditto_log.close()


def zone_names():
    """Every (name, types) of the zones, as dnspython reads them."""
    out = []
    for origin, f in ZONES:
        z = dns.zone.from_file(os.path.join(HERE, "zones", f), origin,
                               relativize=False, check_origin=False)
        for name, node in z.nodes.items():
            types = set()
            for rds in node.rdatasets:
                types.add(dns.rdatatype.to_text(rds.rdtype))
            out.append((name, types))
    return out


def mixcase(name):
    text = name.to_text()
    return dns.name.from_text("".join(
        ch.upper() if i % 2 else ch for i, ch in enumerate(text)))


def build_queries(rng, limit):
    names = zone_names()
    qs = []  # (qname, qtype)
    for name, types in names:
        for t in sorted(types | set(EXTRA_TYPES)):
            qs.append((name, t))
        if len(name) > 1:
            parent = name.parent()
            qs.append((dns.name.from_text("nx-" + name.labels[0].decode(
                "ascii", "replace").replace("*", "star"), parent), "A"))
        qs.append((dns.name.from_text("a.b", name), "A"))
        qs.append((dns.name.from_text("x", name), "TXT"))
        qs.append((dns.name.from_text("x", name), "DS"))
        qs.append((mixcase(name), "A"))
        qs.append((name, "TYPE%d" % rng.randint(1, 300)))
    for z, _ in ZONES:
        qs.append((dns.name.from_text("nope." + z), "A"))
        qs.append((dns.name.from_text("deep.er.nope." + z), "AAAA"))
    qs.append((dns.name.from_text("notours.example."), "A"))
    qs.append((dns.name.from_text("test."), "SOA"))
    seen = set()
    uniq = []
    for q in qs:
        key = (q[0].to_text(), q[1])
        if key not in seen:
            seen.add(key)
            uniq.append(q)
    if limit:
        rng.shuffle(uniq)
        uniq = uniq[:limit]
    return uniq


# Query variants: (label, edns, do, rd, payload, tcp)
VARIANTS = [
    ("noedns", False, False, False, 0, False),
    ("edns", True, False, False, 1232, False),
    ("do", True, True, False, 1232, False),
    ("do-rd", True, True, True, 1232, False),
    ("do-512", True, True, False, 512, False),
    ("noedns-rd", False, False, True, 0, False),
    ("do-tcp", True, True, False, 1232, True),
]


def make(qname, qtype, v):
    label, edns, do, rd, payload, tcp = v
    q = dns.message.make_query(qname, qtype, use_edns=0 if edns else None,
                               want_dnssec=do, payload=payload or 1232)
    q.flags = dns.flags.RD if rd else 0
    q.id = 4242
    return q


def ask(q, port, tcp):
    wire = q.to_wire()
    if tcp:
        with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
            s.sendall(len(wire).to_bytes(2, "big") + wire)
            hdr = recv_all(s, 2)
            return recv_all(s, int.from_bytes(hdr, "big"))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(3)
        for _ in range(3):
            s.sendto(wire, ("127.0.0.1", port))
            try:
                data, _ = s.recvfrom(65535)
                return data
            except socket.timeout:
                continue
    return None


def recv_all(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def describe(wire, qtype=None):
    """A comparable description of a reply, section by section."""
    if wire is None:
        return {"noreply": True}
    try:
        m = dns.message.from_wire(wire, ignore_trailing=True,
                                  raise_on_truncation=False)
    except Exception as e:  # noqa: BLE001
        return {"unparseable": str(e)}
    d = {
        "rcode": dns.rcode.to_text(m.rcode()),
        "flags": dns.flags.to_text(m.flags),
        "edns": (m.edns, m.payload, m.ednsflags) if m.edns >= 0 else None,
    }
    for sname, sec in (("answer", m.answer), ("authority", m.authority),
                       ("additional", m.additional)):
        d[sname] = [(rrset.name.to_text(omit_final_dot=False),
                     dns.rdatatype.to_text(rrset.rdtype),
                     dns.rdatatype.to_text(rrset.covers) if rrset.covers
                     else "", rrset.ttl,
                     tuple(sorted(rd.to_text() for rd in rrset)))
                    for rrset in sec]
    if qtype in ("ANY", "RRSIG"):
        # A node keeps its RRsets in type order, BIND in load order: the
        # order of RRsets in an ANY answer is not compared.
        d["answer"] = sorted(d["answer"], key=lambda r: (r[0].lower(),
                             r[2] or r[1], r[1]))
    return d


def diff_text(a, b):
    lines = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            lines.append(f"  {key}:\n    named: {a.get(key)}\n"
                         f"    ditto: {b.get(key)}")
    return "\n".join(lines)


def load_allowlist():
    rules = []
    path = os.path.join(HERE, "allowlist.txt")
    if not os.path.exists(path):
        return rules
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            pattern, _, reason = line.partition(" | ")
            rules.append((re.compile(pattern.strip()), reason.strip()))
    return rules


def run(args, extra_named, ditto_args, tag):
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="ditto-answers-")
    servers = None
    total = same = allowed = 0
    failures = []
    try:
        servers = Servers(args.build, tmp, extra_named, ditto_args)
        allow = load_allowlist()
        for qname, qtype in build_queries(rng, args.limit):
            for v in VARIANTS:
                q = make(qname, qtype, v)
                a = describe(ask(q, servers.named_port, v[5]), qtype)
                b = describe(ask(q, servers.ditto_port, v[5]), qtype)
                total += 1
                if a == b:
                    same += 1
                    continue
                key = f"{tag} {qname} {qtype} {v[0]}"
                reason = next((r for p, r in allow if p.search(key)), None)
                if reason is not None:
                    allowed += 1
                    continue
                failures.append(f"{key}\n{diff_text(a, b)}")
    finally:
        if servers is not None:
            servers.stop()
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"[{tag}] {total} queries: {same} identical, {allowed} allowed "
          f"differences, {len(failures)} failures "
          f"({100.0 * same / max(total, 1):.2f}% identical)")
    for f in failures[:args.show]:
        print(f)
    return not failures


CONFIGS = [
    ("default", "", []),
    ("minimal", "minimal-responses yes; minimal-any yes;",
     ["-m", "yes", "-A"]),
    ("maximal", "minimal-responses no;", ["-m", "no"]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--config", default="")
    args = ap.parse_args()
    if shutil.which("named") is None:
        print("named not installed: skipped")
        return 77
    ok = True
    for tag, extra, dargs in CONFIGS:
        if args.config and args.config != tag:
            continue
        ok = run(args, extra, dargs, tag) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
