"""A reflection from invitation to publication: writing, moderating, deciding, and the
mail that tells the author."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from outbox.models import OutboundEmail
from reflections import services
from reflections.models import Reflection

from .factories import UserFactory
from .reflections import answers, invite, moderate, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

BANGKOK = "/roundtables/bangkok-2018/"


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
    # The form starts from the author's words, to redact rather than retype.
    client.force_login(moderator)
    change = reverse("admin:reflections_reflection_change", args=[reflection.pk])
    form = client.get(change).context["adminform"].form
    assert form["public_meaning"].value() == reflection.meaning
    assert form["public_engagement"].value() == reflection.engagement
    moderate(client, post, moderator, reflection, "_approve", public_meaning="We learnt a lot.")
    reflection.refresh_from_db()
    assert reflection.meaning == "Thanks to Mr X at the ministry, we learnt a lot."
    assert reflection.public_meaning == "We learnt a lot." and reflection.public_engagement == ""
    html = client.get(BANGKOK).content.decode()
    assert "We learnt a lot." in html and "Mr X" not in html
    # The author's page says that the text was edited, and shows what is public.
    client.logout()
    page = client.get(url(token)).content.decode()
    assert "A moderator edited your text before publishing it" in page
    public = page.split('id="public-heading"')[1].split("What you sent")[0]
    assert "We learnt a lot." in public and "Mr X" not in public


def test_a_reflection_published_as_written_says_nothing_of_edits(
    client, post, lao, token, moderator
):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    moderate(client, post, moderator, reflection, "_approve")
    reflection.refresh_from_db()
    assert reflection.status == "approved" and not reflection.is_redacted
    assert {getattr(reflection, f"public_{n}") for n in Reflection.QUESTIONS} == {""}
    client.logout()
    assert "A moderator edited" not in client.get(url(token)).content.decode()


def test_an_answer_emptied_by_the_moderator_is_a_message_not_a_silent_republication(
    client, post, lao, token, moderator
):
    post(url(token), answers())
    reflection = Reflection.objects.get(participant=lao)
    response = moderate(
        client, post, moderator, reflection, "_approve", public_meaning="", decision_reason="Ok"
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "it cannot be empty" in form.errors["public_meaning"][0]
    assert form["decision_reason"].value() == "Ok"  # what was typed is kept
    reflection.refresh_from_db()
    assert reflection.status == "submitted"


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


def test_when_the_mail_server_fails_the_reflection_is_kept_and_the_email_retried(
    post, lao, token, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.test_reflection_flow.FailingBackend"
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


def test_the_admin_home_shows_what_awaits_moderation(client, post, lao, token):
    post(url(token), answers())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(reverse("admin:index")).content.decode()
    assert re.search(
        r"Reflections awaiting moderation</a></th>\s*<td[^>]*><strong>1</strong>", html
    )
    queue = client.get(reverse("admin:reflections_reflectionawaitingmoderation_changelist"))
    assert "Reflection by Government official" in queue.content.decode()


def test_bulk_approval_skips_what_cannot_be_approved(
    client, post, lao, thai, token, django_capture_on_commit_callbacks
):
    thai_token = invite(thai, django_capture_on_commit_callbacks)
    post(url(token), answers())
    post(url(thai_token), answers(draft="1", consent=None))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = post(
        reverse("admin:reflections_reflection_changelist"),
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


def test_a_reflection_without_consent_cannot_be_approved_by_any_path(lao, moderator):
    """The rule lives in the decision service: a form, the bulk action or code calling it."""
    reflection = Reflection.objects.create(
        participant=lao, meaning="Mine.", consent=False, status="submitted", language="en"
    )
    with pytest.raises(services.NoConsent):
        services.decide(reflection, approve=True, by=moderator, site_url="http://x")
    reflection.refresh_from_db()
    assert reflection.status == "submitted" and reflection.decided_at is None
    rejected = services.decide(
        reflection, approve=False, by=moderator, site_url="http://x", reason="No consent."
    )
    assert rejected.status == "rejected"
