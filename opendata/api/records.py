"""What each resource of the API reads: the rows the public pages show, and only those.

Every queryset starts from the public one of its model (``published()``, ``public()``), and
every related list it nests is filtered the same way (an outcome's Actions: the published
ones), as the pages do. Each fetches what its serializer reads in a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django_countries import countries

from actions.models import Action, Outcome, Region
from findings.models import Finding
from pages.figures import CountryFigures
from pages.views.roundtables import group_by_country
from reflections.models import Reflection
from roundtables.models import Participant, ParticipantRole, RoundTable


def _published_actions():
    return Prefetch("actions", queryset=Action.objects.published(), to_attr="public_actions")


def outcomes():
    """Published outcomes, with their published Actions and the published round-tables at
    which they were reported."""
    return Outcome.objects.public().prefetch_related(
        _published_actions(),
        Prefetch(
            "reported_at", queryset=RoundTable.objects.published(), to_attr="public_reported_at"
        ),
    )


def actions():
    return (
        Action.objects.published()
        .select_related("region", "thematic_area")
        .prefetch_related("specific_areas")
    )


def actions_in_detail():
    return actions().prefetch_related(
        "requesting_institutions",
        "beneficiary_institutions",
        "activities",
        Prefetch("outcomes", queryset=outcomes(), to_attr="public_outcomes"),
    )


def with_related_roundtables(action):
    """``action`` with the round-tables its page lists (``related_roundtables``)."""
    action.related_roundtables = list(RoundTable.objects.published().related_to_action(action))
    return action


def roundtables():
    return RoundTable.objects.published().with_related()


def roundtables_in_detail():
    return roundtables().prefetch_related(
        Prefetch("reported_outcomes", queryset=outcomes(), to_attr="public_outcomes"),
        Prefetch("findings", queryset=Finding.objects.public(), to_attr="public_findings"),
        Prefetch(
            "participants",
            # Counted by role and their institutions listed: in no particular order.
            queryset=Participant.objects.select_related("institution").order_by(),
            to_attr="every_participant",
        ),
    )


def with_results(roundtable):
    """``roundtable`` with what came out of it, as its page shows it: nothing before it is
    held (nor if it was cancelled)."""
    held = roundtable.is_held
    roundtable.results_by_country = [
        {"country": country, "results": results}
        for country, results in group_by_country(roundtable.public_outcomes if held else [])
    ]
    roundtable.public_findings = roundtable.public_findings if held else []
    participants = roundtable.every_participant if held else []
    roundtable.participants_by_role = [
        {
            "role": role,
            "number": None if any(p.stands_for_several for p in in_role) else len(in_role),
        }
        for role in ParticipantRole
        if (in_role := [p for p in participants if p.role == role])
    ]
    roundtable.represented_institutions = sorted(
        {p.institution for p in participants if p.institution}, key=lambda i: i.name
    )
    return roundtable


def findings():
    return Finding.objects.public().with_related()


def reflections():
    """Approved reflections of held, published round-tables, with the published Actions they
    mention."""
    return (
        Reflection.objects.public()
        .with_related()
        .prefetch_related(
            Prefetch(
                "related_actions", queryset=Action.objects.published(), to_attr="public_actions"
            )
        )
    )


@dataclass
class CountryRecord:
    """What the site documents about one country."""

    code: str
    figures: CountryFigures
    regions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    results: list = field(default_factory=list)
    attended: list = field(default_factory=list)
    invited: list = field(default_factory=list)


def documented_countries_by_code(documented, region=None) -> list[CountryRecord]:
    """The countries the site has a page about (``documented``: their figures by ISO code), of
    ``region`` if given, by code."""
    regions = [(r, {country.code for country in r.countries}) for r in Region.objects.all()]
    codes = sorted(documented)
    if region is not None:
        codes = [code for code in codes if code in {c.code for c in region.countries}]
    return [
        CountryRecord(
            code, documented[code], regions=[r for r, in_region in regions if code in in_region]
        )
        for code in codes
    ]


def country(code: str) -> CountryRecord | None:
    """Everything the site documents about the country ``code``: None where its page is a
    404 (an unknown code, or nothing documented)."""
    code = code.upper()
    if len(code) != 2 or not countries.alpha2(code):
        return None
    actions = list(Action.objects.published().for_country(code))
    results = list(outcomes().for_country(code))
    roundtables = list(RoundTable.objects.published().not_cancelled().for_country(code))
    attended = [roundtable for roundtable in roundtables if roundtable.is_held]
    invited = [roundtable for roundtable in roundtables if roundtable.is_planned]
    figures = CountryFigures(code, len(actions), len(results), len(attended), len(invited))
    if not figures.has_content:
        return None
    return CountryRecord(
        code,
        figures,
        regions=list(Region.objects.for_country(code)),
        actions=actions,
        results=results,
        attended=attended,
        invited=invited,
    )
