"""The tour of regional round-tables and who took part in each.

A RoundTable gathers Participants. What participants write afterwards is in
``reflections``; what staff draw from a round-table, in ``findings``.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actions.models import Institution, Outcome, Region, ThematicArea
from core.addresses import address
from core.dates import DatePrecision, date_range
from core.models import (
    PublishableModel,
    PublishableQuerySet,
    RuleConstraint,
    TimeStampedModel,
    country_codes,
    ends_after_start,
    one_of,
)
from pagecache.content import ShownOnPublicPages


@dataclass
class Tally:
    """How many round-tables, and how many of them list each country (ISO code)."""

    number: int = 0
    countries: Counter = field(default_factory=Counter)


class RoundTableQuerySet(PublishableQuerySet):
    def held(self):
        return self.filter(status=RoundTable.Status.HELD)

    def planned(self):
        return self.filter(status=RoundTable.Status.PLANNED)

    def not_cancelled(self):
        """Held or planned: the round-tables that count for the countries they list."""
        return self.exclude(status=RoundTable.Status.CANCELLED)

    def for_country(self, country):
        """Round-tables that list ``country``: it took part in those held, is invited to those
        planned."""
        return self.filter(countries__contains=str(country))

    def in_region(self, region):
        return self.filter(region=region)

    def with_related(self):
        return self.select_related("region", "host_institution").prefetch_related("thematic_areas")

    def country_counts(self) -> Counter:
        """How many of these round-tables list each country (ISO code). Of round-tables
        ``held()``: how many each country took part in."""
        return Counter(
            code
            for value in self.values_list("countries", flat=True)
            for code in country_codes(value)
        )

    def tally(self) -> dict[str, "Tally"]:
        """For each status, how many of these round-tables there are and how many of them list
        each country (``country_counts()``), in one query."""
        tallies = {status: Tally() for status in RoundTableStatus.values}
        for status, value in self.values_list("status", "countries"):
            tallies[status].number += 1
            tallies[status].countries.update(country_codes(value))
        return tallies

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


class RoundTable(ShownOnPublicPages, PublishableModel):
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
    countries = CountryField(
        _("countries"),
        multiple=True,
        blank=True,
        help_text=_("While it is planned, the countries invited; once held, those that took part."),
    )
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

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("round-table")
        verbose_name_plural = _("round-tables")
        constraints = [
            one_of("status", RoundTableStatus, "roundtable_status_valid"),
            one_of("date_precision", DatePrecision, "roundtable_date_precision_valid"),
            ends_after_start("start_date", "end_date", "roundtable_ends_after_start"),
            RuleConstraint(
                condition=~Q(status="held") | Q(start_date__isnull=False),
                field="start_date",
                name="roundtable_held_has_dates",
                violation_error_message=_("A round-table that was held needs its start date."),
            ),
            RuleConstraint(
                condition=Q(status="held") | Q(start_date__isnull=False) | ~Q(approximate_date=""),
                field="approximate_date",
                name="roundtable_has_some_date",
                violation_error_message=_(
                    "Give the start date or, while planned, an approximate date."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("roundtables:detail", slug=self.slug)

    def clean(self):
        super().clean()
        if (
            self.status == self.Status.HELD
            and self.start_date
            and self.date_precision == self.DatePrecision.DAY
            and self.approximate_date
        ):
            raise ValidationError(
                {
                    "approximate_date": _(
                        "The exact days are known: clear the approximate date, which would be "
                        "shown instead of them."
                    )
                }
            )

    @property
    def is_planned(self):
        return self.status == self.Status.PLANNED

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

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
        """The dates as people write them, in the page's language: "5–6 March 2018",
        "5 y 6 de marzo de 2018", "July 2018", "late May 2018"."""
        if self.approximate_date:
            return self.approximate_date
        if not self.start_date:
            return ""
        if self.date_precision == self.DatePrecision.MONTH:
            return date_format(self.start_date, "YEAR_MONTH_FORMAT")
        return date_range(self.start_date, self.end_date)


def report_outcome_at(outcome, roundtables, *, reason: str = "") -> None:
    """Record that ``outcome`` was reported at ``roundtables`` (and at no other). Changed from
    each round-table's side, so that the round-table's history shows the change."""
    current = set(outcome.reported_at.all())
    wanted = set(roundtables)
    for roundtable, change in [(rt, "add") for rt in wanted - current] + [
        (rt, "remove") for rt in current - wanted
    ]:
        roundtable._change_reason = reason or None
        getattr(roundtable.reported_outcomes, change)(outcome)


class ParticipantQuerySet(models.QuerySet):
    def for_country(self, country):
        return self.filter(country=str(country))

    def with_related(self):
        return self.select_related("roundtable", "institution")

    def count_by_role(self) -> list[tuple["ParticipantRole", str]]:
        """[(role, how many took part)] in the order of the roles, for the roles present: a
        number, or "several" where an entry stands for a team whose members are not listed."""
        counts = {
            role: (number, several)
            for role, number, several in self.order_by()
            .values_list("role")
            .annotate(number=Count("pk"), several=Count("pk", filter=Q(stands_for_several=True)))
        }
        return [
            (role, str(_("several")) if counts[role][1] else str(counts[role][0]))
            for role in ParticipantRole
            if role in counts
        ]


class ParticipantRole(models.TextChoices):
    DELEGATE = "delegate", _("Government delegate")
    EXPERT = "expert", _("Expert")
    PROGRAMME_TEAM = "programme_team", _("Programme team")
    OBSERVER = "observer", _("Observer")


class Attribution(models.TextChoices):
    NAMED = "named", _("By name, position and country")
    ROLE = "role", _("By role and country only")
    ANONYMOUS = "anonymous", _("Anonymously")


class Participant(ShownOnPublicPages, TimeStampedModel):
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
    stands_for_several = models.BooleanField(
        _("stands for several people"),
        default=False,
        help_text=_(
            "One entry for a team or delegation whose members are not listed one by one, such "
            "as the MIEUX team: counted as “several”, not as one."
        ),
    )
    email = models.EmailField(_("e-mail address"), blank=True, help_text=_("Never shown publicly."))
    attribution = models.CharField(
        _("public attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.ROLE,
        help_text=_("Offered first when this person writes a reflection, which sets its own."),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Of the e-mail this person receives and of the reflection form it opens. Left "
            "empty, the main language of their country."
        ),
    )

    objects = ParticipantQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["roundtable", "country", "role", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        permissions = [("view_participant_email", _("Can see participants' e-mail addresses"))]
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

    @staticmethod
    def emails_visible_to(user) -> bool:
        """Whether ``user`` may see participants' e-mail addresses (Editors and Moderators,
        not Viewers)."""
        return user.has_perm("roundtables.view_participant_email")

    @classmethod
    def duplicate_email_message(cls) -> str:
        """What staff are told when an address is entered twice for one round-table."""
        return next(
            constraint.violation_error_message
            for constraint in cls._meta.constraints
            if constraint.name == "participant_email_unique_per_roundtable"
        )

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.language = self.language or language_of(self.country)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()


# Partner countries whose administrations work in French or Spanish; the others, in English.
# fmt: off
FRENCH_SPEAKING = {
    "BE", "BF", "BI", "BJ", "CD", "CF", "CG", "CH", "CI", "CM", "DJ", "DZ", "FR", "GA", "GN", "HT",
    "KM", "LB", "LU", "MA", "MC", "MG", "ML", "MR", "NE", "RW", "SC", "SN", "TD", "TG", "TN",
}
SPANISH_SPEAKING = {
    "AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "ES", "GQ", "GT", "HN", "MX", "NI", "PA", "PE",
    "PY", "SV", "UY", "VE",
}
# fmt: on


def language_of(country) -> str:
    """The site's language closest to the one ``country`` (a code or Country) works in."""
    code = str(country or "")
    if code in FRENCH_SPEAKING:
        return "fr"
    if code in SPANISH_SPEAKING:
        return "es"
    return settings.LANGUAGE_CODE
