#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of the `logging` statement: dittod and a real named run the
same configuration (each in its own directory, random loopback ports) and
get the same traffic; their files are compared by shape.

Usage: test_logging.py <dittod> <named>   (exit 0 when all checks pass)

Checks:
  rotation    `file "main.log" versions 3 size 2k`: main.log.0 .. .2 exist,
              no main.log.3, and each file is at most 2k plus one line
  shapes      every line of the print-time/category/severity channel, and
              of the iso8601-utc channel, matches the regex named's lines
              match (named's own files are checked with it too)
  null        `category network { null; }`: no network line anywhere
              (both servers log "listening on ..." there)
  querylog    `querylog no`: a query writes nothing; after `rndc querylog
              on` the queries channel gets named's query line, the same
              line for both servers once the client port and @0x are cut
  trace       `rndc trace 3` makes "debug 3:" lines appear in the
              `severity dynamic` channel; none before it
  unknown     `category edns-disabled { ... }` (a BIND category dittod
              never logs to) is accepted
Every process is stopped by its PID in `finally`; every wait is bounded.
"""
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

import dns.message
import dns.query

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="
ZONE = """$TTL 300
@ IN SOA ns hostmaster 1 3600 600 86400 300
@ IN NS ns
ns IN A 127.0.0.1
www IN A 127.0.0.2
"""
CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{ inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
	keys {{ "rndc-key"; }}; }};
options {{
	directory "{dir}";
	pid-file "{dir}/server.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	querylog no;
}};
logging {{
	channel main {{ file "main.log" versions 3 size 2k; print-time yes;
		print-category yes; print-severity yes; severity info; }};
	channel iso {{ file "iso.log"; print-time iso8601-utc;
		print-severity yes; }};
	channel dyn {{ file "dyn.log"; severity dynamic; print-time yes;
		print-category yes; print-severity yes; }};
	channel q {{ file "q.log"; print-time yes; print-category yes;
		print-severity yes; }};
	category default {{ main; iso; dyn; }};
	category queries {{ q; main; }};
	category network {{ null; }};
	category edns-disabled {{ main; }};
}};
zone "example.com" {{ type primary; file "ex.zone"; }};
"""

TIME = r"\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d\.\d{3}"
SEV = r"(critical|error|warning|notice|info|debug \d+)"
MAIN_RE = re.compile(r"^%s [a-z-]+: %s: \S.*$" % (TIME, SEV))
ISO_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z %s: \S.*$"
                    % SEV)
QUERY_RE = re.compile(
    r"^%s queries: info: client @0x[0-9a-f]+ 127\.0\.0\.1#\d+ "
    r"\((\S+)\): query: (\S+) (\S+) (\S+) (\S+) \(127\.0\.0\.1\)$" % TIME)

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


class Server:
    def __init__(self, name, argv0, top):
        self.name = name
        self.dir = os.path.join(top, name)
        os.mkdir(self.dir)
        self.port, self.cport = free_port(), free_port()
        with open(os.path.join(self.dir, "ex.zone"), "w") as f:
            f.write(ZONE)
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(CONF.format(secret=SECRET, cport=self.cport,
                                dir=self.dir, port=self.port))
        with open(os.path.join(self.dir, "rndc.conf"), "w") as f:
            f.write('key "rndc-key" { algorithm hmac-sha256; secret "%s";'
                    ' };\noptions { default-key "rndc-key"; };\n' % SECRET)
        self.out = open(os.path.join(self.dir, "stderr.txt"), "w")
        self.proc = subprocess.Popen(
            [argv0, "-f", "-n", "1", "-c",
             os.path.join(self.dir, "named.conf")],
            stdout=self.out, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited at start" % name)
            if self.rndc("status", quiet=True)[0] == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not start" % name)

    def rndc(self, *args, quiet=False):
        p = subprocess.run(
            ["rndc", "-c", os.path.join(self.dir, "rndc.conf"), "-s",
             "127.0.0.1", "-p", str(self.cport)] + list(args),
            capture_output=True, text=True, timeout=20)
        if p.returncode != 0 and not quiet:
            print("%s: rndc %s: %s" % (self.name, " ".join(args),
                                        p.stderr.strip()))
        return p.returncode, p.stdout

    def query(self, qname, tcp=False):
        q = dns.message.make_query(qname, "A", use_edns=0)
        if tcp:
            dns.query.tcp(q, "127.0.0.1", port=self.port, timeout=5)
        else:
            dns.query.udp(q, "127.0.0.1", port=self.port, timeout=5)

    def lines(self, name):
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            return []
        with open(path, errors="replace") as f:
            return f.read().splitlines()

    def wait_lines(self, name, pred, secs=10):
        deadline = time.time() + secs
        while time.time() < deadline:
            if any(pred(ln) for ln in self.lines(name)):
                return True
            time.sleep(0.1)
        return False

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.out.close()


def normalize_query(ln):
    m = QUERY_RE.match(ln)
    return m.groups() if m else None


def run(srv):
    n = srv.name
    srv.query("www.example.com")
    time.sleep(0.5)
    check(not srv.lines("q.log"), "%s: querylog no: no query line" % n)
    check(srv.rndc("querylog", "on")[0] == 0, "%s: rndc querylog on" % n)
    for i in range(60):
        srv.query("www%d.example.com" % i)
    srv.query("www.example.com", tcp=True)
    check(srv.wait_lines("q.log", lambda ln: "www59.example.com" in ln),
          "%s: query lines appear after querylog on" % n)
    check(srv.rndc("reload")[0] == 0, "%s: rndc reload" % n)
    dyn_before = [ln for ln in srv.lines("dyn.log") if "debug 3:" in ln]
    check(not dyn_before, "%s: no debug 3 line before trace" % n)
    check(srv.rndc("trace", "3")[0] == 0, "%s: rndc trace 3" % n)
    srv.rndc("status")
    check(srv.wait_lines("dyn.log", lambda ln: " debug 3: " in ln),
          "%s: rndc trace 3 makes debug 3 lines" % n)
    srv.rndc("notrace")
    time.sleep(0.5)


def main_files(srv):
    return ["main.log"] + ["main.log.%d" % i for i in range(4)]


def check_files(srv):
    n = srv.name
    d = srv.dir
    for v in range(3):
        check(os.path.exists(os.path.join(d, "main.log.%d" % v)),
              "%s: main.log.%d exists" % (n, v))
    check(not os.path.exists(os.path.join(d, "main.log.3")),
          "%s: no main.log.3 (versions 3)" % n)
    every = []
    for name in main_files(srv):
        lines = srv.lines(name)
        every += lines
        longest = max([len(ln) + 1 for ln in lines] or [0])
        size = (os.path.getsize(os.path.join(d, name))
                if os.path.exists(os.path.join(d, name)) else 0)
        check(size <= 2048 + longest,
              "%s: %s is %d <= 2k + one line" % (n, name, size))
    bad = [ln for ln in every if not MAIN_RE.match(ln)]
    check(every and not bad, "%s: main.log* lines have named's shape%s"
          % (n, (": " + bad[0]) if bad else ""))
    iso = srv.lines("iso.log")
    bad = [ln for ln in iso if not ISO_RE.match(ln)]
    check(iso and not bad, "%s: iso8601-utc lines have named's shape%s"
          % (n, (": " + bad[0]) if bad else ""))
    files = [f for f in os.listdir(d) if f.endswith(".log") or ".log." in f]
    net = [ln for f in files for ln in srv.lines(f)
           if " network: " in ln or "listening on IPv4" in ln]
    check(not net, "%s: category network { null; } writes nothing" % n)
    q = [normalize_query(ln) for ln in srv.lines("q.log")]
    check(q and all(x is not None for x in q),
          "%s: every q.log line is a query line" % n)
    return set(x for x in q if x is not None)


def main():
    dittod, named = sys.argv[1], sys.argv[2]
    top = tempfile.mkdtemp(prefix="ditto-logging-")
    servers = []
    try:
        for name, argv0 in (("named", named), ("dittod", dittod)):
            servers.append(Server(name, argv0, top))
        results = {}
        for srv in servers:
            run(srv)
        for srv in servers:
            srv.stop()
            results[srv.name] = check_files(srv)
        check(results["named"] == results["dittod"],
              "query lines equal once time, port and @0x are cut "
              "(only named: %s; only dittod: %s)" % (
                  sorted(results["named"] - results["dittod"])[:3],
                  sorted(results["dittod"] - results["named"])[:3]))
    finally:
        for srv in servers:
            srv.stop()
    if failures:
        print("logging: %d check(s) failed; files kept in %s"
              % (len(failures), top))
        return 1
    if os.environ.get("KEEP") is None:
        shutil.rmtree(top, ignore_errors=True)
    print("logging: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
