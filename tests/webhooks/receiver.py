"""A real HTTP receiver for webhook tests: takes each POST, checks it as a subscriber
would, records what it received and answers as told.

    python3 tests/webhooks/receiver.py FOLDER

Prints "ready PORT" once it listens on 127.0.0.1 (port 0: the system picks a free one).
A callback path's first segment is a receiver NAME; files in FOLDER control it:

  NAME.plan    statuses to answer, one per delivery, space separated: "500 429:7 410"
               (429:7 adds Retry-After: 7); when used up (or absent) it answers 204
  NAME.auth    the Authorization value it expects
  NAME.secret  the signing secret (whsec_...) to verify the Standard Webhooks signature

Each delivery is written to FOLDER/NAME/<n>.json: the headers, the event, the status
answered and "problems", every way the delivery falls short of the NL GOV profile for
CloudEvents, the webhook guideline or the signature scheme (an empty list when none).
The checks are written here, independently of the sender's code.
"""
import base64
import hashlib
import hmac
import json
import pathlib
import re
import sys
import threading
import time
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FOLDER = pathlib.Path(sys.argv[1])
LOCK = threading.Lock()
TYPE = re.compile(r"^[a-z0-9]+(\.[a-z0-9-]+)+\.v[0-9]+$")
ATTRIBUTES = {"specversion", "id", "source", "type", "time", "subject", "datacontenttype", "dataref", "data"}


def read(name, suffix):
    path = FOLDER / f"{name}.{suffix}"
    return path.read_text().strip() if path.exists() else None


def next_answer(name):
    """The next status from NAME.plan (consumed), else 204."""
    with LOCK:
        plan = (read(name, "plan") or "").split()
        if not plan:
            return 204, None
        (FOLDER / f"{name}.plan").write_text(" ".join(plan[1:]))
    status, _, after = plan[0].partition(":")
    return int(status), after or None


def problems_of(headers, body, name):
    problems = []
    if headers.get("content-type", "").split(";")[0].strip() != "application/cloudevents+json":
        problems.append(f"content-type {headers.get('content-type')!r}")
    try:
        event = json.loads(body)
    except ValueError:
        return ["body is not JSON"], None
    if not isinstance(event, dict):
        return ["body is not an object"], None
    if event.get("specversion") != "1.0":
        problems.append("specversion")
    try:
        uuid.UUID(str(event.get("id")))
    except ValueError:
        problems.append("id is not a UUID")
    if not str(event.get("source", "")).startswith("urn:nld:"):
        problems.append("source is not a urn:nld: URN")
    if not TYPE.match(str(event.get("type", ""))):
        problems.append("type is not reverse-DNS with a version")
    try:
        datetime.fromisoformat(str(event.get("time")).replace("Z", "+00:00"))
    except ValueError:
        problems.append("time is not RFC 3339")
    if not event.get("subject"):
        problems.append("no subject")
    if event.get("datacontenttype") != "application/json":
        problems.append("datacontenttype")
    if not str(event.get("dataref", "")).startswith(("http://", "https://")):
        problems.append("dataref is not a URL")
    if not isinstance(event.get("data"), dict):
        problems.append("data is not an object")
    extra = set(event) - ATTRIBUTES
    if extra:
        problems.append(f"unexpected attributes {sorted(extra)}")
    expected = read(name, "auth")
    if expected is not None and headers.get("authorization") != expected:
        problems.append("Authorization header")
    secret = read(name, "secret")
    if secret is not None:
        problems += signature_problems(headers, body, secret, event)
    return problems, event


def signature_problems(headers, body, secret, event):
    """The Standard Webhooks check: id.timestamp.body, HMAC-SHA256, base64, v1 prefix."""
    webhook_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    problems = []
    if webhook_id != event.get("id"):
        problems.append("webhook-id is not the event id")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
        problems.append("webhook-timestamp missing or too far off")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{webhook_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in signatures.split() if part.startswith("v1,")]
    if not any(hmac.compare_digest(expected, candidate) for candidate in given):
        problems.append("webhook-signature does not verify")
    return problems


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        name = self.path.strip("/").split("/")[0].split("?")[0] or "root"
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        headers = {key.lower(): value for key, value in self.headers.items()}
        problems, event = problems_of(headers, body, name)
        status, after = next_answer(name)
        folder = FOLDER / name
        with LOCK:
            folder.mkdir(exist_ok=True)
            number = len(list(folder.glob("*.json"))) + 1
            record = {"headers": headers, "event": event, "status": status, "problems": problems, "received": time.time()}
            partial = folder / f"{number:06d}.part"
            partial.write_text(json.dumps(record))
            partial.rename(folder / f"{number:06d}.json")
        self.send_response(status)
        if after:
            self.send_header("Retry-After", after)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"ready {server.server_address[1]}", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Runs until the test ends it (SIGTERM) or its standard input closes.
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
