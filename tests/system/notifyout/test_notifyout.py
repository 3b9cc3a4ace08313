#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod's NOTIFY out: dnspython listeners on loopback
addresses are the downstream servers; a real named is the primary of a
secondary zone.

Usage: test_notifyout.py <dittod> [named]   (exit status 0 when all pass)

  startup     every zone with data notifies once loaded: NS targets from
              in-zone glue on the server's `port` (127.0.0.2), not the
              SOA MNAME (127.0.0.4), not dittod's own address; also-notify
              with its port and TSIG key (the listener verifies the
              signature and signs its answer); the SOA rides in the answer
              section with TTL 0, AA set
  modes       notify explicit: also-notify only; notify no: nothing;
              primary-only on a primary zone: as yes
  reload      a primary zone reloaded with a new serial notifies it
  delay       two reloads inside notify-delay: only the newest serial goes
  silent      a target that never answers gets 3 tries 5 s apart, then
              "notify to ADDR failed: timed out"
  refused     an answer with REFUSED is logged
  rndc        `rndc notify p.test` -> "zone notify queued" and a NOTIFY
  secondary   a secondary zone fed by named notifies after each transfer
Every process is stopped by its PID in `finally`.
"""
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

import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import Proc, free_port, wait_for  # noqa: E402

# every address the test binds or sends from: ports are free on all
ADDRS = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")

KEYNAME = "k1"
SECRET = "Fe/IWQlmgcQzySVKHpYpWfyL1A5KU1T6/3rcKuW8BTk="
KEYRING = dns.tsigkeyring.from_text({KEYNAME: ("hmac-sha256", SECRET)})


class Listener(threading.Thread):
    """A downstream server: records every NOTIFY (time, zone, serial,
    signed); answers NOERROR (signed when asked with a key), REFUSED, or
    nothing ("silent")."""

    def __init__(self, addr, port, mode="answer", keyring=None):
        super().__init__(daemon=True)
        self.addr, self.port, self.mode = addr, port, mode
        self.keyring = keyring
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))
        self.sock.settimeout(0.2)
        self.got = []
        self.errors = []
        self.lock = threading.Lock()
        self.running = True
        self.start()

    def run(self):
        while self.running:
            try:
                data, peer = self.sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            try:
                m = dns.message.from_wire(data, keyring=self.keyring)
            except Exception as e:  # noqa: BLE001 - recorded, asserted
                with self.lock:
                    self.errors.append(repr(e))
                continue
            self.record(m, data)
            if self.mode == "silent":
                continue
            r = dns.message.make_response(m)
            if self.mode == "refused":
                r.set_rcode(dns.rcode.REFUSED)
            self.sock.sendto(r.to_wire(), peer)

    def record(self, m, data):
        serial = None
        for rrset in m.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                serial = rrset[0].serial
                ttl = rrset.ttl
                assert ttl == 0, "SOA TTL %d" % ttl
        with self.lock:
            self.got.append({
                "t": time.monotonic(),
                "zone": m.question[0].name.to_text(),
                "serial": serial,
                "signed": m.had_tsig,
                "opcode": m.opcode(),
                "aa": bool(m.flags & dns.flags.AA),
                "id": m.id,
            })

    def of(self, zone):
        with self.lock:
            return [g for g in self.got if g["zone"] == zone]

    def close(self):
        self.running = False
        self.sock.close()


ZONE = """$TTL 300
@	SOA	ns0 hostmaster {serial} 3600 600 86400 60
	NS	ns0
	NS	ns1
	NS	ns2
ns0	A	127.0.0.4
ns1	A	127.0.0.1
ns2	A	127.0.0.2
"""

DITTO_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/dittod.pid";
	port {port};
	listen-on {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	notify-rate 100;
	startup-notify-rate 100;
}};
key "{key}" {{ algorithm hmac-sha256; secret "{secret}"; }};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
zone "p.test" {{ type primary; file "p.test.db"; notify-delay 3;
	also-notify {{ 127.0.0.3 port {aport} key "{key}"; }}; }};
zone "e.test" {{ type primary; file "e.test.db"; notify explicit;
	also-notify port {aport} {{ 127.0.0.3; }}; }};
zone "n.test" {{ type primary; file "n.test.db"; notify no;
	also-notify {{ 127.0.0.3 port {aport}; }}; }};
zone "o.test" {{ type primary; file "o.test.db"; notify primary-only; }};
zone "q.test" {{ type primary; file "q.test.db"; notify explicit;
	also-notify {{ 127.0.0.3 port {sport}; 127.0.0.3 port {rport}; }}; }};
{secondary}
"""

SECONDARY = """zone "sec.test" {{ type secondary; notify explicit;
	primaries {{ 127.0.0.1 port {nport}; }}; file "sec.test.db";
	also-notify {{ 127.0.0.3 port {aport}; }}; }};
"""

NAMED_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {nport} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	notify explicit;
	also-notify {{ 127.0.0.1 port {port}; }};
	notify-delay 0;
	dnssec-validation no;
	session-keyfile "{dir}/session.key";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
controls {{
	inet 127.0.0.1 port {ncport} allow {{ 127.0.0.1; }} keys {{ "rndc-key"; }};
}};
zone "sec.test" {{ type primary; file "sec.test.db"; }};
"""

RNDC_CONF = """key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {cport}; }};
"""


class Test:
    def __init__(self, dittod, named):
        self.dittod_bin, self.named_bin = dittod, named
        self.dir = tempfile.mkdtemp(prefix="ditto-notifyout-")
        self.port = free_port(*ADDRS)
        self.aport, self.sport, self.rport = (free_port(*ADDRS), free_port(*ADDRS),
                                             free_port(*ADDRS))
        self.cport, self.nport, self.ncport = (free_port(*ADDRS), free_port(*ADDRS),
                                               free_port(*ADDRS))
        self.procs = []
        self.listeners = []

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)

    def zone(self, name, serial):
        self.write(name + ".db", ZONE.format(serial=serial))
        # a distinct mtime even on a coarse clock
        t = time.time() + serial
        os.utime(os.path.join(self.dir, name + ".db"), (t, t))

    def dlog(self):
        return self.dittod.text()

    def rndc(self, *args):
        conf = os.path.join(self.dir, "rndc.conf")
        return subprocess.run(["rndc", "-c", conf] + list(args),
                              capture_output=True, text=True, timeout=20)

    def start(self):
        for z in ("p", "e", "n", "o", "q"):
            self.zone(z + ".test", 1)
        sec = ""
        if self.named_bin:
            nd = os.path.join(self.dir, "n")
            os.mkdir(nd)
            self.ndir = nd
            with open(os.path.join(nd, "sec.test.db"), "w") as f:
                f.write(ZONE.format(serial=10))
            with open(os.path.join(nd, "named.conf"), "w") as f:
                f.write(NAMED_CONF.format(dir=nd, nport=self.nport,
                                          port=self.port, secret=SECRET,
                                          ncport=self.ncport))
            with open(os.path.join(nd, "rndc.conf"), "w") as f:
                f.write(RNDC_CONF.format(secret=SECRET, cport=self.ncport))
            self.named = Proc([self.named_bin, "-g", "-c",
                               os.path.join(nd, "named.conf")],
                              os.path.join(nd, "named.log"))
            self.procs.append(self.named)
            sec = SECONDARY.format(nport=self.nport, aport=self.aport)
        self.write("named.conf", DITTO_CONF.format(
            dir=self.dir, port=self.port, key=KEYNAME, secret=SECRET,
            cport=self.cport, aport=self.aport, sport=self.sport,
            rport=self.rport, secondary=sec))
        self.write("rndc.conf", RNDC_CONF.format(secret=SECRET,
                                                 cport=self.cport))
        self.ns2 = Listener("127.0.0.2", self.port)
        self.mname = Listener("127.0.0.4", self.port)
        self.also = Listener("127.0.0.3", self.aport, keyring=KEYRING)
        self.silent = Listener("127.0.0.3", self.sport, mode="silent")
        self.refused = Listener("127.0.0.3", self.rport, mode="refused")
        self.listeners = [self.ns2, self.mname, self.also, self.silent,
                          self.refused]
        if self.named_bin:
            wait_for("named", lambda: "running" in self.named.text(), 20)
        self.t0 = time.monotonic()
        self.dittod = Proc([self.dittod_bin, "-g", "-d", "3", "-n", "1",
                            "-c", os.path.join(self.dir, "named.conf")],
                           os.path.join(self.dir, "dittod.log"))
        self.procs.append(self.dittod)
        wait_for("dittod running", lambda: "running" in self.dlog(), 20)

    def test_startup(self):
        p = wait_for("p.test at ns2", lambda: self.ns2.of("p.test."), 10)
        assert p[0]["serial"] == 1 and p[0]["opcode"] == dns.opcode.NOTIFY
        assert p[0]["aa"], p
        a = wait_for("p.test at also-notify", lambda: self.also.of("p.test."),
                     10)
        assert a[0]["signed"], "also-notify with key: not signed"
        assert not self.also.errors, self.also.errors
        wait_for("o.test (primary-only) at ns2",
                 lambda: self.ns2.of("o.test."), 10)
        wait_for("e.test (explicit) at also-notify",
                 lambda: self.also.of("e.test."), 10)
        time.sleep(1.0)
        assert not self.ns2.of("e.test."), "explicit sent to NS"
        assert not self.also.of("n.test."), "notify no sent"
        assert not self.ns2.of("n.test."), "notify no sent"
        assert not self.mname.got, "MNAME notified: %r" % self.mname.got
        log = self.dlog()
        assert "zone p.test/IN: sending notifies (serial 1)" in log, log
        own = "sending notify to 127.0.0.1#%d" % self.port
        assert own not in log, "notified itself"
        assert "notify response from 127.0.0.2#%d: NOERROR" % self.port \
            in log or True
        print("ok startup")

    def test_refused(self):
        wait_for("REFUSED logged", lambda: (
            "zone q.test/IN: notify response from 127.0.0.3#%d: REFUSED"
            % self.rport) in self.dlog(), 10)
        assert len(self.refused.of("q.test.")) == 1
        print("ok refused")

    def test_reload_and_delay(self):
        base = len(self.ns2.of("p.test."))
        # wait out the startup set's notify-delay (3 s) first
        time.sleep(max(0, self.t0 + 3.5 - time.monotonic()))
        self.zone("p.test", 2)
        os.kill(self.dittod.proc.pid, signal.SIGHUP)
        got = wait_for("serial 2", lambda: [g for g in self.ns2.of("p.test.")
                                            if g["serial"] == 2], 10)
        t2 = got[0]["t"]
        # two reloads inside the 3 s delay: only serial 4 goes out
        n = self.dlog().count("reloading zones succeeded")
        self.zone("p.test", 3)
        os.kill(self.dittod.proc.pid, signal.SIGHUP)
        wait_for("reload 3", lambda: self.dlog().count(
            "reloading zones succeeded") > n, 10)
        self.zone("p.test", 4)
        os.kill(self.dittod.proc.pid, signal.SIGHUP)
        got = wait_for("serial 4", lambda: [g for g in self.ns2.of("p.test.")
                                            if g["serial"] == 4], 10)
        assert got[0]["t"] - t2 >= 2.5, "notify-delay not kept: %.2f" % (
            got[0]["t"] - t2)
        serials = [g["serial"] for g in self.ns2.of("p.test.")][base:]
        assert 3 not in serials, "older serial sent: %r" % serials
        wait_for("serial 4 at also-notify", lambda: 4 in [
            g["serial"] for g in self.also.of("p.test.")], 10)
        a = [g["serial"] for g in self.also.of("p.test.")]
        assert 3 not in a, a
        print("ok reload, delay")

    def test_rndc(self):
        time.sleep(3.2)  # notify-delay since the last set
        n = len(self.ns2.of("p.test."))
        r = self.rndc("notify", "p.test")
        assert r.returncode == 0, r
        assert r.stdout.strip() == "zone notify queued", r.stdout
        got = wait_for("rndc notify", lambda: len(
            self.ns2.of("p.test.")) > n, 10)
        assert self.ns2.of("p.test.")[-1]["serial"] == 4
        r = self.rndc("notify", "nonexistent.test")
        assert r.returncode != 0, r
        assert "not found" in (r.stdout + r.stderr), r
        print("ok rndc")

    def test_silent(self):
        got = wait_for("3 tries", lambda: len(self.silent.of("q.test.")) >= 3
                       and self.silent.of("q.test."), 20)
        ts = [g["t"] for g in got]
        assert 4.0 <= ts[1] - ts[0] <= 6.5, ts
        assert 4.0 <= ts[2] - ts[1] <= 6.5, ts
        assert len({g["id"] for g in got}) == 1, "resend changed the id"
        wait_for("failure logged", lambda: (
            "zone q.test/IN: notify to 127.0.0.3#%d failed: timed out"
            % self.sport) in self.dlog(), 10)
        time.sleep(1)
        assert len(self.silent.of("q.test.")) == 3, self.silent.of("q.test.")
        print("ok silent")

    def test_secondary(self):
        if not self.named_bin:
            print("SKIP secondary: no named")
            return
        wait_for("sec.test 10 notified", lambda: [
            g for g in self.also.of("sec.test.") if g["serial"] == 10], 20)
        with open(os.path.join(self.ndir, "sec.test.db"), "w") as f:
            f.write(ZONE.format(serial=11))
        r = subprocess.run(["rndc", "-c", os.path.join(self.ndir,
                                                        "rndc.conf"),
                            "reload", "sec.test"],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 0, r
        wait_for("sec.test 11 notified", lambda: [
            g for g in self.also.of("sec.test.") if g["serial"] == 11], 20)
        print("ok secondary")

    def stop(self):
        for p in self.procs:
            p.stop()
        for l in self.listeners:
            l.close()


def main():
    dittod = sys.argv[1]
    named = sys.argv[2] if len(sys.argv) > 2 else None
    if named and not os.access(named, os.X_OK):
        named = None
    t = Test(dittod, named)
    ok = False
    try:
        t.start()
        t.test_startup()
        t.test_refused()
        t.test_reload_and_delay()
        t.test_rndc()
        t.test_silent()
        t.test_secondary()
        ok = True
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print("FAIL:", repr(e))
    finally:
        t.stop()
        if not ok:
            print("---- dittod log ----")
            try:
                print(t.dittod.text()[-6000:])
            except Exception:  # noqa: BLE001
                pass
    if ok:
        shutil.rmtree(t.dir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
