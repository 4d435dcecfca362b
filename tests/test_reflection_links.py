"""Personal links: each opens one reflection, expires, can be replaced and asked for again,
and is sent from the admin or a command."""

import io
import re
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reflections import services
from reflections.models import Reflection
from roundtables.models import Participant

from .factories import UserFactory
from .processes import ROOT
from .reflections import LINK, answers, invite, rendered_seconds_ago, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


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


@pytest.mark.parametrize("status", ["submitted", "approved", "rejected"])
def test_who_sent_a_reflection_is_not_invited_again_from_the_admin_or_the_command(
    client, post, lao, status, capsys, django_capture_on_commit_callbacks
):
    """One rule chooses whom to invite, wherever staff invite from."""
    Reflection.objects.create(
        participant=lao, meaning="Done.", consent=True, status=status, language="en"
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    bangkok = Participant.objects.filter(roundtable__slug="bangkok-2018")
    response = post(
        reverse("admin:roundtables_participant_changelist"),
        {"action": "send_invitations", "_selected_action": [p.pk for p in bangkok]},
        follow=True,
    )
    html = response.content.decode()
    assert "Personal links were sent to 9 participants." in html
    assert "1 participant has sent a reflection and was not invited again." in html
    assert lao.email not in {m.to[0] for m in mail.outbox}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reflection_invitations", roundtable="bangkok-2018", resend=True)
    assert "1 who sent a reflection are not invited again" in capsys.readouterr().out
    assert len(mail.outbox) == 9 and lao.email not in {m.to[0] for m in mail.outbox}


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


def test_asking_for_a_new_link_does_not_cancel_the_one_already_sent(client, post, lao, token):
    # Anyone who knows the address may ask: the owner's link keeps working...
    post("/reflect/", {"email": lao.email, "website": "", "rendered": rendered_seconds_ago()})
    new_token = LINK.search(mail.outbox[-1].body).group(1)
    assert new_token != token
    assert client.get(url(token)).status_code == 200
    # ... until the new link is used.
    assert client.get(url(new_token)).status_code == 200
    assert client.get(url(token)).status_code == 404
    assert client.get(url(new_token)).status_code == 200


def test_links_in_e_mail_lead_where_the_site_is(
    client, post, demo, settings, django_capture_on_commit_callbacks
):
    bangkok = Participant.objects.filter(roundtable__slug="bangkok-2018", country="LA")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    post(
        reverse("admin:roundtables_participant_changelist"),
        {"action": "send_invitations", "_selected_action": [p.pk for p in bangkok]},
        headers={"host": "127.0.0.1:8801"},
    )
    assert "http://127.0.0.1:8801/reflect/" in mail.outbox[-1].body
    # Commands have no request: they take SITE_URL, which `make run` sets from PORT.
    settings.SITE_URL = "http://127.0.0.1:8802"
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_reflection_invitations",
            roundtable="bangkok-2018",
            resend=True,
            stdout=io.StringIO(),
        )
    assert "http://127.0.0.1:8802/reflect/" in mail.outbox[-1].body
    make = ["make", "-n", "run", "PORT=8803"]
    run = subprocess.run(make, cwd=ROOT, capture_output=True, text=True)
    assert "SITE_URL=http://127.0.0.1:8803" in run.stdout
