"""The programme's work: its taxonomy, the Actions and what they achieved.

Region, ThematicArea and SpecificArea are the programme's own taxonomy.
An Action answers a partner institution's request through a series of
Activities; an Outcome is a result an Action produced in one country.
Their texts are in English, French and Spanish (``translation.py``, which also keeps
their history).
"""

from collections import Counter

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.addresses import address
from core.models import (
    PublishableModel,
    PublishableQuerySet,
    country_codes,
    ends_after_start,
    one_of,
)
from core.translation import in_every_language
from pagecache.content import ShownOnPublicPages


class RegionQuerySet(models.QuerySet):
    def for_country(self, country):
        """The regions that list ``country`` (an ISO code or a Country)."""
        return self.filter(countries__contains=str(country))


class Region(ShownOnPublicPages, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    summary = models.TextField(
        _("factsheet summary"),
        blank=True,
        help_text=_("The opening text of the factsheet."),
    )
    facts = models.TextField(
        _("the programme's figures"),
        blank=True,
        help_text=_(
            "Figures for the whole programme in the region, as MIEUX reported them (not what "
            "this site documents): one per line, shown as a list."
        ),
    )
    facts_source = models.CharField(
        _("source of the figures"),
        max_length=255,
        blank=True,
        help_text=_("Where they come from, e.g. the programme's regional factsheet of 2018."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        # A constraint rather than unique=True: each language's name is unique in turn, while
        # the history may hold the same name many times.
        constraints = [models.UniqueConstraint(fields=["name"], name="region_name_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("regions:detail", slug=self.slug)


class ThematicArea(ShownOnPublicPages, models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        constraints = [models.UniqueConstraint(fields=["name"], name="thematicarea_name_unique")]

    def __str__(self):
        return self.name


class SpecificArea(ShownOnPublicPages, models.Model):
    """A label of the programme's taxonomy, written "CODE - Label"."""

    code = models.CharField(
        _("code"), max_length=10, help_text=_("The group code, e.g. LM, IMT or HO.")
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("specific area")
        verbose_name_plural = _("specific areas")
        constraints = [
            models.UniqueConstraint(fields=["code", "name"], name="specificarea_code_name_unique"),
        ]

    def __str__(self):
        return f"{self.code} - {self.name}"


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Government agency")
    PARLIAMENT = "parliament", _("Parliament")
    JUDICIARY = "judiciary", _("Judiciary")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")
    INTERNATIONAL_ORGANISATION = (
        "international_organisation",
        _("International organisation"),
    )
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class Institution(ShownOnPublicPages, models.Model):
    Kind = InstitutionKind

    name = models.CharField(
        _("official name"),
        max_length=255,
        help_text=_("As the institution writes it, in its own language."),
    )
    translated_name = models.CharField(
        _("translated name"),
        max_length=255,
        blank=True,
        help_text=_("Optional: the name in this language, shown beside the official one."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("Leave empty for regional and international organisations."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.AGENCY)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            one_of("kind", InstitutionKind, "institution_kind_valid"),
            models.UniqueConstraint(
                fields=["name", "country"], name="institution_name_country_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def public_name(self) -> str:
        """The official name, with its translation in the page's language where there is one."""
        translated = self.translated_name
        if translated and translated != self.name:
            return f"{self} – {translated}"
        return str(self)


class ActionQuerySet(PublishableQuerySet):
    def for_country(self, country):
        """Actions in which ``country`` (an ISO code or a Country) is a partner."""
        return self.filter(countries__contains=str(country))

    def in_region(self, region):
        return self.filter(region=region)

    def as_cards(self):
        """With only what an Action's card shows (``includes/action_card.html``)."""
        shown = ("slug", "title", "summary", "status", "countries", "start_date", "end_date")
        return self.select_related("region", "thematic_area").only(
            *shown, "region__slug", *in_every_language("region__name", "thematic_area__name")
        )

    def active_in(self, year: int):
        """Actions that ran at some point during ``year``."""
        return self.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )

    def with_related(self):
        return self.select_related("region", "thematic_area").prefetch_related(
            "specific_areas", "requesting_institutions", "beneficiary_institutions"
        )

    def country_counts(self) -> Counter:
        """How many of these Actions each partner country (ISO code) takes part in."""
        return Counter(
            code
            for value in self.values_list("countries", flat=True)
            for code in country_codes(value)
        )


class ActionStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class Action(ShownOnPublicPages, PublishableModel):
    """The unit of work: a peer-to-peer capacity-building project."""

    Status = ActionStatus

    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_('For example "The Philippines I" or "Southeast Asia".'),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("region"),
    )
    countries = CountryField(
        _("partner countries"),
        multiple=True,
        help_text=_("One country, or several for a regional Action."),
    )
    requesting_institutions = models.ManyToManyField(
        Institution,
        related_name="requested_actions",
        blank=True,
        verbose_name=_("requesting institutions"),
    )
    beneficiary_institutions = models.ManyToManyField(
        Institution,
        related_name="benefiting_actions",
        blank=True,
        verbose_name=_("beneficiary institutions"),
    )
    thematic_area = models.ForeignKey(
        ThematicArea,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("thematic area"),
    )
    specific_areas = models.ManyToManyField(
        SpecificArea,
        related_name="actions",
        blank=True,
        verbose_name=_("specific areas"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    start_date = models.DateField(
        _("start"), help_text=_("The month it started (the day is ignored).")
    )
    end_date = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("The month it ended; empty while it runs or where the month is unknown."),
    )
    dates_note = models.CharField(
        _("note on the dates"),
        max_length=255,
        blank=True,
        help_text=_("For example where sources disagree on the end month."),
    )
    expert_countries = CountryField(_("experts' countries"), multiple=True, blank=True)
    expert_sectors = models.CharField(
        _("experts' sectors"),
        max_length=255,
        blank=True,
        help_text=_("For example: public administration, academic sector."),
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    description = models.TextField(_("description"), blank=True)
    results = models.TextField(_("results and outputs"), blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("Action")
        verbose_name_plural = _("Actions")
        constraints = [
            one_of("status", ActionStatus, "action_status_valid"),
            ends_after_start(
                "start_date", "end_date", "action_ends_after_start", format="YEAR_MONTH_FORMAT"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("actions:detail", slug=self.slug)


class ActivityKind(models.TextChoices):
    IDENTIFICATION_MISSION = "identification_mission", _("Identification mission")
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    STUDY_VISIT = "study_visit", _("Study visit")
    CAMPAIGN = "campaign", _("Awareness campaign")
    DRAFTING = "drafting", _("Drafting of a policy, protocol or handbook")
    OTHER = "other", _("Other")


class Activity(ShownOnPublicPages, models.Model):
    """One step of an Action: a mission, a seminar, a study visit..."""

    Kind = ActivityKind

    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("Action"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    place = models.CharField(_("place"), max_length=150, blank=True)
    country = CountryField(_("country"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["action", "number"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "number"], name="activity_action_number_unique"
            ),
            one_of("kind", ActivityKind, "activity_kind_valid"),
            ends_after_start("start_date", "end_date", "activity_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return f"{self.action.get_absolute_url()}#activity-{self.number}"


class OutcomeQuerySet(PublishableQuerySet):
    def for_country(self, country):
        return self.filter(country=str(country))

    def country_counts(self) -> Counter:
        return Counter(
            dict(self.order_by().values_list("country").annotate(total=models.Count("pk")))
        )

    def for_action(self, action):
        return self.filter(actions=action)

    def in_region(self, region):
        """Results reported in the countries of ``region``."""
        return self.filter(country__in=[country.code for country in region.countries])

    def with_related(self):
        return self.prefetch_related("actions")


class OutcomeKind(models.TextChoices):
    NETWORK = "network", _("Network or partnership")
    POLICY = "policy", _("Law, protocol or policy change")
    COORDINATION = "coordination", _("Inter-institutional coordination")
    TOOL = "tool", _("Operational tool")
    CAPACITY = "capacity", _("Knowledge and capacity")
    COMMUNICATION = "communication", _("Communication")


class OutcomeStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    IN_PROGRESS = "in_progress", _("In progress")
    PENDING = "pending", _("Pending")


class Outcome(ShownOnPublicPages, PublishableModel):
    """A result that one or more Actions produced in one country."""

    Kind = OutcomeKind
    Status = OutcomeStatus

    code = models.SlugField(
        _("reference"),
        max_length=50,
        help_text=_("A short reference, unique within the country, e.g. nmdwg-convened."),
    )
    country = CountryField(_("country"))
    title = models.CharField(_("title"), max_length=255)
    actions = models.ManyToManyField(
        Action,
        related_name="outcomes",
        blank=True,
        verbose_name=_("Actions"),
        help_text=_("The Action or Actions behind it, where known."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACHIEVED
    )
    description = models.TextField(_("description"))
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("Who reported it, where, and what shows it."),
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="outcome_country_code_unique"),
            one_of("kind", OutcomeKind, "outcome_kind_valid"),
            one_of("status", OutcomeStatus, "outcome_status_valid"),
        ]

    def __str__(self):
        return f"{self.country.name}: {self.title}"

    @property
    def anchor(self) -> str:
        """The id of its entry on any page, unique even where several countries' results meet."""
        return f"outcome-{self.country.code.lower()}-{self.code}"

    def get_absolute_url(self):
        return address("countries:detail", code=self.country.code.lower()) + f"#{self.anchor}"
