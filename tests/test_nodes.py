"""Several application nodes, and a database that restarts: real gunicorn processes, real
PostgreSQL and Redis."""

import os
import shutil
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg2
import pytest
import redis
from django.core import signing

from reflections.forms import SIGNING_SALT

from .reflections import answers
from .servers import (
    REDIS_URL,
    SECRET_KEY,
    Client,
    Node,
    manage,
    node_environment,
    postgresql_only,
    prepare_site,
)

pytestmark = [postgresql_only(), pytest.mark.nodes]

PARTICIPANT_TOKENS = """
from reflections.models import Invitation
from roundtables.models import Participant
from reflections.services import hash_token
from django.utils import timezone
for participant in Participant.objects.exclude(email="").order_by("pk")[:{count}]:
    token = f"node-test-token-{{participant.pk:06d}}-abcdefghijklmnop"
    Invitation.objects.create(
        participant=participant,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    print(token)
"""


def make_tokens(environment, count) -> list[str]:
    output = manage(environment, "shell", "-v", "0", "-c", PARTICIPANT_TOKENS.format(count=count))
    return [word for word in output.split() if word.startswith("node-test-token-")]


def signed_answers(token, **overrides):
    """The answers, with the "shown at" value that the form of ``token``'s participant signs."""
    participant = int(token.split("-")[3])  # node-test-token-<pk>-...
    shown = {"at": time.time() - 60, "for": f"reflection-{participant}"}
    rendered = signing.dumps(shown, key=SECRET_KEY, salt=SIGNING_SALT)
    return answers(rendered=rendered, **overrides)


def server_url() -> str:
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def database():
    """A database of their own for the nodes, dropped afterwards."""
    name = f"mieux_nodes_{os.getpid()}"
    admin = psycopg2.connect(f"{server_url()}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield f"{server_url()}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


@pytest.fixture
def redis_db():
    number = 12
    redis.Redis.from_url(f"{REDIS_URL}/{number}").flushdb()
    yield number
    redis.Redis.from_url(f"{REDIS_URL}/{number}").flushdb()


def test_two_nodes_share_sessions_cache_and_reflections(database, redis_db, tmp_path):
    environment = node_environment(database, redis_db, tmp_path / "static")
    prepare_site(environment)
    tokens = make_tokens(environment, 1)
    one, two = Node(environment), Node(environment)
    try:
        # Logged in on one node, logged in on the other.
        staff = Client()
        staff.log_in(one)
        status, html, _ = staff.get(two.url + "/admin/")
        assert status == 200 and "Needs attention" in html

        # A page cached through node two is invalidated by a change made through node one.
        visitor = Client()
        assert visitor.get(two.url + "/actions/mexico-ii/")[0] == 200
        with psycopg2.connect(database) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT id FROM actions_action WHERE slug = 'mexico-ii'")
            (action_id,) = cursor.fetchone()
            # Changed behind the site's back (no signal): node two keeps serving its cached
            # page. (Node one is reached at another address, so its pages are its own here;
            # behind a proxy, every node sees the same host and serves the same copies.)
            cursor.execute(
                "UPDATE actions_action SET title = 'Changed behind its back' WHERE id = %s",
                [action_id],
            )
        status, html, _ = visitor.get(two.url + "/actions/mexico-ii/")
        assert status == 200 and "Changed behind its back" not in html
        status, _, _ = staff.post(
            one.url + "/admin/actions/action/",
            {"action": "unpublish", "_selected_action": action_id, "index": "0"},
        )
        assert status == 302
        # Until the worker has re-made it, node two serves the copy made before the change
        # (for at most PUBLIC_PAGE_STALE_SECONDS); the worker re-makes it for every node.
        assert visitor.get(two.url + "/actions/mexico-ii/")[0] == 200
        manage(environment, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
        assert visitor.get(two.url + "/actions/mexico-ii/")[0] == 404

        # A reflection submitted on node one reaches the moderation queue seen on node two.
        participant = Client()
        reflect = f"/reflect/{tokens[0]}/"
        assert participant.get(one.url + reflect)[0] == 200
        status, _, _ = participant.post(
            one.url + reflect, signed_answers(tokens[0], meaning="From node one.")
        )
        assert status == 302
        _, queue, _ = staff.get(two.url + "/admin/reflections/reflectionawaitingmoderation/")
        assert "Reflection by" in queue
    finally:
        one.stop()
        two.stop()


# --- A database restart during submissions -------------------------------------------------------

PG_BIN = (
    Path("/usr/lib/postgresql")
    / (
        sorted(os.listdir("/usr/lib/postgresql"))[-1]
        if os.path.isdir("/usr/lib/postgresql")
        else "none"
    )
    / "bin"
)


def as_postgres(*command):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, text=True
    )


@pytest.fixture
def own_postgresql(tmp_path):
    """A PostgreSQL server of this test's own, so that restarting it disturbs nothing else."""
    if os.geteuid() != 0 or not (PG_BIN / "initdb").exists() or not shutil.which("runuser"):
        pytest.skip("needs root and PostgreSQL's server binaries to run a private server")
    data = Path(f"/tmp/mieux-pg-{os.getpid()}")
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    shutil.chown(data, "postgres", "postgres")
    port = __import__("tests.servers", fromlist=["free_port"]).free_port()
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=on"

    def control(action):
        as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(data / "log"),
            action,
        )

    control("start")
    as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "mieux")
    yield f"postgres://postgres@127.0.0.1:{port}/mieux", control
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-m",
            "immediate",
            "stop",
        ],
        capture_output=True,
    )
    shutil.rmtree(data, ignore_errors=True)


def test_a_database_restart_loses_no_reflection_and_the_site_recovers(
    own_postgresql, redis_db, tmp_path
):
    database, control = own_postgresql
    environment = node_environment(database, redis_db, tmp_path / "static")
    prepare_site(environment)
    tokens = make_tokens(environment, 30)
    assert len(tokens) == 30
    node = Node(environment)
    outcomes = {}  # token -> the statuses of its attempts
    first_success_after_restart = []
    restarted_at = []

    def participants_submitting():
        client = Client()
        client.get(node.url + "/reflect/")  # the CSRF cookie
        for token in tokens:
            path = f"{node.url}/reflect/{token}/"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # a person who sees an error sends again
                try:
                    status = client.post(path, signed_answers(token, meaning=f"Words of {token}."))[
                        0
                    ]
                except OSError:
                    status = "connection error"
                outcomes.setdefault(token, []).append(status)
                if status == 302:
                    if restarted_at and not first_success_after_restart:
                        first_success_after_restart.append(time.monotonic())
                    break
                time.sleep(0.2)
            time.sleep(0.05)

    submitting = threading.Thread(target=participants_submitting)
    try:
        submitting.start()
        time.sleep(1.0)
        restarted_at.append(time.monotonic())
        control("restart")
        submitting.join(timeout=120)
    finally:
        node.stop()

    assert all(statuses[-1] == 302 for statuses in outcomes.values()), outcomes
    failures = [s for statuses in outcomes.values() for s in statuses if s != 302]
    assert all(s in (503, "connection error") for s in failures), failures  # never a 500
    print(f"{len(failures)} failed attempts during the restart, all sent again")
    assert first_success_after_restart, "no submission succeeded after the restart"
    assert first_success_after_restart[0] - restarted_at[0] < 10

    with psycopg2.connect(database) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM reflections_reflection WHERE status = 'submitted'")
        assert cursor.fetchone()[0] == len(tokens)
        # Never half-written: each submission has its confirmation e-mail, queued with it.
        cursor.execute(
            "SELECT COUNT(*) FROM outbox_outboundemail WHERE key LIKE 'reflection-%%-submitted-%%'"
        )
        assert cursor.fetchone()[0] == len(tokens)


TWO_FIRST_SAVES = """
import threading
from django.db import connection
from reflections import services
from reflections.models import Reflection
from outbox.models import OutboundEmail
from roundtables.models import Participant
participant = Participant.objects.filter(roundtable__slug="bangkok-2018").exclude(email="").first()
Reflection.objects.filter(participant=participant).delete()
OutboundEmail.objects.filter(to=participant.email).delete()
data = dict(meaning="Both at once.", engagement="", results="", benefits="",
            language="en", attribution="role", consent=True)
start, errors, saved = threading.Barrier(2), [], []
def save():
    try:
        start.wait()
        saved.append(services.save_reflection(
            participant, data=data, related_actions=[], submit=True, version_seen=None).pk)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()
threads = [threading.Thread(target=save) for _ in range(2)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print("reflections", Reflection.objects.filter(participant=participant).count())
print("saved", len(set(saved)), len(saved))
print("emails", OutboundEmail.objects.filter(to=participant.email).count())
print("errors", errors)
"""


def test_two_first_saves_at_once_make_one_reflection(database, redis_db, tmp_path):
    """A double click on "submit" before the reflection exists: two transactions insert at
    once; one wins, the other finds its row, and the author gets one reflection, one e-mail
    and no error page."""
    environment = node_environment(database, redis_db, tmp_path / "static")
    manage(environment, "migrate", "--no-input", "-v0")
    manage(environment, "load_demo_data")
    for _ in range(5):  # the race is real: run it a few times
        manage(
            environment,
            "shell",
            "-c",
            "from reflections.models import Reflection; "
            "Reflection.objects.all().delete(); "
            "from outbox.models import OutboundEmail; OutboundEmail.objects.all().delete()",
        )
        output = manage(environment, "shell", "-v", "0", "-c", TWO_FIRST_SAVES)
        assert "reflections 1\n" in output and "saved 1 2\n" in output, output
        assert "emails 1\n" in output and "errors []" in output, output
