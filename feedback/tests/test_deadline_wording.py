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


def test_every_action_says_what_was_done_in_plain_english():
    from feedback.actions import ACTIONS, DONE

    assert set(DONE) == {action.name for action in ACTIONS}
    for said in DONE.values():
        assert said[0].isupper()
        assert "(s)" not in said
        assert not said.lower().endswith(" done")


def plan_data(item, writer) -> dict:
    """The handling plan that acknowledging a complaint now records."""
    return {
        "contact_preference": "phone",
        "response_writer": writer.pk,
        "respond_by": item.respond_by.isoformat(),
        "update_every": "20",
    }


@pytest.mark.django_db
def test_acknowledging_says_complaint_acknowledged(client, pals_officer, medicine):
    from django.urls import reverse
    from django.utils import timezone

    from feedback.tests.factories import make_item

    item = make_item(csc=medicine, received_on=timezone.localdate())
    client.force_login(pals_officer)
    today = timezone.localdate()
    response = client.post(
        reverse("feedback:action", args=[item.reference_slug, "acknowledge"]),
        {"version": item.version, "on": today.isoformat(), **plan_data(item, pals_officer)},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"Complaint acknowledged: {item.reference}"]


@pytest.mark.django_db
def test_a_refused_date_is_shown_beside_its_field(client, pals_officer, medicine):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from feedback.tests.factories import make_item

    received = timezone.localdate() - timedelta(days=3)
    item = make_item(csc=medicine, received_on=received)
    client.force_login(pals_officer)
    response = client.post(
        reverse("feedback:action", args=[item.reference_slug, "acknowledge"]),
        {
            "version": item.version,
            "on": (received - timedelta(days=1)).isoformat(),
            **plan_data(item, pals_officer),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["on"] == [
        f"Date acknowledged must be on or after the date received ({received:%-d %B %Y})."
    ]
    assert not form.non_field_errors()
