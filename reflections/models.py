"""What participants write about the programme, and the personal links that let them.

A participant of a round-table receives a personal link (an Invitation) and writes one
Reflection; the public reads it only once a moderator has approved it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.models import Action
from core.countries import country_name
from core.models import RuleConstraint, TimeStampedModel, one_of
from core.translation import in_every_language
from pagecache.content import ShownOnPublicPages
from roundtables.models import Attribution, Participant, RoundTableStatus

ANSWER_MAX_LENGTH = 5000


class ReflectionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Reflection.Status.APPROVED)

    def public(self):
        """Approved reflections on published round-tables that were held: what the public may
        read."""
        return self.approved().filter(
            participant__roundtable__is_published=True,
            participant__roundtable__status=RoundTableStatus.HELD,
        )

    def awaiting_moderation(self):
        return self.filter(status=Reflection.Status.SUBMITTED).order_by("submitted_at", "pk")

    def for_roundtable(self, roundtable):
        return self.filter(participant__roundtable=roundtable)

    def for_country(self, country):
        """Reflections whose authors let their country be shown (not the anonymous ones)."""
        return self.filter(participant__country=str(country)).exclude(
            attribution=Attribution.ANONYMOUS
        )

    def with_related(self):
        return self.select_related(
            "participant", "participant__roundtable", "participant__institution"
        )

    def as_shown(self):
        """With only what a public page shows of each reflection: its answers, and who wrote
        it as they chose to be shown. Neither the e-mail address nor the moderation is read."""
        return self.select_related("participant__roundtable", "participant__institution").only(
            "language",
            "attribution",
            *Reflection.QUESTIONS,
            *(f"public_{name}" for name in Reflection.QUESTIONS),
            "participant__name",
            "participant__position",
            "participant__country",
            "participant__role",
            "participant__roundtable__slug",
            *in_every_language("participant__roundtable__title"),
            "participant__institution__name",
            "participant__institution__acronym",
        )


class ReflectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReflectionLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")


class Reflection(ShownOnPublicPages, TimeStampedModel):
    """What a participant writes about the programme. Public only once approved."""

    Status = ReflectionStatus
    Language = ReflectionLanguage

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="reflection",
        verbose_name=_("participant"),
    )
    meaning = models.TextField(
        _("What the programme means to you"), max_length=ANSWER_MAX_LENGTH, blank=True
    )
    engagement = models.TextField(
        _("How and why your institution engaged"), max_length=ANSWER_MAX_LENGTH, blank=True
    )
    results = models.TextField(
        _("What results it brought to your institution and country"),
        max_length=ANSWER_MAX_LENGTH,
        blank=True,
    )
    benefits = models.TextField(
        _("How your government benefits today"), max_length=ANSWER_MAX_LENGTH, blank=True
    )
    # What the public reads, where a moderator has redacted an answer; the original is kept.
    public_meaning = models.TextField(_("published text: meaning"), blank=True)
    public_engagement = models.TextField(_("published text: engagement"), blank=True)
    public_results = models.TextField(_("published text: results"), blank=True)
    public_benefits = models.TextField(_("published text: benefits"), blank=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Counts the author's saves; guards against lost edits."),
    )
    related_actions = models.ManyToManyField(
        Action,
        related_name="reflections",
        blank=True,
        verbose_name=_("related Actions"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    attribution = models.CharField(
        _("public attribution"),
        max_length=20,
        choices=Participant.Attribution.choices,
        default=Participant.Attribution.ROLE,
    )
    consent = models.BooleanField(_("consent to publication"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = ReflectionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            one_of("status", ReflectionStatus, "reflection_status_valid"),
            one_of("language", ReflectionLanguage, "reflection_language_valid"),
            one_of("attribution", Attribution, "reflection_attribution_valid"),
            RuleConstraint(
                condition=~Q(status="approved") | Q(consent=True),
                field="consent",
                name="reflection_approved_has_consent",
                violation_error_message=_(
                    "A reflection can only be approved with the author's consent."
                ),
            ),
        ]

    def __str__(self):
        return _("Reflection by %(participant)s") % {"participant": self.participant}

    QUESTIONS = ("meaning", "engagement", "results", "benefits")

    @property
    def answers(self) -> list[tuple[str, str]]:
        """(question, answer) as the author wrote them."""
        return answers_of({name: getattr(self, name) for name in self.QUESTIONS})

    @property
    def public_answers(self) -> list[tuple[str, str]]:
        """(question, answer) as published: the moderator's redaction where there is one."""
        return answers_of(
            {
                name: getattr(self, f"public_{name}").strip() or getattr(self, name)
                for name in self.QUESTIONS
            }
        )

    @property
    def is_redacted(self) -> bool:
        """Whether a moderator edited any of the texts the public reads."""
        return any(
            getattr(self, f"public_{name}").strip()
            and getattr(self, f"public_{name}").strip() != getattr(self, name).strip()
            for name in self.QUESTIONS
        )

    @property
    def is_open(self) -> bool:
        """Whether the author may still change it: until a moderator decides."""
        return self.status in {
            ReflectionStatus.DRAFT,
            ReflectionStatus.SUBMITTED,
            ReflectionStatus.WITHDRAWN,
        }

    @property
    def affects_public_pages(self) -> bool:
        """Only an approved reflection is shown; saving a draft leaves the public pages alone."""
        return self.status == ReflectionStatus.APPROVED

    @property
    def public_attribution(self) -> str:
        """Who wrote it, as the author chose to be shown. Never the e-mail address."""
        participant = self.participant
        country = country_name(participant.country) if participant.country else ""
        if self.attribution == Attribution.ANONYMOUS:
            return str(_("A participant"))
        if self.attribution == Attribution.NAMED and participant.name:
            parts = [participant.name, participant.position, participant.institution, country]
        else:
            parts = [participant.get_role_display(), country]
        return ", ".join(str(part) for part in parts if part)


def answers_of(texts: dict) -> list[tuple[str, str]]:
    """(question, answer) for each answered guiding question, in the order of the form."""
    return [
        (Reflection._meta.get_field(name).verbose_name, texts[name].strip())
        for name in Reflection.QUESTIONS
        if texts.get(name, "").strip()
    ]


class InvitationQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """A personal link to the reflection form. Only a hash of its token is stored."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("participant"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return _("Link for %(participant)s") % {"participant": self.participant}


class ReflectionAwaitingModeration(Reflection):
    """The moderation queue: submitted reflections, oldest first (an admin view of Reflection)."""

    class Meta:
        proxy = True
        ordering = ["submitted_at", "pk"]
        verbose_name = _("reflection awaiting moderation")
        verbose_name_plural = _("moderation queue")
