#!/usr/bin/env python
"""Instructions per request, against their targets (part of `make bench`).

For each scale (BENCH_SCALES, "1 100" by default) it prepares a PostgreSQL database of its own
with the demo tour and synthetic content at that scale, then, in a process under callgrind
(production settings, PostgreSQL and Redis, the WSGI application called in-process), counts
the instructions of each request, as a multiple of a Django hello-world (``/bench/hello/``)
counted in the same process:

- **cached**: each public page served from the page cache;
- **cold**: each page rendered in full while every other page measured is cached, as the
  worker re-making a page after the others renders it: what pages share (filter choices,
  figures, an Action's card) is built, nothing of this page's own is;
- **empty**: the same with the whole cache emptied first (the first page after a deploy or
  a flush pays for everything it shares);
- **after an edit**: once an editor has saved one Action (its title, which lists sort on),
  the first visit to each page before the worker has run (a page that showed the Action is
  served stale) and once ``db_worker --batch`` has re-made what the save touched;
- **search**: a new search (the first page of results not kept yet) and the same again;
- **POST**: a participant's first save of the reflection form, with its CSRF check, link
  check, rate limits and history row, in absolute instructions.

It prints each figure against its target (after an edit 7x, cold 25x, flat within 15% from
one scale to the next, search 25x, the POST 5 M; a cached page has none, it is the
yardstick's own cost) and writes them all to var/bench-instructions.json.

Environment: BENCH_SCALES, BENCH_DATABASE_URL (the server, without a database name),
BENCH_DATABASE (default mieux_bench_instructions), BENCH_REDIS_DB (default 15; the tests use 1, 9
and 12 to 14), BENCH_REPEAT (requests per search and POST figure, default 5; four times as many
for a cached page), BENCH_REUSE=1 (keep the database of the last run, one scale).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.callgrind import Callgrind, call, counts  # noqa: E402
from tests.servers import manage, node_environment  # noqa: E402

SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1 100").split()]
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "mieux_bench_instructions")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "15"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
ACTION = "the-philippines-i"
HELLO = "/bench/hello/"
PAGES = {
    "home": "/",
    "tour": "/roundtables/",
    "round-table": "/roundtables/bangkok-2018/",
    "round-table, French": "/fr/roundtables/bangkok-2018/",
    "countries": "/countries/",
    "country": "/countries/th/",
    "region": "/regions/asia/",
    "Actions": "/actions/",
    "Actions, filtered": "/actions/?region=asia",
    "Action (edited)": f"/actions/{ACTION}/",
    "Action, Spanish": "/es/actions/mexico-ii/",
    "good practices": "/good-practices/",
    "finding": "/good-practices/skills-outlive-the-action/",
    "publications": "/publications/",
    "publication": "/publications/building-bridges/",
    "open data": "/data/",
    "calendar": "/roundtables/calendar.ics",
    "sitemap index": "/sitemap.xml",
    "sitemap of Actions": "/sitemap-actions.xml",
}
SEARCH = "/search/?q=migration"
SEARCH_ONE_KIND = "/search/?q=migration&type=actions"
TARGETS = {"stale": 7, "after": 7, "cold": 25, "search": 25}
POST_TARGET = 5_000_000
FLAT = 0.15  # a page's cold figure may differ by this much between scales
FIGURES = {
    "cached": "cached",
    "cold": "cold",
    "empty": "cold, cache emptied",
    "stale": "after a save, before the worker",
    "after": "after a save, re-made",
}
WARM_UP = 10  # runs of a search or POST before its count
CSRF = "benchmarkcsrftokenvalue012345678"  # 32 characters: an unmasked CSRF secret


# --- In the measured process --------------------------------------------------------------------


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def measure(out: str) -> None:
    """Under callgrind: every figure, labelled ``figure|page|requests``."""
    application = setup()
    from django.core.cache import cache
    from django.db import transaction

    from actions.models import Action
    from pagecache.versions import bump_content_version

    callgrind = Callgrind(Path(tempfile.mkdtemp(prefix="bench-instructions-")))
    # A worker runs each request many times: what is counted is its steady state, once
    # Python has specialised the code that runs (after eight runs) and filled its caches. The
    # pages get there in the cold loop below, which renders each of them many times.
    for n in range(WARM_UP):
        bump_content_version()
        for path in (SEARCH, SEARCH_ONE_KIND):
            assert call(application, path, REMOTE_ADDR=f"10.255.{n}.1")[0] == 200, path
    paths = [HELLO, *PAGES.values()]
    for _ in range(3):  # imports, templates, connections; every page cached
        for path in paths:
            assert call(application, path)[0] == 200, path

    def visit(path, **options):
        return lambda: call(application, path, **options)

    callgrind.count(f"hello|{HELLO}|{REPEAT * 4}", visit(HELLO), REPEAT * 4)
    for path in PAGES.values():
        callgrind.count(f"cached|{path}|{REPEAT * 4}", visit(path), REPEAT * 4)
    for path in PAGES.values():
        cache.clear()
        for other in PAGES.values():  # what they share is built, not this page's own
            if other != path:
                call(application, other)
        callgrind.count(f"cold|{path}|1", visit(path))
        cache.clear()
        callgrind.count(f"empty|{path}|1", visit(path))

    searches = iter(range(10**6))

    def search(path):  # each from an address of its own: the rate limit counted, never reached
        def one():
            n = next(searches)
            return call(application, path, REMOTE_ADDR=f"10.{n // 250 % 250}.{n % 250}.1")

        return one

    new = bump_content_version  # the first pages of searches kept are for the last version
    callgrind.count(f"search-new|{SEARCH}|{REPEAT}", search(SEARCH), REPEAT, between=new)
    callgrind.count(f"search-again|{SEARCH}|{REPEAT}", search(SEARCH), REPEAT)
    one_kind = search(SEARCH_ONE_KIND)
    callgrind.count(f"search-one-kind|{SEARCH_ONE_KIND}|{REPEAT}", one_kind, REPEAT, between=new)

    for path in paths:  # every page cached again
        call(application, path)
    before = queued_tasks()
    action = Action.objects.get(slug=ACTION)
    with transaction.atomic():  # as the admin saves it: the row, then its links
        action.title += " (edited)"
        action.save()
        action.specific_areas.set(list(action.specific_areas.all()))
    for path in PAGES.values():
        callgrind.count(f"stale|{path}|1", visit(path))
    remade, seconds = run_worker(before)
    for path in PAGES.values():
        callgrind.count(f"after|{path}|1", visit(path))

    posts = iter(make_links(REPEAT + WARM_UP))
    for _ in range(WARM_UP):
        assert post(application, *next(posts)) == 302
    callgrind.count(f"post|/reflect/|{REPEAT}", lambda: post(application, *next(posts)), REPEAT)
    Path(out).write_text(json.dumps({"remade": remade, "worker_seconds": seconds}))


def queued_tasks() -> set:
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path="pagecache.tasks.rerender_pages")
    return set(tasks.values_list("id", flat=True))


def run_worker(before: set) -> tuple[int, float]:
    """Let the worker run what was queued since ``before``: how many pages it re-made, and in
    how many seconds."""
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
    return sum(len(t.args_kwargs["args"][0]) for t in tasks), seconds


def make_links(count: int) -> list[tuple[str, str]]:
    """Personal links of new participants, each opened a minute ago, with the form's signed
    "shown at" value: every POST through one is that participant's first save."""
    from django.utils import timezone

    from reflections.forms import reflection_scope, sign_shown_at
    from reflections.models import Invitation
    from reflections.services import hash_token
    from roundtables.models import Participant, RoundTable

    roundtable = RoundTable.objects.get(slug="bangkok-2018")
    stamp = time.time_ns()
    people = Participant.objects.bulk_create(
        Participant(roundtable=roundtable, country="TH", email=f"bench-{stamp}-{n}@example.org")
        for n in range(count)
    )
    now = timezone.now()
    tokens = [f"bench-{stamp}-{p.pk:07d}-abcdefghijklmnopqrst" for p in people]
    Invitation.objects.bulk_create(
        Invitation(
            participant=p,
            token_hash=hash_token(t),
            expires_at=now + timezone.timedelta(days=1),
            last_used_at=now,
        )
        for p, t in zip(people, tokens, strict=True)
    )
    shown = time.time() - 60
    return [
        (t, sign_shown_at(reflection_scope(p), shown)) for p, t in zip(people, tokens, strict=True)
    ]


def post(application, token: str, shown: str) -> int:
    body = (
        "meaning=Words&engagement=&results=&benefits=&language=en&attribution=role&website="
        f"&draft=1&csrfmiddlewaretoken={CSRF}&rendered={shown}"
    ).encode()
    status, _ = call(
        application,
        f"/reflect/{token}/",
        method="POST",
        body=body,
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_COOKIE=f"csrftoken={CSRF}",
    )
    return status


# --- The driver ---------------------------------------------------------------------------------


def prepare(environment, scale):
    target = ["-h", "127.0.0.1", "-U", "postgres", DATABASE]
    subprocess.run(["dropdb", "--if-exists", "--force", *target], check=True, capture_output=True)
    subprocess.run(["createdb", *target], check=True)
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "load_demo_data")
    manage(environment, "generate_synthetic_data", f"--scale={scale}")


def run_scale(scale: int, workdir: Path) -> dict:
    environment = node_environment(
        f"{SERVER}/{DATABASE}",
        REDIS_DB,
        workdir / "static",
        BENCH_ENDPOINTS="1",
        PUBLIC_PAGE_CACHE_SECONDS="3600",
        RELEASE="bench-instructions",
    )
    if not REUSE:
        print(f"\n== Scale {scale}x: preparing the database...", flush=True)
        prepare(environment, scale)
    subprocess.run(["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True)
    manage(environment, "collectstatic", "--no-input", "-v0")
    print(f"   {scale}x: counting instructions under callgrind...", flush=True)
    dumps = workdir / f"dumps-{scale}"
    dumps.mkdir()
    out = workdir / f"results-{scale}.json"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={dumps}/callgrind.out",
        *(sys.executable, __file__, "measure", str(out)),
    ]
    done = subprocess.run(command, env=environment, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"The measured process failed:\n{done.stderr[-3000:]}")
    found = counts(dumps)
    hello = found[f"hello|{HELLO}"]
    return {
        **json.loads(out.read_text()),
        "hello": hello,
        "post": found["post|/reflect/"],
        "search": {
            "new": found[f"search-new|{SEARCH}"] / hello,
            "again": found[f"search-again|{SEARCH}"] / hello,
            "one kind": found[f"search-one-kind|{SEARCH_ONE_KIND}"] / hello,
        },
        "pages": {
            name: {figure: found[f"{figure}|{path}"] / hello for figure in FIGURES}
            for name, path in PAGES.items()
        },
    }


def verdict(value, target) -> str:
    return "met" if value <= target else f"MISSED by {value / target - 1:.0%}"


def report(results: dict) -> None:
    for scale, data in results.items():
        print(f"\nScale {scale}x: hello-world {data['hello'] / 1e6:.2f} M instructions.")
        print(f"  {'page (x hello)':<22}" + "".join(f"{FIGURES[f][:16]:>17}" for f in FIGURES))
        for name, row in data["pages"].items():
            print(f"  {name:<22}" + "".join(f"{row[f]:>16.2f}x" for f in FIGURES))
        for figure, target in TARGETS.items():
            if figure in FIGURES:
                worst = max(row[figure] for row in data["pages"].values())
                print(
                    f"  {FIGURES[figure]}: at most {worst:.2f}x, target {target}x: "
                    + verdict(worst, target)
                )
        print(
            f"  the save re-made {data['remade']} pages in {data['worker_seconds']:.1f} s;"
            f" search {data['search']['new']:.1f}x new ({data['search']['one kind']:.1f}x for"
            f" one kind), {data['search']['again']:.1f}x again, target {TARGETS['search']}x: "
            + verdict(data["search"]["new"], TARGETS["search"])
        )
        print(
            f"  reflection POST: {data['post'] / 1e6:.2f} M instructions,"
            f" target {POST_TARGET / 1e6:.0f} M: {verdict(data['post'], POST_TARGET)}"
        )
    for low, high in pairwise(results):
        drift = {
            name: results[high]["pages"][name]["cold"] / row["cold"] - 1
            for name, row in results[low]["pages"].items()
        }
        name = max(drift, key=lambda n: abs(drift[n]))
        print(
            f"\nCold, {low}x to {high}x: at most {drift[name]:+.0%} ({name}),"
            f" target within {FLAT:.0%}: " + ("met" if abs(drift[name]) <= FLAT else "MISSED")
        )


def main():
    workdir = Path(tempfile.mkdtemp(prefix="mieux-bench-instructions-"))
    results = {scale: run_scale(scale, workdir) for scale in SCALES}
    report(results)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-instructions.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "measure":
        measure(sys.argv[2])
    else:
        main()
