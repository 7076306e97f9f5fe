"""Making Data Count charts and icons as SVG, drawn by our own code so the dashboard and the PDF
show exactly the same picture (WeasyPrint draws inline SVG; browsers do too).

Colours are NHS England's Making Data Count palette. Every chart carries a title and a text
description for screen readers, and every icon has its meaning written beside it, so nothing
depends on colour alone.
"""

import math
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from reports.spc import Analysis

GREY, BLUE, ORANGE, PURPLE, RED = "#a6a6a6", "#00b0f0", "#e46c0a", "#490092", "#de1b1b"
INK, MUTED = "#212b32", "#4c6272"
POINT_COLOURS = {
    "common_cause": GREY,
    "improvement": BLUE,
    "concern": ORANGE,
    "neither": PURPLE,
}
WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 54, 14, 14, 40


@dataclass(frozen=True)
class Icon:
    colour: str
    letter: str
    label: str  # what it means, in words, printed beside it


def variation_icon(analysis: Analysis) -> Icon | None:
    kind, side = analysis.variation, analysis.variation_side
    if kind is None:
        return None
    if kind == "common_cause":
        return Icon(GREY, "~", "Common cause variation")
    letter = "H" if side == "high" else "L"
    side_words = "higher" if side == "high" else "lower"
    if kind == "improvement":
        return Icon(BLUE, letter, f"Improvement ({side_words} values)")
    if kind == "concern":
        return Icon(ORANGE, letter, f"Concern ({side_words} values)")
    return Icon(PURPLE, letter, f"Special cause ({side_words} values), neither better nor worse")


def assurance_icon(analysis: Analysis) -> Icon | None:
    return {
        "pass": Icon(BLUE, "P", "Consistently meets the target"),
        "fail": Icon(ORANGE, "F", "Consistently misses the target"),
        "inconsistent": Icon(GREY, "?", "Hits and misses the target at random"),
    }.get(analysis.assurance)


def icon_svg(icon: Icon | None, size: int = 26) -> SafeString:
    """The icon as a small circle with its letter; its meaning is the accessible name."""
    if icon is None:
        return SafeString("")
    return format_html(
        '<svg class="mdc-icon" width="{size}" height="{size}" viewBox="0 0 26 26" role="img" '
        'aria-label="{label}"><circle cx="13" cy="13" r="11.5" fill="#fff" stroke="{colour}" '
        'stroke-width="2.5"/><text x="13" y="17.5" text-anchor="middle" font-size="13" '
        'font-weight="bold" font-family="Liberation Sans, Arial, sans-serif" fill="{colour}">'
        "{letter}</text></svg>",
        size=size,
        label=icon.label,
        colour=icon.colour,
        letter=icon.letter,
    )


def _nice_step(span: float, steps: int = 4) -> float:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) giving about ``steps``."""
    raw = span / steps
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _scale(values: list[float], ceiling: float | None) -> tuple[float, float, float]:
    """The axis: from a round number below the values to one above, and the gridline step.
    A measure that cannot be negative starts at zero at the lowest; a percentage ends at 100
    at the highest."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = _nice_step(high - low)
    bottom, top = math.floor(low / step) * step, math.ceil(high / step) * step
    if min(values) >= 0:
        bottom = max(bottom, 0.0)
    if ceiling is not None and max(values) <= ceiling:
        top = min(top, ceiling)
    return bottom, top, step


def _number(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"


# The most a measure in this unit can be.
CEILINGS = {"%": 100.0, "out of 5": 5.0}


def chart_svg(
    *,
    title: str,
    unit: str,
    months: list[date],
    analysis: Analysis,
    target: float | None,
) -> SafeString:
    """An XmR chart: the points coloured by special cause, the mean, the process limits and the
    target, with the months along the bottom."""
    values = [point.value for point in analysis.points]
    shown = [v for v in values if v is not None]
    if not shown:
        return format_html('<p class="chart-empty">No data for {}.</p>', title)
    # A limit past what the measure can be (below zero, above 100% or 5 out of 5) is drawn at
    # that edge.
    floor, ceiling = 0.0, CEILINGS.get(unit)

    def possible(v: float | None) -> float | None:
        if v is None:
            return None
        v = max(v, floor) if min(shown) >= floor else v
        return min(v, ceiling) if ceiling is not None else v

    lower, upper = possible(analysis.lower), possible(analysis.upper)
    scale_values = [*shown, *(v for v in (lower, upper, target) if v is not None)]
    low, high, grid = _scale(scale_values, ceiling)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h * (high - v) / (high - low)

    parts = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        f'stroke="#d8dde0"/>'
    ]
    ticks = round((high - low) / grid)
    for tick in range(ticks + 1):  # the scale: labelled gridlines at round numbers
        v = low + grid * tick
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
            f'stroke="#eef0f2"/><text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="{MUTED}">{round(v, 6):g}</text>'
        )
    lines = [
        (upper, GREY, "4 3", "Upper process limit"),
        (analysis.mean, INK, "", "Mean"),
        (lower, GREY, "4 3", "Lower process limit"),
        (target, RED, "8 4", "Target"),
    ]
    for value, colour, dash, _name in lines:
        if value is None or not (low <= value <= high):
            continue
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="{colour}" stroke-width="1.5"{dashes}/>'
        )
    # The line joining the points breaks where a month has no data.
    segment: list[str] = []
    for i, v in enumerate([*values, None]):
        if v is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{GREY}" '
                    'stroke-width="1.5"/>'
                )
            segment = []
        else:
            segment.append(f"{x(i):.1f},{y(v):.1f}")
    for i, point in enumerate(analysis.points):
        if point.value is not None:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(point.value):.1f}" r="4" '
                f'fill="{POINT_COLOURS[point.kind]}" stroke="#fff" stroke-width="1"/>'
            )
    every = 1 if len(months) <= 12 else 3
    for i, month in enumerate(months):
        # Label every third month on a long chart, always ending on the latest.
        if (len(months) - 1 - i) % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="12" fill="{MUTED}">{month:%b}</text>'
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 29}" text-anchor="middle" '
                f'font-size="11" fill="{MUTED}">{month:%Y}</text>'
            )
    # Safe: everything put into the markup above is a number, a month, a fixed colour, or
    # escaped text (the title and description).
    return mark_safe(  # noqa: S308
        f'<svg class="mdc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'font-family="Liberation Sans, Arial, sans-serif" aria-label="{escape(title)}: '
        f'{escape(describe(unit, months, analysis, target))}">{"".join(parts)}</svg>'
    )


def describe(unit: str, months: list[date], analysis: Analysis, target: float | None) -> str:
    """The chart in words, for screen readers and as its text alternative."""
    latest = max((i for i, p in enumerate(analysis.points) if p.value is not None), default=None)
    if latest is None:
        return "no data"
    words = [
        f"{_number(analysis.points[latest].value)} {unit} in {months[latest]:%B %Y}",
        f"mean {_number(analysis.mean)}",
    ]
    if analysis.lower is not None:
        words.append(f"process limits {_number(analysis.lower)} to {_number(analysis.upper)}")
    if target is not None:
        words.append(f"target {_number(target)}")
    icon = variation_icon(analysis)
    if icon:
        words.append(icon.label.lower())
    special = sum(p.special_cause for p in analysis.points)
    words.append(f"{special} special cause point{'s' if special != 1 else ''}")
    return "; ".join(words)


LEGEND = [
    (GREY, "Common cause: no significant change"),
    (BLUE, "Special cause: improvement"),
    (ORANGE, "Special cause: concern"),
    (PURPLE, "Special cause: neither better nor worse"),
]
