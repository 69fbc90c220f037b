"""A crash loses no acknowledged write (issue 23, part 7), on both engines.

The server (the built binary) runs on a SQLite file, then on a PostgreSQL cluster of its
own. Four clients file support requests as fast as they are answered; at a random moment
the server is killed with SIGKILL. It starts again on the same database: every request
that was answered 201 must be there, and `steunpunt audit verify` must find the audit
trail's hash chain intact (each filing writes its audit entry in the same transaction)."""
import json
import os
import pathlib
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "steunpunt"
sys.path.insert(0, str(ROOT / "tests" / "lib"))
from pgcluster import Cluster  # noqa: E402
from waiting import wait_until  # noqa: E402

KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


class Server:
    def __init__(self, folder, environment, demo):
        self.log_path = pathlib.Path(folder, f"server-{time.monotonic_ns()}.log")
        self.log = open(self.log_path, "w")
        arguments = [str(BINARY), "serve", "--port", "0"] + (["--demo"] if demo else [])
        self.process = subprocess.Popen(arguments, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        found = wait_until(lambda: re.search(r"running at http://[^:]+:(\d+) ", self.log_path.read_text()), 120)
        assert found, f"the server did not start: {self.log_path.read_text()[-2000:]}"
        self.base = "http://127.0.0.1:" + found.group(1)

    def stop(self, sig):
        self.process.send_signal(sig)
        self.process.wait(timeout=30)
        self.log.close()


class Load:
    """Clients filing requests with unique titles; the titles answered 201 are acknowledged."""

    def __init__(self, base, token, clients=4):
        self.base, self.token = base, token
        self.acknowledged, self.other = [], []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)]

    def client(self, n):
        count = 0
        while not self.stopping.is_set():
            title = f"Crash {n}-{count}"
            count += 1
            body = json.dumps({"titel": title, "omschrijving": "Graag advies over een brede aanpak.", "aanvrager": "GM0637",
                               "gemeente": "GM0637", "behoeften": ["breed-preventieve-aanpak"], "kanaal": "telefoon"}).encode()
            request = urllib.request.Request(self.base + "/api/v1/hulpvragen", data=body, method="POST",
                                             headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except Exception as error:  # the connection cut by the kill: not acknowledged
                status = repr(error)
            with self.lock:
                (self.acknowledged if status == 201 else self.other).append(title)

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def crash_and_check(folder, url, stored_titles):
    if not BINARY.exists():
        pytest.skip("build first: swift build")
    environment = dict(os.environ, STEUNPUNT_DATABASE_URL=url, STEUNPUNT_LOG_LEVEL="warning", STEUNPUNT_BCRYPT_COST="4",
                       STEUNPUNT_ENCRYPTION_KEY=KEY)
    server = Server(folder, environment, demo=True)
    token = subprocess.run([str(BINARY), "tokens", "create", "--email", "loket@vng.example", "--scope", "lezen", "--scope", "schrijven"],
                           env=environment, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    load = Load(server.base, token)
    load.start()
    moment = random.uniform(2.0, 6.0)
    print(f"killing the server after {moment:.2f} s")
    time.sleep(moment)
    server.stop(signal.SIGKILL)
    load.stop()
    acknowledged = set(load.acknowledged)
    assert len(acknowledged) > 5, f"the load ran: {len(acknowledged)} acknowledged, {len(load.other)} not"
    print(f"{len(acknowledged)} filings acknowledged before the kill, {len(load.other)} cut off or refused")

    restarted = Server(folder, environment, demo=False)
    try:
        assert wait_until(lambda: urllib.request.urlopen(restarted.base + "/health/ready", timeout=5).status == 200, 60)
        stored = stored_titles()
        lost = sorted(acknowledged - stored)
        assert not lost, f"{len(lost)} acknowledged requests lost after kill -9: {lost[:5]}"
    finally:
        restarted.stop(signal.SIGTERM)
    verify = subprocess.run([str(BINARY), "audit", "verify"], env=environment, capture_output=True, text=True)
    assert verify.returncode == 0 and "The audit trail is intact" in verify.stdout, verify.stdout + verify.stderr


def test_sqlite_kill9_loses_no_acknowledged_write():
    folder = tempfile.mkdtemp(prefix="steunpunt-crash-")
    path = os.path.join(folder, "crash.sqlite")

    def titles():
        with sqlite3.connect(path) as db:
            return {row[0] for row in db.execute("SELECT title FROM support_requests WHERE title LIKE 'Crash %'")}

    crash_and_check(folder, f"sqlite:{path}", titles)


def test_postgres_kill9_loses_no_acknowledged_write():
    cluster = Cluster(prefix="steunpunt-crash-")
    try:
        def titles():
            out = subprocess.run(cluster.run_as + [os.path.join(cluster.bin, "psql"), "-h", cluster.folder, "-p", str(cluster.port), "-U", "steunpunt",
                                  "-d", "postgres", "-tAc", "SELECT title FROM support_requests WHERE title LIKE 'Crash %'"],
                                 check=True, capture_output=True, text=True).stdout
            return {line for line in out.splitlines() if line}
        crash_and_check(cluster.folder, cluster.url, titles)
    finally:
        cluster.destroy()
