"""Statistical process control (XmR charts) for the board pack, as NHS England's Making Data Count.

Pure functions with no Django imports, so any series can be checked by hand or against
NHSRplotthedots.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import fmean
from statistics import mean as exact_mean

IMPROVEMENT_DIRECTIONS = ("up", "down", "neutral")
LIMIT_FACTOR = 2.66
OUTLIER_FACTOR = 3.267
RUN_LENGTH = 7
MIN_POINTS = 12

# Strongest first: a point that triggers several rules is labelled by the first it triggers.
RULES = ("outside_limits", "trend", "two_in_three", "shift")

_GOOD_SIDE = {"up": "high", "down": "low"}


def rules_text(*, screen_outliers: bool = False) -> str:
    """The rules applied, in plain English, for printing beside the charts."""
    times = "\N{MULTIPLICATION SIGN}"
    screening = (
        f" Moving ranges of 3.267 {times} the mean moving range or more are left out first."
        if screen_outliers
        else ""
    )
    return (
        f"Limits are the mean ± 2.66 {times} the mean moving range.{screening} Special causes: "
        "a point outside the limits; 7 or more points in a row on one side of the mean; "
        "7 or more points in a row rising or falling; 2 of 3 points in a row beyond two-thirds "
        "of the way to a limit on the same side. A point on the mean belongs to neither side, "
        "a point on a limit is not outside it, and a month with no data breaks a run. "
        "Fewer than 12 points: shown with a warning."
    )


SPC_RULES_TEXT = rules_text()


@dataclass(frozen=True)
class Point:
    value: float | None
    special_cause: bool
    rule: str | None
    kind: str


@dataclass(frozen=True)
class Analysis:
    mean: float | None
    lower: float | None
    upper: float | None
    points: tuple[Point, ...]
    variation: str | None
    variation_side: str | None
    assurance: str | None
    too_few_points: bool
    warning: str | None


def analyse(
    values: Sequence[float | None],
    improvement: str,
    target: float | None = None,
    *,
    screen_outliers: bool = False,
) -> Analysis:
    """Judge a monthly series: limits, special causes, and the variation and assurance icons.

    None is a month with no data: it keeps its place but is left out of every calculation.
    """
    if improvement not in IMPROVEMENT_DIRECTIONS:
        raise ValueError(
            f"improvement must be one of {', '.join(IMPROVEMENT_DIRECTIONS)}, not {improvement!r}"
        )
    series = [_checked(value) for value in values]
    present = [value for value in series if value is not None]
    # Exact arithmetic, correctly rounded: fmean gives 0.10000000000000002 for three 0.1s, and a
    # measure that never changes would then lie wholly outside its zero-width limits.
    mean = exact_mean(present) if present else None
    lower, upper = _limits(present, mean, screen_outliers=screen_outliers)
    rules, trend_direction = _special_causes(series, mean, lower, upper)

    points = []
    sides: dict[int, str] = {}
    for index, value in enumerate(series):
        rule = rules.get(index)
        kind = "common_cause"
        if rule is not None:
            sides[index] = _side(value, mean, trend_direction.get(index, 0))
            kind = _kind(sides[index], improvement)
        points.append(Point(value=value, special_cause=rule is not None, rule=rule, kind=kind))

    latest = max((i for i, value in enumerate(series) if value is not None), default=None)
    too_few = len(present) < MIN_POINTS
    return Analysis(
        mean=mean,
        lower=lower,
        upper=upper,
        points=tuple(points),
        variation=None if latest is None else points[latest].kind,
        variation_side=sides.get(latest),
        assurance=_assurance(improvement, target, lower, upper),
        too_few_points=too_few,
        warning=(
            f"Only {len(present)} points with data: with fewer than {MIN_POINTS} the limits "
            "are not yet reliable."
            if too_few
            else None
        ),
    )


def _checked(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    # NaN would silently poison the mean; a month with no data must say so with None.
    if math.isnan(value):
        raise ValueError("A month with no data must be None, not NaN.")
    return value


def _limits(
    present: list[float], mean: float | None, *, screen_outliers: bool
) -> tuple[float | None, float | None]:
    if mean is None or len(present) < 2:
        return None, None
    ranges = [abs(b - a) for a, b in pairwise(present)]
    average = fmean(ranges)
    # With every range zero there is nothing to screen (and nothing would be left).
    if screen_outliers and average > 0:
        average = fmean(r for r in ranges if r < OUTLIER_FACTOR * average)
    return mean - LIMIT_FACTOR * average, mean + LIMIT_FACTOR * average


def _special_causes(
    series: list[float | None], mean: float | None, lower: float | None, upper: float | None
) -> tuple[dict[int, str], dict[int, int]]:
    """The strongest rule each special-cause point triggers, and the direction of any trend."""
    if mean is None or lower is None or upper is None:
        return {}, {}
    trend_direction = _trends(series)
    found = {
        "outside_limits": {
            i for i, v in enumerate(series) if v is not None and (v > upper or v < lower)
        },
        "trend": set(trend_direction),
        "two_in_three": _two_in_three(series, mean, (upper - mean) * 2 / 3),
        "shift": _shifts(series, mean),
    }
    rules = {}
    for rule in reversed(RULES):
        rules.update(dict.fromkeys(found[rule], rule))
    return rules, trend_direction


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def _runs(keys: list[int], min_length: int) -> list[tuple[int, int, int]]:
    """Runs of one non-zero key repeated at least min_length times, as (first, last, key)."""
    runs = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if keys[start] != 0 and i - start >= min_length:
                runs.append((start, i - 1, keys[start]))
            start = i
    return runs


def _shifts(series: list[float | None], mean: float) -> set[int]:
    sides = [0 if v is None else _sign(v - mean) for v in series]
    return {i for first, last, _ in _runs(sides, RUN_LENGTH) for i in range(first, last + 1)}


def _trends(series: list[float | None]) -> dict[int, int]:
    """Points in a run of RUN_LENGTH or more each above (1) or below (-1) the one before."""
    steps = [0] + [0 if a is None or b is None else _sign(b - a) for a, b in pairwise(series)]
    # A run of n steps joins n + 1 points: the point before the first step belongs to it too.
    direction = {}
    for first, last, key in _runs(steps, RUN_LENGTH - 1):
        direction.update(dict.fromkeys(range(first - 1, last + 1), key))
    return direction


def _two_in_three(series: list[float | None], mean: float, reach: float) -> set[int]:
    """Points beyond two-thirds of the way to a limit with another such point, on the same side,
    within three months. A month with no data is not beyond, so it cannot make up the two."""
    beyond = [
        0 if v is None else 1 if v > mean + reach else -1 if v < mean - reach else 0 for v in series
    ]
    flagged = set()
    for start in range(len(series) - 2):
        window = range(start, start + 3)
        for side in (1, -1):
            same = [i for i in window if beyond[i] == side]
            if len(same) >= 2:
                flagged.update(same)
    return flagged


def _side(value: float | None, mean: float | None, trend_direction: int) -> str:
    if value is not None and mean is not None and value != mean:
        return "high" if value > mean else "low"
    # Only a trend can flag a point sitting on the mean: it is high or low as the trend heads.
    return "high" if trend_direction > 0 else "low"


def _kind(side: str, improvement: str) -> str:
    if improvement == "neutral":
        return "neither"
    return "improvement" if side == _GOOD_SIDE[improvement] else "concern"


def _assurance(
    improvement: str, target: float | None, lower: float | None, upper: float | None
) -> str | None:
    if target is None or improvement == "neutral" or lower is None or upper is None:
        return None
    if target > upper:
        return "fail" if improvement == "up" else "pass"
    if target < lower:
        return "pass" if improvement == "up" else "fail"
    return "inconsistent"
