"""Outgoing e-mail: queued with the change it reports, sent outside any transaction, retried."""

import smtplib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from outbox import services
from outbox.models import OutboundEmail
from reflections.services import send_invitation
from roundtables.models import Participant

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lao(demo):
    return Participant.objects.get(email="bangkok-2018.delegate.la@example.org")


def queue(count=1):
    return [
        OutboundEmail.objects.create(
            to=f"person{n}@example.org",
            subject=f"Message {n}",
            text_body="Hello",
            next_attempt_at=timezone.now(),
        )
        for n in range(count)
    ]


class FailingOnce:
    """An e-mail backend whose server refuses the first message it is given."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FailingOnce.calls += 1
        if FailingOnce.calls == 1:
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.extend(messages)
        return len(messages)


def test_one_failure_does_not_undo_the_others(settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.FailingOnce"
    FailingOnce.calls = 0
    first, second, third = queue(3)
    assert services.send_due() == (2, 1)
    statuses = dict(OutboundEmail.objects.values_list("subject", "status"))
    assert statuses == {"Message 0": "queued", "Message 1": "sent", "Message 2": "sent"}
    first.refresh_from_db()
    assert first.attempts == 1 and first.next_attempt_at > timezone.now()


def test_a_message_claimed_by_a_process_that_died_is_sent_later():
    (message,) = queue()
    OutboundEmail.objects.filter(pk=message.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(minutes=11)
    )
    call_command("send_queued_emails")
    message.refresh_from_db()
    assert message.status == "sent" and len(mail.outbox) == 1


def test_a_message_being_sent_is_not_sent_twice_meanwhile():
    (message,) = queue()
    OutboundEmail.objects.filter(pk=message.pk).update(status="sending", claimed_at=timezone.now())
    assert services.send_due() == (0, 0)


def test_a_sent_invitation_keeps_no_personal_link(lao, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_invitation(lao, site_url=settings.SITE_URL)
    message = OutboundEmail.objects.get(to=lao.email)
    assert message.status == "sent" and message.text_body == "" and message.html_body == ""
    assert "/reflect/" in mail.outbox[-1].body  # it did go out with the link


def test_the_admin_never_shows_a_message_text(client, lao):
    with_link = OutboundEmail.objects.create(
        to=lao.email,
        subject="Your link",
        text_body="http://127.0.0.1:8000/reflect/secret-token-value/",
        next_attempt_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(
        reverse("admin:outbox_outboundemail_change", args=[with_link.pk])
    ).content.decode()
    assert "secret-token-value" not in html and "Your link" in html


def test_html_email_declares_its_language(lao, django_capture_on_commit_callbacks):
    lao.language = "fr"
    lao.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_invitation(lao, site_url=settings.SITE_URL)
    html, _ = mail.outbox[-1].alternatives[0]
    assert '<html lang="fr">' in html
