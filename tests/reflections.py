"""Fixtures and helpers for the tests of the participants' reflections (a pytest plugin)."""

import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from reflections import services
from reflections.forms import NEW_LINK_SCOPE, SIGNING_SALT, reflection_scope, sign_shown_at
from reflections.models import Reflection
from roundtables.models import Participant

from .factories import UserFactory

LINK = re.compile(r"/reflect/([\w-]{20,})/")


def rendered_seconds_ago(seconds: float = 60, scope: str = NEW_LINK_SCOPE) -> str:
    """The signed 'form shown at' value of a form shown ``seconds`` ago (by default the
    lost-link form; ``post`` signs it for the form of the link it posts to, as that form did)."""
    return sign_shown_at(scope, time.time() - seconds)


def for_the_form_at(path: str, rendered: str) -> str:
    """``rendered`` signed for the form at ``path``, as that form would have signed it."""
    token = path.rstrip("/").split("/")[-1]
    invitation = services.Invitation.objects.filter(token_hash=services.hash_token(token)).first()
    if invitation is None:
        return rendered
    try:
        shown = signing.loads(rendered, salt=SIGNING_SALT)
    except signing.BadSignature:
        return rendered  # a value the test meant to be bad
    return sign_shown_at(reflection_scope(invitation.participant), shown["at"])


def answers(**overrides) -> dict:
    """A complete, valid reflection form as a person fills it in."""
    data = {
        "meaning": "A network of peers I still call on.",
        "engagement": "We asked for help with our labour migration database.",
        "results": "The working group met for the first time.",
        "benefits": "Ministries now share their data.",
        "language": "en",
        "attribution": "role",
        "consent": "on",
        "website": "",
        "rendered": rendered_seconds_ago(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def invite(participant, capture) -> str:
    """Send ``participant`` a personal link and return its token, as read from the e-mail."""
    from django.core import mail

    with capture(execute=True):
        services.send_invitation(participant, site_url=settings.SITE_URL)
    return LINK.search(mail.outbox[-1].body).group(1)


def url(token: str) -> str:
    return f"/reflect/{token}/"


@pytest.fixture
def fresh_rate_limits():
    """An empty cache: no rate limit counted yet."""
    cache.clear()


@pytest.fixture
def lao(demo):
    return Participant.objects.get(email="bangkok-2018.delegate.la@example.org")


@pytest.fixture
def thai(demo):
    return Participant.objects.get(email="bangkok-2018.delegate.th@example.org")


@pytest.fixture
def token(lao, django_capture_on_commit_callbacks):
    return invite(lao, django_capture_on_commit_callbacks)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as the browser does, running what waits for the commit (the e-mail).

    Like a browser that has just loaded the form, a reflection's save carries the version
    the page showed, unless the test gives one.
    """

    def post(path, data, **extra):
        if "meaning" in data and "version" not in data:
            data = {**data, "version": shown_version(path)}
        if "rendered" in data:
            data = {**data, "rendered": for_the_form_at(path, data["rendered"])}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post


def shown_version(path) -> int:
    token = path.rstrip("/").split("/")[-1]
    invitation = services.Invitation.objects.filter(token_hash=services.hash_token(token)).first()
    if invitation is None:
        return 0
    reflection = Reflection.objects.filter(participant=invitation.participant).first()
    return reflection.version if reflection else 0


@pytest.fixture
def moderator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    return user


def moderate(client, post, moderator, reflection, button, **data):
    """Press ``button`` on the moderation form as the page shows it, with ``data`` typed in."""
    client.force_login(moderator)
    address = reverse("admin:reflections_reflection_change", args=[reflection.pk])
    form = client.get(address).context["adminform"].form
    shown = {name: form[name].value() or "" for name in form.fields}
    return post(address, {**shown, button: "1", **data})
