"""A PostgreSQL cluster of its own for a test: Debian's server binaries, a temporary
folder, a free port (tried again when another process took it first), run as the
postgres user when the tests run as root. Used by tests/outage and tests/crash."""
import glob
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of its own, in a temporary folder."""

    def __init__(self, prefix="steunpunt-outage-"):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
        self.bin = bins[-1]
        self.folder = tempfile.mkdtemp(prefix=prefix)
        self.run_as = []
        if os.geteuid() == 0:
            subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode == 0 or \
                subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
            shutil.chown(self.folder, "postgres")
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.folder, "data")
        self.pg(["initdb", "-D", self.data, "-U", "steunpunt", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        # PostgreSQL cannot bind port 0: a port found free can be taken before the server
        # binds it, so a first start that fails for a taken port is tried on another.
        for attempt in range(10):
            self.port = free_port()
            started = self.pg(self.start_command(), check=False)
            if started.returncode == 0:
                break
            log = pathlib.Path(self.folder, "log").read_text(errors="replace")
            if "Address already in use" not in log or attempt == 9:
                raise RuntimeError(f"PostgreSQL did not start: {log[-2000:]}")

    def pg(self, arguments, check=True):
        return subprocess.run(self.run_as + [os.path.join(self.bin, arguments[0])] + arguments[1:], check=check,
                              capture_output=True, text=True, timeout=60)

    def start_command(self):
        return ["pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "log"), "-w", "-o",
                f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]

    def start(self):
        self.pg(self.start_command())

    def stop_fast(self):
        self.pg(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])

    def kill_postmaster(self):
        pid = int(pathlib.Path(self.data, "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        time.sleep(1)
        # The children go when the postmaster is gone; clear what is left before a restart.
        subprocess.run(["pkill", "-9", "-f", f"postgres.*{self.data}"], check=False)
        time.sleep(0.5)

    def destroy(self):
        self.pg(["pg_ctl", "-D", self.data, "-m", "immediate", "stop"], check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://steunpunt@127.0.0.1:{self.port}/postgres"
