"""The tour's datasets: the round-tables and the countries at each, as the public pages show
them."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from actions.models import Outcome
from core.countries import country_name
from core.models import country_codes
from pages.structured_data import exact_days
from roundtables.models import RoundTable, RoundTableStatus

from .dictionary import (
    Dataset,
    column,
    countries,
    country,
    ever_published,
    page,
    slug,
    translated,
    yearmonth,
)
from .programme import slugs


def _roundtables():
    return RoundTable.objects.public().with_related().with_result_counts()


def _days(roundtable):
    """(first day, last day) where the days are known, else (None, None)."""
    if not exact_days(roundtable):
        return None, None
    return roundtable.start_date, roundtable.end_date or roundtable.start_date


ROUNDTABLES = Dataset(
    name="roundtables",
    title=_("Round-tables"),
    description=_(
        "Every round-table of the tour, held, planned or cancelled: where and when, the "
        "countries at it, its thematic focus, summary and report."
    ),
    rows=_roundtables,
    changes=lambda: (ever_published(RoundTable.objects), ["updated_at"]),
    columns=(
        slug(_("The round-table's identifier, as in its address."), "bangkok-2018"),
        translated(
            "title",
            _("Its title."),
            {
                "en": "Regional Round-table for Asia",
                "fr": "Table ronde régionale pour l'Asie",
                "es": "Mesa redonda regional para Asia",
            },
        ),
        column("position", "integer", _("Its place in the tour: 1 for the first stop."), 1),
        column(
            "status",
            "string",
            _("Whether it was held, is planned or was cancelled."),
            "held",
            choices=RoundTableStatus,
            required=True,
        ),
        column(
            "region",
            "string",
            _("The region it is for."),
            "asia",
            get=lambda roundtable: roundtable.region.slug,
            references="regions",
            required=True,
        ),
        translated(
            "city", _("Its city."), {"en": "Mexico City", "fr": "Mexico", "es": "Ciudad de México"}
        ),
        country(
            "host_country",
            _("The host country, as an ISO 3166-1 alpha-2 code."),
            get=lambda roundtable: roundtable.host_country.code,
            required=True,
        ),
        column(
            "host_institution",
            "string",
            _("The institution that co-hosted it, by its official name."),
            "Instituto Nacional de Migración (INM)",
            get=lambda roundtable: str(roundtable.host_institution or ""),
        ),
        column("latitude", "number", _("The latitude of its city (GeoNames)."), 13.7563),
        column("longitude", "number", _("The longitude of its city (GeoNames)."), 100.5018),
        column(
            "start_date",
            "date",
            _("Its first day, where the days are known (not when only the month is)."),
            "2018-03-05",
            get=lambda roundtable: _days(roundtable)[0],
        ),
        column(
            "end_date",
            "date",
            _("Its last day, where the days are known."),
            "2018-03-06",
            get=lambda roundtable: _days(roundtable)[1],
        ),
        column(
            "start_month",
            "yearmonth",
            _("The month it started, or is to start, where known."),
            "2018-03",
            get=lambda roundtable: yearmonth(roundtable.start_date),
        ),
        translated(
            "approximate_date",
            _("While its dates are not fixed, when it is expected, in words."),
            {"en": "late May 2018", "fr": "fin mai 2018", "es": "finales de mayo de 2018"},
        ),
        countries(
            "countries",
            _(
                "The countries that took part (if held) or are invited (if planned), as ISO "
                "3166-1 alpha-2 codes."
            ),
        ),
        column(
            "thematic_areas",
            "list",
            _("Its thematic areas."),
            "legal-migration-mobility,irregular-migration-thb",
            get=lambda roundtable: slugs(roundtable.thematic_areas.all()),
            references="thematic-areas",
        ),
        translated(
            "focus",
            _("Its thematic focus, in a few words."),
            {"en": "Labour migration; trafficking in human beings"},
        ),
        translated("summary", _("Its summary.")),
        translated("report", _("Its report.")),
        column(
            "results",
            "integer",
            _("How many published outcomes were reported at it."),
            12,
            get=lambda roundtable: roundtable.result_total,
        ),
        page("/roundtables/bangkok-2018/"),
    ),
)


class Participation(models.TextChoices):
    TOOK_PART = "took_part", _("Took part: the round-table was held")
    INVITED = "invited", _("Invited: the round-table is planned, or was cancelled")


@dataclass(frozen=True)
class Attendance:
    """A country at a round-table."""

    roundtable: str
    country: str
    participation: str
    results: int


def _attendances():
    reported = (
        Outcome.objects.public()
        .filter(reported_at__in=RoundTable.objects.public())
        .order_by()
        .values_list("reported_at", "country")
        .annotate(total=Count("pk"))
    )
    results = {(roundtable, code): total for roundtable, code, total in reported}
    roundtables = RoundTable.objects.public().only("slug", "status", "countries")
    for roundtable in roundtables.order_by("position", "slug"):
        participation = Participation.TOOK_PART if roundtable.is_held else Participation.INVITED
        for code in sorted(country_codes(roundtable.countries)):
            yield Attendance(
                roundtable=roundtable.slug,
                country=code,
                participation=participation,
                results=results.get((roundtable.pk, code), 0),
            )


def _country_name(attendance, language):
    with translation.override(language):
        return country_name(attendance.country)


ROUNDTABLE_COUNTRIES = Dataset(
    name="roundtable-countries",
    title=_("Countries at each round-table"),
    description=_(
        "One row per round-table and country: the countries that took part in each round-table "
        "held, and those invited to one planned or cancelled, with the number of results "
        "reported for each."
    ),
    rows=_attendances,
    count=lambda: sum(
        len(country_codes(value))
        for value in RoundTable.objects.public().values_list("countries", flat=True)
    ),
    primary_key=("roundtable", "country"),
    changes=lambda: (
        ever_published(RoundTable.objects),
        ["updated_at", "reported_outcomes__updated_at"],
    ),
    columns=(
        column(
            "roundtable",
            "string",
            _("The round-table."),
            "bangkok-2018",
            references="roundtables",
            required=True,
        ),
        country("country", _("The country, as an ISO 3166-1 alpha-2 code."), "PH", required=True),
        translated(
            "country_name",
            _("The country's name."),
            {"en": "Philippines", "fr": "Philippines", "es": "Filipinas"},
            get=_country_name,
        ),
        column(
            "participation",
            "string",
            _("Whether the country took part or is invited."),
            "took_part",
            choices=Participation,
            required=True,
        ),
        column(
            "results",
            "integer",
            _("How many published outcomes of this country were reported at the round-table."),
            3,
        ),
    ),
)
