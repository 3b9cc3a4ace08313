#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of `statistics-channels`: dittod and a real named run the
same configuration (each in its own directory, random loopback ports) and
prometheus-bind-exporter scrapes both.

Usage: test_statschan.py <dittod> <named> [<exporter>]
(exit 0 when all checks pass)

Checks:
  paths     every path named serves (/json/v1[/server|zones|net|mem|tasks|
            traffic|status], /xml/v3[/...]) answers 200 with named's
            Content-Type and a document of named's shape (JSON key paths,
            XML element paths); unknown paths 404; POST 405
  exporter  the SET of metric families prometheus-bind-exporter exports
            for dittod equals the one for named, except
            bind_resolver_queries_total, which dittod always has (NS 0)
            and named only after its resolver sent a query; bind_up is 1;
            bind_zone_serial carries dittod's serial (not named's)
  allow     a client from 127.0.0.2 (outside `allow`) is disconnected
            without an answer, by named and by dittod; 127.0.0.3 is served
  bad       a 1 MB header, a garbage request line, 200 idle connections
            and a client sending one byte per second: meanwhile a normal
            client is answered within 2 s and dittod answers DNS queries
  reload    `rndc reload` with the statement unchanged keeps the channel;
            an allow list that drops 127.0.0.1 then refuses 127.0.0.1
Every process is stopped by its PID in `finally`; every wait is bounded.
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

import dns.message
import dns.query

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI="
ZONE = """$TTL 300
@ IN SOA ns hostmaster {serial} 3600 600 86400 300
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
}};
statistics-channels {{
	inet 127.0.0.1 port {sport} allow {{ {allow} }};
}};
zone "example.com" {{ type primary; file "ex.zone"; }};
zone "example.net" {{ type primary; file "ex.zone"; }};
"""
ALLOW = "127.0.0.1; 127.0.0.3;"
PATHS = ["json", "json/v1", "json/v1/server", "json/v1/zones",
         "json/v1/net", "json/v1/mem", "json/v1/tasks", "json/v1/traffic",
         "json/v1/status", "xml", "xml/v3", "xml/v3/server",
         "xml/v3/zones", "xml/v3/net", "xml/v3/mem", "xml/v3/tasks",
         "xml/v3/traffic", "xml/v3/status", ""]
# families dittod has and named may lack (documented in statsxml.c)
ONLY_DITTO_OK = {"bind_resolver_queries_total"}

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def http(port, path, method="GET", src=None, timeout=5):
    """(status, content-type, body) or (None, error, b'')."""
    s = socket.socket()
    s.settimeout(timeout)
    try:
        if src:
            s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(("%s /%s HTTP/1.0\r\nHost: x\r\n\r\n"
                   % (method, path)).encode())
        data = b""
        while len(data) < 50_000_000:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except OSError as e:
        return None, str(e), b""
    finally:
        s.close()
    if not data:
        return None, "closed", b""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    ctype = ""
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        if k.strip().lower() == "content-type":
            ctype = v.strip()
    return status, ctype, body


class Server:
    def __init__(self, name, argv, top, serial):
        self.name = name
        self.dir = os.path.join(top, name)
        os.mkdir(self.dir)
        self.port, self.cport = free_port(), free_port()
        self.sport = free_port()
        with open(os.path.join(self.dir, "ex.zone"), "w") as f:
            f.write(ZONE.format(serial=serial))
        self.write_conf(ALLOW)
        with open(os.path.join(self.dir, "rndc.conf"), "w") as f:
            f.write('key "rndc-key" { algorithm hmac-sha256; secret "%s";'
                    ' };\noptions { default-key "rndc-key"; };\n' % SECRET)
        self.out = open(os.path.join(self.dir, "stderr.txt"), "w")
        self.proc = subprocess.Popen(
            argv + ["-g", "-n", "2", "-c",
                    os.path.join(self.dir, "named.conf")],
            stdout=self.out, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited at start" % name)
            if (self.rndc("status", quiet=True)[0] == 0 and
                    http(self.sport, "xml/v3/status")[0] == 200):
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not start" % name)

    def write_conf(self, allow):
        with open(os.path.join(self.dir, "named.conf"), "w") as f:
            f.write(CONF.format(secret=SECRET, cport=self.cport,
                                dir=self.dir, port=self.port,
                                sport=self.sport, allow=allow))

    def rndc(self, *args, quiet=False):
        p = subprocess.run(
            ["rndc", "-c", os.path.join(self.dir, "rndc.conf"), "-s",
             "127.0.0.1", "-p", str(self.cport)] + list(args),
            capture_output=True, text=True, timeout=20)
        if p.returncode != 0 and not quiet:
            print("%s: rndc %s: %s" % (self.name, " ".join(args),
                                        p.stderr.strip()))
        return p.returncode, p.stdout

    def query(self, qname, qtype="A"):
        q = dns.message.make_query(qname, qtype)
        return dns.query.udp(q, "127.0.0.1", port=self.port, timeout=3)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.out.close()


# ---- shapes ----

COUNTER_MAPS = {"opcodes", "rcodes", "qtypes", "nsstats", "zonestats",
                "resstats", "sockstats", "stats", "cache", "cachestats",
                "adb", "tasks", "contexts",
                # traffic histograms: dittod keeps none (empty maps)
                "dns-udp-requests-sizes-received-ipv4",
                "dns-udp-responses-sizes-sent-ipv4",
                "dns-tcp-requests-sizes-received-ipv4",
                "dns-tcp-responses-sizes-sent-ipv4",
                "dns-udp-requests-sizes-received-ipv6",
                "dns-udp-responses-sizes-sent-ipv6",
                "dns-tcp-requests-sizes-received-ipv6",
                "dns-tcp-responses-sizes-sent-ipv6"}


def json_paths(obj, prefix=""):
    """Key paths of a JSON document, not descending into counter maps
    and listing the keys of the first element of a list."""
    out = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            p = prefix + "/" + k
            out.add(p)
            if k not in COUNTER_MAPS:
                out |= json_paths(v, p)
    elif isinstance(obj, list):
        for v in obj:
            out |= json_paths(v, prefix + "[]")
    return out


def xml_paths(e, prefix=""):
    tag = e.tag
    if tag == "counters" or tag == "view" or tag == "cache":
        tag += "[%s]" % (e.get("type") or e.get("name"))
    p = prefix + "/" + tag
    out = {p}
    if e.tag in ("counters", "tasks", "contexts"):
        return out
    for c in e:
        out |= xml_paths(c, p)
    return out


def secondary_free(paths):
    # zones of a secondary carry expires/refresh; neither test has one
    return {p for p in paths if "worker-threads" not in p}


def check_paths(named, ditto):
    for path in PATHS:
        ns, nct, nbody = http(named.sport, path)
        ds, dct, dbody = http(ditto.sport, path)
        check(ds == 200 and dct == nct,
              "dittod /%s: %s %s (named %s %s)" % (path, ds, dct, ns, nct))
        if ds != 200 or ns != 200:
            continue
        try:
            if "json" in dct:
                np_, dp = json_paths(json.loads(nbody)), json_paths(
                    json.loads(dbody))
            else:
                np_ = xml_paths(ET.fromstring(nbody))
                dp = xml_paths(ET.fromstring(dbody))
        except ValueError as e:
            check(False, "dittod /%s parses: %s" % (path, e))
            continue
        except ET.ParseError as e:
            check(False, "dittod /%s parses: %s" % (path, e))
            continue
        dp = secondary_free(dp)
        check(np_ == dp, "dittod /%s has named's shape (named only: %s; "
              "dittod only: %s)" % (path, sorted(np_ - dp)[:8],
                                     sorted(dp - np_)[:8]))
    check(http(ditto.sport, "json/v1/nope")[0] == 404, "dittod: 404")
    check(http(ditto.sport, "json/v1", method="POST")[0] == 405,
          "dittod: POST is 405")
    st, ct, body = http(ditto.sport, "metrics")
    check(st == 200 and b"# TYPE" in body, "dittod: /metrics answers")


# ---- exporter ----

def scrape(exporter, srv, top):
    port = free_port()
    log = open(os.path.join(top, "exporter-%s.log" % srv.name), "w")
    p = subprocess.Popen(
        [exporter, "--bind.stats-url=http://127.0.0.1:%d/" % srv.sport,
         "--web.listen-address=127.0.0.1:%d" % port,
         "--bind.pid-file=%s/server.pid" % srv.dir,
         "--bind.stats-groups=server,view,tasks"],
        stdout=log, stderr=subprocess.STDOUT)
    text = ""
    try:
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(
                        "http://127.0.0.1:%d/metrics" % port,
                        timeout=5) as r:
                    text = r.read().decode()
                if "bind_up" in text:
                    break
            except OSError:
                pass
            time.sleep(0.3)
    finally:
        p.terminate()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)
        log.close()
    fams, samples = set(), {}
    for ln in text.splitlines():
        if ln.startswith("#") or not ln.startswith("bind_"):
            continue
        name = ln.split("{")[0].split(" ")[0]
        fams.add(name)
        samples[ln.rsplit(" ", 1)[0]] = ln.rsplit(" ", 1)[1]
    return fams, samples


def check_exporter(exporter, named, ditto, top):
    nf, _ = scrape(exporter, named, top)
    df, ds = scrape(exporter, ditto, top)
    check(len(nf) > 20, "exporter: named exports %d families" % len(nf))
    only_named = nf - df
    only_ditto = df - nf - ONLY_DITTO_OK
    check(not only_named and not only_ditto,
          "exporter: same families (named only: %s; dittod only: %s)"
          % (sorted(only_named), sorted(only_ditto)))
    check(ds.get("bind_up") == "1", "exporter: bind_up 1 for dittod")
    key = 'bind_zone_serial{view="_default",zone_name="example.com"}'
    check(key in ds and float(ds[key]) == 2024010199,
          "exporter: dittod's serial (%s)" % ds.get(key))


# ---- allow list and bad input ----

def refused(port, src):
    st, err, _ = http(port, "json/v1/status", src=src)
    return st is None


def check_allow(named, ditto):
    check(refused(named.sport, "127.0.0.2"),
          "named disconnects 127.0.0.2 (outside allow)")
    check(refused(ditto.sport, "127.0.0.2"),
          "dittod disconnects 127.0.0.2 (outside allow)")
    check(http(ditto.sport, "json/v1/status", src="127.0.0.3")[0] == 200,
          "dittod serves 127.0.0.3 (in allow)")


def normal_ok(srv):
    t = time.time()
    st = http(srv.sport, "json/v1/server", timeout=2)[0]
    try:
        ok_dns = srv.query("www.example.com").answer != []
    except Exception:  # noqa: BLE001 (any failure is the verdict)
        ok_dns = False
    return st == 200 and ok_dns and time.time() - t < 3


def slow_client(port, stop):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
    except OSError:
        return
    s.settimeout(1)
    req = b"GET /json/v1/server HTTP/1.1\r\nHost: x\r\n"
    i = 0
    try:
        while not stop.is_set() and i < 30:
            s.sendall(req[i % len(req):i % len(req) + 1])
            i += 1
            stop.wait(1)
    except OSError:
        pass
    finally:
        s.close()


def check_bad(ditto):
    port = ditto.sport
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(b"GET /json/v1/server HTTP/1.1\r\nHost: x\r\nX-Big: ")
        sent = 0
        while sent < 1_000_000:
            s.sendall(b"a" * 65536)
            sent += 65536
        reply = s.recv(200)
    except OSError:
        reply = b""
    finally:
        s.close()
    check(not reply.startswith(b"HTTP/1.1 200"),
          "1 MB header: no 200 (%r)" % reply[:40])
    check(normal_ok(ditto), "after 1 MB header: normal client and DNS ok")
    st, err, body = http(port, "", method="GARBAGE\x01\x02 /x")
    check(st != 200, "garbage request line: no 200 (%s)" % st)
    idle = []
    for _ in range(200):
        c = socket.socket()
        try:
            c.bind(("127.0.0.3", 0))
            c.settimeout(2)
            c.connect(("127.0.0.1", port))
            idle.append(c)
        except OSError:
            c.close()
    stop = threading.Event()
    slow = threading.Thread(target=slow_client, args=(port, stop))
    slow.start()
    try:
        check(normal_ok(ditto),
              "200 idle connections (%d opened) and a slow client: "
              "normal client and DNS ok" % len(idle))
        time.sleep(1.5)
        check(normal_ok(ditto), "... still ok 1.5 s later")
    finally:
        stop.set()
        slow.join(timeout=40)
        for c in idle:
            c.close()


def check_reload(ditto):
    check(ditto.rndc("reload")[0] == 0, "dittod: rndc reload")
    check(http(ditto.sport, "json/v1/status")[0] == 200,
          "unchanged statement: channel still answers")
    ditto.write_conf("127.0.0.3;")
    check(ditto.rndc("reload")[0] == 0, "dittod: rndc reload (allow)")
    check(refused(ditto.sport, None),
          "new allow list without 127.0.0.1: 127.0.0.1 is disconnected")
    check(http(ditto.sport, "json/v1/status", src="127.0.0.3")[0] == 200,
          "new allow list: 127.0.0.3 served")


def main():
    dittod, named = sys.argv[1], sys.argv[2]
    exporter = sys.argv[3] if len(sys.argv) > 3 else shutil.which(
        "prometheus-bind-exporter")
    top = tempfile.mkdtemp(prefix="statschan.")
    servers = []
    try:
        n = Server("named", [named], top, 2024010101)
        servers.append(n)
        d = Server("dittod", [dittod], top, 2024010199)
        servers.append(d)
        for s in (n, d):  # so that the query counter sets exist
            for qt in ("A", "AAAA", "MX"):
                s.query("www.example.com", qt)
        check_paths(n, d)
        if exporter:
            check_exporter(exporter, n, d, top)
        else:
            print("note: no prometheus-bind-exporter; exporter checks "
                  "skipped")
        check_allow(n, d)
        check_bad(d)
        check_reload(d)
        check(d.proc.poll() is None, "dittod still running")
    finally:
        for s in servers:
            s.stop()
    for s in servers[1:]:
        with open(os.path.join(s.dir, "stderr.txt"), errors="replace") as f:
            text = f.read()
        check(not any(w in text for w in ("AddressSanitizer", "runtime "
                                          "error:", "LeakSanitizer")),
              "dittod: no sanitizer report")
        check(s.proc.returncode == 0,
              "dittod exits 0 (%s)" % s.proc.returncode)
    if failures:
        print("%d check(s) failed; files kept in %s" % (len(failures), top))
        return 1
    shutil.rmtree(top, ignore_errors=True)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
