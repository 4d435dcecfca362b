"""What staff draw from the round-tables for the good-practices publication, and the
programme's publications that the round-tables fed."""

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from actions.models import Outcome, ThematicArea
from core.addresses import address
from core.dates import DatePrecision
from core.models import PublishableModel, PublishableQuerySet, one_of
from pagecache.content import ShownOnPublicPages
from reflections.models import Reflection
from roundtables.models import RoundTable


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


class Finding(ShownOnPublicPages, PublishableModel):
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

    class Meta:
        ordering = ["roundtable", "kind", "title"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [one_of("kind", FindingKind, "finding_kind_valid")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("good_practices:detail", slug=self.slug)


LANGUAGE_CODES = {code for code, _name in global_settings.LANGUAGES}


def validate_language_codes(value: str) -> None:
    unknown = [code for code in _codes(value) if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use codes such as en, fr, es, pt.")
            % {"codes": ", ".join(unknown)}
        )


def _codes(value: str) -> list[str]:
    return [code.strip().lower() for code in value.split(",") if code.strip()]


class Publication(ShownOnPublicPages, PublishableModel):
    """A publication of the programme that the round-tables fed, such as "Building Bridges"."""

    DatePrecision = DatePrecision

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    issued = models.DateField(_("published on"))
    issued_precision = models.CharField(
        _("precision of the publication date"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    launched = models.DateField(
        _("launched on"), null=True, blank=True, help_text=_("The day of its launch event.")
    )
    launch = models.CharField(
        _("launch event"), max_length=200, blank=True, help_text=_("E.g. “online launch”.")
    )
    languages = models.CharField(
        _("languages"),
        max_length=50,
        blank=True,
        validators=[validate_language_codes],
        help_text=_("The languages it is published in, as codes separated by commas: en,fr,es."),
    )
    url = models.URLField(_("where to read it"), blank=True)
    roundtables = models.ManyToManyField(
        RoundTable,
        related_name="publications",
        blank=True,
        verbose_name=_("round-tables it draws on"),
    )

    class Meta:
        ordering = ["-issued", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            one_of("issued_precision", DatePrecision, "publication_issued_precision_valid")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("publications:detail", slug=self.slug)

    @property
    def issued_on(self) -> str:
        """When it came out, as precisely as known: "December 2020", "11 June 2019"."""
        if self.issued_precision == DatePrecision.MONTH:
            return date_format(self.issued, "YEAR_MONTH_FORMAT")
        return date_format(self.issued)

    @property
    def title_language(self) -> str:
        """The language of its official title: the first it is published in."""
        return next(iter(_codes(self.languages)), "en")

    @property
    def language_names(self) -> str:
        """The names of its languages, in the page's language: "English, French and Spanish"."""
        names = [str(get_language_info(code)["name_translated"]) for code in _codes(self.languages)]
        if not (get_language() or "en").startswith("en"):
            names = [name.lower() for name in names]  # "en anglais", "en inglés"
        if len(names) < 2:
            return "".join(names)
        # Translators: the last two of a list, e.g. "English, French and Spanish".
        return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
