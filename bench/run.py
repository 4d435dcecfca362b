#!/usr/bin/env python
"""Benchmarks of the public pages and of the reflection form (`make bench`; not part of the tests).

Serves the site with gunicorn and production settings on PostgreSQL and Redis, loads the
demo tour plus synthetic content at 1x and 100x, and drives each page with wrk, in rounds
interleaved with a hello-world page measured in the same run. Prints requests/s, p50 and p99
latencies, each page's ratio to hello-world, and the query count of each page at both scales.

Environment: BENCH_SECONDS (per wrk run, default 5), BENCH_ROUNDS (default 3),
BENCH_SCALES (default "1 100"), BENCH_CONNECTIONS (default 16), BENCH_DATABASE_URL.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import SECRET_KEY, Node, manage, node_environment  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1 100").split()]
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = "mieux_bench"
REDIS_DB = 10

PAGES = {
    "home": "/",
    "round-table": "/roundtables/bangkok-2018/",
    "country": "/countries/th/",
    "actions list": "/actions/",
    "action": "/actions/the-philippines-i/",
}
HELLO = "/bench/hello/"
TARGETS = {"cached": 0.60, "uncached": 0.15, "post_per_second": 1000}


def wrk(url, script=None, seconds=SECONDS):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    time.sleep(2)  # let the queue drain before the next run
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "bad": int(m.group(1))
        if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output))
        else 0,
        "errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)),
    }


def _latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def prepare(environment, scale):
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "load_demo_data")
    manage(environment, "generate_synthetic_data", f"--scale={scale}")


def reset_database():
    target = ["-h", "127.0.0.1", "-U", "postgres", DATABASE]
    subprocess.run(["dropdb", "--if-exists", "--force", *target], check=True, capture_output=True)
    subprocess.run(["createdb", *target], check=True)


def query_counts(environment):
    script = (
        "import json\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "counts = {}\n"
        f"for name, url in {PAGES!r}.items():\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        assert client.get(url).status_code == 200, url\n"
        "    counts[name] = len(queries)\n"
        "print(json.dumps(counts))\n"
    )
    uncached = {
        **environment,
        "PUBLIC_PAGE_CACHE_SECONDS": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    output = manage(uncached, "shell", "-v", "0", "-c", script)
    return json.loads(output.strip().splitlines()[-1])


POST_SCRIPT = """
-- each link with the form's "shown at" value signed for its participant, as the form signs it
local links = {%(links)s}
local csrf = "%(csrf)s"
local threads, counter = {}, 0
function setup(thread)
  thread:set("id", #threads)  -- a global of the thread's own Lua state
  table.insert(threads, thread)
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  -- each thread walks its own half of the links: every request is a first save
  local link = links[((id * math.floor(#links / 2) + counter) %% #links) + 1]
  local body = "meaning=Words+" .. id .. "+" .. counter .. "&engagement=&results=&benefits="
    .. "&language=en&attribution=role&website=&draft=1&csrfmiddlewaretoken=" .. csrf
    .. "&rendered=" .. link[2]
  return wrk.format("POST", "/reflect/" .. link[1] .. "/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf,
  }, body)
end
"""


def shown_a_minute_ago(token: str) -> str:
    """The form's signed "shown at" value for the participant of ``token`` (its key is in the
    token: bench-token-<pk>-...), as that participant's form signs it for the nodes, a minute
    ago: the form accepts it only on that participant's link."""
    from django.test import override_settings

    from reflections.forms import reflection_scope, sign_shown_at
    from roundtables.models import Participant

    participant = Participant(pk=int(token.split("-")[2]))
    with override_settings(SECRET_KEY=SECRET_KEY):
        return sign_shown_at(reflection_scope(participant), time.time() - 60)


# Participants of their own for the form benchmark, each with a personal link: every POST is a
# participant's first save, so none is refused as a stale edit. Each link has just been opened,
# as it is when its participant posts the form they were shown (the GET records the use).
MAKE_TOKENS = """
from django.utils import timezone
from reflections.models import Invitation
from reflections.services import hash_token
from roundtables.models import Participant, RoundTable
roundtable = RoundTable.objects.get(slug="bangkok-2018")
people = Participant.objects.bulk_create(
    Participant(roundtable=roundtable, country="TH", email=f"bench-{n}@example.org")
    for n in range(%d)
)
now = timezone.now()
expires = now + timezone.timedelta(days=1)
tokens = [f"bench-token-{p.pk:07d}-abcdefghijklmnopqrst" for p in people]
Invitation.objects.bulk_create(
    Invitation(participant=p, token_hash=hash_token(t), expires_at=expires, last_used_at=now)
    for p, t in zip(people, tokens)
)
print("\\n".join(tokens))
"""
BENCH_PARTICIPANTS = 20000

SAVED_VERSIONS = """
from django.db.models import Sum
from reflections.models import Reflection
print(Reflection.objects.aggregate(total=Sum("version"))["total"] or 0)
"""


def post_benchmark(environment, workdir):
    """The form's POSTs on a node of their own, which counts the rate limits (per address and
    per link, at rates the run never reaches), as production does."""
    tokens = [
        word
        for word in manage(
            environment, "shell", "-v", "0", "-c", MAKE_TOKENS % BENCH_PARTICIPANTS
        ).split()
        if word.startswith("bench-token-")
    ]
    csrf = "benchmarkcsrftokenvalue012345678"  # 32 characters: an unmasked CSRF secret
    script = workdir / "post.lua"
    links = ",".join(f'{{"{token}", "{shown_a_minute_ago(token)}"}}' for token in tokens)
    script.write_text(POST_SCRIPT % {"links": links, "csrf": csrf})
    before = int(manage(environment, "shell", "-v", "0", "-c", SAVED_VERSIONS).split()[-1])
    node = Node({**environment, "RATELIMIT_ENABLE": "1"})
    try:
        wrk(node.url + "/reflect/not-a-link/", seconds=1)  # warm the workers up
        result = wrk(node.url + "/reflect/", script)
    finally:
        node.stop()
    saved = int(manage(environment, "shell", "-v", "0", "-c", SAVED_VERSIONS).split()[-1]) - before
    succeeded = result["requests"] - result["bad"] - result["errors"]
    return result, succeeded, saved


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
    import django

    django.setup()
    report = {}
    workdir = Path(tempfile.mkdtemp(prefix="mieux-bench-"))
    for scale in SCALES:
        print(f"\n== Scale {scale}x: preparing the database...", flush=True)
        reset_database()
        subprocess.run(
            ["redis-cli", "-n", str(REDIS_DB), "FLUSHDB"], check=True, capture_output=True
        )
        base = node_environment(
            f"{SERVER}/{DATABASE}",
            REDIS_DB,
            workdir / "static",
            BENCH_ENDPOINTS="1",
            RATELIMIT_ENABLE="0",
            REFLECTION_MIN_FILL_SECONDS="0",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            # A worker restarting mid-run (after 5,000 requests by default) stalls for a
            # second: the benchmark measures the steady state.
            GUNICORN_MAX_REQUESTS="0",
        )
        prepare(base, scale)
        manage(base, "collectstatic", "--no-input", "-v0")
        counts = query_counts(base)
        cached = Node({**base, "PUBLIC_PAGE_CACHE_SECONDS": "3600"})
        uncached = Node({**base, "PUBLIC_PAGE_CACHE_SECONDS": "0"})
        runs = {"hello": []} | {
            (name, mode): [] for name in PAGES for mode in ("cached", "uncached")
        }
        try:
            for url in PAGES.values():  # warm the cache and the workers
                for node in (cached, uncached):
                    wrk(node.url + url, seconds=1)
            for round_number in range(1, ROUNDS + 1):
                print(f"   round {round_number}/{ROUNDS}", flush=True)
                for name, url in PAGES.items():
                    runs["hello"].append(wrk(cached.url + HELLO))
                    runs[(name, "cached")].append(wrk(cached.url + url))
                    runs[(name, "uncached")].append(wrk(uncached.url + url))
        finally:
            cached.stop()
            uncached.stop()
        post = post_benchmark(base, workdir)
        report[scale] = summarise(runs, counts, post)
    print_report(report)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench.json").write_text(json.dumps(report, indent=2, default=str))


def median(results, key):
    return statistics.median(result[key] for result in results)


def summarise(runs, counts, post):
    hello = median(runs["hello"], "rps")
    pages = {}
    for (name, mode), results in ((k, v) for k, v in runs.items() if k != "hello"):
        rps = median(results, "rps")
        pages.setdefault(name, {})[mode] = {
            "rps": rps,
            "p50": median(results, "p50"),
            "p99": median(results, "p99"),
            "ratio": rps / hello,
            "bad": sum(r["bad"] + r["errors"] for r in results),
        }
        pages[name]["queries"] = counts[name]
    result, succeeded, saved = post
    return {
        "hello": {
            "rps": hello,
            "p50": median(runs["hello"], "p50"),
            "p99": median(runs["hello"], "p99"),
        },
        "pages": pages,
        "post": {
            "rps": result["rps"],
            "p50": result["p50"],
            "p99": result["p99"],
            "ratio": result["rps"] / hello,
            "succeeded": succeeded,
            "refused": result["bad"] + result["errors"],
            "saved": saved,
        },
    }


def print_report(report):
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    print(f"\nMachine: {cpu} cores; gunicorn, {workers} sync workers per server;")
    print(f"wrk -t2 -c{CONNECTIONS}, {SECONDS} s a run, medians of {ROUNDS} interleaved rounds.\n")
    for scale, data in report.items():
        hello = data["hello"]
        print(
            f"Scale {scale}x: hello-world {hello['rps']:.0f} req/s"
            f" (p50 {hello['p50']:.1f} ms, p99 {hello['p99']:.1f} ms)"
        )
        print(
            f"{'page':<16}{'cached req/s':>13}{'ratio':>7}{'p50':>9}{'p99':>9}"
            f"   {'uncached':>9}{'ratio':>7}{'p50':>9}{'p99':>9}   queries"
        )
        for name, page in data["pages"].items():
            c, u = page["cached"], page["uncached"]
            print(
                f"{name:<16}{c['rps']:>13.0f}{c['ratio']:>7.2f}{c['p50']:>7.1f}ms{c['p99']:>7.1f}ms"
                f"   {u['rps']:>9.0f}{u['ratio']:>7.2f}{u['p50']:>7.1f}ms{u['p99']:>7.1f}ms"
                f"   {page['queries']}"
            )
        post = data["post"]
        print(
            f"{'reflection POST':<16}{post['rps']:>13.0f}{post['ratio']:>7.2f}{post['p50']:>7.1f}ms"
            f"{post['p99']:>7.1f}ms   {post['succeeded']} answered, {post['refused']} refused"
            f" or failed, {post['saved']} saves in the database\n"
        )
    print("Targets:")
    for scale, data in report.items():
        for name, page in data["pages"].items():
            for mode in ("cached", "uncached"):
                ratio, target = page[mode]["ratio"], TARGETS[mode]
                verdict = "met" if ratio >= target else f"MISSED by {target - ratio:.2f}"
                print(
                    f"  {scale}x {name} ({mode}): {ratio:.2f} of hello-world,"
                    f" target {target:.2f}: {verdict}"
                )
        post = data["post"]
        verdict = "met" if post["rps"] >= TARGETS["post_per_second"] else "MISSED"
        # Requests still in flight when wrk stops are saved but not counted as answered; a
        # refused POST (a 400 from the form) saves nothing and makes the count meaningless.
        every_row = (
            "yes" if post["refused"] == 0 and post["saved"] >= post["succeeded"] > 0 else "NO"
        )
        print(
            f"  {scale}x reflection POST: {post['rps']:.0f}/s, target {TARGETS['post_per_second']}:"
            f" {verdict}; every answered POST saved: {every_row}"
        )
    scales = list(report)
    if len(scales) > 1:
        first, last = report[scales[0]], report[scales[-1]]
        flat = all(first["pages"][n]["queries"] == last["pages"][n]["queries"] for n in PAGES)
        print(f"  query counts equal at {scales[0]}x and {scales[-1]}x: {'yes' if flat else 'NO'}")


if __name__ == "__main__":
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        sys.exit("wrk is not installed: apt-get install wrk")
    main()
