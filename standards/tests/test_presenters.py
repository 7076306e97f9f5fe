"""How shares and changes are shown: a colour band always beside words, never colour alone."""

import pytest

from standards.models import Rating
from standards.presenters import change_since, rating_colour, share_band


class TestShareBands:
    @pytest.mark.parametrize(
        ("share", "colour", "label"),
        [
            (100, "green", "90% or more"),
            (90, "green", "90% or more"),
            (89, "aqua-green", "70% to 89%"),
            (70, "aqua-green", "70% to 89%"),
            (69, "yellow", "50% to 69%"),
            (50, "yellow", "50% to 69%"),
            (49, "red", "under 50%"),
            (0, "red", "under 50%"),
        ],
    )
    def test_each_band_starts_at_its_lowest_share(self, share, colour, label):
        band = share_band(share)
        assert (band.colour, band.label) == (colour, label)

    def test_no_share_is_not_assessed(self):
        assert share_band(None).label == "not assessed"


class TestChangeSince:
    def test_up_down_and_level_are_said_in_words(self):
        assert change_since(12, "Q2 2026/27").words == "up 12 points since Q2 2026/27"
        assert change_since(-3, "Q2 2026/27").words == "down 3 points since Q2 2026/27"
        assert change_since(0, "Q2 2026/27").words == "no change since Q2 2026/27"
        assert change_since(12, "Q2").arrow == "▲"
        assert change_since(-3, "Q2").arrow == "▼"

    def test_no_previous_period_shows_no_change(self):
        assert change_since(None, "Q2 2026/27") is None


def test_a_below_compliance_rating_is_never_green():
    assert rating_colour(Rating.PARTIAL) == "yellow"
    assert rating_colour(Rating.NON_COMPLIANCE) == "red"
    assert rating_colour(Rating.NOT_ASSESSED) == "grey"
