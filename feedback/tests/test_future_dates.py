"""The future-date rule for the handling plan and early resolution (issue 14): a date on which
something happened is today or earlier. Today is pinned, so the boundary is exact: today is
accepted, tomorrow refused, beside its field, with nothing saved. The agreed response date is
the one date that looks forward, and it is accepted."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import ComplaintUpdate, FeedbackEvent
from feedback.models.choices import Kind, Status
from feedback.services import complaints
from feedback.services.base import ProcessError
from feedback.services.early_resolution import resolve_early
from feedback.services.plan import complaint_agree_plan, complaint_give_update
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db

# A Wednesday; received on the Monday before, so the early-resolution window is still open.
TODAY = date(2026, 3, 11)
TOMORROW = TODAY + timedelta(days=1)
RECEIVED = date(2026, 3, 9)


@pytest.fixture(autouse=True)
def today_is_pinned(monkeypatch):
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def plan(by, **changes) -> dict:
    return {"contact_preference": "email", "response_writer": by, "update_every": 20, **changes}


@pytest.fixture
def acknowledged(medicine, pals_officer):
    item = make_item(
        csc=medicine, by=pals_officer, received_on=RECEIVED, contact_email="pat@example.org"
    )
    return complaints.complaint_acknowledge(item=item, by=pals_officer, on=RECEIVED)


@pytest.fixture
def planned(acknowledged, pals_officer):
    return complaint_agree_plan(
        item=acknowledged, by=pals_officer, agreed_on=RECEIVED, **plan(pals_officer)
    )


def refusal(excinfo) -> dict:
    return excinfo.value.message_dict


class TestTheDatePlanWasAgreed:
    def test_today_is_accepted(self, acknowledged, pals_officer):
        item = complaint_agree_plan(
            item=acknowledged, by=pals_officer, agreed_on=TODAY, **plan(pals_officer)
        )
        assert item.plan_agreed_on == TODAY

    def test_tomorrow_is_refused_beside_the_date_and_nothing_is_saved(
        self, acknowledged, pals_officer
    ):
        with pytest.raises(ProcessError) as excinfo:
            complaint_agree_plan(
                item=acknowledged, by=pals_officer, agreed_on=TOMORROW, **plan(pals_officer)
            )
        assert refusal(excinfo) == {"agreed_on": ["Date agreed must be today or in the past."]}
        acknowledged.refresh_from_db()
        assert acknowledged.plan_agreed_on is None
        assert not FeedbackEvent.objects.filter(item=acknowledged, action="plan").exists()

    def test_the_agreed_response_date_looks_forward_and_tomorrow_is_accepted(
        self, acknowledged, pals_officer
    ):
        """The response date is a promise for later, not something that happened."""
        item = complaint_agree_plan(
            item=acknowledged,
            by=pals_officer,
            agreed_on=TODAY,
            **plan(pals_officer, respond_by=TOMORROW, date_change_reason="Agreed by phone"),
        )
        assert item.respond_by == TOMORROW


class TestTheDateAnUpdateWasGiven:
    def test_today_is_accepted(self, planned, pals_officer):
        update = complaint_give_update(
            item=planned, by=pals_officer, given_on=TODAY, method="phone", note="Rang them"
        )
        assert update.given_on == TODAY

    def test_tomorrow_is_refused_beside_the_date_and_nothing_is_saved(self, planned, pals_officer):
        with pytest.raises(ProcessError) as excinfo:
            complaint_give_update(
                item=planned, by=pals_officer, given_on=TOMORROW, method="phone", note="Rang"
            )
        assert refusal(excinfo) == {"given_on": ["Date given must be today or in the past."]}
        assert not ComplaintUpdate.objects.exists()


class TestTheDateResolvedEarly:
    @pytest.fixture(params=[Kind.COMPLAINT, Kind.PALS])
    def item(self, request, medicine, pals_officer):
        return make_item(kind=request.param, csc=medicine, by=pals_officer, received_on=RECEIVED)

    def test_today_is_accepted(self, item, pals_officer):
        resolved = resolve_early(item=item, by=pals_officer, on=TODAY, what_was_done="Rebooked")
        assert resolved.resolved_early_on == TODAY

    def test_tomorrow_is_refused_beside_the_date_and_nothing_is_saved(self, item, pals_officer):
        status = item.status
        with pytest.raises(ProcessError) as excinfo:
            resolve_early(item=item, by=pals_officer, on=TOMORROW, what_was_done="Rebooked")
        assert refusal(excinfo) == {"on": ["Date resolved must be today or in the past"]}
        item.refresh_from_db()
        assert item.resolved_early_on is None
        assert item.status == status != Status.CLOSED

    def test_tomorrow_is_refused_through_the_page_with_what_was_typed_kept(
        self, client, item, pals_officer
    ):
        client.force_login(pals_officer)
        url = reverse("feedback:action", args=[item.reference_slug, "resolve-early"])
        typed = "Ward sister phoned and apologised"
        tomorrow = {"on_0": TOMORROW.day, "on_1": TOMORROW.month, "on_2": TOMORROW.year}
        response = client.post(url, {"version": item.version, **tomorrow, "what_was_done": typed})
        assert response.status_code == 200
        assert "Date resolved must be today or in the past" in response.text
        assert typed in response.text
        item.refresh_from_db()
        assert item.resolved_early_on is None
