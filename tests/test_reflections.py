"""Participants' reflections: invitation, form, moderation, publication, and what can go wrong."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from mailer.models import OutboundEmail
from roundtables import services
from roundtables.models import Participant, Reflection

from .factories import UserFactory
from .reflections import answers, invite, rendered_seconds_ago, url

pytestmark = pytest.mark.django_db

BANGKOK = "/roundtables/bangkok-2018/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
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
    client.force_login(moderator)
    reflection.refresh_from_db()
    form = {
        "public_meaning": "",
        "public_engagement": "",
        "public_results": "",
        "public_benefits": "",
        "decision_reason": "",
        "seen_version": reflection.version,
        button: "1",
        **data,
    }
    return post(reverse("admin:roundtables_reflection_change", args=[reflection.pk]), form)


def test_the_invitation_email_carries_a_personal_link(lao, token):
    message = mail.outbox[-1]
    assert message.to == ["bangkok-2018.delegate.la@example.org"]
    assert message.subject == "Your reflection on MIEUX: Regional Round-table for Asia"
    assert f"http://127.0.0.1:8000/reflect/{token}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f"/reflect/{token}/" in html
    # Only a hash of the token is kept.
    assert not lao.invitations.filter(token_hash=token).exists()
    assert lao.invitations.filter(token_hash=services.hash_token(token)).exists()


def test_the_whole_flow_from_invitation_to_publication(client, post, lao, token, moderator):
    form = client.get(url(token))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Your reflection" in html and "The Philippines I" in html  # Actions of the region
    assert (
        form["Cache-Control"].startswith("max-age=0") and form["Referrer-Policy"] == "same-origin"
    )

    # A draft: saved, not sent, no e-mail.
    sent = len(mail.outbox)
    response = post(url(token), answers(meaning="First thoughts.", consent=None, draft="1"))
    assert response.status_code == 302
    reflection = Reflection.objects.get(participant=lao)
    assert reflection.status == "draft" and reflection.meaning == "First thoughts."
    assert len(mail.outbox) == sent
    assert "First thoughts." in client.get(url(token)).content.decode()

    # Submitted: a confirmation e-mail, and the status page shows what was sent.
    response = post(url(token), answers())
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == "submitted" and reflection.submitted_at
    assert mail.outbox[-1].subject == "We have received your reflection"
    status = client.get(url(token)).content.decode()
    assert "Submitted" in status and "A network of peers I still call on." in status

    # Edited while awaiting moderation: still submitted, no second confirmation.
    sent = len(mail.outbox)
    assert "A network of peers" in client.get(url(token) + "?edit=1").content.decode()
    post(url(token), answers(meaning="A network of peers, and friends."))
    reflection.refresh_from_db()
    assert (
        reflection.status == "submitted"
        and reflection.meaning == "A network of peers, and friends."
    )
    assert len(mail.outbox) == sent

    # Not public yet.
    assert "A network of peers, and friends." not in client.get(BANGKOK).content.decode()

    # The moderator approves; the author is told; it is public with the chosen attribution.
    response = moderate(client, post, moderator, reflection, "_approve")
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == "approved" and reflection.decided_by == moderator
    assert reflection.decided_at is not None
    assert mail.outbox[-1].subject == "Your reflection is published"
    for page in (BANGKOK, "/countries/la/", "/"):
        html = client.get(page).content.decode()
        assert "A network of peers, and friends." in html, page
        assert "Government delegate, Lao PDR" in html, page
        assert "example.org" not in html, page
    assert "Published" in client.get(url(token)).content.decode()


def test_a_rejection_needs_a_reason_which_the_author_receives(client, post, lao, token, moderator):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    response = moderate(client, post, moderator, reflection, "_reject")
    assert response.status_code == 200
    assert "Give the reason for the rejection" in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.status == "submitted"

    moderate(
        client, post, moderator, reflection, "_reject", decision_reason="It names a colleague."
    )
    reflection.refresh_from_db()
    assert reflection.status == "rejected"
    assert "It names a colleague." in mail.outbox[-1].body
    assert "A network of peers" not in client.get(BANGKOK).content.decode()
    assert "It names a colleague." in client.get(url(token)).content.decode()


def test_a_moderator_redacts_the_public_text_and_the_original_is_kept(
    client, post, lao, token, moderator
):
    post(url(token), answers(meaning="Thanks to Mr X at the ministry, we learnt a lot."))
    reflection = Reflection.objects.get(participant=lao)
    moderate(client, post, moderator, reflection, "_approve", public_meaning="We learnt a lot.")
    reflection.refresh_from_db()
    assert reflection.meaning == "Thanks to Mr X at the ministry, we learnt a lot."
    html = client.get(BANGKOK).content.decode()
    assert "We learnt a lot." in html and "Mr X" not in html


def test_a_participant_withdraws_and_may_write_again(client, post, lao, token):
    post(url(token), answers())
    assert "Withdraw your reflection?" in client.get(url(token) + "withdraw/").content.decode()
    response = post(url(token) + "withdraw/", {})
    assert response.status_code == 302
    reflection = Reflection.objects.get(participant=lao)
    assert reflection.status == "withdrawn"
    assert not Reflection.objects.awaiting_moderation().exists()
    # The form is open again.
    assert 'name="meaning"' in client.get(url(token)).content.decode()
    post(url(token), answers(draft="1", consent=None))
    reflection.refresh_from_db()
    assert reflection.status == "draft"


def test_an_edit_after_the_decision_does_not_overwrite_it(client, post, lao, token, moderator):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    edit_form = client.get(url(token) + "?edit=1")  # opened before the decision
    version = edit_form.context["form"]["version"].value()
    moderate(client, post, moderator, reflection, "_approve")

    response = post(url(token), answers(meaning="Changed too late.", version=version))
    assert response.status_code == 409
    html = response.content.decode()
    assert "already reviewed your reflection, so your changes were not saved" in html
    assert "Changed too late." in html  # what they typed, for their records
    reflection.refresh_from_db()
    assert reflection.status == "approved" and reflection.meaning != "Changed too late."
    withdraw = post(url(token) + "withdraw/", {})
    reflection.refresh_from_db()
    assert withdraw.status_code == 302 and reflection.status == "approved"


def test_a_decision_on_text_changed_meanwhile_is_refused(client, post, lao, token, moderator):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    seen = reflection.version
    post(url(token), answers(meaning="A later, different text."))
    response = moderate(client, post, moderator, reflection, "_approve", seen_version=seen)
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.status == "submitted"
    client.force_login(moderator)
    page = client.get(response.url).content.decode()
    assert "changed this reflection while you were reading it" in page


def test_a_refused_decision_keeps_the_moderators_redactions(client, post, lao, token, moderator):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    seen = reflection.version
    post(url(token), answers(meaning="A later, different text."))
    moderate(
        client,
        post,
        moderator,
        reflection,
        "_approve",
        seen_version=seen,
        public_meaning="Carefully redacted.",
    )
    reflection.refresh_from_db()
    assert reflection.status == "submitted"
    assert reflection.public_meaning == "Carefully redacted."
    assert reflection.meaning == "A later, different text."  # the author's text untouched


def test_a_double_click_on_submit_creates_one_reflection_and_one_email(post, lao, token):
    data = answers(version=0)  # both clicks send the form as it was shown
    sent = len(mail.outbox)
    first = post(url(token), data)
    second = post(url(token), data)
    assert first.status_code == second.status_code == 302
    assert Reflection.objects.filter(participant=lao).count() == 1
    assert len(mail.outbox) == sent + 1


def test_two_windows_editing_do_not_lose_words_silently(client, post, lao, token):
    post(url(token), answers(draft="1", consent=None))
    version = Reflection.objects.get(participant=lao).version
    post(url(token), answers(meaning="From window one.", draft="1", consent=None, version=version))
    response = post(
        url(token), answers(meaning="From window two.", draft="1", consent=None, version=version)
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed in another window" in html and "From window two." in html
    # Saving again from the form as shown now succeeds.
    version = response.context["form"]["version"].value()
    post(url(token), answers(meaning="From window two.", draft="1", consent=None, version=version))
    assert Reflection.objects.get(participant=lao).meaning == "From window two."


def test_submitting_needs_consent_and_an_answer_and_keeps_what_was_typed(client, post, lao, token):
    response = post(url(token), answers(consent=None, meaning="Keep me."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "tick the box to agree to publication" in html and "Keep me." in html
    empty = {"meaning": "", "engagement": "", "results": "", "benefits": ""}
    response = post(url(token), answers(**empty))
    assert "Answer at least one of the four questions" in response.content.decode()
    assert not Reflection.objects.filter(participant=lao).exists()


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
    assert "at most 5000 characters" in response.content.decode()
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


def test_a_token_opens_only_its_own_reflection(
    client, post, lao, thai, token, django_capture_on_commit_callbacks
):
    thai_token = invite(thai, django_capture_on_commit_callbacks)
    post(url(thai_token), answers(meaning="The Thai text."))
    post(url(token), answers(meaning="The Lao text."))
    html = client.get(url(token)).content.decode()
    assert "The Lao text." in html and "The Thai text." not in html
    assert Reflection.objects.get(participant=thai).meaning == "The Thai text."
    assert Reflection.objects.get(participant=lao).meaning == "The Lao text."


def test_invalid_expired_and_revoked_links_get_the_same_page(
    client, lao, token, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    def page(path):
        response = client.get(path)
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, body.replace(path, "PATH")  # the address typed, echoed

    invalid = page(url("not-a-real-token-at-all-0123456789"))
    assert invalid[0] == 404 and "This link does not work" in invalid[1]

    lao.invitations.update(expires_at=timezone.now())
    assert page(url(token)) == invalid

    fresh = invite(lao, django_capture_on_commit_callbacks)
    services.revoke_invitations([lao])
    assert page(url(fresh)) == invalid
    assert page(url(fresh) + "withdraw/") == invalid


def test_text_sent_through_a_link_that_stopped_working_is_shown_back(
    post, lao, token, django_capture_on_commit_callbacks
):
    invite(lao, django_capture_on_commit_callbacks)  # asked for a new link in another tab
    response = post(url(token), answers(meaning="Two hours of careful writing."))
    html = response.content.decode()
    assert response.status_code == 404 and "This link does not work" in html
    assert "Two hours of careful writing." in html
    assert not Reflection.objects.filter(participant=lao).exists()


def test_a_new_link_replaces_the_old_one(client, lao, token, django_capture_on_commit_callbacks):
    newer = invite(lao, django_capture_on_commit_callbacks)
    assert client.get(url(token)).status_code == 404
    assert client.get(url(newer)).status_code == 200


def test_a_lost_link_is_sent_again_and_the_answer_reveals_nothing(post, lao, token):
    def ask(email):
        response = post(
            "/reflect/", {"email": email, "website": "", "rendered": rendered_seconds_ago()}
        )
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, body.replace(email, "EMAIL")

    sent = len(mail.outbox)
    known = ask("Bangkok-2018.Delegate.LA@example.org")
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].subject.startswith("Your new link")
    unknown = ask("nobody@example.org")
    assert len(mail.outbox) == sent + 1
    assert known == unknown
    assert known[0] == 200 and "Check your e-mail" in known[1]


def test_a_bad_address_on_the_lost_link_form_is_explained(post, demo):
    response = post("/reflect/", {"email": "not an address", "rendered": rendered_seconds_ago()})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert 'value="not an address"' in response.content.decode()


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


def test_when_the_mail_server_fails_the_reflection_is_kept_and_the_email_retried(
    post, lao, token, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.test_reflections.FailingBackend"
    response = post(url(token), answers())
    assert response.status_code == 302
    assert Reflection.objects.get(participant=lao).status == "submitted"
    queued = OutboundEmail.objects.get(subject="We have received your reflection")
    assert queued.status == "queued" and queued.attempts == 1 and "refused" in queued.last_error
    assert "retrying" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=queued.pk).update(next_attempt_at=queued.created_at)
    call_command("send_queued_emails")
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert mail.outbox[-1].subject == "We have received your reflection"


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPException("The server refused the connection")


def test_staff_invite_from_the_admin(client, post, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    bangkok = Participant.objects.filter(roundtable__slug="bangkok-2018")
    response = post(
        reverse("admin:roundtables_participant_changelist"),
        {"action": "send_invitations", "_selected_action": [p.pk for p in bangkok]},
        follow=True,
    )
    assert "Personal links were sent to 10 participants." in response.content.decode()
    assert {m.to[0] for m in mail.outbox} == {p.email for p in bangkok}
    changelist = client.get(reverse("admin:roundtables_participant_changelist")).content.decode()
    assert "valid until" in changelist


def test_the_command_invites_a_roundtable_with_a_dry_run_first(
    demo, capsys, django_capture_on_commit_callbacks
):
    call_command("send_reflection_invitations", roundtable="bangkok-2018", dry_run=True)
    assert "Would invite 10 participant(s)" in capsys.readouterr().out
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reflection_invitations", roundtable="bangkok-2018")
    assert len(mail.outbox) == 10
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reflection_invitations", roundtable="bangkok-2018")
    assert "Invited 0 participant(s)" in capsys.readouterr().out.splitlines()[-1]
    with pytest.raises(Exception, match="No round-table"):
        call_command("send_reflection_invitations", roundtable="atlantis")


def test_the_admin_home_shows_what_awaits_moderation(client, post, lao, token):
    post(url(token), answers())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert re.search(
        r"Reflections awaiting moderation</a></th>\s*<td[^>]*><strong>1</strong>", html
    )
    queue = client.get(reverse("admin:roundtables_reflectionawaitingmoderation_changelist"))
    assert "Reflection by Government official" in queue.content.decode()


def test_bulk_approval_skips_what_cannot_be_approved(
    client, post, lao, thai, token, django_capture_on_commit_callbacks
):
    thai_token = invite(thai, django_capture_on_commit_callbacks)
    post(url(token), answers())
    post(url(thai_token), answers(draft="1", consent=None))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = post(
        reverse("admin:roundtables_reflection_changelist"),
        {
            "action": "approve_selected",
            "_selected_action": list(Reflection.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "1 reflection approved." in html and "1 was skipped" in html
    assert Reflection.objects.get(participant=lao).status == "approved"
    assert Reflection.objects.get(participant=thai).status == "draft"


def test_the_lost_link_is_made_after_the_answer(client, lao, token, monkeypatch):
    from roundtables import views

    deferred = []
    monkeypatch.setattr(views, "after_response", deferred.append)  # catch the work, run none
    response = client.post(
        "/reflect/", {"email": lao.email, "website": "", "rendered": rendered_seconds_ago()}
    )
    assert response.status_code == 200 and len(deferred) == 1
    assert lao.invitations.count() == 1  # nothing done yet when the page is answered
    deferred[0]()
    assert lao.invitations.count() == 2


def test_one_inbox_cannot_be_flooded_from_many_addresses(post, lao, settings):
    settings.RATELIMIT_LINKS_PER_EMAIL = "2/h"
    statuses = [
        post(
            "/reflect/",
            {"email": lao.email.upper(), "rendered": rendered_seconds_ago()},
            REMOTE_ADDR=f"10.0.0.{n}",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_form_opened_before_the_first_save_cannot_overwrite_it(post, lao, token):
    post(url(token), answers(meaning="Saved in tab A.", draft="1", consent=None, version=""))
    response = post(url(token), answers(meaning="Sent from tab B.", version=""))
    assert response.status_code == 409
    assert Reflection.objects.get(participant=lao).meaning == "Saved in tab A."


def test_approval_of_a_reflection_from_a_draft_roundtable_says_when_it_will_show(
    client, post, lao, token, moderator
):
    from roundtables.models import RoundTable

    post(url(token), answers())
    RoundTable.objects.filter(slug="bangkok-2018").update(is_published=False)
    moderate(client, post, moderator, Reflection.objects.get(participant=lao), "_approve")
    assert "when the round-table's page is published" in mail.outbox[-1].body
    assert "/roundtables/bangkok-2018/" not in mail.outbox[-1].body
