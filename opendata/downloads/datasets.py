"""The datasets of the open data, in the order the downloads page lists them."""

from .programme import ACTIONS, ACTIVITIES, OUTCOMES, REGIONS, THEMATIC_AREAS
from .texts import FINDINGS, REFLECTIONS
from .tour import ROUNDTABLE_COUNTRIES, ROUNDTABLES

DATASETS = {
    dataset.name: dataset
    for dataset in (
        ROUNDTABLES,
        ROUNDTABLE_COUNTRIES,
        FINDINGS,
        REFLECTIONS,
        ACTIONS,
        ACTIVITIES,
        OUTCOMES,
        REGIONS,
        THEMATIC_AREAS,
    )
}
