"""The server against a PostgreSQL server that goes away under write load (issue 14.10/11).

A private PostgreSQL cluster (Debian's binaries, as scripts/lib/postgres.sh starts them)
serves a Steunpunt server started from the built binary. While a few clients file support
requests, the database is stopped for maintenance (`pg_ctl stop -m fast`) and, later,
its postmaster is killed (`kill -9`). Every request must get an answer within a bound
(a 503 with Retry-After while the database is away, never a hang), filing must work
again soon after the database is back, and SIGTERM must then end the process."""
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from pgcluster import Cluster  # noqa: E402
from waiting import wait_until  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "steunpunt"
# A call may take 4 s here (STEUNPUNT_DATABASE_TIMEOUT_SECONDS); an answer must come well within this.
ANSWER_BOUND = 20.0


class Load:
    """Clients filing support requests one after another, each answer timed."""

    def __init__(self, base, token, clients=4):
        self.base, self.token = base, token
        self.results = []  # (started, seconds, status or error)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)]

    def file(self, n):
        body = json.dumps({"titel": f"Vraag {n}", "omschrijving": "Graag advies over een brede aanpak.", "aanvrager": "GM0637",
                           "gemeente": "GM0637", "behoeften": ["breed-preventieve-aanpak"], "kanaal": "telefoon"}).encode()
        request = urllib.request.Request(self.base + "/api/v1/hulpvragen", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, retry = response.status, response.headers.get("Retry-After")
        except urllib.error.HTTPError as error:
            status, retry = error.code, error.headers.get("Retry-After")
        except Exception as error:  # a hang past 60 s, a reset: both failures of the server
            status, retry = repr(error), None
        with self.lock:
            self.results.append((started, time.monotonic() - started, status, retry))

    def client(self, n):
        count = 0
        while not self.stopping.is_set():
            self.file(f"{n}-{count}")
            count += 1
            time.sleep(0.05)

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=90)
        return [thread for thread in self.threads if thread.is_alive()]

    def since(self, moment):
        with self.lock:
            return [r for r in self.results if r[0] >= moment]


def ready(base):
    try:
        with urllib.request.urlopen(base + "/health/ready", timeout=5) as response:
            return response.status == 200
    except Exception:
        return False


@pytest.fixture
def cluster():
    cluster = Cluster()
    yield cluster
    cluster.destroy()


def test_every_request_answers_through_a_fast_stop_and_a_killed_postmaster_and_sigterm_then_exits(cluster):
    if not BINARY.exists():
        pytest.skip("build first: swift build")
    environment = dict(os.environ, STEUNPUNT_DATABASE_URL=cluster.url, STEUNPUNT_LOG_LEVEL="warning",
                       STEUNPUNT_DATABASE_TIMEOUT_SECONDS="4", STEUNPUNT_BCRYPT_COST="4",
                       STEUNPUNT_ENCRYPTION_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    log = open(os.path.join(cluster.folder, "server.log"), "w")
    # Port 0: the system picks a free port, and the server says which.
    server = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", "0"], env=environment, stdout=log, stderr=subprocess.STDOUT)
    server_log = pathlib.Path(cluster.folder, "server.log")
    try:
        assert wait_until(lambda: re.search(r"running at http://[^:]+:(\d+) ", server_log.read_text()), 120), "the server did not start"
        base = "http://127.0.0.1:" + re.search(r"running at http://[^:]+:(\d+) ", server_log.read_text()).group(1)
        assert wait_until(lambda: ready(base), 120), "the server did not become ready"
        token = subprocess.run([str(BINARY), "tokens", "create", "--email", "loket@vng.example", "--scope", "lezen", "--scope", "schrijven"],
                               env=environment, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        load = Load(base, token)
        load.start()
        time.sleep(2)
        assert any(r[2] == 201 for r in load.results), f"filing works before the outage: {load.results[:5]}"

        for name, outage in (("fast stop", cluster.stop_fast), ("kill -9 of the postmaster", cluster.kill_postmaster)):
            down = time.monotonic()
            outage()
            time.sleep(12)
            during = load.since(down + 1)
            assert during, f"{name}: requests were made during the outage"
            assert all(isinstance(r[2], int) for r in during), f"{name}: every request got an HTTP answer: {[r for r in during if not isinstance(r[2], int)][:3]}"
            assert all(r[2] == 503 and r[3] for r in during if r[2] != 201), f"{name}: 503 with Retry-After: {sorted({r[2] for r in during})}"
            assert not ready(base), f"{name}: not ready while the database is away"
            cluster.start()
            back = time.monotonic()
            assert wait_until(lambda: any(r[2] == 201 for r in load.since(back)), 30), f"{name}: filing works again once the database is back"
            slowest = max(r[1] for r in load.since(down))
            assert slowest < ANSWER_BOUND, f"{name}: the slowest answer took {slowest:.1f} s"
            assert wait_until(lambda: ready(base), 30)

        hanging = load.stop()
        assert not hanging, "every client got its last answer"
        # Acknowledged writes are stored: every 201 is a request in the database.
        acknowledged = sum(1 for r in load.results if r[2] == 201)
        stored = int(subprocess.run(cluster.run_as + [os.path.join(cluster.bin, "psql"), "-h", cluster.folder, "-p", str(cluster.port), "-U", "steunpunt",
                                     "-d", "postgres", "-tAc", "SELECT COUNT(*) FROM support_requests WHERE title LIKE 'Vraag %'"],
                                    check=True, capture_output=True, text=True).stdout.strip())
        assert stored >= acknowledged, f"{acknowledged} acknowledged, {stored} stored"

        stopped = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        assert time.monotonic() - stopped < 30
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
            log.close()
            print(pathlib.Path(cluster.folder, "server.log").read_text()[-3000:])
        log.close()
