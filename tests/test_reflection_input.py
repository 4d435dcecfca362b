"""What participants may not send: hostile text, oversized or forged input, robots, floods."""

import time

import pytest
from django.utils.html import escape

from reflections.forms import NEW_LINK_SCOPE, reflection_scope, sign_shown_at
from reflections.models import Reflection

from .reflections import answers, rendered_seconds_ago, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

BANGKOK = "/roundtables/bangkok-2018/"


@pytest.mark.parametrize("field", ["meaning", "engagement", "results", "benefits"])
@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('x')</script>",
        '"><img src=x onerror=alert(1)> <b onmouseover="alert(1)">hi</b>',
        "https://evil.example.org/phish and www.evil.example.org",
        "مرحبا بالعالم \u202e dlrow olleh",
        "Merci 🙏🏽 — ça a tout changé ✨",
    ],
)
def test_hostile_text_is_stored_and_shown_escaped(client, post, lao, token, field, payload):
    response = post(url(token), answers(**{field: payload}))
    assert response.status_code == 302
    reflection = Reflection.objects.get(participant=lao)
    assert getattr(reflection, field) == payload
    reflection.status = "approved"
    reflection.save()
    for page in (url(token), BANGKOK):
        html = client.get(page).content.decode()
        assert escape(payload) in html, page  # shown, as text
        if escape(payload) != payload:
            assert payload not in html, page  # never as markup
        assert 'href="https://evil' not in html and 'href="http://www.evil' not in html


@pytest.mark.parametrize("field", ["meaning", "engagement", "results", "benefits"])
def test_a_one_megabyte_answer_is_refused_clearly(post, lao, token, field):
    response = post(url(token), answers(**{field: "x" * 1_000_000}))
    assert response.status_code == 400
    assert "This answer must be 5,000 characters or fewer; it has 1,000,000." in (
        response.content.decode()
    )
    assert not Reflection.objects.filter(participant=lao).exists()


@pytest.mark.parametrize("field", ["meaning", "engagement", "results", "benefits"])
def test_a_null_byte_is_refused_clearly(post, lao, token, field):
    response = post(url(token), answers(**{field: "before\x00after"}))
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_forged_choices_are_refused(post, lao, token):
    response = post(url(token), answers(attribution='named" onmouseover="x', language="xx"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = post(url(token), answers(related_actions="999999"))
    assert response.status_code == 400


def test_robots_are_stopped_by_the_hidden_field_and_the_clock(post, lao, token, settings):
    response = post(url(token), answers(website="http://spam.example.org"))
    assert response.status_code == 400
    assert not Reflection.objects.filter(participant=lao).exists()

    response = post(url(token), answers(rendered=rendered_seconds_ago(0)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "That was very quick" in html and "A network of peers I still call on." in html

    response = post(url(token), answers(rendered="forged"))
    assert "This form has expired" in response.content.decode()

    response = post(
        "/reflect/",
        {"email": "x@example.org", "website": "spam", "rendered": rendered_seconds_ago()},
    )
    assert response.status_code == 400


def test_the_clock_of_one_form_cannot_be_replayed_on_another(client, lao, thai, token):
    """A robot that keeps one signed "shown at" value cannot use it on every form: it is good
    only for the form, and the participant's link, that showed it."""
    shown_long_ago = time.time() - 600
    for scope in (NEW_LINK_SCOPE, reflection_scope(thai)):
        response = client.post(
            url(token), answers(rendered=sign_shown_at(scope, shown_long_ago), version=0)
        )
        assert response.status_code == 400
        assert "This form has expired" in response.content.decode()
        assert "A network of peers I still call on." in response.content.decode()  # kept
    assert not Reflection.objects.filter(participant=lao).exists()
    # The link request's own value works there, and not one from a reflection form.
    ask = {"email": "x@example.org", "website": ""}
    refused = client.post("/reflect/", {**ask, "rendered": sign_shown_at(reflection_scope(lao))})
    assert refused.status_code == 400
    accepted = client.post(
        "/reflect/", {**ask, "rendered": sign_shown_at(NEW_LINK_SCOPE, shown_long_ago)}
    )
    assert accepted.status_code == 200


def test_rate_limits_answer_429_clearly(post, lao, token, settings):
    settings.RATELIMIT_LINK_REQUESTS = "3/m"
    # A different address each time: the limit per visitor's address is what trips.
    statuses = [
        post(
            "/reflect/", {"email": f"a{n}@example.org", "rendered": rendered_seconds_ago()}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = post("/reflect/", {"email": "a9@example.org", "rendered": rendered_seconds_ago()})
    assert "Too many attempts" in response.content.decode() and response["Retry-After"] == "60"

    settings.RATELIMIT_TOKEN_POSTS = "2/m"
    statuses = [post(url(token), answers(draft="1")).status_code for _ in range(3)]
    assert statuses[-1] == 429
