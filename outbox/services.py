"""Queue e-mail with the change it reports; a worker sends it once that change is committed.

Web requests only write: the message, in the transaction of the change it reports, then a
task (``outbox.tasks.deliver_email``) once that transaction has committed. The worker
(``manage.py db_worker``) runs the task outside any request, so a slow or hanging mail
server never holds a web worker, and the time a page takes never tells whether it sent mail.

Sending happens outside any transaction: a message is first *claimed* (a short transaction
marks it as being sent, skipping what other workers hold), then handed to the mail server,
then marked sent or failed in a second short statement. Several workers therefore never send
one message twice. A process that dies in between leaves the message claimed; it
is tried again after ``CLAIM_TIMEOUT`` by ``send_queued_emails`` (so a message may, rarely,
arrive twice, but is never lost). A failure is retried later by a deferred task.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# Minutes to wait after each failed attempt; after the last one the message is given up.
RETRY_DELAYS = [1, 5, 15, 60, 180, 720]
BATCH = 50


def queue_email(
    *, to: str, template: str, context: dict, language: str | None = None, key: str | None = None
) -> OutboundEmail | None:
    """Render ``template``.txt/.html/_subject.txt and queue the message.

    Call it inside the transaction that makes the change the message reports. The worker
    sends the message once that transaction has committed. With
    ``key``, queuing the same message twice queues it once. Returns the message, or None if it
    was queued before.
    """
    language = language or settings.LANGUAGE_CODE
    context = {"site_url": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    try:
        with transaction.atomic():
            message = OutboundEmail.objects.create(
                key=key,
                to=to,
                subject=subject,
                text_body=text,
                html_body=html,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        if key and OutboundEmail.objects.filter(key=key).exists():
            return None
        raise
    transaction.on_commit(lambda: schedule(message))
    return message


def schedule(message: OutboundEmail) -> None:
    """Ask the worker to send ``message`` when it is due."""
    from .tasks import deliver_email

    task = deliver_email
    if message.next_attempt_at > timezone.now():
        if not task.get_backend().supports_defer:
            return  # left to send_queued_emails
        task = task.using(run_after=message.next_attempt_at)
    task.enqueue(message.pk)


def send_due(now=None) -> tuple[int, int]:
    """Send a batch of the messages that are due. Returns (sent, failed attempts)."""
    return send(None, now=now)


def send(ids=None, *, now=None) -> tuple[int, int]:
    """Claim the due messages (those of ``ids``, or any), send each, record the outcome."""
    now = now or timezone.now()
    claimed = _claim(ids, now)
    sent = failed = 0
    for message in claimed:
        if _deliver(message):
            sent += 1
        else:
            failed += 1
    return sent, failed


def _claim(ids, now) -> list[OutboundEmail]:
    """The due messages (of ``ids``, or any) that this process, and no other, now sends."""
    with transaction.atomic():
        due = OutboundEmail.objects.due(now).order_by("next_attempt_at", "pk")
        if ids is not None:
            due = due.filter(pk__in=ids)
        if connection.features.has_select_for_update_skip_locked:
            # Workers claiming at the same moment skip each other's messages (PostgreSQL);
            # SQLite's transactions take the write lock first, so they claim in turn.
            due = due.select_for_update(skip_locked=True)
        messages = list(due[:BATCH])
        OutboundEmail.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=OutboundEmail.Status.SENDING, claimed_at=now
        )
    return messages


def _deliver(message: OutboundEmail) -> bool:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    attempts = message.attempts + 1
    try:
        email.send()
    except Exception as error:  # any failure of the mail server is retried
        error_text = f"{type(error).__name__}: {error}"[:2000]
        if attempts > len(RETRY_DELAYS):
            status, next_attempt = OutboundEmail.Status.FAILED, message.next_attempt_at
            logger.error("Giving up e-mail %s to %s: %s", message.pk, message.to, error_text)
        else:
            delay = RETRY_DELAYS[attempts - 1]
            status, next_attempt = (
                OutboundEmail.Status.QUEUED,
                timezone.now() + timedelta(minutes=delay),
            )
            logger.warning(
                "E-mail %s to %s failed (attempt %s), retrying in %s min: %s",
                message.pk,
                message.to,
                attempts,
                delay,
                error_text,
            )
        OutboundEmail.objects.filter(pk=message.pk).update(
            status=status, attempts=attempts, last_error=error_text, next_attempt_at=next_attempt
        )
        if status == OutboundEmail.Status.QUEUED:
            message.next_attempt_at = next_attempt
            schedule(message)
        return False
    # Sent: the text may hold a personal link, which should not outlive its delivery.
    OutboundEmail.objects.filter(pk=message.pk).update(
        status=OutboundEmail.Status.SENT,
        attempts=attempts,
        sent_at=timezone.now(),
        last_error="",
        text_body="",
        html_body="",
    )
    return True
