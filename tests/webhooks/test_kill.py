"""Nothing acknowledged is lost between a change and its webhook delivery (issue 18).

A Steunpunt server (the built binary, SQLite) and a real HTTP receiver
(tests/webhooks/receiver.py). An administrator registers a subscription; the receiver
then answers 503 to everything, so the events of the requests filed next stay queued.
Right after the last filing is acknowledged the server is killed with SIGKILL. The
receiver starts accepting, the server starts again on the same database, and every
acknowledged request's event must arrive, signed and with its Authorization header, as
the receiver checks them."""
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "steunpunt"
sys.path.insert(0, str(ROOT / "tests" / "lib"))
from waiting import wait_until  # noqa: E402
FILED = 12


def call(base, token, method, path, body=None):
    request = urllib.request.Request(base + "/api/v1" + path, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


class Server:
    def __init__(self, folder, environment, demo):
        self.log_path = pathlib.Path(folder, f"server-{time.monotonic_ns()}.log")
        self.log = open(self.log_path, "w")
        arguments = [str(BINARY), "serve", "--port", "0"] + (["--demo"] if demo else [])
        self.process = subprocess.Popen(arguments, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        found = wait_until(lambda: re.search(r"running at http://[^:]+:(\d+) ", self.log_path.read_text()), 120)
        assert found, f"the server did not start: {self.log_path.read_text()[-2000:]}"
        self.base = "http://127.0.0.1:" + found.group(1)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def receiver():
    folder = tempfile.mkdtemp(prefix="steunpunt-receiver-")
    process = subprocess.Popen(["python3", str(ROOT / "tests" / "webhooks" / "receiver.py"), folder],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("ready "), line
    yield folder, int(line.split()[1])
    process.stdin.close()
    process.terminate()
    process.wait(timeout=10)


def received(folder, name):
    return [json.loads(path.read_text()) for path in sorted(pathlib.Path(folder, name).glob("*.json"))]


def test_a_kill_between_the_change_and_the_delivery_loses_no_event(receiver, tmp_path):
    if not BINARY.exists():
        pytest.skip("build first: swift build")
    folder, port = receiver
    environment = dict(os.environ, STEUNPUNT_DATABASE_URL=f"sqlite:{tmp_path}/kill.sqlite", STEUNPUNT_LOG_LEVEL="warning",
                       STEUNPUNT_BCRYPT_COST="4", STEUNPUNT_WEBHOOK_ALLOW_HTTP="true",
                       STEUNPUNT_ENCRYPTION_KEY="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
    server = Server(tmp_path, environment, demo=True)
    try:
        def token(email):
            return subprocess.run([str(BINARY), "tokens", "create", "--email", email, "--scope", "lezen", "--scope", "schrijven"],
                                  env=environment, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        admin, desk = token("beheerder@steunpunt.example"), token("loket@vng.example")
        pathlib.Path(folder, "zaken.auth").write_text("Bearer zoetermeer")
        status, subscription = call(server.base, admin, "POST", "/abonnementen", {
            "organisatie": "GM0637", "callbackUrl": f"http://127.0.0.1:{port}/zaken/events",
            "typen": ["nl.steunpunt.hulpvraag.ingediend.v1"], "authorization": "Bearer zoetermeer"})
        assert status == 201, subscription
        pathlib.Path(folder, "zaken.secret").write_text(subscription["geheim"])
        # From now on the receiver is down: every delivery fails and stays queued.
        pathlib.Path(folder, "zaken.plan").write_text(" ".join(["503"] * 1000))

        acknowledged = []
        for number in range(FILED):
            status, request = call(server.base, desk, "POST", "/hulpvragen", {
                "titel": f"Vraag {number}", "omschrijving": "Graag advies.", "aanvrager": "GM0637", "gemeente": "GM0637",
                "behoeften": ["breed-preventieve-aanpak"], "kanaal": "telefoon"})
            assert status == 201, request
            acknowledged.append(request["id"])
        server.kill()
        delivered_before = [r for r in received(folder, "zaken") if r["status"] == 204 and r["event"]["type"].startswith("nl.steunpunt.hulpvraag")]
        assert not delivered_before, "nothing was delivered before the kill"

        # The receiver is back; so is the server, on the same database.
        pathlib.Path(folder, "zaken.plan").write_text("")
        server = Server(tmp_path, environment, demo=False)

        def arrived():
            events = [r for r in received(folder, "zaken") if r["status"] == 204 and r["event"]["type"] == "nl.steunpunt.hulpvraag.ingediend.v1"]
            return events if {r["event"]["data"]["hulpvraag"] for r in events} >= set(acknowledged) else None
        events = wait_until(arrived, 90)
        assert events, f"every acknowledged request's event arrives after the restart: {len(received(folder, 'zaken'))} received"
        assert all(not r["problems"] for r in received(folder, "zaken")), [r["problems"] for r in received(folder, "zaken") if r["problems"]][:3]
        assert len({r["event"]["id"] for r in events}) == len(events) == FILED, "each event delivered once"
    finally:
        server.stop()
