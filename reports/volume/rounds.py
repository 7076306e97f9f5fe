"""The staff awards each year, for the volume seed: rounds, categories, criteria and panel.

Each year seeded has its annual round ("Staff awards 2025"), nominations taken in March and April
and results announced in June, with the demo's five categories and their criteria, a panel of
three and its chair. A round of that name made before is used as it is.
"""

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group
from django.utils import timezone

from careprog.models import User
from careprog.roles import Role
from recognition.demo.recognition import ANNUAL_CATEGORIES
from recognition.models import AwardCategory, AwardRound, ScoringCriterion
from reports.volume.stamps import moment

if TYPE_CHECKING:
    from reports.volume.seed import Summary

BATCH = 5_000
# The window each year, and the day the panel's results are announced.
OPENS, CLOSES, RESULTS = (3, 1), (4, 30), (6, 20)


def recognition_people() -> tuple[int, list[int]]:
    """The seed's administrator and its awards panel (the first chairs), made once."""
    admin, created = User.objects.get_or_create(
        username="volume-admin", defaults={"first_name": "Admin", "last_name": "Volume"}
    )
    if created:
        admin.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.label))
    panel_group = Group.objects.get(name=Role.AWARDS_PANEL_MEMBER.label)
    panel = []
    for n in range(3):
        member, created = User.objects.get_or_create(
            username=f"volume-panel-{n}", defaults={"first_name": "Panel", "last_name": str(n)}
        )
        if created:
            member.groups.add(panel_group)
        panel.append(member.pk)
    return admin.pk, panel


def annual_rounds(
    *, years: range, rng: random.Random, admin: int, panel: list[int], summary: "Summary"
) -> list[AwardRound]:
    """Each year's round, oldest first: those there already, and the rest made now."""
    names = {year: f"Staff awards {year}" for year in years}
    found = {r.name: r for r in AwardRound.objects.filter(name__in=names.values())}
    now = timezone.now()
    new = [
        new_round(year, name, rng=rng, now=now, admin=admin, chair=panel[0])
        for year, name in names.items()
        if name not in found
    ]
    AwardRound.objects.bulk_create(new, batch_size=BATCH)
    AwardRound.panel.through.objects.bulk_create(
        [AwardRound.panel.through(awardround_id=r.pk, user_id=pk) for r in new for pk in panel]
    )
    categories = [
        AwardCategory(
            round=r,
            name=plan.name,
            description=plan.description,
            position=position,
            created_by_id=admin,
            updated_by_id=admin,
            created_at=r.created_at,
            updated_at=r.created_at,
        )
        for r in new
        for position, plan in enumerate(ANNUAL_CATEGORIES, start=1)
    ]
    AwardCategory.objects.bulk_create(categories, batch_size=BATCH)
    plans = {plan.name: plan for plan in ANNUAL_CATEGORIES}
    criteria = [
        ScoringCriterion(
            category=category,
            text=text,
            position=order,
            created_by_id=admin,
            updated_by_id=admin,
            created_at=category.created_at,
            updated_at=category.created_at,
        )
        for category in categories
        for order, text in enumerate(plans[category.name].criteria, start=1)
    ]
    ScoringCriterion.objects.bulk_create(criteria, batch_size=BATCH)
    summary.award_rounds += len(new)
    return sorted([*found.values(), *new], key=lambda r: r.nominations_open_on)


def new_round(year: int, name: str, *, rng, now: datetime, admin: int, chair: int) -> AwardRound:
    opened = moment(date(year, *OPENS) - timedelta(days=30), rng, now=now)
    published = timezone.make_aware(datetime.combine(date(year, *RESULTS), time(12)))
    award_round = AwardRound(
        name=name,
        frequency=AwardRound.Frequency.ANNUAL,
        nominations_open_on=date(year, *OPENS),
        nominations_close_on=date(year, *CLOSES),
        chair_id=chair,
        created_by_id=admin,
        updated_by_id=admin,
        created_at=opened,
        updated_at=opened,
    )
    if published <= now:
        award_round.results_published_at, award_round.updated_at = published, published
        award_round.results_published_by_id = award_round.updated_by_id = chair
    return award_round
