"""Bar charts drawn as inline SVG on the server; the same numbers go in a table beside them."""

from dataclasses import dataclass


@dataclass
class Segment:
    series: str
    css_class: str
    value: int
    x: float
    width: float


@dataclass
class Bar:
    label: str
    total: int
    y: float
    segments: list[Segment]
    end: float  # where the last segment ends: the total is written after it
    lang: str = ""  # the label's language, where it is not the page's


@dataclass
class StackedBarChart:
    title: str
    bars: list[Bar]
    series: list[tuple[str, str]]  # (label, css class)
    width: int
    height: int
    label_width: int
    bar_height: int

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"


def stacked_bars(
    title: str,
    rows: list[tuple],
    series: list[tuple[str, str]],
    *,
    width: int = 700,
    label_width: int = 320,
    bar_height: int = 26,
    gap: int = 12,
) -> StackedBarChart:
    """Horizontal stacked bars: one per (label, [value for each series]) row, or (label,
    values, language of the label) where it is not the page's."""
    largest = max((sum(row[1]) for row in rows), default=0) or 1
    plot_width = width - label_width - 40  # room for the total after the bar
    bars = []
    for index, (label, values, *language) in enumerate(rows):
        x = float(label_width)
        segments = []
        for (series_label, css_class), value in zip(series, values, strict=True):
            segment_width = plot_width * value / largest
            segments.append(
                Segment(series_label, css_class, value, round(x, 1), round(segment_width, 1))
            )
            x += segment_width
        y = index * (bar_height + gap)
        bars.append(Bar(label, sum(values), y, segments, round(x, 1), *language))
    height = max(len(rows) * (bar_height + gap) - gap, bar_height)
    return StackedBarChart(title, bars, series, width, height, label_width, bar_height)
