#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittod's control channel (issue 7, server-wide part).

Usage: test_control.py <dittod> [named]      (exit status 0 when all pass)
       test_control.py --netns <dittod>      (internal: the default-endpoint
                                              step, run inside unshare -n)

The real rndc is the client. Steps (each asserts):
  compare     the same commands against dittod and against a real named
              (same config shape, both on 127.0.0.1 with random ports):
              stdout, stderr and exit status byte for byte (status: line
              by line, minus the lines that describe the build/host/zones)
  negative    wrong key, wrong algorithm, replayed message, stale
              timestamp, expired message, address not allowed, oversized
              frame, zero-length frame, garbage, a command signed with a
              wrong key; each closes the connection without a reply, is
              logged with named's reason, changes nothing (debug level,
              query logging), and rndc works afterwards
  neglogs     each rejected case logs named's exact line, category and
              severity included (named runs with -f and a print-category
              print-severity channel; dittod -g prints the same fields),
              compared line by line with named's
  reload      (both servers) a primary zone's file edited: rndc reconfig
              keeps serving the old serial and loads a new zone, rndc
              reload serves the new serial
  high-water  (both) 3 TCP clients: tcp clients 3/150, TCP high-water 3,
              which stays after they close
  files       (both) statistics-file and dump-file relative to directory;
              a missing directory: the same rndc output and log lines
  views       number of zones with two views, as named counts them
  silent      a peer that connects and sends nothing, and 80 such peers
              (more than the connection limit): rndc is still served
  unix        a unix-socket endpoint answers a signed status request; its
              file has the configured perm, owner and group
  reconfig    controls changed + rndc reconfig: new port and key live,
              old port closed
  stop/halt   rndc stop and rndc halt end dittod (exit 0, pid-file gone)
  relative    dittod -c named.conf (relative): absolute in status and
              logs, rndc.key beside it found, reload works after chdir
  default     no controls statement: 127.0.0.1#953 and ::1#953 with
              rndc.key beside the config, inside a private network
              namespace (unshare -n); skipped with a note otherwise
Every process is stopped by its PID in `finally`.
"""
import base64
import hashlib
import hmac
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import Proc, free_port, wait_for  # noqa: E402

SECRET = "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"
OTHER = "b3RoZXItc2VjcmV0LWZvci1kaXR0by1ybmRjLXRlc3Rz"
ALGCODE = {"sha1": 161, "sha224": 162, "sha256": 163, "sha384": 164,
           "sha512": 165}

CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/server.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
{extra}{opts}}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
key "new-key" {{ algorithm hmac-sha256; secret "{other}"; }};
{controls}
{zones}{logging}"""
ZONES = 'zone "example.test" { type primary; file "example.test.db"; };\n'
# named -f logs to a file with category and severity, as dittod -g prints
NAMED_LOGGING = """logging {{ channel full {{ file "{dir}/named.log";
	print-time yes; print-category yes; print-severity yes;
	severity info; }}; category default {{ full; }}; }};
"""
NAMED_EXTRA = """	dnssec-validation no;
	session-keyfile "{dir}/session.key";
"""
ZONE = """$TTL 300
@ SOA ns1 hostmaster {serial} 3600 600 86400 60
  NS ns1
ns1 A 192.0.2.1
"""
RNDC_CONF = """key "rndc-key" {{ algorithm {alg}; secret "{secret}"; }};
options {{ default-key "rndc-key"; default-server 127.0.0.1;
	default-port {port}; }};
"""

failures = []


def check(cond, what):
    if cond:
        print("ok   " + what)
    else:
        print("FAIL " + what)
        failures.append(what)


# ---- ISCCC (protocols/rndc.md) ----

def enc_value(v):
    if isinstance(v, dict):
        body = enc_table(v)
        return b"\x02" + struct.pack(">I", len(body)) + body
    if isinstance(v, str):
        v = v.encode()
    return b"\x01" + struct.pack(">I", len(v)) + v


def enc_table(d):
    out = b""
    for k, v in d.items():
        out += bytes([len(k)]) + k.encode() + enc_value(v)
    return out


def sign_frame(ctrl, data, secret=SECRET, alg="sha256"):
    region = enc_table({"_ctrl": ctrl, "_data": data})
    digest = hmac.new(base64.b64decode(secret), region,
                      getattr(hashlib, alg)).digest()
    b64 = base64.b64encode(digest)
    val = bytes([ALGCODE[alg]]) + b64 + b"\x00" * (88 - len(b64))
    auth = enc_table({"_auth": {"hsha": val}})
    body = struct.pack(">I", 1) + auth + region
    return struct.pack(">I", len(body)) + body


def dec_table(b):
    d, i = {}, 0
    while i < len(b):
        kl = b[i]
        k = b[i + 1:i + 1 + kl].decode()
        i += 1 + kl
        t = b[i]
        (n,) = struct.unpack(">I", b[i + 1:i + 5])
        p = b[i + 5:i + 5 + n]
        i += 5 + n
        d[k] = dec_table(p) if t == 2 else p
    return d


def recv_frame(s, timeout=5):
    """A reply frame decoded, or None when the server closed."""
    s.settimeout(timeout)
    buf = b""
    while True:
        if len(buf) >= 4:
            (n,) = struct.unpack(">I", buf[:4])
            if len(buf) >= 4 + n:
                return dec_table(buf[8:4 + n])
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return None
        if not chunk:
            return None
        buf += chunk


class Client:
    """A hand-made rndc: one connection, explicit fields."""

    def __init__(self, port=None, path=None):
        if path is not None:
            self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.s.connect(path)
        else:
            self.s = socket.create_connection(("127.0.0.1", port), 5)
        self.ser = random.randint(1, 2**31)
        self.nonce = None

    def ctrl(self, tim=None, exp=None):
        self.ser += 1
        now = int(time.time()) if tim is None else tim
        c = {"_ser": str(self.ser), "_tim": str(now),
             "_exp": str(now + 60 if exp is None else exp)}
        if self.nonce is not None:
            c["_nonce"] = self.nonce
        return c

    def send(self, frame):
        self.s.sendall(frame)
        return recv_frame(self.s)

    def command(self, cmd, secret=SECRET, alg="sha256"):
        r = self.send(sign_frame(self.ctrl(), {"type": "null"}, secret, alg))
        if r is None:
            return None
        self.nonce = r["_ctrl"]["_nonce"]
        return self.send(sign_frame(self.ctrl(), {"type": cmd}, secret, alg))

    def close(self):
        self.s.close()


# ---- processes ----

class Server:
    """dittod or named in its own directory with a controls statement."""

    def __init__(self, base, name, argv0, named=False):
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir)
        self.named = named
        self.argv0 = argv0
        self.port = free_port()
        self.cport = free_port()
        self.roport = free_port()
        self.denyport = free_port()
        self.conf = os.path.join(self.dir, "named.conf")
        self.zonefile("example.test.db", 1)
        self.rndcconf("rndc.conf", self.cport)
        self.sock = os.path.join(self.dir, "ctl.sock")
        self.opts = ""
        self.zones = ZONES
        self.write_conf(self.controls())
        self.proc = None

    def zonefile(self, name, serial):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(ZONE.format(serial=serial))

    def controls(self, port=None, key="rndc-key"):
        port = port or self.cport
        c = ("controls {\n"
             "\tinet 127.0.0.1 port %d allow { 127.0.0.1; } "
             "keys { \"%s\"; };\n"
             "\tinet 127.0.0.1 port %d allow { 127.0.0.1; } "
             "keys { \"rndc-key\"; } read-only yes;\n"
             "\tinet 127.0.0.1 port %d allow { !127.0.0.1; any; } "
             "keys { \"rndc-key\"; };\n" % (port, key, self.roport,
                                           self.denyport))
        if not self.named:
            c += ("\tunix \"%s\" perm 0640 owner %d group %d "
                  "keys { \"rndc-key\"; };\n" % ((self.sock,) +
                                                  UNIX_OWNER))
        return c + "};"

    def write_conf(self, controls=None):
        if controls is not None:
            self.ctltext = controls
        extra = NAMED_EXTRA.format(dir=self.dir) if self.named else ""
        logging = NAMED_LOGGING.format(dir=self.dir) if self.named else ""
        with open(self.conf, "w") as f:
            f.write(CONF.format(dir=self.dir, port=self.port, extra=extra,
                                secret=SECRET, other=OTHER,
                                controls=self.ctltext, opts=self.opts,
                                zones=self.zones, logging=logging))

    def rndcconf(self, name, port, alg="hmac-sha256", secret=SECRET):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(RNDC_CONF.format(alg=alg, secret=secret, port=port))

    def start(self):
        self.proc = Proc([self.argv0, "-f" if self.named else "-g", "-c",
                          self.conf], os.path.join(self.dir, "log"))
        wait_for("control channel", lambda: self.rndc("null")[2] == 0)

    def rndc(self, *args, conf="rndc.conf", port=None):
        argv = ["rndc", "-c", os.path.join(self.dir, conf)]
        if port is not None:
            argv += ["-p", str(port)]
        p = subprocess.run(argv + list(args), capture_output=True,
                           text=True, timeout=60)
        return p.stdout, p.stderr, p.returncode

    def log(self):
        if self.named:
            path = os.path.join(self.dir, "named.log")
            if not os.path.exists(path):
                return ""
            with open(path, errors="replace") as f:
                return f.read()
        return self.proc.text()

    def status(self, port=None):
        """rndc status as {field: value}."""
        out = self.rndc("status", port=port)[0]
        return dict(ln.split(": ", 1) for ln in out.splitlines()
                    if ": " in ln)

    def serial(self, zone="example.test"):
        """The SOA serial served for zone, or None."""
        p = subprocess.run(["dig", "+short", "+time=2", "+tries=2",
                            "-p", str(self.port), "@127.0.0.1", zone,
                            "SOA"], capture_output=True, text=True,
                           timeout=30)
        f = p.stdout.split()
        return int(f[2]) if len(f) >= 7 else None

    def stop(self):
        if self.proc is not None:
            self.proc.stop()


COMPARE = [("null",), ("trace",), ("trace", "5"), ("trace", "100"),
           ("trace", "abc"), ("trace", "-1"), ("trace", "3", "extra"),
           ("notrace",), ("querylog",), ("querylog",), ("querylog", "on"),
           ("querylog", "maybe"), ("querylog", "off"), ("reconfig",),
           ("reload",), ("stats",), ("dumpdb",), ("dumpdb", "-zones"),
           ("dumpdb", "-bogus"), ("frobnicate",), ("FrobNicate", "x"),
           ("-r", "frobnicate"), ("-r", "querylog", "maybe"),
           ("-r", "trace", "100"), ("NULL",)]
RO = [("null",), ("reload",), ("trace",), ("frob",), ("stop",),
      ("querylog",), ("-r", "reconfig")]
# status lines that describe the build or the host
STATUS_SKIP = ("version", "running on", "boot time", "last configured",
               "configuration file")
# the unix endpoint's owner and group: someone else's when root (chown
# must have run), our own otherwise
UNIX_OWNER = (1, 1) if os.geteuid() == 0 else (os.getuid(), os.getgid())


def status_lines(out):
    return [ln for ln in out.splitlines()
            if not any(ln.startswith(p + ":") for p in STATUS_SKIP)]


def step_compare(d, n):
    for args in COMPARE:
        a, b = d.rndc(*args), n.rndc(*args)
        check(a == b, "rndc %s: same output as named %r"
              % (" ".join(args), a if a != b else ""))
        if a != b:
            print("     named: %r" % (b,))
    # the zone part of `dumpdb -zones`, written by both
    dumps = []
    for srv in (d, n):
        srv.rndc("dumpdb", "-zones")
        path = os.path.join(srv.dir, "named_dump.db")
        wait_for("dump", lambda: "; Dump complete" in open(path).read())
        text = open(path).read()
        dumps.append(text[:text.find("; Start view _bind")])
    check(dumps[0] == dumps[1] and "Zone dump of 'example.test/IN'" in
          dumps[0], "dumpdb -zones: the _default view as named writes it")
    for args in RO:
        a, b = d.rndc(*args, port=d.roport), n.rndc(*args, port=n.roport)
        check(a == b, "read-only rndc %s: same as named %r"
              % (" ".join(args), a if a != b else ""))
    a, b = d.rndc("status", port=d.roport), n.rndc("status", port=n.roport)
    check(a[2] == 0 and b[2] == 0, "status allowed on a read-only channel")
    check(status_lines(a[0]) == status_lines(b[0]),
          "status: same lines as named\n%s\n%s" % (a[0], b[0]))
    check(a[0].endswith("server is up and running\n"), "status last line")
    for f in ("named_dump.db", "named.stats"):
        check(os.path.exists(os.path.join(d.dir, f)), f + " written")
    with open(os.path.join(d.dir, "named.stats")) as f:
        st = f.read()
    check(re.match(r"\+\+\+ Statistics Dump \+\+\+ \(\d+\)\n", st) and
          re.search(r"--- Statistics Dump --- \(\d+\)\n$", st),
          "named.stats frame")


def closed_without_reply(frame, port):
    c = Client(port)
    try:
        c.s.sendall(frame)
        return recv_frame(c.s) is None
    finally:
        c.close()


def logged(d, text, timeout=5):
    try:
        return wait_for("log " + text, lambda: text in d.log(), timeout)
    except AssertionError:
        return False


def still_works(d, what):
    out, err, rc = d.rndc("status")
    check(rc == 0 and "server is up and running" in out,
          "rndc works after " + what)


def step_negative(d):
    before = d.rndc("status")[0]
    base = d.log().count("invalid command from")
    # wrong key, wrong algorithm (rndc itself)
    d.rndcconf("bad.conf", d.cport, secret=OTHER)
    out, err, rc = d.rndc("trace", conf="bad.conf")
    check(rc == 1 and "connection to remote host closed" in err,
          "wrong key: rndc fails")
    check(logged(d, "bad auth"), "wrong key logged as bad auth")
    still_works(d, "wrong key")
    d.rndcconf("alg.conf", d.cport, alg="hmac-sha512")
    out, err, rc = d.rndc("querylog", conf="alg.conf")
    check(rc == 1, "wrong algorithm: rndc fails")
    check(d.log().count("invalid command from") >= base + 2,
          "wrong algorithm logged")
    still_works(d, "wrong algorithm")
    # a command under a wrong key from a hand-made client
    c = Client(d.cport)
    check(c.command("trace 9", secret=OTHER) is None,
          "trace signed with a wrong key: no reply")
    c.close()
    # replay: the same first message on a new connection
    c = Client(d.cport)
    frame = sign_frame(c.ctrl(), {"type": "null"})
    r = c.send(frame)
    check(r is not None and int(r["_data"]["result"]) == 0, "handshake")
    c.close()
    check(closed_without_reply(frame, d.cport), "replayed message refused")
    check(logged(d, ": duplicate"), "replay logged as duplicate")
    still_works(d, "replay")
    # clock: stale and expired
    c = Client(d.cport)
    now = int(time.time())
    check(closed_without_reply(
        sign_frame(c.ctrl(tim=now - 400), {"type": "null"}), d.cport),
        "stale timestamp refused")
    check(logged(d, ": clock skew"), "stale timestamp logged")
    check(closed_without_reply(
        sign_frame(c.ctrl(tim=now - 100, exp=now - 40), {"type": "null"}),
        d.cport), "expired message refused")
    check(logged(d, ": expired"), "expired message logged")
    c.close()
    still_works(d, "clock")
    # address not allowed
    check(closed_without_reply(sign_frame(Client(d.cport).ctrl(),
                                          {"type": "null"}), d.denyport),
          "address not allowed: closed")
    check(logged(d, "rejected command channel message from 127.0.0.1#"),
          "address not allowed logged")
    # oversized, empty, garbage
    check(closed_without_reply(struct.pack(">I", 40000) + b"x" * 100,
                               d.cport), "oversized frame refused")
    check(logged(d, ": out of range"), "oversized frame logged")
    check(closed_without_reply(struct.pack(">I", 0), d.cport),
          "zero-length frame refused")
    check(logged(d, ": unexpected end of input"), "zero length logged")
    rnd = random.Random(7)
    for i in range(20):
        g = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300)))
        closed_without_reply(struct.pack(">I", len(g)) + g, d.cport)
    check(d.log().count("bad auth") >= 20, "garbage logged as bad auth")
    still_works(d, "garbage")
    after = d.rndc("status")[0]

    def state(out):
        return [ln for ln in out.splitlines()
                if ln.startswith("debug level") or "query logging" in ln]
    check(state(after) == state(before) and len(state(before)) == 2,
          "debug level and query logging unchanged")


# Rejected messages: (case, frame-sending action, the line named logs),
# category and severity included ("general: error: ...").
def neg_cases(srv):
    now = int(time.time())
    ctrl = Client.__new__(Client)
    ctrl.ser, ctrl.nonce = random.randint(1, 2**31), None
    rnd = random.Random(11)
    garbage = bytes(rnd.randrange(256) for _ in range(60))
    replayed = sign_frame(ctrl.ctrl(), {"type": "null"})

    def wrongkey():
        c = Client(srv.cport)
        c.command("trace 9", secret=OTHER)
        c.close()

    def replay():
        c = Client(srv.cport)
        c.send(replayed)
        c.close()
        closed_without_reply(replayed, srv.cport)

    def frame(f, port=None):
        return lambda: closed_without_reply(f, port or srv.cport)
    err = "general: error: invalid command from 127.0.0.1#N: "
    return [
        ("wrong key", wrongkey, err + "bad auth"),
        ("replay", replay, err + "duplicate"),
        ("stale", frame(sign_frame(ctrl.ctrl(tim=now - 400),
                                   {"type": "null"})), err + "clock skew"),
        ("expired", frame(sign_frame(ctrl.ctrl(tim=now - 100, exp=now - 40),
                                     {"type": "null"})), err + "expired"),
        ("denied", frame(sign_frame(ctrl.ctrl(), {"type": "null"}),
                         srv.denyport),
         "general: warning: rejected command channel message from "
         "127.0.0.1#N"),
        ("oversized", frame(struct.pack(">I", 40000) + b"x" * 100),
         err + "out of range"),
        ("zero length", frame(struct.pack(">I", 0)),
         err + "unexpected end of input"),
        ("garbage", frame(struct.pack(">I", len(garbage)) + garbage),
         err + "bad auth"),
        ("no auth", frame(struct.pack(">I", 4) + b"\x00\x00\x00\x01"),
         err + "bad auth"),
        ("unknown", lambda: srv.rndc("frob", "x"),
         "general: warning: unknown control channel command 'frob'"),
        ("read-only", lambda: srv.rndc("reload", port=srv.roport),
         "general: info: rejecting restricted control channel command "
         "'reload'"),
    ]


def log_tail(srv, start):
    """Log lines after line `start`, timestamps cut, ports as #N, no
    debug lines and only those about the control channel."""
    out = []
    for ln in srv.log().splitlines()[start:]:
        m = re.match(r"\d\d-\w\w\w-\d{4} [\d:.]+ (.*)$", ln)
        ln = re.sub(r"#\d+", "#N", m.group(1) if m else ln)
        if ": debug" in ln or not ("command" in ln or "rejected" in ln):
            continue
        if "received control channel command" in ln:
            continue
        out.append(ln)
    return out


def neg_logs(srv):
    """Run neg_cases() against srv: {case: [log lines]}."""
    got = {}
    for name, act, want in neg_cases(srv):
        start = len(srv.log().splitlines())
        act()
        try:
            wait_for(name, lambda: want in log_tail(srv, start), 5)
        except AssertionError:
            pass
        got[name] = log_tail(srv, start)
    return got


def step_neglogs(d, n):
    """Each rejected case logs named's exact line (category, severity)."""
    dl = neg_logs(d)
    nl = neg_logs(n) if n is not None else None
    for name, _, want in neg_cases(d):
        check(want in dl[name], "%s logged as %r (got %r)"
              % (name, want, dl[name]))
        if nl is not None:
            check(dl[name] == nl[name], "%s: the log lines of named %r %r"
                  % (name, dl[name], nl[name]))


def step_reload_modes(srv):
    """rndc reconfig keeps loaded zones (a changed file is not read) and
    loads new ones; rndc reload reads the changed file."""
    who = "named" if srv.named else "dittod"
    check(srv.serial() == 1, "%s: serial 1 served" % who)
    srv.zonefile("example.test.db", 2)
    later = time.time() + 2
    os.utime(os.path.join(srv.dir, "example.test.db"), (later, later))
    srv.zonefile("new.test.db", 7)
    srv.zones = ZONES + ('zone "new.test" { type primary; '
                         'file "new.test.db"; };\n')
    srv.write_conf()
    out, err, rc = srv.rndc("reconfig")
    check(rc == 0 and out == "", "%s: reconfig" % who)
    check(srv.serial("new.test") == 7, "%s: reconfig loads a new zone" % who)
    check(srv.serial() == 1, "%s: reconfig keeps the loaded zone (serial 1)"
          % who)
    out, err, rc = srv.rndc("reload")
    check(rc == 0 and out == "server reload successful\n",
          "%s: reload" % who)
    try:
        wait_for("serial 2", lambda: srv.serial() == 2, 10)
    except AssertionError:
        pass
    check(srv.serial() == 2, "%s: reload reads the changed file (serial 2)"
          % who)
    srv.zones = ZONES
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "%s: reconfig back" % who)


def step_files(srv):
    """statistics-file and dump-file, relative to directory."""
    who = "named" if srv.named else "dittod"
    for sub in ("st", "du"):
        os.makedirs(os.path.join(srv.dir, sub), exist_ok=True)
    srv.opts = '\tstatistics-file "st/my.stats";\n\tdump-file "du/my.db";\n'
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "%s: reconfig with files" % who)
    check(srv.rndc("stats")[2] == 0, "%s: stats" % who)
    check(srv.rndc("dumpdb", "-zones")[2] == 0, "%s: dumpdb" % who)
    st = os.path.join(srv.dir, "st", "my.stats")
    du = os.path.join(srv.dir, "du", "my.db")
    try:
        wait_for("dump", lambda: "; Dump complete" in open(du).read(), 10)
    except AssertionError:
        pass
    check(os.path.exists(st) and
          open(st).read().startswith("+++ Statistics Dump +++"),
          "%s: statistics-file written" % who)
    check(os.path.exists(du) and
          "Zone dump of 'example.test/IN'" in open(du).read(),
          "%s: dump-file written" % who)
    # a directory that does not exist: the command fails
    srv.opts = '\tstatistics-file "nodir/x.stats";\n'
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "%s: reconfig" % who)
    out, err, rc = srv.rndc("stats")
    check(rc == 1, "%s: stats into a missing directory fails %r"
          % (who, err))
    srv.opts = '\tdump-file "nodir/x.db";\n'
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "%s: reconfig" % who)
    out2, err2, rc2 = srv.rndc("dumpdb")
    for line in ("general: error: could not open statistics dump file "
                 "'nodir/x.stats': file not found",
                 "general: error: dumpstats failed: file not found",
                 "general: error: could not open dump file 'nodir/x.db': "
                 "file not found"):
        check(logged(srv, line), "%s: logged %r" % (who, line))
    srv.opts = ""
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "%s: reconfig back" % who)
    return (out, err, rc), (out2, err2, rc2)


def tcp_conns(srv, k):
    socks = [socket.create_connection(("127.0.0.1", srv.port), 5)
             for _ in range(k)]
    return socks


def step_highwater(srv):
    """TCP high-water: the most TCP clients open at once."""
    who = "named" if srv.named else "dittod"
    socks = tcp_conns(srv, 3)
    try:
        wait_for("high-water 3",
                 lambda: srv.status().get("TCP high-water") == "3", 10)
    except AssertionError:
        pass
    st = srv.status()
    check(st.get("TCP high-water") == "3" and
          st.get("tcp clients") == "3/150",
          "%s: 3 TCP clients, high-water 3 (%r, %r)"
          % (who, st.get("tcp clients"), st.get("TCP high-water")))
    for s in socks:
        s.close()
    try:
        wait_for("tcp clients 0",
                 lambda: srv.status().get("tcp clients") == "0/150", 10)
    except AssertionError:
        pass
    st = srv.status()
    check(st.get("TCP high-water") == "3" and
          st.get("tcp clients") == "0/150",
          "%s: high-water stays 3 after they closed" % who)


VIEWS = """view "one" { match-clients { 127.0.0.1; };
	zone "example.test" { type primary; file "example.test.db"; };
	zone "fwd.test" { type forward; forwarders { 192.0.2.1; }; };
};
view "two" {
	zone "example.test" { in-view "one"; };
	zone "other.test" { type primary; file "missing.db"; };
	zone "." { type hint; file "example.test.db"; };
};
"""


def step_views(srv):
    """number of zones with two views, as named counts them."""
    srv.zones = VIEWS
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "reconfig to two views")
    count = srv.status().get("number of zones")
    srv.zones = ZONES
    srv.write_conf()
    check(srv.rndc("reconfig")[2] == 0, "reconfig back to no views")
    return count


def step_silent(d):
    quiet = socket.create_connection(("127.0.0.1", d.cport), 5)
    t0 = time.monotonic()
    out, err, rc = d.rndc("status")
    check(rc == 0 and time.monotonic() - t0 < 5,
          "served beside a silent peer")
    many = []
    for _ in range(80):
        try:
            many.append(socket.create_connection(("127.0.0.1", d.cport), 5))
        except OSError:
            break
    time.sleep(0.3)
    out, err, rc = d.rndc("status")
    check(rc == 0, "served beside 80 silent peers (limit 64)")
    check(logged(d, "quota reached"), "connection limit logged")
    for s in many + [quiet]:
        s.close()
    still_works(d, "silent peers")


def step_unix(d):
    c = Client(path=d.sock)
    r = c.command("status")
    c.close()
    check(r is not None and b"server is up and running" in
          r["_data"].get("text", b""), "unix socket endpoint answers")
    st = os.stat(d.sock)
    check(st.st_mode & 0o7777 == 0o640, "unix socket perm 0640 (%o)"
          % (st.st_mode & 0o7777))
    check((st.st_uid, st.st_gid) == UNIX_OWNER, "unix socket owner, group "
          "%r" % ((st.st_uid, st.st_gid),))


def step_reconfig(d):
    newport = free_port()
    d.write_conf(d.controls(port=newport, key="new-key"))
    out, err, rc = d.rndc("reconfig")
    check(rc == 0, "reconfig with new controls")
    d.rndcconf("new.conf", newport, secret=OTHER)
    wait_for("new endpoint", lambda: d.rndc("null", conf="new.conf")[2] == 0)
    check(d.rndc("status", conf="new.conf")[2] == 0, "new port and key")
    out, err, rc = d.rndc("null")
    check(rc == 1 and "connect failed" in err, "old port closed")
    check(logged(d, "stopping command channel on 127.0.0.1#%d" % d.cport),
          "old endpoint stop logged")
    os.replace(os.path.join(d.dir, "new.conf"),
               os.path.join(d.dir, "rndc.conf"))
    d.cport = newport


def step_stop(d, cmd):
    pidfile = os.path.join(d.dir, "server.pid")
    out, err, rc = d.rndc(cmd)
    check((out, err, rc) == ("", "", 0), "rndc %s: no output, exit 0" % cmd)
    try:
        d.proc.proc.wait(20)
    except subprocess.TimeoutExpired:
        pass
    check(d.proc.proc.returncode == 0, "dittod exits 0 after " + cmd)
    check(not os.path.exists(pidfile), "pid-file removed after " + cmd)


def step_relative(base, dittod):
    """dittod -c named.conf from the config's directory, `directory`
    elsewhere (absolute: a relative one would be taken from the working
    directory at every reload, in named too): the path is made absolute at start (named's rule: cwd, "/",
    the path), rndc.key beside it is found, reloads read it again."""
    top = os.path.join(base, "relative")
    work = os.path.join(top, "work")
    os.makedirs(work)
    port, cport = free_port(), free_port()
    with open(os.path.join(top, "named.conf"), "w") as f:
        f.write('options { directory "' + work + '"; pid-file none; '
                'listen-on port %d { 127.0.0.1; }; listen-on-v6 { none; }; '
                '};\ncontrols { inet 127.0.0.1 port %d allow { 127.0.0.1; '
                '}; };\n' % (port, cport))
    key = os.path.join(top, "rndc.key")
    with open(key, "w") as f:
        f.write('key "rndc-key" { algorithm hmac-sha256; secret "%s"; };\n'
                % SECRET)
    p = subprocess.Popen([dittod, "-g", "-c", "named.conf"], cwd=top,
                         stdout=open(os.path.join(top, "log"), "w"),
                         stderr=subprocess.STDOUT)

    def rndc(*args):
        r = subprocess.run(["rndc", "-k", key, "-s", "127.0.0.1", "-p",
                            str(cport)] + list(args), capture_output=True,
                           text=True, timeout=30)
        return r.stdout, r.stderr, r.returncode
    try:
        try:
            wait_for("relative -c", lambda: rndc("null")[2] == 0)
        except AssertionError:
            pass
        out, err, rc = rndc("status")
        check(rc == 0 and "configuration file: %s/named.conf\n" % top in
              out, "relative -c: key beside it, absolute path in status")
        out, err, rc = rndc("reload")
        check(rc == 0, "relative -c: reload reads it after chdir (%r)"
              % err)
        check("loading configuration from '%s/named.conf'" % top in
              open(os.path.join(top, "log")).read(),
              "relative -c: logged absolute")
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def netns_child(dittod):
    """Inside unshare -n: no controls statement -> port 953 on both
    loopbacks with rndc.key beside the config."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    base = tempfile.mkdtemp(prefix="ctlns-")
    try:
        with open(os.path.join(base, "named.conf"), "w") as f:
            f.write('options { directory "%s"; listen-on port 5300 '
                    '{ 127.0.0.1; }; listen-on-v6 { none; }; };\n' % base)
        with open(os.path.join(base, "rndc.key"), "w") as f:
            f.write('key "rndc-key" { algorithm hmac-sha256; '
                    'secret "%s"; };\n' % SECRET)
        p = Proc([dittod, "-g", "-c", os.path.join(base, "named.conf")],
                 os.path.join(base, "log"))
        try:
            key = os.path.join(base, "rndc.key")
            for srv in ("127.0.0.1", "::1"):
                ok = False
                for _ in range(100):
                    r = subprocess.run(["rndc", "-k", key, "-s", srv,
                                        "status"], capture_output=True,
                                       text=True, timeout=30)
                    if r.returncode == 0:
                        ok = True
                        break
                    time.sleep(0.1)
                check(ok and "server is up and running" in r.stdout,
                      "default endpoint %s#953 with rndc.key" % srv)
            check("command channel listening on 127.0.0.1#953" in p.text(),
                  "default endpoint logged")
        finally:
            p.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if failures else 0


def step_default(dittod):
    if os.geteuid() != 0 or shutil.which("unshare") is None or \
            shutil.which("ip") is None:
        print("SKIP default endpoint: needs root, unshare and ip")
        return
    r = subprocess.run(["unshare", "-n", sys.executable,
                        os.path.abspath(__file__), "--netns", dittod],
                       capture_output=True, text=True, timeout=120)
    sys.stdout.write(r.stdout)
    if "unshare failed" in r.stderr or (r.returncode != 0 and
                                        "ok   " not in r.stdout and
                                        "FAIL" not in r.stdout):
        print("SKIP default endpoint: unshare -n not permitted here: " +
              r.stderr.strip()[:200])
        return
    check(r.returncode == 0, "default endpoint in a network namespace")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--netns":
        return netns_child(sys.argv[2])
    dittod = os.path.abspath(sys.argv[1])
    named = sys.argv[2] if len(sys.argv) > 2 else shutil.which("named")
    base = tempfile.mkdtemp(prefix="ditto-control-")
    servers = []
    try:
        d = Server(base, "dittod", dittod)
        servers.append(d)
        d.start()
        if named and os.access(named, os.X_OK):
            n = Server(base, "named", named, named=True)
            servers.append(n)
            n.start()
            step_compare(d, n)
        else:
            n = None
            print("SKIP comparison with named: no named")
        step_neglogs(d, n)
        for srv in [d] + ([n] if n else []):
            step_reload_modes(srv)
            step_highwater(srv)
        fd = step_files(d)
        if n is not None:
            fn = step_files(n)
            check(fd == fn, "stats, dumpdb into a missing directory: as "
                  "named %r %r" % (fd, fn))
            vd, vn = step_views(d), step_views(n)
            check(vd == vn and vd is not None,
                  "number of zones with two views: as named (%r, %r)"
                  % (vd, vn))
        step_negative(d)
        step_silent(d)
        step_unix(d)
        step_reconfig(d)
        step_stop(d, "stop")
        d2 = Server(base, "dittod2", dittod)
        servers.append(d2)
        d2.start()
        step_stop(d2, "halt")
        step_relative(base, dittod)
        step_default(dittod)
    finally:
        for s in servers:
            s.stop()
        if failures:
            print("logs kept in " + base)
            for s in servers:
                print("---- %s log (tail)" % s.dir)
                print("\n".join(s.log().splitlines()[-30:]))
        else:
            shutil.rmtree(base, ignore_errors=True)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
