"""Factories for staff recognition, made through the real services."""

from datetime import date, timedelta

from django.utils import timezone

from careprog.roles import Role
from careprog.tests.factories import StaffMemberFactory, UserFactory
from recognition.models import AwardRound
from recognition.services.rounds import CategoryPlan, RoundPlan, award_round_open


def panel_member(first_name: str, last_name: str):
    """An awards panel member: the chair of a round is one too."""
    return UserFactory(role=Role.AWARDS_PANEL_MEMBER, first_name=first_name, last_name=last_name)


def colleague_user(csc, *, name: str = "", role: Role | None = None):
    """A user who is also in the staff directory (so thank-yous and nominations reach them)."""
    person = StaffMemberFactory(csc=csc, **({"name": name} if name else {}))
    user = UserFactory(role=role, email=person.email)
    user.staff_member = person
    user.save(update_fields=["staff_member"])
    return user


def open_round(
    *,
    chair,
    panel=(),
    by=None,
    today: date | None = None,
    categories=None,
    word_limit: int = 250,
    name: str = "Customer care award, test month",
) -> AwardRound:
    """A round open for nominations today (a week either side)."""
    today = today or timezone.localdate()
    return award_round_open(
        plan=RoundPlan(
            name=name,
            frequency=AwardRound.Frequency.MONTHLY,
            opens=today - timedelta(days=7),
            closes=today + timedelta(days=7),
            chair=chair,
            panel=list(panel),
            categories=categories
            or [
                CategoryPlan("Best Care", ["Difference made", "Going beyond"]),
                CategoryPlan("Best People", ["Support for colleagues"]),
            ],
            word_limit=word_limit,
        ),
        by=by or chair,
    )
