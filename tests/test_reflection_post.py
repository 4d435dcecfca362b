"""The reflection form's POST, which has to be cheap: what it writes (the reflection and its
history row, in one statement on PostgreSQL), what it counts (every rate limit in one call to
Redis), and the form that checks it without copying its fields unless it is shown."""

import re
import time
import uuid
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from redis.connection import Connection

from actions.models import Action
from bench.run import shown_a_minute_ago
from reflections.forms import SIGNING_SALT, reflection_scope
from reflections.models import Invitation, Reflection
from reflections.services import hash_token

from .factories import UserFactory
from .reflections import answers, rendered_seconds_ago, url
from .servers import SECRET_KEY
from .test_redis_cache import redis_answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

# Where a draft's first save goes: the personal link looked up, then the reflection written
# with its history row (in one statement on PostgreSQL; SQLite, which cannot write from a WITH
# clause, writes the history row in a second statement of the same transaction).
FIRST_SAVE_STATEMENTS = {"postgresql": 2, "sqlite": 3}


def statements(queries) -> list[str]:
    """The statements that reached the database, without the savepoints of the test's own
    transaction."""
    return [
        query["sql"]
        for query in queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
    ]


def test_a_first_save_is_two_statements_and_records_its_history(client, lao, token):
    client.get(url(token))  # the form, shown: the link's use is recorded then
    shown = rendered_seconds_ago(60, reflection_scope(lao))
    sent = answers(draft="1", consent=None, version="0", rendered=shown)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(token), sent)
    assert response.status_code == 302
    assert len(statements(queries)) == FIRST_SAVE_STATEMENTS[connection.vendor]
    reflection = Reflection.objects.get(participant=lao)
    (record,) = reflection.history.all()
    assert record.history_type == "+" and record.history_user is None
    assert record.history_date == reflection.updated_at == reflection.created_at
    tracked = [field.attname for field in Reflection.history.model.tracked_fields]
    assert {name: getattr(record, name) for name in tracked} == {
        name: getattr(reflection, name) for name in tracked
    }
    # The message waits for the page the browser is sent to.
    assert "Your draft has been saved." in client.get(response.url).content.decode()


def test_each_change_records_a_version_and_keeps_the_moderators_fields(post, lao, token):
    post(url(token), answers(draft="1", consent=None))
    Reflection.objects.filter(participant=lao).update(public_meaning="Kept by the team.")
    post(url(token), answers(meaning="Changed.", draft="1", consent=None))
    post(url(token), answers(meaning="Changed, and sent."))
    reflection = Reflection.objects.get(participant=lao)
    assert (reflection.version, reflection.status) == (3, "submitted")
    assert reflection.public_meaning == "Kept by the team."
    history = list(reflection.history.order_by("history_id"))
    assert [(r.history_type, r.version, r.status) for r in history] == [
        ("+", 1, "draft"),
        ("~", 2, "draft"),
        ("~", 3, "submitted"),
    ]
    assert history[-1].meaning == "Changed, and sent."
    assert history[-1].submitted_at == reflection.submitted_at == history[-1].history_date


def test_staff_saving_through_a_link_are_named_in_the_history(client, post, lao, token):
    editor = UserFactory(is_staff=True)
    client.force_login(editor)
    post(url(token), answers(draft="1", consent=None))
    record = Reflection.objects.get(participant=lao).history.get()
    assert record.history_user == editor


def test_the_actions_offered_and_accepted_are_the_participants_own(client, post, lao, token):
    near = Action.objects.get(title="The Philippines I")  # Asia, like Laos
    far = Action.objects.published().exclude(region=near.region).first()
    page = client.get(url(token)).content.decode()
    assert near.title in page and far.title not in page
    refused = post(url(token), answers(related_actions=[str(far.pk)]))
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    assert post(url(token), answers(related_actions=[str(near.pk)])).status_code == 302
    assert list(Reflection.objects.get(participant=lao).related_actions.all()) == [near]


def meaning_box(page: str) -> str:
    return re.search(r'<textarea[^>]*name="meaning"[^>]*>', page).group(0)


def test_a_refused_form_leaves_nothing_on_the_next_one(client, post, lao, token):
    """The forms share their fields until shown: a refused form's marks (its invalid fields)
    stay on its own page."""
    refused = post(url(token), answers(meaning="x" * 6000)).content.decode()
    assert "is-invalid" in meaning_box(refused)
    assert "is-invalid" not in client.get(url(token)).content.decode()
    again = post(url(token), answers(consent=None)).content.decode()
    assert "tick the box" in again and "is-invalid" not in meaning_box(again)


@pytest.mark.skipif(not redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_the_rate_limits_are_counted_in_one_call_to_redis(post, lao, token, settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
            "KEY_PREFIX": f"limits-{uuid.uuid4()}",
        }
    }
    settings.RATELIMIT_TOKEN_POSTS = "2/m"
    sent = []
    send = Connection.send_packed_command

    def counted(self, *args, **kwargs):
        sent.append(args)
        return send(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_packed_command", counted)
    statuses, calls = [], []
    for _ in range(3):
        sent.clear()
        statuses.append(post(url(token), answers(draft="1", consent=None)).status_code)
        calls.append(len(sent))
    assert statuses == [302, 302, 429]
    # The address's count and the link's together (the first POST opens the connection).
    assert calls[1:] == [1, 1]


def test_the_benchmarks_posts_are_saved(client, lao, settings):
    """bench/run.py posts each link's form with the "shown at" value of that participant's
    form (as the nodes sign it): each is saved. One signed the old way is refused."""
    token = f"bench-token-{lao.pk:07d}-abcdefghijklmnopqrst"
    Invitation.objects.create(
        participant=lao,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=1),
    )
    settings.SECRET_KEY = SECRET_KEY  # the nodes' key
    body = {"meaning": "Words 1 1", "engagement": "", "results": "", "benefits": ""}
    body |= {"language": "en", "attribution": "role", "website": "", "draft": "1"}
    unscoped = signing.dumps(time.time() - 60, key=SECRET_KEY, salt=SIGNING_SALT)
    assert client.post(url(token), {**body, "rendered": unscoped}).status_code == 400
    response = client.post(url(token), {**body, "rendered": shown_a_minute_ago(token)})
    assert response.status_code == 302
    assert Reflection.objects.get(participant=lao).history.count() == 1
