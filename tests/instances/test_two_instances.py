"""Two instances behind nginx on one PostgreSQL (issue 23, part 5).

Two servers (the built binary) start at the same moment on one empty PostgreSQL cluster of
their own, with a real SMTP peer; nginx (Debian's package, on loopback) spreads requests
over both, as docs/operations.md configures it. The test proves what running more than one
instance needs: the migrations ran once; a session made through nginx is valid on either
instance; failed sign-ins on both count towards one lock; a password link asked for
through nginx is mailed once; every background job's round ran on exactly one instance
(its `steunpunt_job_last_success_seconds` gauge is on one instance's /metrics only); and
when that instance is killed, the other takes its jobs over once the leases lapse."""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "steunpunt"
sys.path.insert(0, str(ROOT / "tests" / "lib"))
from pgcluster import Cluster, free_port  # noqa: E402
from waiting import wait_until  # noqa: E402

KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
PASSWORD = "Steunpunt-demo-2026"
GAUGE = re.compile(r'^steunpunt_job_last_success_seconds\{job="([^"]+)"\}', re.MULTILINE)


class Server:
    def __init__(self, folder, name, environment):
        self.log_path = pathlib.Path(folder, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([str(BINARY), "serve", "--port", "0"], env=environment,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def ready(self):
        found = wait_until(lambda: re.search(r"running at http://[^:]+:(\d+) ", self.log_path.read_text()), 120)
        assert found, f"the server did not start: {self.log_path.read_text()[-2000:]}"
        self.port = int(found.group(1))
        self.base = f"http://127.0.0.1:{self.port}"
        assert wait_until(lambda: requests.get(self.base + "/health/ready", timeout=5).status_code == 200, 60), \
            self.log_path.read_text()[-2000:]

    def jobs_run_here(self):
        return set(GAUGE.findall(requests.get(self.base + "/metrics", timeout=10).text))

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=60)
        self.log.close()


class Nginx:
    """nginx on loopback in front of the instances (tests/lib/nginx-proxy.conf)."""

    def __init__(self, folder, ports):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(binary):
            pytest.skip("nginx not installed (apt-get install nginx-light)")
        self.folder = pathlib.Path(folder, "nginx")
        self.folder.mkdir()
        os.chmod(folder, 0o755)
        self.port = free_port()
        upstreams = "\n".join(f"        server 127.0.0.1:{port};" for port in ports)
        template = (ROOT / "tests" / "lib" / "nginx-proxy.conf").read_text()
        (self.folder / "nginx.conf").write_text(
            template.replace("@FOLDER@", str(self.folder)).replace("@PORT@", str(self.port)).replace("@UPSTREAMS@", upstreams)
            .replace("@USER@", "user root;" if os.geteuid() == 0 else ""))
        self.process = subprocess.Popen([binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.base = f"http://127.0.0.1:{self.port}"
        assert wait_until(lambda: requests.get(self.base + "/health/live", timeout=5).status_code == 200, 30), \
            self.process.stderr.read().decode() if self.process.poll() is not None else "nginx did not answer"

    def access_log(self):
        """Each proxied request so far, with the instance that answered it."""
        return (self.folder / "access.log").read_text()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def setup():
    if not BINARY.exists():
        pytest.skip("build first: swift build")
    cluster = Cluster(prefix="steunpunt-instances-")
    folder = tempfile.mkdtemp(prefix="steunpunt-instances-")
    sink, servers, nginx = None, [], None
    try:
        mail = pathlib.Path(folder, "mail")
        mail.mkdir()
        # The SMTP peer runs until its standard input closes.
        sink = subprocess.Popen([sys.executable, str(ROOT / "tests" / "smtp" / "sink.py"), str(mail)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        ready = sink.stdout.readline()
        assert ready.startswith("ready "), f"the SMTP peer did not start (scripts/install-test-deps): {ready}"
        environment = dict(os.environ, STEUNPUNT_DATABASE_URL=cluster.url, STEUNPUNT_LOG_LEVEL="info", STEUNPUNT_BCRYPT_COST="4",
                           STEUNPUNT_ENCRYPTION_KEY=KEY, STEUNPUNT_TRUSTED_PROXIES="127.0.0.1",
                           STEUNPUNT_SMTP_URL=f"smtp://127.0.0.1:{int(ready.split()[1])}", STEUNPUNT_PUBLIC_URL="http://steunpunt.test")
        # Both at the same moment on the empty database: both try to migrate.
        servers = [Server(folder, "first", environment), Server(folder, "second", environment)]
        for server in servers:
            server.ready()
        subprocess.run([str(BINARY), "seed", "--demo"], env=environment, check=True, capture_output=True, timeout=300)
        nginx = Nginx(folder, [server.port for server in servers])
        yield {"cluster": cluster, "servers": servers, "nginx": nginx, "mail": mail}
    finally:
        # Whatever failed, nothing is left running: the cluster last.
        if nginx:
            nginx.stop()
        for server in servers:
            server.stop()
        if sink:
            sink.stdin.close()
            try:
                sink.wait(timeout=30)
            except subprocess.TimeoutExpired:
                sink.kill()
        cluster.destroy()
        shutil.rmtree(folder, ignore_errors=True)


def psql(cluster, query):
    return cluster.pg(["psql", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "steunpunt", "-d", "postgres",
                       "-At", "-c", query]).stdout.strip()


def sign_in(session, base, email, password):
    page = session.get(base + "/inloggen", timeout=10)
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    return session.post(base + "/inloggen", data={"_csrf": token, "email": email, "wachtwoord": password, "terug": "/dashboard"},
                        timeout=10)


def test_both_started_together_and_the_migrations_ran_once(setup):
    """Both instances answer (the fixture waited for /health/ready on each), and across their
    logs each migration was applied once: the second found the schema in place."""
    count, highest = map(int, psql(setup["cluster"], "SELECT count(*), max(id) FROM schema_migrations").split("|"))
    assert count == highest >= 60
    applied = re.findall(r"migration=(\d+) .*applied migration", "".join(server.log_path.read_text() for server in setup["servers"]))
    assert sorted(map(int, applied)) == list(range(1, highest + 1))
    municipalities = int(psql(setup["cluster"], "SELECT count(*) FROM municipalities"))
    assert municipalities == 342


def test_a_session_made_through_nginx_is_valid_on_either_instance(setup):
    session = requests.Session()
    answer = sign_in(session, setup["nginx"].base, "gemeente@zoetermeer.example", PASSWORD)
    assert answer.url.endswith("/dashboard"), answer.text[:500]
    for server in setup["servers"]:
        page = session.get(server.base + "/dashboard", timeout=10, allow_redirects=False)
        assert page.status_code == 200 and "Welkom, Gina de Gemeente" in page.text, server.base
    for _ in range(6):
        assert session.get(setup["nginx"].base + "/dashboard", timeout=10).status_code == 200
    # nginx spread the requests over both instances (round robin), as its log says.
    used = set(re.findall(r"upstream=127\.0\.0\.1:(\d+)", setup["nginx"].access_log()))
    assert used == {str(server.port) for server in setup["servers"]}
    # Signing out on one instance ends the session on the other.
    first, second = setup["servers"]
    page = session.get(first.base + "/dashboard", timeout=10)
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    session.post(first.base + "/uitloggen", data={"_csrf": token}, timeout=10)
    assert session.get(second.base + "/dashboard", timeout=10, allow_redirects=False).status_code in (302, 303)


def test_failed_sign_ins_on_both_instances_count_towards_one_lock(setup):
    first, second = setup["servers"]
    for server in (first, second, first, second, first):
        answer = sign_in(requests.Session(), server.base, "gemeente@rotterdam.example", "niet-het-wachtwoord")
        assert "/dashboard" not in answer.url
    # The right password now fails on either instance, and through nginx: the account is locked.
    for base in (second.base, first.base, setup["nginx"].base):
        answer = sign_in(requests.Session(), base, "gemeente@rotterdam.example", PASSWORD)
        assert not answer.url.endswith("/dashboard")
        assert "Er is te vaak verkeerd ingelogd" in answer.text


def test_a_password_link_asked_for_through_nginx_is_mailed_once(setup):
    session = requests.Session()
    page = session.get(setup["nginx"].base + "/wachtwoord-vergeten", timeout=10)
    token = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
    answer = session.post(setup["nginx"].base + "/wachtwoord-vergeten", data={"_csrf": token, "email": "analist@nctv.example"}, timeout=10)
    assert answer.status_code == 200

    def messages():
        return [path.read_text(errors="replace") for path in setup["mail"].glob("*.eml")
                if "X-Envelope-To: analist@nctv.example" in path.read_text(errors="replace")]
    assert wait_until(lambda: len(messages()) >= 1, 30), "the password link was not mailed"
    time.sleep(12)  # two more rounds of both instances' mail delivery
    assert len(messages()) == 1


def test_each_job_runs_on_one_instance_and_moves_when_it_stops(setup):
    first, second = setup["servers"]
    expected = {"session purge", "mail delivery", "notification mail", "webhook delivery", "deadline refresh", "meetings",
                "quickscan notices", "plan reminders", "plan snapshots", "retention", "business gauges"}
    both = wait_until(lambda: (first.jobs_run_here(), second.jobs_run_here())
                      if first.jobs_run_here() | second.jobs_run_here() >= expected else None, 60)
    assert both, f"every job ran: {first.jobs_run_here() | second.jobs_run_here()}"
    here, there = both
    assert not (here & there), f"a job ran on both instances: {here & there}"
    assert here | there == expected
    holders = psql(setup["cluster"], "SELECT count(DISTINCT holder), count(*) FROM job_leases").split("|")
    assert int(holders[1]) == len(expected), holders

    # Kill the instance that holds the mail delivery (no chance to hand anything over): once
    # its lease lapses (a minute), the other instance runs the round.
    holder, other = (first, second) if "mail delivery" in here else (second, first)
    assert "mail delivery" not in other.jobs_run_here()
    holder.stop(signal.SIGKILL)
    taken = wait_until(lambda: "mail delivery" in other.jobs_run_here(), 120, step=2)
    assert taken, "the surviving instance did not take the mail delivery over"
    # nginx sends everyone to the instance that is left.
    assert requests.get(setup["nginx"].base + "/health/ready", timeout=10).status_code == 200
