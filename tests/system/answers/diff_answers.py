#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""Differential test: dittod's answers against a real BIND 9.18 named.

For each configuration below, writes ONE named.conf (recursion no,
listen-on 127.0.0.1 and ::1 without a port, the zones of zones/) and starts
both `named -g -c named.conf -n 1 -p P1` and `dittod -g -c named.conf -n 1
-p P2` from that same file. Both are sent the same queries (every name and
type in the zones, missing names at several depths, random types, mixed
case; without EDNS, with EDNS, with DO, RD set and clear, small UDP
buffers, TCP; and a subset over IPv6, where BIND puts AAAA before A in the
additional section) and the replies are compared section by section:
header flags, rcode, EDNS, and each section as an ordered list of RRsets
(owner case, TTL, and the set of rdatas: BIND randomises the order inside
an RRset). A difference fails the test unless allowlist.txt names it with
a reason. dittod must also exit with status 0 on SIGTERM (under ASan that
catches leaks and memory errors on the query path).

usage: diff_answers.py BUILD_DIR [-v] [--keep] [--limit N] [--seed N]
                       [--show N] [--config default|minimal|maximal]
  -v        also print the allowlisted differences
  --keep    keep the temporary directory (named.conf, both logs)
  --limit   ask only N random (name, type) pairs
"""

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.query
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
# Query types also asked over IPv6: those whose answers carry addresses
# in the additional section (glue, MX/SRV/NS targets) or referrals.
V6_TYPES = {"A", "AAAA", "MX", "NS", "SRV", "SOA", "ANY", "DS"}

# Per-query timeout (seconds) and the bound on the whole run: dittod built
# with ASan+UBSan is several times slower than a normal build.
QUERY_TIMEOUT = 5.0
RUN_BUDGET = 420.0
ASKERS = 4  # queries in flight
BATCH = 128  # queries between two looks at the clock and the servers
MAX_SILENT = 16  # unanswered queries that end the run

NAMED_CONF = """
options {{
	directory "{dir}";
	listen-on {{ 127.0.0.1; }};
	listen-on-v6 {{ {v6}; }};
	recursion no;
	notify no;
	pid-file none;
	session-keyfile none;
	dnssec-validation no;
	answer-cookie no;
	{extra}
}};
controls {{ }};
{zones}
"""


def have_ipv6():
    """Whether ::1 can be bound (IPv6 loopback configured)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port(v6):
    """A port free for UDP and TCP on 127.0.0.1 (and ::1 when v6)."""
    addrs = [(socket.AF_INET, "127.0.0.1")]
    if v6:
        addrs.append((socket.AF_INET6, "::1"))
    for _ in range(200):
        port = random.randint(20000, 32767)  # below the ephemeral range
        try:
            for fam, host in addrs:
                for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                    with socket.socket(fam, kind) as s:
                        s.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def wait_ready(host, port, proc, what, timeout=30.0):
    q = dns.message.make_query("example.test.", "SOA")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            r = dns.query.udp(q, host, port=port, timeout=0.5)
            if r.rcode() == dns.rcode.NOERROR and r.answer:
                return
        except Exception:  # noqa: BLE001
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer on {host}#{port} "
                       f"within {timeout}s")


def log_tail(path, n=40):
    try:
        with open(path, errors="replace") as fh:
            return "".join(fh.readlines()[-n:])
    except OSError:
        return ""


class Servers:
    """named and dittod started from the same named.conf."""

    def __init__(self, tmp):
        self.procs = []  # (name, Popen, log path)
        self.logs = []
        self.tmp = tmp
        self.named_port = self.ditto_port = 0
        self.ready = False

    def launch(self, build, extra, v6):
        """Write named.conf, start both, wait until both answer."""
        tmp = self.tmp
        zdir = os.path.join(HERE, "zones")
        zones = "\n".join(
            f'zone "{o}" {{ type primary; file "{zdir}/{f}"; }};'
            for o, f in ZONES)
        conf = os.path.join(tmp, "named.conf")
        with open(conf, "w") as fh:
            fh.write(NAMED_CONF.format(dir=tmp, zones=zones, extra=extra,
                                       v6="::1" if v6 else "none"))
        self.named_port = free_port(v6)
        self.start("named", ["named", "-g", "-c", conf, "-n", "1", "-p",
                             str(self.named_port)])
        self.ditto_port = free_port(v6)
        while self.ditto_port == self.named_port:
            self.ditto_port = free_port(v6)
        self.start("dittod", [os.path.join(os.path.abspath(build), "daemon",
                                           "dittod"), "-g",
                              "-c", conf, "-n", "1", "-p",
                              str(self.ditto_port)])
        hosts = ["127.0.0.1"] + (["::1"] if v6 else [])
        for (what, proc, log), port in zip(self.procs, (self.named_port,
                                                       self.ditto_port)):
            for host in hosts:
                try:
                    wait_ready(host, port, proc, what)
                except RuntimeError as e:
                    raise RuntimeError(f"{e}\n{log_tail(log)}") from None
        self.ready = True

    def dead(self):
        """The name of a server that has exited, or None."""
        for what, p, _ in self.procs:
            if p.poll() is not None:
                return what
        return None

    def start(self, what, argv):
        path = os.path.join(self.tmp, what + ".log")
        log = open(path, "w")
        self.logs.append(log)
        self.procs.append((what, subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, cwd=self.tmp), path))

    def stop(self):
        """Stop both by PID; returns a problem with dittod's exit, or None."""
        problem = None
        running = [p.poll() is None for _, p, _ in self.procs]
        for (_, p, _), alive in zip(self.procs, running):
            if alive:
                os.kill(p.pid, signal.SIGTERM)
        for (what, p, path), alive in zip(self.procs, running):
            if not alive and not self.ready:
                continue  # died at start: launch() said so
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
                if what == "dittod":
                    problem = "dittod did not stop within 30s of SIGTERM"
            if what == "dittod" and problem is None and p.returncode != 0:
                problem = (f"dittod exited with {p.returncode}:\n"
                           f"{log_tail(path)}")
        for log in self.logs:
            log.close()
        return problem


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


# Query variants: (label, edns, do, rd, payload, tcp, v6)
VARIANTS = [
    ("noedns", False, False, False, 0, False, False),
    ("edns", True, False, False, 1232, False, False),
    ("do", True, True, False, 1232, False, False),
    ("do-rd", True, True, True, 1232, False, False),
    ("do-512", True, True, False, 512, False, False),
    ("noedns-rd", False, False, True, 0, False, False),
    ("do-tcp", True, True, False, 1232, True, False),
]
# EDNS options, well-formed and not, sent with the "edns" variant's flags
# for a few names (OPTION_NAMES): named refuses some malformed options
# with FORMERR and an OPT record, takes others as they are, and echoes a
# client subnet with scope 0. (code, data) pairs, in order.
OPTION_CASES = {
    "opt-cookie-3": [(10, b"abc")],
    "opt-cookie-9": [(10, b"abcdefgh1")],
    "opt-ecs-ok": [(8, b"\x00\x01\x18\x00\xc0\x00\x02")],
    "opt-ecs-v6": [(8, b"\x00\x02\x38\x00\x20\x01\x0d\xb8\x00\x00\x00")],
    "opt-ecs-fam0": [(8, b"\x00\x00\x00\x00")],
    "opt-ecs-bits": [(8, b"\x00\x01\x17\x00\xc0\x00\x03")],
    "opt-ecs-scope": [(8, b"\x00\x01\x18\x18\xc0\x00\x02")],
    "opt-ecs-short": [(8, b"\x00\x01")],
    "opt-expire-2": [(9, b"ab")],
    "opt-expire-0": [(9, b"")],
    "opt-keepalive-1": [(11, b"a")],
    "opt-keytag-0": [(14, b"")],
    "opt-keytag-3": [(14, b"abc")],
    "opt-llq-2": [(1, b"ab")],
    "opt-ctag-1": [(16, b"a")],
    "opt-ede-bom": [(15, b"\x00\x01\xef\xbb\xbfx")],
    "opt-ede-notutf8": [(15, b"\x00\x01\xff\xfe")],
    "opt-pad-1": [(12, b"\x00")],
    "opt-unknown": [(65001, b"abc")],
    "opt-nsid-ecs-bad": [(3, b""), (8, b"\x00\x01")],
}
OPTION_NAMES = 3

# Over ::1, for the V6_TYPES queries only.
V6_VARIANTS = [
    ("v6-edns", True, False, False, 1232, False, True),
    ("v6-do-tcp", True, True, False, 1232, True, True),
]


def make(qname, qtype, v):
    label, edns, do, rd, payload, tcp, v6 = v
    opts = [dns.edns.GenericOption(c, d) for c, d in
            OPTION_CASES.get(label, [])]
    q = dns.message.make_query(qname, qtype, use_edns=0 if edns else None,
                               want_dnssec=do, payload=payload or 1232,
                               options=opts or None)
    q.flags = dns.flags.RD if rd else 0
    q.id = 4242
    return q


def ask(q, port, tcp, v6):
    """The raw reply, None for no reply, or "closed" when TCP is closed."""
    wire = q.to_wire()
    host = "::1" if v6 else "127.0.0.1"
    if tcp:
        try:
            with socket.create_connection((host, port),
                                          timeout=QUERY_TIMEOUT) as s:
                s.sendall(len(wire).to_bytes(2, "big") + wire)
                hdr = recv_all(s, 2)
                return recv_all(s, int.from_bytes(hdr, "big"))
        except socket.timeout:
            return None
        except (EOFError, ConnectionResetError):
            return "closed"
        except ConnectionError:  # refused: no server
            return None
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    with socket.socket(fam, socket.SOCK_DGRAM) as s:
        s.settimeout(QUERY_TIMEOUT / 2)
        for _ in range(2):
            s.sendto(wire, (host, port))
            try:
                data, _ = s.recvfrom(65535)
                return data
            except (socket.timeout, ConnectionError):
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
    if wire == "closed":
        return {"closed": True}
    try:
        m = dns.message.from_wire(wire, ignore_trailing=True,
                                  raise_on_truncation=False)
    except Exception as e:  # noqa: BLE001
        return {"unparseable": str(e)}
    d = {
        "rcode": dns.rcode.to_text(m.rcode()),
        "flags": dns.flags.to_text(m.flags),
        "edns": (m.edns, m.payload, m.ednsflags) if m.edns >= 0 else None,
        "options": [(o.otype, o.to_wire()) for o in m.options],
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


def jobs_of(rng, limit, v6):
    """Every (qname, qtype, variant) to ask, in a fixed order."""
    jobs = []
    for qname, qtype in build_queries(rng, limit):
        variants = VARIANTS
        if v6 and qtype in V6_TYPES:
            variants = VARIANTS + V6_VARIANTS
        jobs += [(qname, qtype, v) for v in variants]
    for qname, qtype in build_queries(random.Random(1), 0)[:OPTION_NAMES]:
        jobs += [(qname, qtype, (label, True, False, False, 1232, False,
                                 False)) for label in OPTION_CASES]
    return jobs


class Silence:
    """Unanswered queries of a run, counted across the asking threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0

    def add(self, replies):
        n = sum(r is None for r in replies)
        with self.lock:
            self.count += n

    def too_much(self):
        with self.lock:
            return self.count > MAX_SILENT


def ask_both(servers, silence, job):
    """The replies of named and dittod to one query; (None, None) without
    asking once too many queries went unanswered."""
    if silence.too_much():
        return None, None
    qname, qtype, v = job
    q = make(qname, qtype, v)
    replies = (ask(q, servers.named_port, v[5], v[6]),
               ask(q, servers.ditto_port, v[5], v[6]))
    silence.add(replies)
    return replies


def run(args, extra, tag, deadline, v6):
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="ditto-answers-")
    total = same = allowed = 0
    failures = []
    servers = Servers(tmp)
    try:
        servers.launch(args.build, extra, v6)
        allow = load_allowlist()
        jobs = jobs_of(rng, args.limit, v6)
        silence = Silence()
        # A few queries in flight at once hide the servers' latency; the
        # replies are compared in the main thread, in order.
        with concurrent.futures.ThreadPoolExecutor(ASKERS) as pool:
            for start in range(0, len(jobs), BATCH):
                if time.monotonic() > deadline:
                    failures.append(f"{tag}: out of time after {total} "
                                    f"queries (budget {RUN_BUDGET:.0f}s)")
                    break
                dead = servers.dead()
                if dead:
                    failures.append(f"{tag}: {dead} died after {total} "
                                    f"queries")
                    break
                batch = jobs[start:start + BATCH]
                replies = list(pool.map(
                    lambda j: ask_both(servers, silence, j), batch))
                if silence.too_much():
                    failures.append(f"{tag}: more than {MAX_SILENT} "
                                    f"queries unanswered: a server hangs "
                                    f"or is too slow")
                    break
                for (qname, qtype, v), (wa, wb) in zip(batch, replies):
                    total += 1
                    if wa == wb:  # byte for byte: nothing to parse
                        same += 1
                        continue
                    a, b = describe(wa, qtype), describe(wb, qtype)
                    if a == b:
                        same += 1
                        continue
                    key = f"{tag} {qname} {qtype} {v[0]}"
                    reason = next((r for p, r in allow if p.search(key)),
                                  None)
                    if reason is not None:
                        allowed += 1
                        if args.verbose:
                            print(f"allowed: {key}\n{diff_text(a, b)}")
                        continue
                    failures.append(f"{key}\n{diff_text(a, b)}")
    except RuntimeError as e:  # a server did not start
        failures.append(f"{tag}: {e}")
    finally:
        problem = servers.stop()
        if problem is not None:
            failures.append(f"{tag}: {problem}")
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"[{tag}] {total} queries: {same} identical, {allowed} allowed "
          f"differences, {len(failures)} failures "
          f"({100.0 * same / max(total, 1):.2f}% identical)")
    for f in failures[:args.show]:
        print(f)
    sys.stdout.flush()
    return not failures


CONFIGS = [
    ("default", ""),
    ("minimal", "minimal-responses yes; minimal-any yes;"),
    ("maximal", "minimal-responses no;"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", type=int, default=30)
    ap.add_argument("--config", default="")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if shutil.which("named") is None:
        print("named not installed: skipped")
        return 0
    if not os.access(os.path.join(args.build, "daemon", "dittod"), os.X_OK):
        print(f"no dittod in {args.build}/daemon")
        return 1
    v6 = have_ipv6()
    if not v6:
        print("::1 is not available: IPv6 queries skipped")
    deadline = time.monotonic() + RUN_BUDGET
    started = time.monotonic()
    ok = True
    for tag, extra in CONFIGS:
        if args.config and args.config != tag:
            continue
        ok = run(args, extra, tag, deadline, v6) and ok
    print(f"{time.monotonic() - started:.0f}s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
