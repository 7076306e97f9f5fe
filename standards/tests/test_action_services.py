"""Improvement actions: their due dates and their completion."""

from datetime import timedelta

import pytest
from django.utils import timezone

from standards.models import ImprovementAction
from standards.services.actions import improvement_action_add, improvement_action_complete
from standards.services.base import StandardsError
from standards.tests.factories import make_assessment, signed_off_assessment, this_period


@pytest.fixture
def line(assessment):
    return assessment.lines.order_by("pk").first()


def add(line, by, owner, due_on):
    return improvement_action_add(
        line=line, by=by, description="Install a hearing loop", owner=owner, due_on=due_on
    )


class TestAdding:
    def test_an_action_has_an_owner_and_a_due_date(self, line, medicine_manager, owner):
        action = add(line, medicine_manager, owner, line.assessment.period_end)
        assert (action.owner, action.due_on, action.created_by) == (
            owner,
            line.assessment.period_end,
            medicine_manager,
        )
        assert action.is_open

    def test_due_on_the_first_day_of_the_period_is_allowed(self, line, medicine_manager, owner):
        action = add(line, medicine_manager, owner, line.assessment.period_start)
        assert action.due_on == line.assessment.period_start

    def test_due_before_the_period_starts_is_refused_at_the_field(
        self, line, medicine_manager, owner
    ):
        start = line.assessment.period_start
        with pytest.raises(StandardsError) as refused:
            add(line, medicine_manager, owner, start - timedelta(days=1))
        assert refused.value.message_dict["due_on"] == [
            f"Due date must be on or after the start of the period ({start:%-d %B %Y})"
        ]
        assert not ImprovementAction.objects.exists()


class TestCompleting:
    def test_done_today_is_allowed(self, line, medicine_manager, owner):
        action = add(line, medicine_manager, owner, line.assessment.period_end)
        done = improvement_action_complete(
            action=action, by=medicine_manager, done_on=timezone.localdate()
        )
        assert done.done_on == timezone.localdate()
        assert not ImprovementAction.objects.open().exists()

    def test_done_tomorrow_is_refused(self, line, medicine_manager, owner):
        action = add(line, medicine_manager, owner, line.assessment.period_end)
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(StandardsError) as refused:
            improvement_action_complete(action=action, by=medicine_manager, done_on=tomorrow)
        assert refused.value.message_dict["done_on"] == ["Date done must be today or in the past"]
        assert ImprovementAction.objects.get(pk=action.pk).done_on is None

    def test_done_twice_is_refused(self, line, medicine_manager, owner):
        action = add(line, medicine_manager, owner, line.assessment.period_end)
        today = timezone.localdate()
        improvement_action_complete(action=action, by=medicine_manager, done_on=today)
        with pytest.raises(StandardsError, match="already marked as done"):
            improvement_action_complete(
                action=action, by=medicine_manager, done_on=today - timedelta(days=1)
            )
        assert ImprovementAction.objects.get(pk=action.pk).done_on == today

    def test_an_action_carried_forward_is_completed_on_its_copy(
        self, medicine, medicine_manager, owner, three_standards
    ):
        earlier = signed_off_assessment(
            csc=medicine, by=medicine_manager, owner=owner, period=this_period().previous()
        )
        original = earlier.lines.order_by("pk").first().actions.get()
        make_assessment(csc=medicine, by=medicine_manager)
        with pytest.raises(StandardsError, match="carried forward into the next period"):
            improvement_action_complete(
                action=original, by=medicine_manager, done_on=timezone.localdate()
            )
        copy = original.carried_to
        improvement_action_complete(action=copy, by=medicine_manager, done_on=timezone.localdate())
        assert ImprovementAction.objects.get(pk=original.pk).done_on is None


class TestOverdue:
    def test_an_action_is_overdue_from_the_day_after_it_is_due(self, line, medicine_manager, owner):
        due = line.assessment.period_start + timedelta(days=5)
        action = add(line, medicine_manager, owner, due)
        assert not ImprovementAction.objects.overdue(due).exists()
        assert list(ImprovementAction.objects.overdue(due + timedelta(days=1))) == [action]

    def test_a_done_action_is_never_overdue(self, line, medicine_manager, owner):
        today = timezone.localdate()
        action = add(line, medicine_manager, owner, line.assessment.period_start)
        improvement_action_complete(action=action, by=medicine_manager, done_on=today)
        assert not ImprovementAction.objects.overdue(today + timedelta(days=365)).exists()
