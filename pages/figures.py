"""Every figure the public pages show, each counted one way and labelled with what it counts.

The figures count what is documented on this site: published round-tables, Actions and
results. The programme's own figures (17 Actions in Asia since 2009) are content that staff
write into a region's factsheet, shown apart and with their source.
"""

from dataclasses import dataclass

from django.utils.translation import npgettext
from django_countries.fields import Country

from actions.models import Action, Outcome
from pagecache.shared import shared
from roundtables.models import RoundTable, RoundTableStatus

LABELS = {
    "roundtables_held": lambda n: npgettext(
        "key figure", "round-table held", "round-tables held", n
    ),
    "roundtables_planned": lambda n: npgettext(
        "key figure", "round-table planned", "round-tables planned", n
    ),
    "countries_took_part": lambda n: npgettext(
        "key figure", "country took part", "countries took part", n
    ),
    "countries_in_region": lambda n: npgettext(
        "key figure", "country in the region", "countries in the region", n
    ),
    "actions": lambda n: npgettext("key figure", "Action documented", "Actions documented", n),
    "outcomes": lambda n: npgettext("key figure", "result reported", "results reported", n),
}


def figures(**counts: int) -> list[tuple[int, str]]:
    """(number, label) for the figures at the top of a page, in the order given."""
    return [(number, LABELS[key](number)) for key, number in counts.items()]


def tour_figures() -> list[tuple[int, str]]:
    """The tour at a glance: round-tables held (and planned, if any), the countries that took
    part in them, the Actions and the results documented on the site."""
    return figures(**shared("tour-figures", _tour_counts))


def _tour_counts() -> dict[str, int]:
    tally = RoundTable.objects.published().tally()
    held, planned = tally[RoundTableStatus.HELD], tally[RoundTableStatus.PLANNED]
    counts = {"roundtables_held": held.number}
    if planned.number:
        counts["roundtables_planned"] = planned.number
    return counts | {
        "countries_took_part": len(held.countries),
        "actions": Action.objects.published().count(),
        "outcomes": Outcome.objects.published().count(),
    }


@dataclass
class CountryFigures:
    """What the site documents about one country."""

    code: str
    actions: int = 0  # published Actions it is a partner in
    outcomes: int = 0  # published results reported in it
    attended: int = 0  # published round-tables held with it taking part
    invited: int = 0  # published round-tables planned with it invited

    @property
    def country(self) -> Country:
        return Country(self.code)

    @property
    def has_content(self) -> bool:
        return bool(self.actions or self.outcomes or self.attended or self.invited)

    def figures(self) -> list[tuple[int, str]]:
        """(number, label) for each figure that is not zero."""
        labels = {
            "actions": LABELS["actions"],
            "outcomes": LABELS["outcomes"],
            "attended": lambda n: npgettext(
                "country", "round-table attended", "round-tables attended", n
            ),
            "invited": lambda n: npgettext(
                "country", "planned round-table invited to", "planned round-tables invited to", n
            ),
        }
        return [
            (number, label(number))
            for key, label in labels.items()
            if (number := getattr(self, key))
        ]


def documented_countries() -> dict[str, CountryFigures]:
    """The countries the site has something about (the others have no page), by ISO code."""
    return shared("documented-countries", _documented_countries)


def _documented_countries() -> dict[str, CountryFigures]:
    actions = Action.objects.published().country_counts()
    outcomes = Outcome.objects.published().country_counts()
    tally = RoundTable.objects.published().tally()
    attended = tally[RoundTableStatus.HELD].countries
    invited = tally[RoundTableStatus.PLANNED].countries
    return {
        code: CountryFigures(code, actions[code], outcomes[code], attended[code], invited[code])
        for code in {*actions, *outcomes, *attended, *invited}
    }
