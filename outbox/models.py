"""Outgoing e-mail, kept in the database until it has been sent.

A message is queued in the same transaction as the change it reports, so that
nothing is announced that was not saved, and nothing saved goes unannounced: if
the mail server fails, the message stays queued and is tried again.

A message's text may hold a personal link: it is emptied once the message is sent,
and the admin never shows it.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import one_of


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed for good")


# A message claimed for sending by a process that then died is tried again after this long.
CLAIM_TIMEOUT = timedelta(minutes=10)


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now):
        queued = Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now)
        abandoned = Q(status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        return self.filter(queued | abandoned)


class OutboundEmail(models.Model):
    Status = EmailStatus

    key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Makes queuing idempotent: a second message with the same key is not queued."),
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed for sending"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [one_of("status", EmailStatus, "outboundemail_status_valid")]

    def __str__(self):
        return f"{self.subject} → {self.to}"
