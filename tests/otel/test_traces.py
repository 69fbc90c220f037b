"""OpenTelemetry traces and JSON logs (issue 23, part 6).

The server (the built binary, demo data on SQLite) runs with `OTEL_EXPORTER_OTLP_ENDPOINT`
pointing at a local OTLP/HTTP receiver, which decodes each export with OpenTelemetry's own
protobuf definitions (`opentelemetry-proto`), and with `STEUNPUNT_LOG_FORMAT=json`. A request
that carries a W3C `traceparent` must come back as a server span in that trace, named by its
route, with its status and request id, with the statements it ran as child spans; the same
request id and trace id are in its JSON log line; and neither the path's identifier nor a
search word reaches the traces."""
import http.server
import json
import os
import pathlib
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "steunpunt"
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
sys.path.insert(0, str(ROOT / "tests" / "lib"))
from waiting import wait_until  # noqa: E402


class Receiver:
    """An OTLP/HTTP trace receiver on loopback: every span of every export, decoded."""

    def __init__(self):
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
        self.spans, self.exports, self.lock = [], [], threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = trace_service_pb2.ExportTraceServiceRequest()
                request.ParseFromString(body)
                with receiver.lock:
                    receiver.exports.append((self.path, self.headers.get("Content-Type")))
                    for resource in request.resource_spans:
                        service = {a.key: a.value.string_value for a in resource.resource.attributes}.get("service.name")
                        for scope in resource.scope_spans:
                            for span in scope.spans:
                                receiver.spans.append({
                                    "service": service, "name": span.name, "kind": span.kind,
                                    "trace": span.trace_id.hex(), "id": span.span_id.hex(), "parent": span.parent_span_id.hex(),
                                    "attributes": {a.key: Receiver.value(a.value) for a in span.attributes},
                                    "status": span.status.code,
                                })
                answer = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def value(value):
        kind = value.WhichOneof("value")
        return getattr(value, kind) if kind else None

    def in_trace(self, trace):
        with self.lock:
            return [span for span in self.spans if span["trace"] == trace]

    def everything(self):
        with self.lock:
            return json.dumps(self.spans)

    def stop(self):
        self.server.shutdown()


@pytest.fixture(scope="module")
def server():
    if not BINARY.exists():
        pytest.skip("build first: swift build")
    receiver = Receiver()
    folder = tempfile.mkdtemp(prefix="steunpunt-otel-")
    environment = dict(os.environ, STEUNPUNT_DATABASE_URL=f"sqlite:{folder}/otel.sqlite", STEUNPUNT_BCRYPT_COST="4",
                       STEUNPUNT_ENCRYPTION_KEY=KEY, STEUNPUNT_LOG_FORMAT="json", STEUNPUNT_LOG_LEVEL="info",
                       OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver.port}", OTEL_BSP_SCHEDULE_DELAY="200")
    output = pathlib.Path(folder, "stdout.log")
    logs = pathlib.Path(folder, "stderr.log")
    with open(output, "w") as out, open(logs, "w") as err:
        process = subprocess.Popen([str(BINARY), "serve", "--demo", "--port", "0"], env=environment, stdout=out, stderr=err)
    try:
        deadline = time.monotonic() + 120
        found = None
        while time.monotonic() < deadline and not found:
            found = re.search(r"running at http://[^:]+:(\d+) ", output.read_text())
            time.sleep(0.25)
        assert found, f"the server did not start: {logs.read_text()[-2000:]}"
        base = f"http://127.0.0.1:{found.group(1)}"
        token = subprocess.run([str(BINARY), "tokens", "create", "--email", "loket@vng.example", "--scope", "lezen"],
                               env=dict(environment, OTEL_EXPORTER_OTLP_ENDPOINT=""), check=True, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]
        yield {"base": base, "token": token, "receiver": receiver, "logs": logs}
    finally:
        process.terminate()
        process.wait(timeout=60)
        receiver.stop()


def test_a_request_is_a_span_of_the_callers_trace_with_its_statements_inside(server):
    headers = {"Authorization": "Bearer " + server["token"]}
    listed = requests.get(server["base"] + "/api/v1/hulpvragen?paginaGrootte=1", headers=headers, timeout=10).json()
    request_id = listed["resultaten"][0]["id"]
    trace = secrets.token_hex(16)
    caller_span = secrets.token_hex(8)
    answer = requests.get(f"{server['base']}/api/v1/hulpvragen/{request_id}", timeout=10,
                          headers=dict(headers, traceparent=f"00-{trace}-{caller_span}-01"))
    assert answer.status_code == 200

    receiver = server["receiver"]
    spans = wait_until(lambda: [s for s in receiver.in_trace(trace) if s["kind"] == 2] and receiver.in_trace(trace), 30)
    assert spans, f"no span of the caller's trace arrived ({len(receiver.spans)} spans in all)"
    servers = [s for s in spans if s["kind"] == 2]  # SPAN_KIND_SERVER
    assert len(servers) == 1
    span = servers[0]
    assert span["service"] == "steunpunt"
    assert span["parent"] == caller_span, "the caller's span is the parent: the trace continues"
    assert span["name"] == "GET /api/v1/hulpvragen/{id}"
    assert span["attributes"]["http.route"] == "/api/v1/hulpvragen/{id}"
    assert span["attributes"]["http.request.method"] == "GET"
    assert span["attributes"]["http.response.status_code"] == 200
    assert re.fullmatch(r"[0-9a-f]+", span["attributes"]["hb.request.id"])

    # The statements it ran (reading the request, its audited read) are spans under it.
    ids = {s["id"]: s for s in spans}

    def under_request(s):
        while s["parent"] in ids:
            if s["parent"] == span["id"]:
                return True
            s = ids[s["parent"]]
        return False

    statements = [s for s in spans if "db.query.text" in s["attributes"]]
    assert statements and all(under_request(s) for s in statements)
    assert {s["attributes"]["db.system.name"] for s in statements} == {"sqlite"}
    assert any(s["attributes"]["db.operation.name"] == "SELECT" for s in statements)
    assert any(s["attributes"]["db.operation.name"] == "INSERT" and "audit" in s["attributes"]["db.query.text"] for s in statements), \
        "the audited read writes its entry inside the request's trace"

    # The JSON log line of that request carries the same request id and trace id.
    def logged():
        for line in server["logs"].read_text().splitlines():
            entry = json.loads(line)
            if entry.get("hb.request.id") == span["attributes"]["hb.request.id"]:
                return entry
        return None
    entry = wait_until(logged, 10)
    assert entry, "the request's log line"
    assert entry["trace_id"] == trace
    assert entry["level"] in ("info", "notice")
    assert entry["time"].endswith("Z")


def test_paths_and_search_words_stay_out_of_the_traces(server):
    headers = {"Authorization": "Bearer " + server["token"]}
    word = "zoekwoord" + secrets.token_hex(4)
    assert requests.get(server["base"] + "/api/v1/hulpvragen", params={"zoek": word}, headers=headers, timeout=10).status_code == 200
    secret_link = "/quickscan/" + secrets.token_urlsafe(24)
    requests.get(server["base"] + secret_link, timeout=10)
    receiver = server["receiver"]
    assert wait_until(lambda: any(s["attributes"].get("http.route") == "/api/v1/hulpvragen" for s in receiver.spans), 30), \
        "the search's span arrived"
    time.sleep(1)
    everything = receiver.everything()
    assert word not in everything
    assert secret_link.split("/")[-1] not in everything
    assert server["token"] not in everything


def test_every_log_line_is_one_json_object(server):
    lines = server["logs"].read_text().splitlines()
    assert len(lines) > 5
    for line in lines:
        entry = json.loads(line)
        assert {"time", "level", "logger", "message"} <= entry.keys(), line
