"""A worker sends the mail and makes the new links; web requests only queue that work, so a
hanging mail server never holds a page, and the lost-link page takes the same time whether or
not the address is known."""

import re
import statistics
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from outbox.models import OutboundEmail

from .reflections import rendered_seconds_ago
from .servers import silent_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks, monkeypatch):
    """Tasks go to the database, as in production; ``worker()`` runs ``manage.py db_worker``
    until nothing is ready, what the tasks queue in turn included."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes the database connection between tasks; a test keeps its own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        while DBTaskResult.objects.ready().exists():
            with django_capture_on_commit_callbacks(execute=True):
                call_command(
                    "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                )

    return run


def ask_for_a_link(client, email):
    return client.post(
        "/reflect/", {"email": email, "website": "", "rendered": rendered_seconds_ago()}
    )


def test_the_lost_link_page_only_queues_the_work(client, lao, token, worker):
    sent = len(mail.outbox)
    response = ask_for_a_link(client, lao.email)
    assert response.status_code == 200 and "Check your e-mail" in response.content.decode()
    # Nothing looked up, made or sent while the page was answered: one task queued.
    assert len(mail.outbox) == sent and lao.invitations.count() == 1
    assert DBTaskResult.objects.count() == 1
    worker()
    assert lao.invitations.count() == 2
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].subject.startswith("Your new link")
    assert OutboundEmail.objects.filter(to=lao.email, status="sent").count() == 2


def test_known_and_unknown_addresses_cost_the_same(client, lao, token, worker, settings):
    settings.RATELIMIT_ENABLE = False  # measure the page, not the limit
    work = {}
    for email in (lao.email, "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            assert ask_for_a_link(client, email).status_code == 200
        work[email] = [re.sub(r"'[^']*'", "?", q["sql"]) for q in queries]
    assert len(work[lao.email]) == len(work["nobody@example.org"])
    # And the time, over many requests in turn.
    times = {lao.email: [], "nobody@example.org": []}
    for _ in range(30):
        for email, spent in times.items():
            started = time.perf_counter()
            ask_for_a_link(client, email)
            spent.append(time.perf_counter() - started)
    known, unknown = (statistics.median(spent) for spent in times.values())
    assert 0.67 < known / unknown < 1.5, (known, unknown)


@pytest.fixture
def hanging_smtp(settings):
    """A mail server that accepts the connection and never says a word."""
    with silent_server() as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = 1
        yield


def test_a_hanging_mail_server_never_holds_a_page(client, lao, token, worker, hanging_smtp):
    started = time.monotonic()
    assert ask_for_a_link(client, lao.email).status_code == 200
    assert time.monotonic() - started < 0.5
    worker()  # the worker waits for the server, gives up after EMAIL_TIMEOUT, and tries later
    message = OutboundEmail.objects.get(to=lao.email, subject__startswith="Your new link")
    assert message.status == "queued" and message.attempts == 1
    assert "timed out" in message.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == message.next_attempt_at > timezone.now()


def test_a_message_queued_with_a_change_is_sent_by_the_worker(
    lao, worker, django_capture_on_commit_callbacks
):
    from reflections.services import send_invitation

    with django_capture_on_commit_callbacks(execute=True):  # the change commits
        send_invitation(lao, site_url="https://roundtables.example.org")
    message = OutboundEmail.objects.get(to=lao.email, status="queued")
    worker()
    message.refresh_from_db()
    assert message.status == "sent" and "https://roundtables.example.org/reflect/" in (
        mail.outbox[-1].body
    )
