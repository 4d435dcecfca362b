"""Maps drawn on the server as inline SVG: no tile service, no key, no script.

The country outlines (Natural Earth, 1:110m, from the world-atlas package) are
projected once at build time by ``assets/build.mjs``; this module projects the
round-table cities with the same Natural Earth projection, so markers land on
the base map, and crops the view to a region or a country when asked.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from core.countries import country_name

MAP_DATA = settings.BASE_DIR / "static" / "build" / "map" / "countries.json"


@cache
def _map_data() -> dict:
    return json.loads(MAP_DATA.read_text())


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Natural Earth 1 (Šavrič et al.), as d3-geo's geoNaturalEarth1 computes it."""
    data = _map_data()
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    tx, ty = data["translate"]
    return round(tx + data["scale"] * x, 1), round(ty - data["scale"] * y, 1)


@dataclass
class Marker:
    x: float
    y: float
    label: str
    url: str
    description: str
    planned: bool = False
    number: int | None = None  # the stop of the tour, drawn in the marker
    # Where the marker sits, in per cent of the map's width and height (set by build_map).
    left: float = 0
    top: float = 0


@dataclass
class Highlight:
    name: str
    shape_id: str  # the country's outline in the base map, drawn again: world.svg#<shape_id>


@dataclass
class Map:
    title: str
    view_box: str
    highlights: list[Highlight] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    width: int = 1000
    height: int = 520

    def __post_init__(self):
        # Markers are drawn over the map in screen pixels (so that they keep a size one can
        # tap, and a number one can read, however small the map is drawn), at the place
        # their coordinates take within the view.
        x0, y0, width, height = (float(v) for v in self.view_box.split())
        for marker in self.markers:
            marker.left = round((marker.x - x0) / width * 100, 2)
            marker.top = round((marker.y - y0) / height * 100, 2)


def _shape(code: str) -> dict | None:
    numeric = all_countries.numeric(code, padded=True)
    return _map_data()["countries"].get(numeric) if numeric else None


def _view_box(shapes: list[dict], points: list[tuple[float, float]], padding: float) -> str:
    data = _map_data()
    xs = [v for s in shapes for v in (s["box"][0], s["box"][2])] + [x for x, _ in points]
    ys = [v for s in shapes for v in (s["box"][1], s["box"][3])] + [y for _, y in points]
    if not xs:
        return f"0 0 {data['width']} {data['height']}"
    x0, x1 = max(min(xs) - padding, 0), min(max(xs) + padding, data["width"])
    y0, y1 = max(min(ys) - padding, 0), min(max(ys) + padding, data["height"])
    # Keep a landscape shape so that a small country does not fill a tall, thin frame.
    width, height = x1 - x0, y1 - y0
    if width < height * 1.6:
        grow = (height * 1.6 - width) / 2
        x0, width = x0 - grow, height * 1.6
    return f"{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}"


def build_map(
    title: str,
    *,
    highlight: list[str] = (),
    markers: list[Marker] = (),
    crop: bool = False,
    padding: float = 25,
) -> Map:
    """A map titled ``title`` with countries (ISO codes) shaded and ``markers`` placed.

    With ``crop``, the view closes in on the shaded countries and the markers.
    """
    shapes = []
    highlights = []
    for code in sorted(set(highlight)):
        shape = _shape(code)
        if shape:
            shapes.append(shape)
            numeric = all_countries.numeric(code, padded=True)
            highlights.append(Highlight(name=country_name(code), shape_id=f"n{numeric}"))
    data = _map_data()
    view_box = (
        _view_box(shapes, [(m.x, m.y) for m in markers], padding)
        if crop
        else f"0 0 {data['width']} {data['height']}"
    )
    return Map(
        title=title,
        view_box=view_box,
        highlights=highlights,
        markers=list(markers),
        width=data["width"],
        height=data["height"],
    )


def roundtable_marker(roundtable) -> Marker | None:
    if roundtable.latitude is None or roundtable.longitude is None:
        return None
    x, y = project(roundtable.latitude, roundtable.longitude)
    details = ", ".join([roundtable.title, roundtable.city, str(roundtable.when)])
    if not roundtable.is_held:
        details += f" ({roundtable.get_status_display()})"
    return Marker(
        x=x,
        y=y,
        label=roundtable.city,
        url=roundtable.get_absolute_url(),
        # The marker shows the stop's number: its name starts with it.
        description=_("Stop %(number)s: %(details)s")
        % {"number": roundtable.position, "details": details},
        planned=roundtable.is_planned,
        number=roundtable.position,
    )


def tour_map(title: str, roundtables, *, crop: bool = False) -> Map:
    """The round-tables as markers, the countries that took part in those held shaded."""
    markers = [m for m in (roundtable_marker(rt) for rt in roundtables) if m]
    countries = {country.code for rt in roundtables if rt.is_held for country in rt.countries}
    return build_map(title, highlight=sorted(countries), markers=markers, crop=crop)
