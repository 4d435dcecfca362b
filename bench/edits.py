#!/usr/bin/env python
"""The first anonymous visit after an editor saves one Action, in instructions per request.

Run by hand (not part of `make bench`): `.venv/bin/python bench/edits.py`. For each scale
(BENCH_SCALES, "1 100" by default) it prepares a PostgreSQL database of its own with the
demo tour and synthetic content, fills the page cache in Redis by visiting every public page
reachable from the home page and the sitemap, in every language, as an anonymous visitor
would, then, in a process under callgrind (production settings, the WSGI application called
in-process), counts per page:

- the cached page, and a Django hello-world (``/bench/hello/``) for scale;
- after an editor saves one Action, the first visit to each page before the worker has run
  (the pages that showed the Action are served stale, the others fresh);
- the first visit after the worker (``manage.py db_worker --batch``) has re-made them;
- a page rendered in full, for comparison.

It reports each figure as a multiple of hello-world, and how many pages the save re-made
(out of how many cached), for two edits: the Action's summary (shown on its own page only)
and its title (shown wherever it is listed). Figures go to var/bench-edits.json.

Environment: BENCH_SCALES, BENCH_DATABASE_URL (the server, without a database name),
BENCH_DATABASE (default mieux_bench_edits), BENCH_REDIS_DB (default 12), BENCH_REPEAT (requests
per figure for the cached pages, default 20), BENCH_ACTION (the slug of the Action edited,
default the-philippines-i), BENCH_REUSE=1 (keep the database of the last run, one scale).
"""

import ctypes
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import manage, node_environment  # noqa: E402

SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1 100").split()]
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "mieux_bench_edits")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "12"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
ACTION = os.environ.get("BENCH_ACTION", "the-philippines-i")
REUSE = os.environ.get("BENCH_REUSE") == "1"
HOST = "127.0.0.1"
HELLO = "/bench/hello/"
PAGES = {
    "home": "/",
    "round-table (Bangkok)": "/roundtables/bangkok-2018/",
    "country (Thailand)": "/countries/th/",
    "country (Philippines)": "/countries/ph/",
    "Actions list": "/actions/",
    "the Action edited": f"/actions/{ACTION}/",
    "the Action, in French": f"/fr/actions/{ACTION}/",
    "another Action": "/actions/mexico-ii/",
}
EDITS = {
    "summary": "summary",  # shown on the Action's own page
    "title": "title",  # shown wherever the Action is listed
}
TARGET = 7  # times hello-world, at most, for the first visit after a save
LINKS = re.compile(r'href="([/?][^"#]*)"')
SITEMAP_LINKS = re.compile(r"<loc>https?://[^/]+(/[^<]*)</loc>")

CALLGRIND_C = """
#include <valgrind/callgrind.h>
void start(void) { CALLGRIND_START_INSTRUMENTATION; }
void stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
void zero(void) { CALLGRIND_ZERO_STATS; }
void dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
"""


# --- In the measured process --------------------------------------------------------------------


def environ(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def get(application, path: str) -> tuple[int, bytes]:
    status = []
    body = b"".join(application(environ(path), lambda s, h, *a: status.append(s)))
    return int(status[0].split()[0]), body


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def crawl(limit=50_000) -> None:
    """Visit every cached public page reachable from the home page and the sitemap."""
    application = setup()
    from django.urls import Resolver404, resolve
    from django.utils import translation

    seen, queue, cached = set(), ["/", "/sitemap.xml"], 0
    while queue and len(seen) < limit:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        path = url.split("?")[0]
        try:
            with translation.override(translation.get_language_from_path(path)):
                match = resolve(path)
        except Resolver404:
            continue
        if getattr(match.func, "page_cache_params", None) is None:
            continue
        status, body = get(application, url)
        if status != 200:
            continue
        cached += 1
        text = body.decode(errors="replace")
        for link in map(html.unescape, LINKS.findall(text) + SITEMAP_LINKS.findall(text)):
            link = path + link if link.startswith("?") else link  # ?page=2 on a list
            if link.startswith("/") and link not in seen:
                queue.append(link)
    print(json.dumps({"cached": cached}))


class Callgrind:
    def __init__(self, folder: Path):
        source = folder / "callgrind.c"
        library = folder / "libcallgrind.so"
        source.write_text(CALLGRIND_C)
        subprocess.run(["gcc", "-shared", "-fPIC", "-o", library, source], check=True)
        self.library = ctypes.CDLL(str(library))

    def count(self, label: str, call, times=1):
        self.library.start()
        self.library.zero()
        for _ in range(times):
            call()
        self.library.dump(label.encode())
        self.library.stop()


def measure(out: str) -> None:
    """Under callgrind: the figures of the module's docstring, labelled ``figure|page|count``."""
    application = setup()
    from django.db import transaction

    from actions.models import Action

    folder = Path(tempfile.mkdtemp(prefix="bench-edits-"))
    callgrind = Callgrind(folder)
    results = {"remade": {}, "tasks": {}, "worker_seconds": {}}
    for _ in range(3):  # warm up: imports, templates, connections
        for path in [HELLO, *PAGES.values()]:
            get(application, path)

    def visit(path):
        return lambda: get(application, path)

    callgrind.count(f"hello|{HELLO}|{REPEAT}", visit(HELLO), REPEAT)
    for path in PAGES.values():
        callgrind.count(f"cached|{path}|{REPEAT}", visit(path), REPEAT)
    for edit, field in EDITS.items():
        queued_before = queued_tasks()
        action = Action.objects.get(slug=ACTION)
        with transaction.atomic():  # as the admin saves it: the row, then its links
            setattr(action, field, getattr(action, field) + " (edited)")
            action.save()
            action.specific_areas.set(list(action.specific_areas.all()))
        for path in PAGES.values():
            callgrind.count(f"stale-{edit}|{path}|1", visit(path))
        remade, tasks, seconds = run_worker(queued_before)
        results["remade"][edit], results["tasks"][edit] = remade, tasks
        results["worker_seconds"][edit] = seconds
        for path in PAGES.values():
            callgrind.count(f"after-{edit}|{path}|1", visit(path))
    from pagecache.versions import bump_content_version

    bump_content_version()  # every page out: the next visit renders it
    for path in PAGES.values():
        callgrind.count(f"rendered|{path}|1", visit(path))
    Path(out).write_text(json.dumps(results))


def queued_tasks() -> set:
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path="pagecache.tasks.rerender_pages")
    return set(tasks.values_list("id", flat=True))


def run_worker(before: set) -> tuple[int, int, float]:
    """Let the worker run what was queued since ``before``; how many pages it re-made, in
    how many tasks, and how long they ran (seconds)."""
    from django_tasks_db.models import DBTaskResult

    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    tasks = DBTaskResult.objects.filter(task_path="pagecache.tasks.rerender_pages")
    tasks = [task for task in tasks if task.id not in before]
    seconds = sum((t.finished_at - t.started_at).total_seconds() for t in tasks)
    return sum(len(t.args_kwargs["args"][0]) for t in tasks), len(tasks), seconds


# --- The driver ---------------------------------------------------------------------------------


def prepare(environment, scale):
    target = ["-h", "127.0.0.1", "-U", "postgres", DATABASE]
    subprocess.run(["dropdb", "--if-exists", "--force", *target], check=True, capture_output=True)
    subprocess.run(["createdb", *target], check=True)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "load_demo_data")
    manage(environment, "generate_synthetic_data", f"--scale={scale}")
    manage(environment, "collectstatic", "--no-input", "-v0")


def counts(dump_folder: Path) -> dict:
    """{(figure, path): instructions per request} from the dumps."""
    found = {}
    for dump in dump_folder.glob("callgrind.out.*"):
        text = dump.read_text(errors="replace")
        label = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.M)
        total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if label and total:
            figure, path, times = label.group(1).split("|")
            found[(figure, path)] = int(total.group(1)) / int(times)
    return found


def run_scale(scale: int, workdir: Path) -> dict:
    environment = node_environment(
        f"{SERVER}/{DATABASE}",
        REDIS_DB,
        workdir / "static",
        BENCH_ENDPOINTS="1",
        RATELIMIT_ENABLE="0",
        GUNICORN_MAX_REQUESTS="0",
        PUBLIC_PAGE_CACHE_SECONDS="3600",
        RELEASE="bench-edits",  # the same keys in every process of the run, whatever changes
    )
    if REUSE:  # the database of the last run, at this scale; the cache emptied
        subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True)
        manage(environment, "collectstatic", "--no-input", "-v0")
    else:
        print(f"\n== Scale {scale}x: preparing the database...", flush=True)
        prepare(environment, scale)
    print("   visiting every public page...", flush=True)
    crawled = _run([sys.executable, __file__, "crawl"], environment)
    cached = json.loads(crawled.stdout.strip().splitlines()[-1])["cached"]
    print(f"   {cached} pages cached; measuring under callgrind...", flush=True)
    dumps = workdir / f"dumps-{scale}"
    dumps.mkdir()
    out = workdir / f"results-{scale}.json"
    _run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={dumps}/callgrind.out",
            *(sys.executable, __file__, "measure", str(out)),
        ],
        environment,
    )
    results = json.loads(out.read_text())
    figures = counts(dumps)
    hello = figures[("hello", HELLO)]
    return {
        "cached_pages": cached,
        "hello_instructions": hello,
        "remade": results["remade"],
        "tasks": results["tasks"],
        "worker_seconds": results["worker_seconds"],
        "pages": {
            name: {figure: figures[(figure, path)] / hello for figure, _ in _figures()}
            for name, path in PAGES.items()
        },
    }


def _run(command, environment) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(map(str, command[:4]))}... failed:\n{done.stderr[-3000:]}")
    return done


def _figures():
    yield "cached", "cached, any time"
    for edit in EDITS:
        yield f"stale-{edit}", f"first visit after a {edit} edit, before the worker"
        yield f"after-{edit}", f"first visit after a {edit} edit, once re-made"
    yield "rendered", "rendered in full"


def report(results: dict):
    for scale, data in results.items():
        print(
            f"\nScale {scale}x: hello-world {data['hello_instructions'] / 1e6:.2f} M instructions;"
            f" {data['cached_pages']} pages cached."
        )
        for edit in EDITS:
            print(
                f"  a {edit} edit of {ACTION} re-made {data['remade'][edit]} pages"
                f" ({data['tasks'][edit]} task, {data['worker_seconds'][edit]:.1f} s)"
            )
        print(f"  {'page':<24}" + "".join(f"{figure:>16}" for figure, _ in _figures()))
        for name, row in data["pages"].items():
            print(f"  {name:<24}" + "".join(f"{row[figure]:>15.2f}x" for figure, _ in _figures()))
        worst = max(
            row[figure]
            for row in data["pages"].values()
            for figure, _ in _figures()
            if figure.startswith(("stale", "after"))
        )
        verdict = "met" if worst <= TARGET else "MISSED"
        line = f"  first visit after a save: at most {worst:.2f}x hello-world"
        print(f"{line}, target {TARGET}x: {verdict}")
    print("\nFigures: " + "; ".join(f"{figure}: {text}" for figure, text in _figures()))


def main():
    workdir = Path(tempfile.mkdtemp(prefix="mieux-bench-edits-"))
    results = {scale: run_scale(scale, workdir) for scale in SCALES}
    report(results)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-edits.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "crawl":
        crawl()
    elif len(sys.argv) > 2 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        main()
