#!/usr/bin/env python
"""What one search costs PostgreSQL (not part of the tests), with production settings,
PostgreSQL and Redis; the instructions of the whole request are counted by
bench/instructions.py.

    .venv/bin/python bench/search.py prepare          make the database (see below)
    .venv/bin/python bench/search.py sql              statements and PostgreSQL's time

``prepare`` migrates the database, loads the demo tour and adds synthetic content at
BENCH_SCALE (100 by default). ``sql`` makes each search, uncached, BENCH_REPEAT times (20)
and prints the CPU time the PostgreSQL process used per search (read from /proc, so the
database must run on this machine: unlike times, contention does not inflate it); then
its statements, each run again as it is and under ``EXPLAIN (ANALYZE, TIMING OFF)``, with
the planning and execution time PostgreSQL reports and the time until the rows are
received, the best of each.

Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mieux_search_bench),
CACHE_URL (default Redis database 8), BENCH_SCALE, BENCH_REPEAT,
BENCH_QUERIES (space-separated; default "migration").
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mieux_search_bench")
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
os.environ.update(
    DJANGO_ENV="production",
    DJANGO_HTTPS="0",
    DJANGO_PROXY_COUNT="0",
    DJANGO_SECRET_KEY="a-secret-key-for-the-search-benchmark-" + "s" * 30,
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    SITE_URL="http://127.0.0.1",
    DJANGO_STATIC_ROOT=str(ROOT / "var" / "bench-search-static"),
    BENCH_ENDPOINTS="1",
)
SCALE = int(os.environ.get("BENCH_SCALE", "100"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
QUERIES = os.environ.get("BENCH_QUERIES", "migration").split()
# Each request from an address of its own, so that the rate limit is counted, never reached.
_addresses = (f"10.{n // 250 % 250}.{n % 250}.1" for n in range(1_000_000))


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def prepare():
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    manage("load_demo_data")
    manage("generate_synthetic_data", f"--scale={SCALE}")


def request(application, path, query=""):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": next(_addresses),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    status = []
    body = b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
    assert status[0].startswith("200"), (path, query, status, body[:2000])
    return body


def forget_searches():
    """A new content version, as after an edit: the first pages searches keep are not read."""
    from pagecache.versions import bump_content_version

    bump_content_version()


def backend_cpu_ms(connection) -> float:
    """The CPU time the PostgreSQL process serving ``connection`` has used, when it runs on
    this machine: what contention on a shared machine does not inflate, unlike times."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6


def sql():
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = get_wsgi_application()
    for query in QUERIES:
        for parameters in (f"q={query}", f"q={query}&type=actions", f"q={query}&page=2"):
            request(application, "/search/", parameters)  # connect, warm up
            forget_searches()
            with CaptureQueriesContext(connection) as captured:
                request(application, "/search/", parameters)
            statements = [query["sql"] for query in captured]  # before the next request
            used = backend_cpu_ms(connection)
            for _ in range(REPEAT):
                forget_searches()
                request(application, "/search/", parameters)
            used = (backend_cpu_ms(connection) - used) / REPEAT
            print(f"\n/search/?{parameters}: {len(statements)} statements, {used:.2f} ms of CPU")
            for statement in statements:
                timings, waits = [], []
                with connection.cursor() as cursor:
                    for _ in range(REPEAT):
                        cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + statement)
                        plan = cursor.fetchone()[0][0]
                        timings.append(plan["Planning Time"] + plan["Execution Time"])
                        start = time.perf_counter()
                        cursor.execute(statement)
                        cursor.fetchall()
                        waits.append((time.perf_counter() - start) * 1000)
                print(
                    f"  {min(timings):7.2f} ms planned and run ({min(waits):.2f} ms received)",
                    " ".join(statement.split())[:100],
                )


if __name__ == "__main__":
    {"prepare": prepare, "sql": sql}[sys.argv[1]]()
