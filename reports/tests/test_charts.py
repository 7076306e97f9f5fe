"""The Making Data Count charts and icons: what is drawn, in which colour, and said in words."""

import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from reports.charts import (
    BLUE,
    GREY,
    ORANGE,
    PURPLE,
    RED,
    _scale,
    assurance_icon,
    chart_svg,
    icon_svg,
    variation_icon,
)
from reports.spc import analyse

MONTHS = [date(2025, 1, 1) + relativedelta(months=n) for n in range(24)]
# Common cause: up and down about the mean, never a run on one side. Limits about -15 and 48
# once a 24th point is added.
STEADY = [10, 20] * 11 + [10]


def draw(values, improvement="up", target=None, unit="number"):
    analysis = analyse(values, improvement, target)
    months = MONTHS[: len(values)]
    return analysis, chart_svg(
        title="Compliments", unit=unit, months=months, analysis=analysis, target=target
    )


def point_colours(svg: str) -> list[str]:
    return re.findall(r'<circle [^>]*fill="(#[0-9a-f]{6})"', svg)


class TestChart:
    def test_points_take_the_colour_of_their_variation(self):
        _, svg = draw([*STEADY, 60])  # the last far above the upper limit
        colours = point_colours(svg)
        assert colours[:-1] == [GREY] * len(STEADY)
        assert colours[-1] == BLUE  # higher is better: an improvement
        _, svg = draw([*STEADY, 60], improvement="down")
        assert point_colours(svg)[-1] == ORANGE
        _, svg = draw([*STEADY, 60], improvement="neutral")
        assert point_colours(svg)[-1] == PURPLE

    def test_a_month_with_no_data_has_no_point_and_breaks_the_line(self):
        _, svg = draw([10, 12, None, 11, 13])
        assert len(point_colours(svg)) == 4
        assert svg.count("<polyline") == 2

    def test_the_target_line_is_drawn_only_with_a_target(self):
        values = [70, 72, 71, 69, 73, 70, 72, 71, 70, 72, 71, 70]
        _, without = draw(values)
        _, with_target = draw(values, target=75)
        assert RED not in without
        assert f'stroke="{RED}"' in with_target

    def test_the_chart_says_in_words_what_it_shows(self):
        _, svg = draw([*STEADY, 60])
        label = re.search(r'aria-label="([^"]*)"', svg)[1]
        assert label.startswith("Compliments: 60 number in December 2026")
        assert "improvement (higher values)" in label
        assert "1 special cause point" in label
        assert 'role="img"' in svg
        # The months run along the bottom, every third on a long chart, the latest always.
        assert ">Dec</text>" in svg
        assert ">Nov</text>" not in svg
        assert ">Sep</text>" in svg

    def test_no_data_at_all_says_so_instead_of_drawing(self):
        _, svg = draw([None, None, None])
        assert "<svg" not in svg
        assert "No data for Compliments" in svg

    def test_text_in_the_chart_is_escaped(self):
        analysis = analyse([1, 2, 3], "up")
        svg = chart_svg(
            title='<script>alert("x")</script>',
            unit="number",
            months=MONTHS[:3],
            analysis=analysis,
            target=None,
        )
        assert "<script>" not in svg


class TestScale:
    def test_gridlines_fall_on_round_numbers(self):
        assert _scale([3, 21.4], None) == (0.0, 25.0, 5)
        assert _scale([0.29, 0.5], None) == (0.2, 0.5, 0.1)
        assert _scale([0.3, 0.41], None) == pytest.approx((0.25, 0.45, 0.05))

    def test_a_percentage_axis_stops_at_100(self):
        _, high, _ = _scale([45, 99.5, 112], 100)
        assert high > 100  # a value past the ceiling is still shown
        _, high, _ = _scale([45, 99.5], 100)
        assert high == 100

    def test_a_count_that_cannot_be_negative_starts_no_lower_than_zero(self):
        low, _, _ = _scale([-3.2, 4, 9], None)
        assert low < 0  # a negative value (a lower limit) keeps its place
        low, _, _ = _scale([0.5, 4, 9], None)
        assert low == 0


class TestIcons:
    def test_each_variation_has_its_letter_colour_and_words(self):
        common = variation_icon(analyse(STEADY, "up"))
        assert (common.colour, common.letter, common.label) == (
            GREY,
            "~",
            "Common cause variation",
        )
        high = variation_icon(analyse([*STEADY, 60], "up"))
        assert (high.colour, high.letter) == (BLUE, "H")
        assert high.label == "Improvement (higher values)"
        low = variation_icon(analyse([*STEADY, -30], "up"))
        assert (low.colour, low.letter, low.label) == (ORANGE, "L", "Concern (lower values)")
        neither = variation_icon(analyse([*STEADY, 60], "neutral"))
        assert (neither.colour, neither.letter) == (PURPLE, "H")
        assert variation_icon(analyse([], "up")) is None

    def test_assurance_icons_follow_the_target_against_the_limits(self):
        steady = [80, 82, 79, 81, 80, 83, 78, 80, 81, 79, 82, 80]
        passing = assurance_icon(analyse(steady, "up", target=60))
        failing = assurance_icon(analyse(steady, "up", target=95))
        hit_and_miss = assurance_icon(analyse(steady, "up", target=80))
        assert (passing.letter, passing.colour) == ("P", BLUE)
        assert (failing.letter, failing.colour) == ("F", ORANGE)
        assert (hit_and_miss.letter, hit_and_miss.colour) == ("?", GREY)
        assert assurance_icon(analyse(steady, "up")) is None  # no target

    def test_an_icon_is_named_by_its_meaning(self):
        icon = variation_icon(analyse([*STEADY, 60], "up"))
        svg = icon_svg(icon)
        assert 'aria-label="Improvement (higher values)"' in svg
        assert ">H</text>" in svg
        assert icon_svg(None) == ""
