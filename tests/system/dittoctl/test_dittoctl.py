#!/usr/bin/env python3
# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""System tests of dittoctl against a real BIND named (and dittod when its
control channel answers), comparing with the real rndc.

Usage: test_dittoctl.py <dittoctl> [named] [dittod]   (exit 0 when all pass)

named runs on 127.0.0.1 with random ports, its key in a temporary
directory. For every case both rndc and dittoctl run with the same flags;
stdout, stderr (after the program-name prefix) and the exit status must be
equal. status is compared without its volatile lines. Cases: rndc.conf
with default-key, rndc.key (-k, key-only), -y, -s/-p overrides, a server
statement whose first address refuses, status, zonestatus (known,
unknown, not loaded, missing argument), showzone, unknown command, -r,
-q, -V, bad secret, wrong algorithm, connection refused, unknown key,
configuration errors. Then -j output parsed as JSON, the shell fed
commands on stdin (with :zones and :complete), and the interactive shell
on a pty (Tab completion, history file).
"""
import json
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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
from common import free_port  # noqa: E402

SECRET = "c2VjcmV0LWtleS1mb3ItZGl0dG8tcm5kYy10ZXN0czAx"
MD5 = "aWTjbu7M1zq4YxP88MKToA=="
BADSECRET = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

NAMED_CONF = """options {{
	directory "{dir}";
	pid-file "{dir}/named.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
	dnssec-validation no;
	allow-new-zones yes;
	session-keyfile "{dir}/session.key";
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{secret}"; }};
key "md5key" {{ algorithm hmac-md5; secret "{md5}"; }};
controls {{
	inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
		keys {{ "rndc-key"; "md5key"; }};
}};
zone "example.test" {{ type primary; file "example.test.db"; }};
zone "dead.test" {{
	type secondary; file "dead.test.bk";
	primaries {{ 127.0.0.1 port {deadport}; }};
}};
"""

ZONE = """$TTL 300
@	SOA	ns1 hostmaster 2024020201 3600 600 86400 60
	NS	ns1
ns1	A	192.0.2.1
www	A	192.0.2.2
"""

VOLATILE = ("TCP high-water:", "tcp clients:", "soa queries in progress:",
            "xfers running:", "xfers deferred:", "recursive clients:",
            "last configured:")

FAILED = []


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def run(argv, stdin=None, env=None, timeout=90):
    p = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                       timeout=timeout, env=env)
    return p.stdout, p.stderr, p.returncode


def check(name, cond, detail=""):
    if cond:
        print("ok   %s" % name)
    else:
        print("FAIL %s %s" % (name, detail))
        FAILED.append(name)


def normalise(out, err, status):
    out = "\n".join(l for l in out.split("\n")
                    if not l.startswith(VOLATILE))
    err = re.sub(r"^(rndc|dittoctl): ", "PROG: ", err, flags=re.M)
    return out, err, status


class Env:
    def __init__(self, ctl, named):
        self.ctl = ctl
        self.named_bin = named
        self.dir = tempfile.mkdtemp(prefix="dittoctl-test-")
        self.port = free_port()
        self.cport = free_port()
        self.named = None
        d = self.dir
        write(os.path.join(d, "named.conf"), NAMED_CONF.format(
            dir=d, port=self.port, cport=self.cport, secret=SECRET,
            md5=MD5, deadport=free_port()))
        write(os.path.join(d, "example.test.db"), ZONE)
        key = ('key "rndc-key" {{ algorithm hmac-sha256; '
               'secret "{}"; }};\n').format(SECRET)
        opts = ('options {{ default-key "rndc-key"; '
                'default-server 127.0.0.1; default-port {}; }};\n'
                ).format(self.cport)
        self.conf("rndc.conf", key + opts)
        self.conf("rndc.key", 'key "rndc-key" {\n\talgorithm hmac-sha256;'
                  '\n\tsecret "%s";\n};\n' % SECRET)
        self.conf("md5.conf", key + 'key "md5key" { algorithm hmac-md5; '
                  'secret "%s"; };\n' % MD5 + opts)
        self.conf("server.conf", key + 'options { default-key "rndc-key";'
                  ' default-server srv; };\nserver srv { addresses { '
                  '127.0.0.9 port %d; 127.0.0.1 port %d; }; };\n'
                  % (free_port(), self.cport))
        self.conf("wrongport.conf", key + 'options { default-key '
                  '"rndc-key"; default-server 127.0.0.1; default-port '
                  '%d; };\n' % free_port())
        self.conf("badkey.conf", opts + 'key "rndc-key" { algorithm '
                  'hmac-sha256; secret "%s"; };\n' % BADSECRET)
        self.conf("badalg.conf", opts + 'key "rndc-key" { algorithm '
                  'hmac-sha512; secret "%s"; };\n' % SECRET)
        self.conf("unknown.conf", key + 'options { frob 1; };\n')
        self.conf("semi.conf", key + 'options { default-server 127.0.0.1 '
                  'default-port 1; };\n')
        self.conf("nokey.conf", 'options { default-server 127.0.0.1; };\n'
                  + key)

    def conf(self, name, text):
        write(os.path.join(self.dir, name), text)

    def path(self, name):
        return os.path.join(self.dir, name)

    def start_named(self):
        log = open(self.path("named.log"), "a")
        self.named = subprocess.Popen(
            [self.named_bin, "-g", "-c", self.path("named.conf")],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            _, _, rc = run(["rndc", "-c", self.path("rndc.conf"), "null"])
            if rc == 0:
                return
            if self.named.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError("named did not start; see %s" %
                             self.path("named.log"))

    def stop(self):
        if self.named is not None and self.named.poll() is None:
            os.kill(self.named.pid, signal.SIGTERM)
            try:
                self.named.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.named.pid, signal.SIGKILL)
                self.named.wait()
        self.named = None


def compare(env, name, args, stdin=None, first_line=False):
    """rndc and dittoctl with the same arguments must agree (with
    first_line, on stderr's first line only: the usage text is our own)."""
    argv = [a.replace("@", env.dir + "/") for a in args]
    r = normalise(*run(["rndc"] + argv, stdin))
    d = normalise(*run([env.ctl] + argv, stdin))
    if first_line:
        r = (r[0], r[1].split("\n")[0], r[2])
        d = (d[0], d[1].split("\n")[0], d[2])
    check("same as rndc: %s" % name, r == d,
          "\n  rndc:     %r\n  dittoctl: %r" % (r, d))
    return d


def one_shot_cases(env):
    c = ["-c", "@rndc.conf"]
    compare(env, "status", c + ["status"])
    compare(env, "zonestatus", c + ["zonestatus", "example.test"])
    compare(env, "zonestatus IN", c + ["zonestatus", "example.test", "IN"])
    out, err, rc = compare(env, "unknown zone",
                           c + ["zonestatus", "nosuch.test"])
    check("unknown zone exits 1", rc == 1 and "not found" in err)
    compare(env, "zonestatus without zone", c + ["zonestatus"])
    compare(env, "zone not loaded", c + ["zonestatus", "dead.test"])
    compare(env, "unknown view",
            c + ["zonestatus", "example.test", "IN", "v"])
    compare(env, "bad name", c + ["zonestatus", "bad..name"])
    compare(env, "showzone", c + ["showzone", "example.test"])
    compare(env, "unknown command", c + ["frobnicate"])
    compare(env, "-r success", c + ["-r", "zonestatus", "example.test"])
    compare(env, "-r failure", c + ["-r", "zonestatus", "nosuch.test"])
    compare(env, "-q", c + ["-q", "zonestatus", "example.test"])
    compare(env, "-q failure", c + ["-q", "zonestatus", "nosuch.test"])
    compare(env, "-V", c + ["-V", "null"])
    compare(env, "null", c + ["null"])
    compare(env, "rndc.key (-k)",
            ["-k", "@rndc.key", "-p", str(env.cport), "zonestatus",
             "example.test"])
    compare(env, "-k with -y (ignored)",
            ["-k", "@rndc.key", "-p", str(env.cport), "-y", "x", "null"])
    compare(env, "-y md5 key", ["-c", "@md5.conf", "-y", "md5key", "-V",
                                "null"])
    compare(env, "-y unknown key", c + ["-y", "nokey", "null"])
    compare(env, "-s/-p override",
            ["-c", "@wrongport.conf", "-s", "127.0.0.1", "-p",
             str(env.cport), "null"])
    compare(env, "server addresses, first refused",
            ["-c", "@server.conf", "-V", "null"])
    compare(env, "bad secret", ["-c", "@badkey.conf", "status"])
    compare(env, "wrong algorithm", ["-c", "@badalg.conf", "status"])
    out, err, rc = compare(env, "connection refused",
                           ["-c", "@wrongport.conf", "status"])
    check("connection refused text", rc == 1 and
          "connection refused" in err, err)
    compare(env, "bad port", c + ["-p", "0", "null"])
    compare(env, "missing -c file", ["-c", "@nonexistent.conf", "null"])
    compare(env, "unknown option in conf", ["-c", "@unknown.conf", "null"])
    compare(env, "missing ';' in conf", ["-c", "@semi.conf", "null"])
    compare(env, "no default key", ["-c", "@nokey.conf", "null"])
    compare(env, "-4 and -6", c + ["-4", "-6", "null"])
    compare(env, "bad flag", c + ["-Z", "null"], first_line=True)


def json_cases(env):
    c = [env.ctl, "-c", env.path("rndc.conf"), "-j"]
    out, err, rc = run(c + ["status"])
    j = json.loads(out)
    check("-j status", rc == 0 and j.get("server_running") is True and
          isinstance(j.get("number_of_zones"), int) and
          isinstance(j.get("boot_time_unix"), int) and
          re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$",
                   j.get("boot_time", "")) is not None and
          j.get("query_logging") is False and
          j.get("configuration_file") == env.path("named.conf") and
          isinstance(j.get("recursive_clients", {}).get("hard_limit"),
                     int), out)
    out, err, rc = run(c + ["zonestatus", "example.test"])
    j = json.loads(out)
    check("-j zonestatus", rc == 0 and j.get("name") == "example.test" and
          j.get("serial") == 2024020201 and
          j.get("files") == ["example.test.db"] and
          j.get("secure") is False and j.get("type") == "primary" and
          isinstance(j.get("last_loaded_unix"), int), out)
    out, err, rc = run(c + ["showzone", "example.test"])
    j = json.loads(out)
    check("-j showzone", rc == 0 and j.get("zone") == "example.test" and
          j.get("options", {}).get("type") == "primary" and
          j.get("options", {}).get("file") == "example.test.db", out)
    out, err, rc = run(c + ["zonestatus", "nosuch.test"])
    j = json.loads(out)
    check("-j error", rc == 1 and j.get("error") == "not found" and
          j.get("result") == "ISC_R_NOTFOUND" and j.get("code") == 23 and
          "no matching zone" in j.get("text", ""), out)
    out, err, rc = run([env.ctl, "-c", env.path("wrongport.conf"), "-j",
                        "status"])
    j = json.loads(out)
    check("-j connection refused", rc == 1 and
          j.get("result") == "ISC_R_CONNREFUSED" and
          "connection refused" in j.get("error", ""), out)


def shell_cases(env):
    c = [env.ctl, "-c", env.path("rndc.conf")]
    script = ("status\n\n# a comment\nzonestatus example.test\n"
              "zonestatus nosuch.test\n:zones\n:complete zonestatus ex\n"
              ":complete ret\nnull\nquit\nstatus\n")
    out, err, rc = run(c, script)
    zs, _, _ = run(["rndc", "-c", env.path("rndc.conf"), "zonestatus",
                    "example.test"])
    check("shell: commands run", zs in out and
          "server is up and running" in out, out)
    check("shell: failure reported",
          "'zonestatus' failed: not found\nno matching zone "
          "'nosuch.test' in any view" in err and rc == 1, err)
    check("shell: :zones from the server's named.conf",
          "\nexample.test\n" in out and "\ndead.test\n" in out, out)
    check("shell: :complete", "\nretransfer\n" in out and
          out.count("example.test\n") >= 3, out)
    check("shell: quit stops", out.count("server is up and running") == 1,
          out)
    out, err, rc = run(c, "null\nzonestatus example.test\n")
    check("shell: all succeeded -> 0", rc == 0, err)


def pty_case(env):
    """The interactive shell: Tab completes a zone; history is saved."""
    import pty
    home = os.path.join(env.dir, "home")
    os.makedirs(home, exist_ok=True)
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["HOME"] = home
        os.environ["TERM"] = "dumb"
        os.execv(env.ctl, [env.ctl, "-c", env.path("rndc.conf")])
    buf = b""

    def read_until(token, timeout=20):
        nonlocal buf
        deadline = time.monotonic() + timeout
        while token not in buf and time.monotonic() < deadline:
            try:
                import select
                r, _, _ = select.select([fd], [], [], 0.2)
                if r:
                    buf += os.read(fd, 4096)
            except OSError:
                break
        return token in buf

    try:
        read_until(b"dittoctl> ")
        os.write(fd, b"zonestatus examp\t")
        time.sleep(1.0)
        os.write(fd, b"\n")
        got = read_until(b"reconfigurable via modzone")
        check("pty: Tab completed the zone name", got,
              buf.decode(errors="replace")[-400:])
        os.write(fd, b"quit\n")
        read_until(b"\x00", timeout=3)
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    hist = os.path.join(home, ".dittoctl_history")
    text = open(hist).read() if os.path.exists(hist) else ""
    check("pty: history file written",
          "zonestatus example.test" in text.replace("\\040", " "), text)


def dittod_cases(env, dittod):
    """The same client comparisons against dittod's control channel."""
    # SKIP until dittod's control server is wired: it is being written in
    # parallel (daemon/control.c). When `rndc null` gets an answer from
    # dittod this block runs the comparisons; otherwise it says SKIP.
    if dittod is None or not os.access(dittod, os.X_OK):
        print("SKIP dittod: no dittod binary given")
        return
    d = os.path.join(env.dir, "dittod")
    os.makedirs(d, exist_ok=True)
    port, cport = free_port(), free_port()
    shutil.copy(env.path("example.test.db"), d)
    write(os.path.join(d, "dittod.conf"), """options {{
	directory "{d}";
	pid-file "{d}/dittod.pid";
	listen-on port {port} {{ 127.0.0.1; }};
	listen-on-v6 {{ none; }};
	recursion no;
}};
key "rndc-key" {{ algorithm hmac-sha256; secret "{s}"; }};
controls {{ inet 127.0.0.1 port {cport} allow {{ 127.0.0.1; }}
	keys {{ "rndc-key"; }}; }};
zone "example.test" {{ type primary; file "example.test.db"; }};
""".format(d=d, port=port, cport=cport, s=SECRET))
    write(os.path.join(d, "rndc.conf"), 'key "rndc-key" { algorithm '
          'hmac-sha256; secret "%s"; };\noptions { default-key "rndc-key";'
          ' default-server 127.0.0.1; default-port %d; };\n'
          % (SECRET, cport))
    log = open(os.path.join(d, "dittod.log"), "a")
    proc = subprocess.Popen([dittod, "-g", "-c",
                             os.path.join(d, "dittod.conf")],
                            stdout=log, stderr=subprocess.STDOUT)
    log.close()
    try:
        ready = False
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            if run(["rndc", "-c", os.path.join(d, "rndc.conf"),
                    "null"])[2] == 0:
                ready = True
                break
            time.sleep(0.2)
        if not ready:
            print("SKIP dittod: its control channel does not answer rndc "
                  "yet")
            return
        c = ["-c", os.path.join(d, "rndc.conf")]
        for name, args in (("dittod zonestatus",
                            ["zonestatus", "example.test"]),
                           ("dittod unknown zone",
                            ["zonestatus", "nosuch.test"]),
                           ("dittod unknown command", ["frobnicate"]),
                           ("dittod -r", ["-r", "null"])):
            compare(env, name, c + args)
        out, err, rc = run([env.ctl] + c + ["-j", "status"])
        j = json.loads(out)
        check("dittod -j status parses", rc == 0 and isinstance(j, dict),
              out + err)
        if "configuration_file" in j:
            out, err, rc = run([env.ctl] + c, ":zones\n")
            check("dittod shell: :zones", out == "example.test\n", out)
        else:
            print("NOTE dittod: status has no 'configuration file:' line;"
                  " the shell cannot complete zone names")
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    ctl = os.path.abspath(sys.argv[1])
    named = sys.argv[2] if len(sys.argv) > 2 else \
        shutil.which("named") or "/usr/sbin/named"
    dittod = sys.argv[3] if len(sys.argv) > 3 else None
    env = Env(ctl, named)
    ok = False
    try:
        env.start_named()
        one_shot_cases(env)
        json_cases(env)
        shell_cases(env)
        pty_case(env)
        dittod_cases(env, dittod)
        ok = not FAILED
    finally:
        env.stop()
        if ok:
            shutil.rmtree(env.dir, ignore_errors=True)
        else:
            print("kept %s" % env.dir)
    print("%d failed" % len(FAILED))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
