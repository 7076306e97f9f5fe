"""Known answers for the Making Data Count XmR rules; each series was built so that removing a
rule, or moving its threshold, changes the answer."""

import math

import pytest

from reports.spc import SPC_RULES_TEXT, analyse, rules_text

# Mean 12, every moving range 4: limits 12 ± 10.64, so 1.36 to 22.64.
STEADY = [10, 14] * 6
# Mean 159, mean moving range 250, limits 159 ± 665 = -506 to 824, all exact in binary:
# the sum is 7 * 223 + 824 = 2385 over 15 points = 159; the moving ranges are thirteen of 223
# and one of 824 - 223 = 601, so 2899 + 601 = 3500 over 14 = 250; 2.66 * 250 = 665.
ENDS_ON_UPPER_LIMIT = [0, 223] * 7 + [824]


def flagged(analysis):
    return [i for i, point in enumerate(analysis.points) if point.special_cause]


def rules(analysis):
    return {i: point.rule for i, point in enumerate(analysis.points) if point.rule}


def mirrored(values):
    """The same series upside down (about 10), so a rising run becomes a falling one."""
    return [None if v is None else 10 - v for v in values]


class TestLimits:
    def test_limits_of_a_small_series_worked_by_hand(self):
        # Mean (10 + 14 + 12 + 16 + 13) / 5 = 65 / 5 = 13.
        # Moving ranges 4, 2, 4, 3: mean 13 / 4 = 3.25; 2.66 * 3.25 = 8.645.
        analysis = analyse([10, 14, 12, 16, 13], "up")

        assert analysis.mean == 13
        assert analysis.lower == pytest.approx(13 - 8.645)
        assert analysis.upper == pytest.approx(13 + 8.645)

    def test_limits_land_exactly_where_the_arithmetic_says(self):
        analysis = analyse(ENDS_ON_UPPER_LIMIT, "up")

        assert (analysis.mean, analysis.lower, analysis.upper) == (159, -506, 824)

    def test_all_equal_values_have_limits_on_the_mean_and_no_special_cause(self):
        analysis = analyse([5] * 12, "up")

        assert (analysis.mean, analysis.lower, analysis.upper) == (5, 5, 5)
        assert flagged(analysis) == []
        assert analysis.variation == "common_cause"

    def test_one_value_has_a_mean_but_no_limits(self):
        analysis = analyse([7], "up", target=5)

        assert (analysis.mean, analysis.lower, analysis.upper) == (7, None, None)
        assert flagged(analysis) == []
        assert analysis.variation == "common_cause"
        assert analysis.assurance is None
        assert analysis.too_few_points

    def test_no_values_have_no_mean_no_limits_and_nothing_to_judge(self):
        analysis = analyse([], "up", target=5)

        assert (analysis.mean, analysis.lower, analysis.upper) == (None, None, None)
        assert analysis.points == ()
        assert (analysis.variation, analysis.variation_side, analysis.assurance) == (None,) * 3
        assert analysis.too_few_points


class TestScreenOutliers:
    # Moving ranges: nine of 2, then 40 - 12 = 28; mean 46 / 10 = 4.6. 28 is at least
    # 3.267 * 4.6 = 15.03, so screening leaves it out: mean 18 / 9 = 2. Mean 150 / 11.
    ONE_HUGE_RANGE = [10, 12] * 5 + [40]

    def test_screening_leaves_out_a_huge_moving_range(self):
        analysis = analyse(self.ONE_HUGE_RANGE, "up", screen_outliers=True)

        assert analysis.lower == pytest.approx(150 / 11 - 2.66 * 2)
        assert analysis.upper == pytest.approx(150 / 11 + 2.66 * 2)

    def test_by_default_every_moving_range_counts(self):
        analysis = analyse(self.ONE_HUGE_RANGE, "up")

        assert analysis.lower == pytest.approx(150 / 11 - 2.66 * 4.6)
        assert analysis.upper == pytest.approx(150 / 11 + 2.66 * 4.6)

    def test_a_range_just_under_3_267_times_the_mean_is_kept(self):
        # Ranges nine of 2 and 8: mean 2.6; 8 / 2.6 = 3.08 times the mean, under 3.267.
        values = [10, 12] * 5 + [20]

        assert analyse(values, "up", screen_outliers=True).upper == analyse(values, "up").upper

    def test_a_range_just_over_3_267_times_the_mean_is_left_out(self):
        # Ranges nine of 2 and 9: mean 2.7; 9 / 2.7 = 3.33 times the mean: left out, mean 2.
        analysis = analyse([10, 12] * 5 + [21], "up", screen_outliers=True)

        assert analysis.upper == pytest.approx(131 / 11 + 2.66 * 2)

    def test_all_equal_values_are_not_screened_to_nothing(self):
        analysis = analyse([5] * 12, "up", screen_outliers=True)

        assert (analysis.lower, analysis.upper) == (5, 5)


class TestOutsideLimits:
    def test_a_point_above_the_upper_limit_is_special(self):
        analysis = analyse([4, 6, 4, 6, 4, 6, 20, 6, 4, 6, 4, 6], "up")

        assert analysis.upper < 20
        assert rules(analysis) == {6: "outside_limits"}

    def test_a_point_below_the_lower_limit_is_special(self):
        analysis = analyse([16, 14, 16, 14, 16, 14, 0, 14, 16, 14, 16, 14], "up")

        assert analysis.lower > 0
        assert rules(analysis) == {6: "outside_limits"}

    def test_a_point_exactly_on_the_upper_limit_is_not_beyond_it(self):
        analysis = analyse(ENDS_ON_UPPER_LIMIT, "up")

        assert analysis.points[-1].value == analysis.upper == 824
        assert flagged(analysis) == []

    def test_a_point_exactly_on_the_lower_limit_is_not_beyond_it(self):
        # The same series upside down: 824 - x, so mean 665 and limits 0 to 1330.
        analysis = analyse([824 - v for v in ENDS_ON_UPPER_LIMIT], "up")

        assert analysis.points[-1].value == analysis.lower == 0
        assert flagged(analysis) == []


class TestShift:
    # Mean 60 / 13 = 4.62: six points below it, then seven above.
    SEVEN_ABOVE = [1, 3, 1, 3, 1, 3, 6, 8, 6, 8, 6, 8, 6]

    @pytest.mark.parametrize("direction", [list, mirrored], ids=["above", "below"])
    def test_seven_on_one_side_of_the_mean_is_a_shift_and_all_are_flagged(self, direction):
        analysis = analyse(direction(self.SEVEN_ABOVE), "up")

        assert rules(analysis) == dict.fromkeys(range(6, 13), "shift")

    @pytest.mark.parametrize("direction", [list, mirrored], ids=["above", "below"])
    def test_six_on_one_side_of_the_mean_is_not_a_shift(self, direction):
        analysis = analyse(direction(self.SEVEN_ABOVE[:-1]), "up")

        assert flagged(analysis) == []

    def test_a_point_on_the_mean_breaks_the_run(self):
        # The sum of the others is 54, so with 4.5 in the middle the mean is 58.5 / 13 = 4.5:
        # three above, one on the mean, three above.
        analysis = analyse([1, 3, 1, 3, 1, 3, 6, 8, 6, 4.5, 8, 6, 8], "up")

        assert analysis.mean == 4.5
        assert flagged(analysis) == []


class TestTrend:
    # Falls to 2, rises 2, 3, 4, 5, 6, 7, 8 (seven points), falls again; mean 5.125.
    SEVEN_RISING = [7, 3, 7, 3, 7, 2, 3, 4, 5, 6, 7, 8, 7, 3, 7, 3]

    @pytest.mark.parametrize("direction", [list, mirrored], ids=["rising", "falling"])
    def test_seven_in_a_row_each_beyond_the_last_is_a_trend_and_all_are_flagged(self, direction):
        analysis = analyse(direction(self.SEVEN_RISING), "up")

        assert rules(analysis) == dict.fromkeys(range(5, 12), "trend")

    @pytest.mark.parametrize("direction", [list, mirrored], ids=["rising", "falling"])
    def test_six_in_a_row_is_not_a_trend(self, direction):
        analysis = analyse(direction([7, 3, 7, 3, 7, 2, 3, 4, 5, 6, 7, 3, 7, 3, 7]), "up")

        assert flagged(analysis) == []

    @pytest.mark.parametrize("direction", [list, mirrored], ids=["rising", "falling"])
    def test_an_equal_value_breaks_the_trend(self, direction):
        # Eight points from 2 to 8, but 4 then 4 again: runs of three and five.
        analysis = analyse(direction([7, 3, 7, 3, 7, 2, 3, 4, 4, 5, 6, 7, 8, 7, 3, 7, 3]), "up")

        assert flagged(analysis) == []


class TestTwoInThree:
    # Mean 13.56, limits 2.92 to 24.20: 21 is 0.70 of the way to the upper limit (beyond
    # two-thirds), 20 is 0.61 of the way (not beyond).
    TWO_BEYOND = [10, 14] * 6 + [21, 20, 21, 14, 10, 14]

    def test_two_of_three_beyond_two_thirds_flags_only_those_beyond(self):
        analysis = analyse(self.TWO_BEYOND, "up")
        reach = (analysis.upper - analysis.mean) * 2 / 3

        assert 21 > analysis.mean + reach > 20
        assert rules(analysis) == {12: "two_in_three", 14: "two_in_three"}

    def test_two_of_three_below_is_flagged_too(self):
        analysis = analyse(mirrored(self.TWO_BEYOND), "up")

        assert rules(analysis) == {12: "two_in_three", 14: "two_in_three"}

    def test_two_beyond_on_opposite_sides_are_not_flagged(self):
        # Mean 12.11, limits -3.54 to 27.76: 24 is 0.76 of the way up, 0 is 0.77 of the way down.
        analysis = analyse([10, 14] * 6 + [24, 12, 0, 14, 10, 14], "up")
        reach = (analysis.upper - analysis.mean) * 2 / 3

        assert analysis.mean + reach < 24
        assert analysis.mean - reach > 0
        assert flagged(analysis) == []

    def test_two_beyond_with_two_months_between_are_not_flagged(self):
        # Mean 13.26, limits 0.26 to 26.27: each 22 is 0.67 of the way up, beyond two-thirds,
        # but no window of three months holds both.
        analysis = analyse([10, 14] * 6 + [22, 12, 14, 22, 14, 10, 14], "up")
        reach = (analysis.upper - analysis.mean) * 2 / 3

        assert analysis.mean + reach < 22
        assert flagged(analysis) == []


class TestStrongestRule:
    def test_outside_the_limits_outranks_a_trend(self):
        # Mean 5, every moving range 1: limits 5 +/- 2.66, so 2 and 8 end the trend outside them.
        analysis = analyse([2, 3, 4, 5, 6, 7, 8], "up")

        assert rules(analysis) == {
            0: "outside_limits",
            **dict.fromkeys(range(1, 6), "trend"),
            6: "outside_limits",
        }

    def test_a_trend_outranks_a_shift_and_two_in_three(self):
        # 10, 14, 15, ..., 21 rise for nine points; the last seven are also above the mean
        # (a shift), and 20 and 21 are beyond two-thirds (two in three).
        analysis = analyse([*STEADY, 15, 16, 17, 18, 19, 20, 21], "up")
        reach = (analysis.upper - analysis.mean) * 2 / 3

        assert all(v > analysis.mean for v in [15, 16, 17, 18, 19, 20, 21])
        assert analysis.mean + reach < 20
        assert rules(analysis) == {
            **dict.fromkeys(range(10), "shift"),
            **dict.fromkeys(range(10, 19), "trend"),
        }

    def test_outside_the_limits_outranks_two_in_three(self):
        # Mean 15, limits -12.44 to 42.44: 50 is outside, 34 inside but beyond two-thirds
        # (0.69 of the way). Being beyond two-thirds too, 50 makes the second of two in three.
        analysis = analyse([8, 16] * 8 + [50, 34, 16, 8], "up")

        assert analysis.mean == 15
        assert analysis.upper == pytest.approx(42.44)
        assert rules(analysis) == {16: "outside_limits", 17: "two_in_three"}

    def test_two_in_three_outranks_a_shift(self):
        # From the last 14 on, eight points sit above the mean of 13.95; the two 21s are beyond
        # two-thirds of the way to the upper limit.
        analysis = analyse([*STEADY, 16, 21, 16, 21, 16, 15, 16], "up")

        assert rules(analysis) == {
            **dict.fromkeys([11, 12, 14, 16, 17, 18], "shift"),
            13: "two_in_three",
            15: "two_in_three",
        }


class TestVariation:
    # Latest point 50 is above the upper limit of 41.97; 0 is below the lower limit of 2.05.
    ENDS_HIGH = [8, 16] * 6 + [50]
    ENDS_LOW = [28, 36] * 6 + [0]

    @pytest.mark.parametrize(
        ("values", "improvement", "variation", "side"),
        [
            (ENDS_HIGH, "up", "improvement", "high"),
            (ENDS_HIGH, "down", "concern", "high"),
            (ENDS_HIGH, "neutral", "neither", "high"),
            (ENDS_LOW, "up", "concern", "low"),
            (ENDS_LOW, "down", "improvement", "low"),
            (ENDS_LOW, "neutral", "neither", "low"),
        ],
    )
    def test_special_cause_on_the_latest_point(self, values, improvement, variation, side):
        analysis = analyse(values, improvement)

        assert (analysis.variation, analysis.variation_side) == (variation, side)
        assert analysis.points[-1].kind == variation

    def test_common_cause_has_no_side(self):
        analysis = analyse(STEADY, "up")

        assert (analysis.variation, analysis.variation_side) == ("common_cause", None)
        assert {point.kind for point in analysis.points} == {"common_cause"}

    def test_an_earlier_special_cause_does_not_make_the_latest_one(self):
        analysis = analyse([10, 14] * 3 + [40] + [10, 14] * 3, "up")

        assert flagged(analysis) == [6]
        assert analysis.points[6].kind == "improvement"
        assert analysis.variation == "common_cause"

    def test_the_latest_point_with_a_value_is_judged(self):
        analysis = analyse([*self.ENDS_HIGH, None], "up")

        assert (analysis.variation, analysis.variation_side) == ("improvement", "high")

    def test_points_below_the_mean_in_a_shift_are_a_concern_when_up_is_better(self):
        # Mean 4.38: 3 and 1 for seven months are all below it.
        analysis = analyse([8, 6, 8, 6, 8, 6, 3, 1, 3, 1, 3, 1, 3], "up")

        assert {analysis.points[i].kind for i in flagged(analysis)} == {"concern"}
        assert (analysis.variation, analysis.variation_side) == ("concern", "low")

    @pytest.mark.parametrize(
        ("values", "kind"),
        [([2, 3, 4, 5, 6, 7, 8], "improvement"), ([8, 7, 6, 5, 4, 3, 2], "concern")],
    )
    def test_a_trend_point_on_the_mean_takes_the_trends_direction(self, values, kind):
        analysis = analyse(values, "up")

        assert analysis.points[3].value == analysis.mean == 5
        assert analysis.points[3].rule == "trend"
        assert analysis.points[3].kind == kind


class TestAssurance:
    # Limits 1.36 to 22.64.
    @pytest.mark.parametrize(
        ("improvement", "target", "assurance"),
        [
            ("up", 0, "pass"),
            ("up", 30, "fail"),
            ("up", 12, "inconsistent"),
            ("down", 30, "pass"),
            ("down", 0, "fail"),
            ("down", 12, "inconsistent"),
        ],
    )
    def test_target_against_the_limits(self, improvement, target, assurance):
        assert analyse(STEADY, improvement, target).assurance == assurance

    @pytest.mark.parametrize("improvement", ["up", "down"])
    @pytest.mark.parametrize("target", [-506, 824])
    def test_a_target_on_a_limit_is_inconsistent(self, improvement, target):
        assert analyse(ENDS_ON_UPPER_LIMIT, improvement, target).assurance == "inconsistent"

    def test_a_neutral_measure_has_no_assurance(self):
        assert analyse(STEADY, "neutral", 0).assurance is None

    def test_no_target_has_no_assurance(self):
        assert analyse(STEADY, "up").assurance is None

    def test_all_equal_values_still_pass_or_fail_a_target_off_the_mean(self):
        assert analyse([5] * 12, "up", 4).assurance == "pass"
        assert analyse([5] * 12, "up", 5).assurance == "inconsistent"


class TestMissingMonths:
    def test_a_month_with_no_data_is_kept_as_a_point(self):
        analysis = analyse([10, None, 14, 12], "up")

        assert [point.value for point in analysis.points] == [10, None, 14, 12]
        assert analysis.points[1].special_cause is False
        assert analysis.points[1].rule is None

    def test_a_month_with_no_data_is_left_out_of_the_calculations(self):
        # Mean 36 / 3 = 12; moving ranges 14 - 10 = 4 and 14 - 12 = 2, mean 3; 2.66 * 3 = 7.98.
        analysis = analyse([10, None, 14, 12], "up")

        assert analysis.mean == 12
        assert analysis.lower == pytest.approx(12 - 7.98)
        assert analysis.upper == pytest.approx(12 + 7.98)

    def test_a_month_with_no_data_breaks_a_shift(self):
        # Seven values above the mean, but four then a gap then three.
        analysis = analyse([1, 3, 1, 3, 1, 3, 6, 8, 6, 8, None, 6, 8, 6], "up")

        assert flagged(analysis) == []

    def test_a_month_with_no_data_breaks_a_trend(self):
        # 2, 3, 4 then a gap then 5, 6, 7, 8.
        analysis = analyse([7, 3, 7, 3, 7, 2, 3, 4, None, 5, 6, 7, 8, 7, 3, 7, 3], "up")

        assert flagged(analysis) == []

    def test_a_month_with_no_data_counts_as_not_beyond_in_two_of_three(self):
        analysis = analyse([10, 14] * 6 + [21, None, 21, 14, 10, 14], "up")

        assert rules(analysis) == {12: "two_in_three", 14: "two_in_three"}


class TestTooFewPoints:
    def test_eleven_points_carry_a_warning(self):
        analysis = analyse(STEADY[:11], "up")

        assert analysis.too_few_points
        assert "fewer than 12" in analysis.warning

    def test_twelve_points_do_not(self):
        analysis = analyse(STEADY, "up")

        assert not analysis.too_few_points
        assert analysis.warning is None

    def test_months_with_no_data_do_not_count(self):
        analysis = analyse([*STEADY[:11], None], "up")

        assert analysis.too_few_points
        assert analysis.warning is not None

    def test_too_few_points_still_get_limits_and_rules(self):
        analysis = analyse([4, 6, 4, 6, 4, 6, 20], "up")

        assert analysis.upper is not None
        assert analysis.variation == "improvement"


class TestRefusals:
    @pytest.mark.parametrize("improvement", ["increase", "UP", "", None])
    def test_an_unknown_improvement_direction_is_refused(self, improvement):
        with pytest.raises(ValueError, match="improvement must be one of up, down, neutral"):
            analyse(STEADY, improvement)

    def test_nan_is_refused_because_a_missing_month_is_none(self):
        with pytest.raises(ValueError, match="None, not NaN"):
            analyse([*STEADY, math.nan], "up")


class TestRulesText:
    def test_the_board_pack_text_names_each_rule(self):
        for phrase in ["2.66", "outside the limits", "7 or more", "2 of 3", "12"]:
            assert phrase in SPC_RULES_TEXT

    def test_screening_is_mentioned_only_when_applied(self):
        assert "3.267" not in SPC_RULES_TEXT
        assert "3.267" in rules_text(screen_outliers=True)
