"""Properties of the Making Data Count rules that must hold for any series, not only the ones
in test_spc.py (issue 14). The rules are checked against a plain reference written here with
loops over windows, so a slip in either shows as a disagreement.

Series are built from pieces a real measure has (noise, a level held for months, a rise or
fall, a month with no data) so that runs and trends near seven points come up often."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reports.spc import MIN_POINTS, analyse

PROPERTY = settings(max_examples=60, deadline=None)

# Written out again rather than imported, so that changing a constant in spc.py is caught.
LIMIT_FACTOR = 2.66
OUTLIER_FACTOR = 3.267
RUN = 7
GOOD_SIDE = {"up": "high", "down": "low"}

improvements = st.sampled_from(["up", "down", "neutral"])


@st.composite
def monthly_series(draw, max_pieces=6):
    values = []
    for _ in range(draw(st.integers(1, max_pieces))):
        piece = draw(st.sampled_from(["noise", "level", "ramp", "gap"]))
        if piece == "noise":
            values += draw(st.lists(st.integers(-20, 20), min_size=1, max_size=6))
        elif piece == "level":
            base = draw(st.integers(-20, 20))
            values += [base + j for j in draw(st.lists(st.integers(0, 3), min_size=4, max_size=9))]
        elif piece == "ramp":
            start, sign = draw(st.integers(-20, 20)), draw(st.sampled_from([1, -1]))
            for step in draw(st.lists(st.integers(1, 4), min_size=3, max_size=9)):
                start += sign * step
                values.append(start)
        else:
            values.append(None)
    return values


any_floats = st.lists(
    st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)),
    max_size=40,
)


def windows(n, size):
    return [range(start, start + size) for start in range(n - size + 1)]


def reference(values, improvement, mean, lower, upper):
    """(rule, kind) for every point, by the rules as DOMAIN.md states them, given the limits."""
    n = len(values)
    there = [v is not None for v in values]
    outside = {i for i, v in enumerate(values) if there[i] and (v > upper or v < lower)}
    shift, trend, two_in_three = set(), {}, set()
    for window in windows(n, RUN):
        if all(there[i] for i in window) and (
            all(values[i] > mean for i in window) or all(values[i] < mean for i in window)
        ):
            shift.update(window)
    for window in windows(n, RUN):
        if all(there[i] for i in window):
            steps = [values[i + 1] - values[i] for i in window[:-1]]
            for direction in (1, -1):
                if all(step * direction > 0 for step in steps):
                    for i in window:
                        trend.setdefault(i, set()).add(direction)
    reach = (upper - mean) * 2 / 3
    for window in windows(n, 3):
        high = [i for i in window if there[i] and values[i] > mean + reach]
        low = [i for i in window if there[i] and values[i] < mean - reach]
        for beyond in (high, low):
            if len(beyond) >= 2:
                two_in_three.update(beyond)

    answer = []
    for i, value in enumerate(values):
        for rule, points in [  # noqa: B007 - the rule found is used after the loop
            ("outside_limits", outside),
            ("trend", trend),
            ("two_in_three", two_in_three),
            ("shift", shift),
        ]:
            if i in points:
                break
        else:
            answer.append((None, "common_cause"))
            continue
        if value != mean:
            side = "high" if value > mean else "low"
        elif len(trend[i]) == 1:  # only a trend flags a point on the mean
            side = "high" if trend[i] == {1} else "low"
        else:
            answer.append((rule, "either"))  # the peak of a rise and a fall: no one answer
            continue
        kind = (
            "neither"
            if improvement == "neutral"
            else ("improvement" if side == GOOD_SIDE[improvement] else "concern")
        )
        answer.append((rule, kind))
    return answer


def judged(analysis):
    return [(point.rule, point.kind) for point in analysis.points]


def agrees(actual, expected):
    return len(actual) == len(expected) and all(
        a == e or (e[1] == "either" and a[0] == e[0]) for a, e in zip(actual, expected, strict=True)
    )


def clear_of_every_boundary(values, analysis, *, mean_too=False):
    """No value within rounding of a limit or of two-thirds of the way to one (nor of the mean,
    when asked): there, arithmetic done in another order may fairly land either side."""
    reach = (analysis.upper - analysis.mean) * 2 / 3
    edges = [analysis.lower, analysis.upper, analysis.mean - reach, analysis.mean + reach]
    if mean_too:
        edges.append(analysis.mean)
    return all(
        abs(v - edge) > 1e-9 * (1 + abs(edge)) for v in values if v is not None for edge in edges
    )


class TestLimitProperties:
    @PROPERTY
    @given(values=any_floats, improvement=improvements, screen=st.booleans())
    def test_any_series_is_judged_without_raising_and_limits_straddle_the_mean(
        self, values, improvement, screen
    ):
        analysis = analyse(values, improvement, screen_outliers=screen)
        present = [v for v in values if v is not None]

        assert len(analysis.points) == len(values)
        assert analysis.too_few_points == (len(present) < MIN_POINTS)
        if len(present) >= 2:
            assert analysis.lower <= analysis.mean <= analysis.upper
            assert analysis.upper - analysis.mean == pytest.approx(
                analysis.mean - analysis.lower, rel=1e-9, abs=1e-6
            )

    @PROPERTY
    @given(values=any_floats)
    def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges(self, values):
        present = [v for v in values if v is not None]
        assume(len(present) >= 2)
        mean = float(sum(Fraction(v) for v in present) / len(present))
        ranges = [abs(b - a) for a, b in itertools.pairwise(present)]
        spread = LIMIT_FACTOR * sum(ranges) / len(ranges)

        analysis = analyse(values, "up")

        assert analysis.mean == mean
        assert analysis.lower == pytest.approx(mean - spread, rel=1e-9, abs=1e-6)
        assert analysis.upper == pytest.approx(mean + spread, rel=1e-9, abs=1e-6)

    @PROPERTY
    @given(values=any_floats)
    def test_screened_limits_leave_out_ranges_of_3_267_mean_ranges_or_more(self, values):
        present = [v for v in values if v is not None]
        assume(len(present) >= 2)
        ranges = [abs(b - a) for a, b in itertools.pairwise(present)]
        average = sum(ranges) / len(ranges)
        kept = [r for r in ranges if r < OUTLIER_FACTOR * average] or ranges
        spread = LIMIT_FACTOR * sum(kept) / len(kept)

        analysis = analyse(values, "up", screen_outliers=True)

        assert analysis.upper - analysis.mean == pytest.approx(spread, rel=1e-6, abs=1e-6)

    @PROPERTY
    @given(values=st.lists(st.integers(0, 9), min_size=MIN_POINTS - 2, max_size=MIN_POINTS + 2))
    def test_the_too_few_points_warning_is_given_below_12_points_only(self, values):
        analysis = analyse(values, "up")

        assert analysis.too_few_points == (len(values) < 12)
        assert (analysis.warning is None) == (len(values) >= 12)

    @PROPERTY
    @given(values=any_floats)
    def test_screening_out_huge_ranges_never_widens_the_limits(self, values):
        plain, screened = analyse(values, "up"), analyse(values, "up", screen_outliers=True)

        if plain.upper is not None:
            assert screened.upper - screened.lower <= (plain.upper - plain.lower) * (1 + 1e-9)

    @PROPERTY
    @given(
        value=st.floats(-1e6, 1e6, allow_nan=False),
        n=st.integers(2, 40),
        gaps=st.sets(st.integers(0, 40), max_size=5),
        screen=st.booleans(),
    )
    def test_an_unchanging_measure_has_limits_on_its_value_and_no_special_cause(
        self, value, n, gaps, screen
    ):
        # Any value, 0.1 or 97.3 included: the mean must come out as the value itself, or
        # every point would sit a hair outside zero-width limits.
        values = [None if i in gaps else value for i in range(n)]
        assume(values.count(value) >= 2)

        analysis = analyse(values, "up", value, screen_outliers=screen)

        assert analysis.mean == analysis.lower == analysis.upper == value
        assert not any(point.special_cause for point in analysis.points)
        assert analysis.assurance == "inconsistent"

    @PROPERTY
    @given(
        gaps=st.integers(0, 30),
        value=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
        at=st.integers(0, 30),
        improvement=improvements,
        target=st.none() | st.floats(-1e6, 1e6, allow_nan=False),
    )
    def test_fewer_than_two_values_give_no_limits_and_no_flags(
        self, gaps, value, at, improvement, target
    ):
        values = [None] * gaps
        values.insert(min(at, gaps), value)

        analysis = analyse(values, improvement, target)

        assert (analysis.lower, analysis.upper, analysis.assurance) == (None, None, None)
        assert not any(point.special_cause for point in analysis.points)
        assert analysis.too_few_points


class TestRuleProperties:
    @PROPERTY
    @given(values=monthly_series(), improvement=improvements)
    def test_every_point_is_judged_as_the_reference_judges_it(self, values, improvement):
        analysis = analyse(values, improvement)
        assume(analysis.upper is not None)

        expected = reference(values, improvement, analysis.mean, analysis.lower, analysis.upper)

        assert agrees(judged(analysis), expected)

    @PROPERTY
    @given(values=monthly_series())
    def test_a_point_is_flagged_outside_exactly_when_it_is_beyond_a_limit(self, values):
        analysis = analyse(values, "up")
        assume(analysis.upper is not None)

        for point in analysis.points:
            beyond = point.value is not None and not analysis.lower <= point.value <= analysis.upper
            assert (point.rule == "outside_limits") == beyond

    @PROPERTY
    @given(values=monthly_series(), improvement=improvements)
    def test_the_variation_icon_is_the_latest_points_judgement(self, values, improvement):
        analysis = analyse(values, improvement)
        latest = [p for p in analysis.points if p.value is not None][-1:]

        assert analysis.variation == (latest[0].kind if latest else None)
        assert (analysis.variation_side is None) == (analysis.variation in (None, "common_cause"))


class TestInvariance:
    @PROPERTY
    @given(values=monthly_series(), improvement=improvements, shift=st.integers(-1000, 1000))
    def test_adding_a_constant_moves_mean_and_limits_and_changes_no_judgement(
        self, values, improvement, shift
    ):
        before = analyse(values, improvement)
        assume(before.upper is not None and clear_of_every_boundary(values, before))

        after = analyse([None if v is None else v + shift for v in values], improvement)

        assert after.mean == pytest.approx(before.mean + shift)
        assert after.lower == pytest.approx(before.lower + shift)
        assert after.upper == pytest.approx(before.upper + shift)
        assert judged(after) == judged(before)

    @PROPERTY
    @given(
        values=monthly_series(),
        improvement=improvements,
        factor=st.sampled_from([0.25, 0.5, 2, 8, 1024]) | st.floats(0.001, 1000),
    )
    def test_multiplying_by_a_positive_constant_scales_the_limits_and_changes_no_judgement(
        self, values, improvement, factor
    ):
        before = analyse(values, improvement)
        assume(before.upper is not None and clear_of_every_boundary(values, before, mean_too=True))

        after = analyse([None if v is None else v * factor for v in values], improvement)

        assert after.mean == pytest.approx(before.mean * factor)
        assert after.lower == pytest.approx(before.lower * factor)
        assert after.upper == pytest.approx(before.upper * factor)
        assert judged(after) == judged(before)

    @PROPERTY
    @given(values=monthly_series())
    def test_turning_the_series_upside_down_swaps_improvement_and_concern(self, values):
        before = analyse(values, "up")
        assume(before.upper is not None and clear_of_every_boundary(values, before))

        after = analyse([None if v is None else -v for v in values], "down")

        # Upside down with "down" better is the same story told the other way up.
        assert judged(after) == judged(before)
        assert (
            after.variation_side
            == {"high": "low", "low": "high", None: None}[before.variation_side]
        )

    @PROPERTY
    @given(values=monthly_series(), improvement=improvements)
    def test_reversing_time_flags_the_same_points_with_the_same_rules(self, values, improvement):
        before = analyse(values, improvement)

        after = analyse(values[::-1], improvement)

        assert (after.mean, after.lower, after.upper) == (before.mean, before.lower, before.upper)
        assert [p.rule for p in after.points] == [p.rule for p in before.points][::-1]

    @PROPERTY
    @given(
        middle=st.integers(-100, 100),
        step=st.integers(1, 20),
        half=st.integers(RUN // 2, 10),
        rising=st.booleans(),
    )
    def test_a_trend_point_on_the_mean_heads_the_way_the_trend_does_and_reverses_with_time(
        self, middle, step, half, rising
    ):
        # A straight rise or fall centred on its middle value: that point sits on the mean and
        # only the trend flags it, so its side comes from the trend's direction alone.
        sign = 1 if rising else -1
        values = [middle + sign * step * k for k in range(-half, half + 1)]

        forward, backward = analyse(values, "up"), analyse(values[::-1], "up")

        assert forward.points[half].value == forward.mean
        assert forward.points[half].rule == backward.points[half].rule == "trend"
        assert forward.points[half].kind == ("improvement" if rising else "concern")
        assert backward.points[half].kind == ("concern" if rising else "improvement")


class TestUnchangingMeasureRegression:
    """Found by the properties above: the mean was taken with fmean, which gives
    0.10000000000000002 for three 0.1s, so a measure that never changed sat wholly outside its
    zero-width limits and every month was flagged."""

    @pytest.mark.parametrize("value", [0.1, 0.7, 97.3])
    def test_a_rate_that_never_changes_is_common_cause(self, value):
        analysis = analyse([value] * 13, "up")

        assert analysis.mean == analysis.lower == analysis.upper == value
        assert [p.special_cause for p in analysis.points] == [False] * 13
        assert analysis.variation == "common_cause"
