# SPDX-License-Identifier: MPL-2.0
# Copyright (C) 2026 the ditto authors
"""What the system tests share: free ports, bounded waits, child processes.

A test imports it with its own directory's parent on sys.path:

    sys.path.insert(0, os.path.join(os.path.dirname(
        os.path.abspath(__file__)), ".."))
    from common import Proc, free_port, wait_for
"""

import os
import random
import signal
import socket
import subprocess
import time


def free_port(*addrs):
    """A port free for both UDP and TCP on every address of addrs
    (default 127.0.0.1), chosen below the kernel's ephemeral range
    (32768-60999) so that no client socket of a test running beside this
    one can take it between this check and the server's bind."""
    addrs = addrs or ("127.0.0.1",)
    for _ in range(200):
        port = random.randint(20000, 32767)
        try:
            for a in addrs:
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    with socket.socket(socket.AF_INET, kind) as s:
                        s.bind((a, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port")


def wait_for(what, cond, timeout=15, interval=0.1):
    """Poll cond() until it returns a true value (returned) or fail with
    AssertionError after timeout seconds; an exception raised by cond()
    counts as not yet, and the last one is reported on timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = cond()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 - reported on timeout
            last = e
        time.sleep(interval)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


class Proc:
    """A child process, its output appended to logpath, stopped by its
    PID (SIGTERM, then SIGKILL after 15 s)."""

    def __init__(self, argv, logpath, env=None):
        self.log = open(logpath, "a")
        self.logpath = logpath
        self.proc = subprocess.Popen(argv, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM):
        """Stop the process; its exit status (None if already stopped)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        rc = self.proc.returncode
        self.proc = None
        self.log.close()
        return rc

    def text(self):
        with open(self.logpath, errors="replace") as f:
            return f.read()
