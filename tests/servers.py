"""Real servers for the multi-node and restart tests: gunicorn with production settings,
a PostgreSQL database of their own, Redis, and a small cookie-keeping HTTP client."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_KEY = "a-secret-key-shared-by-every-node-of-the-test-" + "k" * 20
ADMIN_PASSWORD = "a-long-admin-password-for-nodes"
REDIS_URL = "redis://127.0.0.1:6379"


def postgresql_only():
    """These tests need PostgreSQL and Redis: they run in the PostgreSQL pass of the suite."""
    url = os.environ.get("DATABASE_URL", "")
    return pytest.mark.skipif(
        not url.startswith(("postgres://", "postgresql://")) or not shutil.which("pg_isready"),
        reason="runs against PostgreSQL (set DATABASE_URL=postgres://...)",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def silent_server():
    """A TCP server on a loopback port that accepts connections and never says a word, as a
    hanging Redis or mail server does. Yields its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def node_environment(database_url: str, redis_db: int, static_root: Path, **extra) -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "PYTEST"))
    }
    environment.update(
        DJANGO_ENV="production",
        DJANGO_HTTPS="0",
        DJANGO_PROXY_COUNT="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        CACHE_URL=f"{REDIS_URL}/{redis_db}",
        DJANGO_ADMIN_PASSWORD=ADMIN_PASSWORD,
        RATELIMIT_FORM_POSTS="100000/m",
        RATELIMIT_TOKEN_POSTS="100000/m",
        WEB_CONCURRENCY="2",
        **extra,
    )
    return environment


def manage(environment: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def prepare_site(environment: dict) -> None:
    """Migrate, collect the static files, load the demo tour and make the superuser."""
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "collectstatic", "--no-input", "-v0")
    manage(environment, "load_demo_data")
    manage(environment, "ensure_superuser")


class Node:
    """One gunicorn serving the site on a loopback port."""

    def __init__(self, environment: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / "var" / f"node-{self.port}.log", "w")  # noqa: SIM115 - closed in stop
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_healthy()

    def wait_until_healthy(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise AssertionError(f"node on port {self.port} did not become healthy")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser's cookie jar and forms, over plain urllib. Cookies follow the host, not the
    port, as they would behind one load balancer."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, url, data=None, timeout=15):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if data is not None:
            request.add_header("Referer", url)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, url):
        return self.request(url)

    def post(self, url, data):
        return self.request(url, {**data, "csrfmiddlewaretoken": self.csrf_token()})

    def csrf_token(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "")

    def log_in(self, node):
        self.get(node.url + "/admin/login/")
        status, _, headers = self.post(
            node.url + "/admin/login/",
            {"username": "admin", "password": ADMIN_PASSWORD, "next": "/admin/"},
        )
        assert status == 302 and headers["Location"] == "/admin/", status
