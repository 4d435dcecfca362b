"""Queue e-mail with the change it reports; send it once that change is committed."""

import contextvars
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

# Minutes to wait after each failed attempt; after the last one the message is given up.
RETRY_DELAYS = [1, 5, 15, 60, 180, 720]
BATCH = 50

# Inside a request, queued messages are sent after the response has gone to the client, so
# that a page never waits on the mail server, nor shows by its timing whether it sent mail.
_in_request = contextvars.ContextVar("mailer_in_request", default=False)
_pending = contextvars.ContextVar("mailer_pending", default=False)


def queue_email(
    *, to: str, template: str, context: dict, language: str | None = None, key: str | None = None
) -> OutboundEmail | None:
    """Render ``template``.txt/.html/_subject.txt and queue the message.

    Call it inside the transaction that makes the change the message reports. The message is
    sent after the response, once the transaction has committed. With ``key``, queuing the
    same message twice queues it once. Returns the message, or None if it was queued before.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
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
    transaction.on_commit(_after_commit)
    return message


def _after_commit():
    if _in_request.get():
        _pending.set(True)
    else:
        _send_safely()


def send_due(now=None) -> tuple[int, int]:
    """Send the messages that are due. Returns (sent, failed attempts)."""
    now = now or timezone.now()
    sent = failed = 0
    with transaction.atomic():
        due = OutboundEmail.objects.due(now).order_by("next_attempt_at", "pk")
        # On PostgreSQL, two nodes flushing at once skip each other's messages.
        due = due.select_for_update(skip_locked=True) if _skip_locked_supported() else due
        for message in list(due[:BATCH]):
            if _send(message, now):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _send(message: OutboundEmail, now) -> bool:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    message.attempts += 1
    try:
        email.send()
    except Exception as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts > len(RETRY_DELAYS):
            message.status = OutboundEmail.Status.FAILED
            logger.error(
                "Giving up e-mail %s to %s: %s", message.pk, message.to, message.last_error
            )
        else:
            delay = RETRY_DELAYS[message.attempts - 1]
            message.next_attempt_at = now + timedelta(minutes=delay)
            logger.warning(
                "E-mail %s to %s failed (attempt %s), retrying in %s min: %s",
                message.pk,
                message.to,
                message.attempts,
                delay,
                message.last_error,
            )
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    message.status = OutboundEmail.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return True


def _skip_locked_supported() -> bool:
    from django.db import connection

    return connection.features.has_select_for_update_skip_locked


def request_started(**kwargs):
    _in_request.set(True)


def flush_after_response(**kwargs):
    """Send what this request queued, once its response has gone to the client."""
    _in_request.set(False)
    if _pending.get():
        _pending.set(False)
        _send_safely()


def _send_safely():
    try:
        send_due()
    except Exception:
        logger.exception("Sending queued e-mail failed; it will be retried.")
