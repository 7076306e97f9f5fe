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


@pytest.mark.django_db
def test_the_page_counts_days_left_from_one_read_of_the_closure_days(
    client, pals_officer, medicine
):
    """Its deadlines and its resolve-early check share one read; a closure day added later
    counts from the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from careprog.models import ClosureDay
    from careprog.working_days import trust_calendar
    from feedback.tests.factories import make_item

    today = timezone.localdate()
    item = make_item(csc=medicine, received_on=today)  # to acknowledge in 3 working days
    url = reverse("feedback:detail", args=[item.reference_slug])
    client.force_login(pals_officer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert "Resolve early" in response.text
    assert "(3 working days left)" in response.text
    reads = [q for q in captured.captured_queries if "careprog_closureday" in q["sql"]]
    assert len(reads) == 1

    next_working_day = trust_calendar().add_working_days(today, 1)
    ClosureDay.objects.create(date=next_working_day, reason="Trust closure")
    assert "(2 working days left)" in client.get(url).text
