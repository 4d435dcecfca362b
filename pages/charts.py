"""Bar charts for the public pages, their numbers repeated in a table beside them.

The bars are drawn in SVG, sized in per cent so that no inline style is needed (the content
security policy allows none); their labels are HTML text, which wraps and takes the reader's
text spacing (WCAG 1.4.12) instead of being cut at the edge of a drawing.
"""

from dataclasses import dataclass


@dataclass
class Segment:
    series: str
    css_class: str
    value: int
    x: float  # where it starts, in per cent of its bar
    width: float  # in per cent of its bar


@dataclass
class Bar:
    label: str
    total: int
    length: float  # in per cent of the longest bar
    segments: list[Segment]
    lang: str = ""  # the label's language, where it is not the page's


@dataclass
class StackedBarChart:
    title: str
    bars: list[Bar]
    series: list[tuple[str, str]]  # (label, css class)


def percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 2) if whole else 0.0


def stacked_bars(title: str, rows: list[tuple], series: list[tuple[str, str]]) -> StackedBarChart:
    """Horizontal stacked bars: one per (label, [value for each series]) row, or (label,
    values, language of the label) where it is not the page's."""
    largest = max((sum(row[1]) for row in rows), default=0)
    bars = []
    for label, values, *language in rows:
        total = sum(values)
        segments, start = [], 0
        for (series_label, css_class), value in zip(series, values, strict=True):
            segments.append(
                Segment(
                    series_label, css_class, value, percent(start, total), percent(value, total)
                )
            )
            start += value
        bars.append(Bar(label, total, percent(total, largest), segments, *language))
    return StackedBarChart(title, bars, series)
