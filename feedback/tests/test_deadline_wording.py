"""How an item's page says where a deadline stands: in words, the count agreeing with its noun."""

from datetime import date

import pytest

from feedback.presenters import Deadline

DUE = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("left", "done_on", "words"),
    [
        (3, None, "3 working days left"),
        (1, None, "1 working day left"),
        (0, None, "due today"),
        (-1, None, "overdue by 1 working day"),
        (-4, None, "overdue by 4 working days"),
        (None, None, ""),
        (2, date(2026, 12, 3), "met"),
        (2, date(2026, 12, 4), "met late"),
    ],
)
def test_the_state_in_words(left, done_on, words):
    assert Deadline("Respond by", DUE, done_on, left).state == words
