"""Server-rendered SVG charts from plain data: horizontal bars and a simple time series.

A chart is as wide as its container while its text keeps its size (14 px, axis ticks 12 px):
positions across are percentages of the width and positions down are pixels, so nothing
shrinks to illegible on a phone. Labels sit above their bars and wrap, so long Latvian names
fit. Each chart is an image named by its <title> and described by its <desc>; the numbers
are in the data table next to it. Bars and lines use the stylesheet's brand and accent
colours, 7.3:1 and 5.9:1 against white (WCAG asks 3:1 of graphics).
"""

import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BRAND = "#0b5d5a"
ACCENT = "#b33a0a"
INK = "#1b1b1b"
MUTED = "#4a4f55"
GRID = "#c9cdd1"

FONT_SIZE = 14
TICK_SIZE = 12
LINE_HEIGHT = 20
BAR_HEIGHT = 14
ROW_GAP = 12
# The narrowest chart we plan for: a 320 px phone less the page's margins.
NARROWEST = 288
# Characters per label line: about 290 px of 14 px text.
WRAP = 38
# Widths of a character of 14 px text, generously: bold values and plain labels.
VALUE_CHARACTER = 8.5
LABEL_CHARACTER = 7.7
PLOT_HEIGHT = 180
# The narrowest a bar for a value above zero is drawn, in pixels.
SMALLEST_BAR = 4
# Percent of the width a time series leaves free on the left (for the axis numbers above
# the grid lines) and on the right (so the last marker shows whole).
LEFT_EDGE = 7
RIGHT_EDGE = 3
MARKER = 5


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # the value as shown next to the bar; the number itself when empty
    colour: str = BRAND
    group: str = ""  # a heading the bar sits under; a new heading starts where it changes


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    colour: str = BRAND
    dash: str = ""  # stroke-dasharray; solid when empty
    marker: str = "circle"  # "circle", "square" or "ring": shape tells series apart, not colour


def _percent(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    chart_id = escape(chart_id)
    opening = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart__svg" width="100%" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return mark_safe(opening + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped


def _text(x: str | int, y: int, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    maximum: float | None = None,
) -> SafeString:
    """Horizontal bars, each under its label with its value at its end. Bars are scaled to
    ``maximum`` (e.g. 100 for percentages) or else to the largest value."""
    top = max([maximum or 0, *(bar.value for bar in bars)]) or 1
    texts = [bar.text or f"{bar.value:g}" for bar in bars]
    # The longest bar leaves room after it for the longest value, even on the narrowest chart.
    room = (max(map(len, texts), default=0) * VALUE_CHARACTER + 8) / NARROWEST * 100
    span = max(50, 100 - room)
    body: list[str] = []
    y, group = 0, ""
    for bar, text in zip(bars, texts, strict=True):
        if bar.group and bar.group != group:
            group = bar.group
            y += ROW_GAP if y else 0
            body.append(_text(0, y + FONT_SIZE, group, font_weight="700"))
            y += LINE_HEIGHT + 2
        for line in textwrap.wrap(bar.label, WRAP) or [""]:
            body.append(_text(0, y + FONT_SIZE, line))
            y += LINE_HEIGHT
        width = bar.value / top * span if bar.value > 0 else 0
        if width:
            # A share of the width, but never thinner than a few pixels: next to a bar a
            # hundred times longer, a 1 must still show as something, not as a 0.
            body.append(
                f'<rect x="0" y="{y}" width="{_percent(width)}" height="{BAR_HEIGHT}" '
                f'fill="{bar.colour}"/>'
                f'<rect x="0" y="{y}" width="{SMALLEST_BAR}" height="{BAR_HEIGHT}" '
                f'fill="{bar.colour}"/>'
            )
        body.append(
            _text(
                _percent(width),
                y + BAR_HEIGHT - 2,
                text,
                dx="6" if width else "0",
                font_weight="700",
            )
        )
        y += BAR_HEIGHT + ROW_GAP
    return _svg(chart_id, title, description, max(y, 1), body)


def _ticks(largest: float) -> list[int]:
    """0 and up to five round steps (1, 2 or 5 × 10ⁿ) reaching at least ``largest``."""
    step, factors = 1, itertools.cycle((2, 2.5, 2))  # 1, 2, 5, 10, 20, 50, 100...
    while largest / step > 5:
        step = round(step * next(factors))
    top = max(step, -(-int(largest) // step) * step)
    return list(range(0, top + 1, step))


def _marker(shape: str, x: str | int, y: float, colour: str) -> str:
    if shape == "square":
        size = 2 * MARKER
        return (
            f'<rect x="{x}" y="{y - MARKER:.1f}" width="{size}" height="{size}" '
            f'transform="translate(-{MARKER} 0)" fill="{colour}"/>'
        )
    if shape == "ring":
        return (
            f'<circle cx="{x}" cy="{y:.1f}" r="{MARKER - 1}" fill="#fff" stroke="{colour}" '
            f'stroke-width="2.5"/>'
        )
    return f'<circle cx="{x}" cy="{y:.1f}" r="{MARKER}" fill="{colour}"/>'


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
) -> SafeString:
    """Lines over equally spaced periods, with a legend above and a few period labels below."""
    body: list[str] = []
    y = 0
    for item in series:
        middle = y + LINE_HEIGHT // 2
        dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
        body.append(
            f'<line x1="0" y1="{middle}" x2="28" y2="{middle}" stroke="{item.colour}" '
            f'stroke-width="3"{dash}/>'
        )
        body.append(_marker(item.marker, 14, middle, item.colour))
        body.append(_text(38, middle + 5, item.name))
        y += LINE_HEIGHT + 2

    ticks = _ticks(max((value for item in series for value in item.values), default=0))
    plot_top = y + 10 + TICK_SIZE
    bottom = plot_top + PLOT_HEIGHT

    def height_of(value: float) -> float:
        return bottom - value / ticks[-1] * PLOT_HEIGHT

    for tick in ticks:
        line_y = height_of(tick)
        body.append(f'<line x1="0" y1="{line_y:.1f}" x2="100%" y2="{line_y:.1f}" stroke="{GRID}"/>')
        body.append(_text(0, round(line_y - 4), str(tick), font_size=str(TICK_SIZE), fill=MUTED))

    count = len(labels)
    across = (
        [50.0]
        if count == 1
        else [
            LEFT_EDGE + index * (100 - LEFT_EDGE - RIGHT_EDGE) / (count - 1)
            for index in range(count)
        ]
    )
    for item in series:
        dash = f' stroke-dasharray="{item.dash}"' if item.dash else ""
        points = list(zip(across, item.values, strict=True))
        for (x1, v1), (x2, v2) in itertools.pairwise(points):
            body.append(
                f'<line x1="{_percent(x1)}" y1="{height_of(v1):.1f}" x2="{_percent(x2)}" '
                f'y2="{height_of(v2):.1f}" stroke="{item.colour}" stroke-width="3"{dash}/>'
            )
        for x, value in points:
            body.append(_marker(item.marker, _percent(x), height_of(value), item.colour))

    # Label every period while few; then the first, the last and, if three labels fit side
    # by side on the narrowest chart, the middle one.
    longest = max(map(len, labels), default=0) * LABEL_CHARACTER
    if count <= 4 and count * longest + (count - 1) * 16 <= NARROWEST:
        shown = range(count)
    elif 3 * longest + 32 <= NARROWEST:
        shown = sorted({0, count // 2, count - 1})
    else:
        shown = sorted({0, count - 1})
    for index in shown:
        # The first and last labels line up with the chart's edges, so they never spill over.
        if count > 1 and index == 0:
            anchor, x = "start", "0"
        elif count > 1 and index == count - 1:
            anchor, x = "end", "100%"
        else:
            anchor, x = "middle", _percent(across[index])
        body.append(_text(x, bottom + 8 + FONT_SIZE, labels[index], text_anchor=anchor))
    return _svg(chart_id, title, description, bottom + 8 + LINE_HEIGHT + 4, body)
