"""The programme's datasets: its regions and thematic areas, the Actions, their activities
and the outcomes they produced, as the public pages show them."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from actions.models import (
    Action,
    ActionStatus,
    Activity,
    ActivityKind,
    Outcome,
    OutcomeKind,
    OutcomeStatus,
    Region,
    ThematicArea,
)
from roundtables.models import RoundTable

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


def slugs(rows) -> list[str]:
    return [row.slug for row in rows]


def names(institutions) -> list[str]:
    return [str(institution) for institution in institutions]


REGIONS = Dataset(
    name="regions",
    title=_("Regions"),
    description=_(
        "The regions in which the programme worked, with their countries and the texts of "
        "their factsheets."
    ),
    rows=lambda: Region.objects.order_by("position", "name"),
    columns=(
        slug(_("The region's identifier, as in its address."), "asia"),
        translated("name", _("Its name."), {"en": "Asia", "fr": "Asie", "es": "Asia"}),
        column("position", "integer", _("Its place in lists of regions."), 3),
        countries("countries", _("Its countries, as ISO 3166-1 alpha-2 codes.")),
        translated("summary", _("The opening text of its factsheet.")),
        translated(
            "facts",
            _(
                "Figures for the whole programme in the region, as MIEUX reported them (not "
                "what this site documents), one per line."
            ),
            {"en": "17 Actions in the region between 2009 and 2018."},
        ),
        translated(
            "facts_source",
            _("Where those figures come from."),
            {"en": "MIEUX regional factsheets, 2018"},
        ),
        page("/regions/asia/"),
    ),
)

THEMATIC_AREAS = Dataset(
    name="thematic-areas",
    title=_("Thematic areas"),
    description=_(
        "The five thematic areas of the programme's own taxonomy, which Actions, round-tables "
        "and findings are filed under."
    ),
    rows=lambda: ThematicArea.objects.order_by("position", "name"),
    columns=(
        slug(_("The thematic area's identifier."), "legal-migration-mobility"),
        translated(
            "name",
            _("Its name."),
            {
                "en": "Legal Migration & Mobility",
                "fr": "Migration légale et mobilité",
                "es": "Migración legal y movilidad",
            },
        ),
        column("position", "integer", _("Its place in lists of thematic areas."), 2),
        translated("description", _("What it covers.")),
    ),
)


def _actions():
    return Action.objects.public().with_related().order_by("start_date", "slug")


ACTIONS = Dataset(
    name="actions",
    title=_("Actions"),
    description=_(
        "The Actions of MIEUX: the capacity-building work each partner institution asked for, "
        "where, on what, when, and what it achieved."
    ),
    rows=_actions,
    changes=lambda: (ever_published(Action.objects), ["updated_at"]),
    columns=(
        slug(_("The Action's identifier, as in its address."), "the-philippines-i"),
        translated(
            "title",
            _("Its title."),
            {"en": "The Philippines I", "fr": "Philippines I", "es": "Filipinas I"},
        ),
        column(
            "status",
            "string",
            _("Whether it is ongoing or completed."),
            "completed",
            choices=ActionStatus,
        ),
        column(
            "region",
            "string",
            _("Its region."),
            "asia",
            get=lambda action: action.region.slug,
            references="regions",
            required=True,
        ),
        countries("countries", _("Its partner countries, as ISO 3166-1 alpha-2 codes."), "PH"),
        column(
            "thematic_area",
            "string",
            _("Its thematic area."),
            "irregular-migration-thb",
            get=lambda action: action.thematic_area.slug,
            references="thematic-areas",
            required=True,
        ),
        column(
            "specific_areas",
            "list",
            _("The specific areas of the programme's taxonomy it is tagged with, by slug."),
            "imt-irregular-migration,imt-trafficking-in-human-beings",
            get=lambda action: slugs(action.specific_areas.all()),
        ),
        column(
            "start_month",
            "yearmonth",
            _("The month it started."),
            "2009-12",
            get=lambda action: yearmonth(action.start_date),
            required=True,
        ),
        column(
            "end_month",
            "yearmonth",
            _("The month it ended; empty while it runs, or where the month is unknown."),
            "2012-05",
            get=lambda action: yearmonth(action.end_date),
        ),
        translated("dates_note", _("A note on the dates, e.g. where sources disagree.")),
        column(
            "requesting_institutions",
            "list",
            _("The institutions that asked for it, by their official names."),
            "Department of Labor and Employment (DOLE)",
            get=lambda action: names(action.requesting_institutions.all()),
            delimiter=";",
        ),
        column(
            "beneficiary_institutions",
            "list",
            _("The institutions it worked with, by their official names."),
            "Philippine Overseas Employment Administration (POEA)",
            get=lambda action: names(action.beneficiary_institutions.all()),
            delimiter=";",
        ),
        countries(
            "expert_countries",
            _("The countries its experts came from, as ISO 3166-1 alpha-2 codes."),
            "AT,DE,PH,PT",
        ),
        translated(
            "expert_sectors",
            _("The sectors its experts came from."),
            {"en": "public administration, academic sector"},
        ),
        translated("summary", _("Its summary.")),
        translated("objectives", _("Its objectives.")),
        translated("description", _("What it did.")),
        translated("results", _("Its results and outputs.")),
        page("/actions/the-philippines-i/"),
    ),
)

ACTIVITIES = Dataset(
    name="activities",
    title=_("Activities"),
    description=_(
        "The steps of each published Action: identification missions, seminars, workshops, "
        "trainings, study visits, campaigns and drafting, with where and when."
    ),
    rows=lambda: (
        Activity.objects.filter(action__in=Action.objects.public())
        .select_related("action")
        .order_by("action__slug", "number")
    ),
    primary_key=("action", "number"),
    # Activities are edited within their Action, which is saved with them.
    changes=lambda: (ever_published(Action.objects), ["updated_at"]),
    columns=(
        column(
            "action",
            "string",
            _("Its Action."),
            "the-philippines-i",
            get=lambda activity: activity.action.slug,
            references="actions",
            required=True,
        ),
        column("number", "integer", _("Its number within the Action, in order."), 1, required=True),
        column(
            "kind", "string", _("What kind of activity it was."), "seminar", choices=ActivityKind
        ),
        translated("title", _("Its title."), {"en": "Identification mission"}),
        translated("place", _("Where it took place."), {"en": "Manila"}),
        country(
            "country",
            _("The country it took place in, as an ISO 3166-1 alpha-2 code."),
            "PH",
            get=lambda activity: activity.country.code or None,
        ),
        column("start_date", "date", _("Its first day."), "2010-03-15"),
        column("end_date", "date", _("Its last day."), "2010-03-19"),
        translated("description", _("What it did.")),
        page("/actions/the-philippines-i/#activity-1"),
    ),
)


def _outcomes():
    return (
        Outcome.objects.public()
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.public().order_by("slug")),
            Prefetch(
                "reported_at", queryset=RoundTable.objects.public().order_by("position", "slug")
            ),
        )
        .order_by("country", "code")
    )


OUTCOMES = Dataset(
    name="outcomes",
    title=_("Outcomes"),
    description=_(
        "The results the Actions produced, one country each: what changed, its kind and status, "
        "the evidence, the Actions behind it and the round-tables where it was reported."
    ),
    rows=_outcomes,
    primary_key=("country", "code"),
    changes=lambda: (
        ever_published(Outcome.objects),
        ["updated_at", "actions__updated_at", "reported_at__updated_at"],
    ),
    columns=(
        country(
            "country",
            _("The country where it was achieved, as an ISO 3166-1 alpha-2 code."),
            "LA",
            get=lambda outcome: outcome.country.code,
            required=True,
        ),
        column(
            "code",
            "string",
            _("Its reference, unique within its country."),
            "nmdwg-convened",
            required=True,
        ),
        translated(
            "title",
            _("What changed, in a line."),
            {"en": "The National Migration Data Working Group meets for the first time"},
        ),
        column(
            "kind", "string", _("What kind of result it is."), "coordination", choices=OutcomeKind
        ),
        column(
            "status",
            "string",
            _("Whether it has been achieved."),
            "achieved",
            choices=OutcomeStatus,
        ),
        translated("description", _("What changed.")),
        translated("evidence", _("Who reported it, where, and what shows it.")),
        column(
            "actions",
            "list",
            _("The Actions behind it, where known."),
            "the-philippines-i",
            get=lambda outcome: slugs(outcome.actions.all()),
            references="actions",
        ),
        column(
            "reported_at",
            "list",
            _("The round-tables where it was reported."),
            "bangkok-2018",
            get=lambda outcome: slugs(outcome.reported_at.all()),
            references="roundtables",
        ),
        page("/countries/la/#outcome-la-nmdwg-convened"),
    ),
)
