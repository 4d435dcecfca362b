"""What staff draw from the round-tables for the good-practices publication."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from actions.models import Outcome, ThematicArea
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
        return reverse("good_practices:list") + f"#{self.slug}"
