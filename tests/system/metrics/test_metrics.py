#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System test of dittod's Prometheus text at /metrics: a real named is
the primary of a secondary zone that dittod serves in two views, beside a
primary zone of dittod's own; /metrics is read from dittod's statistics
channel and checked with promtool.

Usage: test_metrics.py <dittod> <named> <families.txt>
  (families.txt: the metric families README.md lists, one per line;
   exit status 0 when all pass)

  format      promtool check metrics passes; the Content-Type is the
              0.0.4 text format; the families are exactly README.md's
  current     after the transfer: ditto_zone_serial equals the serial
              dittod answers (both views, and the primary zone), the
              primary's serial and up, state ok (the other three 0), no
              gap, not behind, expire ahead, refresh times sane
  refused     an AXFR that allow-transfer refuses counts in
              ditto_xfr_out_refused_total of that view only
  down        named stopped, `rndc refresh` (the real rndc against
              dittod): the primary is down, the zone retrying, the old
              serial still served; promtool still passes
With METRICS_DUMP=1 in the environment the last scrape is printed.
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
import urllib.request

import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import Proc, free_port, wait_for  # noqa: E402

# every address the test binds or sends from: ports are free on all
ADDRS = ("127.0.0.1", "127.0.0.2")

SECRET = "Fe/IWQlmgcQzySVKHpYpWfyL1A5KU1T6/3rcKuW8BTk="
ZONE = "m.test"
PZONE = "own.test"

ZONE_TEXT = """$TTL 300
@	SOA	ns1 hostmaster {serial} 3600 600 86400 60
	NS	ns1
ns1	A	127.0.0.1
www	A	192.0.2.{serial}
"""

NAMED_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {nport} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify no;
	dnssec-validation no;
	allow-transfer {{ any; }};
	session-keyfile "{dir}/session.key";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {ncport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
zone "{zone}" {{ type primary; file "{zone}.db"; }};
"""

# view "inside" answers 127.0.0.2, view "outside" everyone else; both
# are secondaries of named; "outside" refuses transfers
DITTO_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	port {port};
	listen-on {{ 127.0.0.1; 127.0.0.2; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify no;
	min-retry-time 600;
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
statistics-channels {{
	inet 127.0.0.1 port {sport} allow {{ 127.0.0.1; }};
}};
view "inside" {{
	match-clients {{ 127.0.0.2; }};
	zone "{zone}" {{
		type secondary;
		primaries {{ 127.0.0.1 port {nport}; }};
		file "in-{zone}.db";
		allow-transfer {{ any; }};
	}};
}};
view "outside" {{
	zone "{zone}" {{
		type secondary;
		primaries {{ 127.0.0.1 port {nport}; }};
		file "out-{zone}.db";
		allow-transfer {{ none; }};
	}};
	zone "{pzone}" {{ type primary; file "{pzone}.db"; }};
}};
"""

RNDC_CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text):
    """[(name, {label: value}, float)] of the sample lines."""
    out = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if m is None:
            raise AssertionError("bad metrics line %r" % line)
        labels = {k: v for k, v in LABEL.findall(m.group(3) or "")}
        out.append((m.group(1), labels, float(m.group(4))))
    return out


class Test:
    def __init__(self, dittod, named, families):
        self.dittod_bin = dittod
        self.named_bin = named
        with open(families) as f:
            self.families = sorted(x.strip() for x in f if x.strip())
        self.dir = tempfile.mkdtemp(prefix="ditto-metrics-")
        self.ndir = os.path.join(self.dir, "named")
        os.mkdir(self.ndir)
        self.port, self.cport, self.sport = free_port(*ADDRS), free_port(*ADDRS), \
            free_port(*ADDRS)
        self.nport, self.ncport = free_port(*ADDRS), free_port(*ADDRS)
        self.named = self.dittod = None
        self.text = ""

    def write(self, path, text):
        with open(path, "w") as f:
            f.write(text)

    def start(self):
        self.write(os.path.join(self.ndir, ZONE + ".db"),
                   ZONE_TEXT.format(serial=1))
        self.write(os.path.join(self.ndir, "named.conf"), NAMED_CONF.format(
            dir=self.ndir, nport=self.nport, ncport=self.ncport,
            secret=SECRET, zone=ZONE))
        self.named = Proc([self.named_bin, "-g", "-c",
                           os.path.join(self.ndir, "named.conf")],
                          os.path.join(self.ndir, "named.log"))
        wait_for("named", lambda: "running" in self.named.text(), 20)
        self.write(os.path.join(self.dir, PZONE + ".db"),
                   ZONE_TEXT.format(serial=77))
        self.write(os.path.join(self.dir, "named.conf"), DITTO_CONF.format(
            dir=self.dir, port=self.port, cport=self.cport,
            sport=self.sport, nport=self.nport, secret=SECRET, zone=ZONE,
            pzone=PZONE))
        self.write(os.path.join(self.dir, "rndc.conf"),
                   RNDC_CONF.format(secret=SECRET, cport=self.cport))
        self.dittod = Proc([self.dittod_bin, "-g", "-n", "1", "-c",
                            os.path.join(self.dir, "named.conf")],
                           os.path.join(self.dir, "dittod.log"))
        wait_for("dittod running", lambda: "running" in self.dittod.text(),
                 20)

    # ---- helpers ----

    def scrape(self):
        url = "http://127.0.0.1:%d/metrics" % self.sport
        with urllib.request.urlopen(url, timeout=5) as r:
            assert r.status == 200, r.status
            self.ctype = r.headers.get("Content-Type")
            self.text = r.read().decode()
        return parse(self.text)

    def m(self, name, **want):
        """The value of the one sample of `name` with labels `want`."""
        found = [v for n, lb, v in self.scrape() if n == name and
                 all(lb.get(k) == str(x) for k, x in want.items())]
        assert len(found) <= 1, (name, want, found)
        return found[0] if found else None

    def serial(self, zone, src):
        q = dns.message.make_query(zone, dns.rdatatype.SOA)
        r = dns.query.udp(q, "127.0.0.1", port=self.port, timeout=2,
                          source=src)
        for rrset in r.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                return rrset[0].serial
        return None

    def promtool(self):
        p = subprocess.run(["promtool", "check", "metrics"],
                           input=self.text.encode(), capture_output=True,
                           timeout=60)
        assert p.returncode == 0, (p.stdout, p.stderr)

    def rndc(self, *args):
        return subprocess.run(
            ["rndc", "-c", os.path.join(self.dir, "rndc.conf")] +
            list(args), capture_output=True, text=True, timeout=30)

    # ---- the steps ----

    def test_format(self):
        wait_for("serial 1 (outside)",
                 lambda: self.serial(ZONE, "127.0.0.1") == 1, 30)
        wait_for("serial 1 (inside)",
                 lambda: self.serial(ZONE, "127.0.0.2") == 1, 30)
        self.scrape()
        assert self.ctype == "text/plain; version=0.0.4; charset=utf-8", \
            self.ctype
        self.promtool()
        got = sorted(set(re.findall(r"^# TYPE (\S+) ", self.text, re.M)))
        assert got == self.families, (got, self.families)
        # no series of the built-in CH view
        assert "version.bind" not in self.text and "_bind" not in self.text
        print("ok format")

    def test_current(self):
        wait_for("state ok", lambda: self.m(
            "ditto_zone_state", zone=ZONE, view="outside",
            state="ok") == 1, 10)
        for view, src in (("inside", "127.0.0.2"), ("outside", "127.0.0.1")):
            z = {"zone": ZONE, "view": view}
            assert self.m("ditto_zone_serial", **z) == \
                self.serial(ZONE, src) == 1
            assert self.m("ditto_zone_loaded", **z) == 1
            prim = "127.0.0.1#%d" % self.nport
            assert self.m("ditto_zone_primary_serial", primary=prim,
                          **z) == 1, self.text
            assert self.m("ditto_zone_primary_up", primary=prim, **z) == 1
            for st in ("refreshing", "retrying", "expired"):
                assert self.m("ditto_zone_state", state=st, **z) == 0
            assert self.m("ditto_zone_serial_gap", **z) == 0
            assert self.m("ditto_zone_behind_seconds", **z) == 0
            now = time.time()
            left = self.m("ditto_zone_expire_remaining_seconds", **z)
            assert 86000 < left <= 86400, left
            assert abs(self.m("ditto_zone_expire_timestamp_seconds", **z) -
                       (now + left)) < 5
            assert self.m("ditto_zone_soa_expire_seconds", **z) == 86400
            last = self.m("ditto_zone_last_refresh_timestamp_seconds", **z)
            assert now - 60 < last <= now + 1, (last, now)
            nxt = self.m("ditto_zone_next_refresh_timestamp_seconds", **z)
            assert now < nxt <= now + 3600 + 5, (nxt, now)
            assert self.m("ditto_xfr_in_total", kind="axfr", **z) == 1
            assert self.m("ditto_xfr_in_duration_seconds_count", **z) == 1
        # the primary zone: its serial, no sync series
        p = {"zone": PZONE, "view": "outside"}
        assert self.m("ditto_zone_serial", **p) == \
            self.serial(PZONE, "127.0.0.1") == 77
        assert self.m("ditto_zone_state", state="ok", **p) is None
        assert self.m("ditto_build_info") == 1
        print("ok current")

    def test_refused(self):
        before = self.m("ditto_xfr_out_refused_total", zone=ZONE,
                        view="outside")
        assert before == 0, before
        q = dns.message.make_query(ZONE, dns.rdatatype.AXFR)
        r = dns.query.tcp(q, "127.0.0.1", port=self.port, timeout=5)
        assert r.rcode() == dns.rcode.REFUSED, r.rcode()
        wait_for("refused counted", lambda: self.m(
            "ditto_xfr_out_refused_total", zone=ZONE, view="outside") == 1,
            5)
        assert self.m("ditto_xfr_out_refused_total", zone=ZONE,
                      view="inside") == 0
        print("ok refused")

    def test_down(self):
        self.named.stop()
        r = self.rndc("refresh", ZONE, "IN", "outside")
        assert r.returncode == 0, (r.stdout, r.stderr)
        z = {"zone": ZONE, "view": "outside"}
        prim = "127.0.0.1#%d" % self.nport
        wait_for("primary down", lambda: self.m(
            "ditto_zone_primary_up", primary=prim, **z) == 0, 30)
        wait_for("retrying", lambda: self.m(
            "ditto_zone_state", state="retrying", **z) == 1, 30)
        for st in ("ok", "refreshing", "expired"):
            assert self.m("ditto_zone_state", state=st, **z) == 0
        assert self.m("ditto_zone_serial", **z) == 1
        assert self.m("ditto_zone_loaded", **z) == 1
        fails = sum(v for n, lb, v in self.scrape()
                    if n == "ditto_xfr_in_failures_total" and
                    lb.get("view") == "outside")
        assert fails >= 1, fails
        # the other view was not refreshed: still up and ok
        assert self.m("ditto_zone_state", zone=ZONE, view="inside",
                      state="ok") == 1
        self.promtool()
        print("ok down")

    def run(self):
        try:
            self.start()
            self.test_format()
            self.test_current()
            self.test_refused()
            self.test_down()
            if os.environ.get("METRICS_DUMP"):
                self.scrape()
                sys.stdout.write(self.text)
        except BaseException:
            for p in (self.dittod, self.named):
                if p is not None and p.proc is not None:
                    sys.stderr.write("---- %s\n%s\n" % (
                        p.logpath, p.text()[-3000:]))
            sys.stderr.write("---- /metrics\n%s\n" % self.text)
            raise
        finally:
            for p in (self.dittod, self.named):
                if p is not None:
                    p.stop()
        # a sanitizer build reports there (ASan, UBSan, LeakSanitizer)
        log = self.dittod.text()
        for word in ("Sanitizer", "runtime error:"):
            assert word not in log, log[-3000:]
        shutil.rmtree(self.dir, ignore_errors=True)
        print("all metrics tests passed")


if __name__ == "__main__":
    Test(sys.argv[1], sys.argv[2], sys.argv[3]).run()
