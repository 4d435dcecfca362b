"""The tour of regional round-tables, who took part, and what came out of it.

A RoundTable gathers Participants; each participant may send one Reflection,
which the public sees only once a moderator approves it. Staff extract
Findings (good practices, lessons learnt...) from what was said.
"""

from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actions.models import Action, Institution, Outcome, Region, ThematicArea
from core.models import (
    PublishableModel,
    PublishableQuerySet,
    TimeStampedModel,
    country_codes,
    date_range_errors,
    ends_after_start,
    one_of,
)


class RoundTableQuerySet(PublishableQuerySet):
    def held(self):
        return self.filter(status=RoundTable.Status.HELD)

    def planned(self):
        return self.filter(status=RoundTable.Status.PLANNED)

    def for_country(self, country):
        """Round-tables that ``country`` took part in."""
        return self.filter(countries__contains=str(country))

    def in_region(self, region):
        return self.filter(region=region)

    def with_related(self):
        return self.select_related("region", "host_institution").prefetch_related("thematic_areas")

    def country_counts(self) -> Counter:
        """How many of these round-tables each country (ISO code) took part in."""
        return Counter(
            code
            for value in self.values_list("countries", flat=True)
            for code in country_codes(value)
        )

    def with_result_counts(self):
        """Annotate ``result_total`` and ``result_country_total``: published outcomes reported."""
        published = Q(reported_outcomes__is_published=True)
        # An aggregate drops Meta.ordering: keep the tour's order explicitly.
        return self.order_by("position", "title").annotate(
            result_total=Count("reported_outcomes", filter=published, distinct=True),
            result_country_total=Count(
                "reported_outcomes__country", filter=published, distinct=True
            ),
        )

    def related_to_action(self, action):
        """Round-tables where the Action's outcomes were reported, or in its region with a
        partner country taking part."""
        shares_a_country = Q(pk__in=[])
        for country in action.countries:
            shares_a_country |= Q(countries__contains=country.code)
        return self.filter(
            Q(reported_outcomes__actions=action) | (Q(region=action.region_id) & shares_a_country)
        ).distinct()


class RoundTableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days")
    MONTH = "month", _("Month only")


class RoundTable(PublishableModel):
    Status = RoundTableStatus
    DatePrecision = DatePrecision

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(
        _("place in the tour"),
        default=1,
        help_text=_("1 for the first stop of the tour, 2 for the next..."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="roundtables",
        verbose_name=_("region"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    city = models.CharField(_("city"), max_length=100)
    host_country = CountryField(_("host country"))
    host_institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_roundtables",
        verbose_name=_("co-hosting institution"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the dates"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Choose 'month only' when the exact days are not known."),
    )
    approximate_date = models.CharField(
        _("approximate date"),
        max_length=100,
        blank=True,
        help_text=_('While dates are not fixed, e.g. "late May 2018". Shown instead of the dates.'),
    )
    countries = CountryField(_("participating countries"), multiple=True, blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        related_name="roundtables",
        blank=True,
        verbose_name=_("thematic areas"),
    )
    focus = models.CharField(
        _("thematic focus"),
        max_length=255,
        blank=True,
        help_text=_("In a few words, e.g. labour migration; trafficking in human beings."),
    )
    summary = models.TextField(_("summary"), blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_outcomes = models.ManyToManyField(
        Outcome,
        related_name="reported_at",
        blank=True,
        verbose_name=_("outcomes reported"),
        help_text=_("The results that participants reported at this round-table."),
    )

    objects = RoundTableQuerySet.as_manager()

    history = HistoricalRecords(
        excluded_fields=["updated_at"], m2m_fields=["thematic_areas", "reported_outcomes"]
    )

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("round-table")
        verbose_name_plural = _("round-tables")
        constraints = [
            one_of("status", RoundTableStatus, "roundtable_status_valid"),
            one_of("date_precision", DatePrecision, "roundtable_date_precision_valid"),
            ends_after_start("start_date", "end_date", "roundtable_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(start_date__isnull=False),
                name="roundtable_held_has_dates",
                violation_error_message=_("A round-table that was held needs its start date."),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=False) | ~Q(approximate_date=""),
                name="roundtable_has_some_date",
                violation_error_message=_(
                    "Give the start date or, while planned, an approximate date."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roundtables:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = date_range_errors(self.start_date, self.end_date)
        if self.status == self.Status.HELD and not self.start_date:
            errors["start_date"] = _("A round-table that was held needs its start date.")
        elif not self.start_date and not self.approximate_date:
            errors["approximate_date"] = _(
                "Give the start date or, while planned, an approximate date."
            )
        elif (
            self.status == self.Status.HELD
            and self.date_precision == self.DatePrecision.DAY
            and self.approximate_date
        ):
            errors["approximate_date"] = _(
                "The exact days are known: clear the approximate date, which would be shown "
                "instead of them."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def has_approximate_date(self):
        return bool(self.approximate_date)

    @property
    def machine_date(self) -> str:
        """The start as a <time> value: "2018-03-05", or "2018-07" when only the month is known."""
        if not self.start_date or self.approximate_date:
            return ""
        if self.date_precision == self.DatePrecision.MONTH:
            return self.start_date.strftime("%Y-%m")
        return self.start_date.isoformat()

    @property
    def when(self) -> str:
        """The dates as people write them: "5–6 March 2018", "July 2018", "late May 2018"."""
        if self.approximate_date:
            return self.approximate_date
        if not self.start_date:
            return ""
        if self.date_precision == self.DatePrecision.MONTH:
            return date_format(self.start_date, "YEAR_MONTH_FORMAT")
        start, end = self.start_date, self.end_date
        if not end or end == start:
            return date_format(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{date_format(end)}"
        if start.year == end.year:
            return f"{date_format(start, 'MONTH_DAY_FORMAT')} – {date_format(end)}"
        return f"{date_format(start)} – {date_format(end)}"


class ParticipantQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=str(country))

    def with_related(self):
        return self.select_related("roundtable", "institution")

    def count_by_role(self):
        """[(role, number of participants)] in the order of the roles, for the roles present."""
        counts = dict(self.order_by().values_list("role").annotate(number=Count("pk")))
        return [(role, counts[role]) for role in ParticipantRole if counts.get(role)]


class ParticipantRole(models.TextChoices):
    DELEGATE = "delegate", _("Government delegate")
    EXPERT = "expert", _("Expert")
    PROGRAMME_TEAM = "programme_team", _("Programme team")
    OBSERVER = "observer", _("Observer")


class Attribution(models.TextChoices):
    NAMED = "named", _("By name, position and country")
    ROLE = "role", _("By role and country only")
    ANONYMOUS = "anonymous", _("Anonymously")


class Participant(TimeStampedModel):
    """A person at one round-table. Their e-mail address is never shown publicly."""

    Role = ParticipantRole
    Attribution = Attribution

    roundtable = models.ForeignKey(
        RoundTable,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("round-table"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(
        pgettext_lazy("job", "position"), max_length=200, blank=True, help_text=_("Job title.")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("institution"),
    )
    country = CountryField(_("country"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.DELEGATE)
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("Never shown publicly."))
    attribution = models.CharField(
        _("public attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.ROLE,
        help_text=_("Offered first when this person writes a reflection, which sets its own."),
    )
    language = models.CharField(
        _("language for e-mail"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the invitation and of the messages about the reflection."),
    )

    objects = ParticipantQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["roundtable", "country", "role", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "roundtable",
                condition=~Q(email=""),
                name="participant_email_unique_per_roundtable",
                violation_error_message=_(
                    "This e-mail address is already registered at this round-table."
                ),
            ),
            one_of("role", ParticipantRole, "participant_role_valid"),
            one_of("attribution", Attribution, "participant_attribution_valid"),
        ]

    def __str__(self):
        if self.name:
            return self.name
        where = self.institution or (self.country.name if self.country else "")
        what = self.position or self.get_role_display()
        return ", ".join(str(part) for part in (what, where) if part)

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()


ANSWER_MAX_LENGTH = 5000


class ReflectionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Reflection.Status.APPROVED)

    def public(self):
        """Approved reflections from published round-tables: what the public may read."""
        return self.approved().filter(participant__roundtable__is_published=True)

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


class Reflection(TimeStampedModel):
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
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(consent=True),
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
        country = participant.country.name if participant.country else ""
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


class FindingQuerySet(PublishableQuerySet):
    def public(self):
        """Published findings of published round-tables: what the public may read."""
        return self.published().filter(roundtable__is_published=True)

    def for_country(self, country):
        return self.filter(countries__contains=str(country))

    def with_related(self):
        return self.select_related("roundtable", "roundtable__region").prefetch_related(
            "thematic_areas"
        )


class FindingKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    LESSON_LEARNT = "lesson_learnt", _("Lesson learnt")
    REGIONAL_TREND = "regional_trend", _("Regional trend")
    RECOMMENDATION = "recommendation", _("Recommendation")


class Finding(PublishableModel):
    """What staff extract from a round-table for the good-practices publication."""

    Kind = FindingKind

    roundtable = models.ForeignKey(
        RoundTable,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("round-table"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.GOOD_PRACTICE
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    text = models.TextField(_("text"))
    countries = CountryField(_("countries"), multiple=True, blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        related_name="findings",
        blank=True,
        verbose_name=_("thematic areas"),
    )
    source_outcomes = models.ManyToManyField(
        Outcome, related_name="findings", blank=True, verbose_name=_("source outcomes")
    )
    source_reflections = models.ManyToManyField(
        Reflection,
        related_name="findings",
        blank=True,
        verbose_name=_("source reflections"),
    )

    objects = FindingQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["thematic_areas"])

    class Meta:
        ordering = ["roundtable", "kind", "title"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [one_of("kind", FindingKind, "finding_kind_valid")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("good_practices:list") + f"#{self.slug}"
