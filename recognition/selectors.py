"""Reads that put QuerySet methods together for a page, each in a fixed number of queries.

``recognition_by_csc_and_month`` is what the board pack reads.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from careprog.permissions import is_administrator
from recognition.conflicts import is_conflicted, is_own
from recognition.models import (
    AwardRound,
    ConflictDeclaration,
    CriterionScore,
    Nomination,
    ScoreSheet,
    Stage,
    ThankYou,
)

# --- The wall ---------------------------------------------------------------------------------


def wall_cscs():
    """The CSCs the wall can be narrowed to: every active one. Thank-yous hold no patient data
    and the wall is the whole trust's, so every member of staff may filter by any CSC."""
    return ClinicalServiceCentre.objects.active()


def wall(user, *, csc=None, value: str = ""):
    """Thank-yous newest first, as this user may see them, narrowed by CSC and value."""
    thank_yous = ThankYou.objects.visible_to(user).for_wall()
    if csc is not None:
        thank_yous = thank_yous.in_csc(csc)
    if value:
        thank_yous = thank_yous.of_value(value)
    return thank_yous.order_by("-created_at", "-pk")


STAGE_ORDER = {Stage.WINNER: 0, Stage.SHORTLISTED: 1, Stage.NOMINATED: 2}

# --- A round ----------------------------------------------------------------------------------


@dataclass
class NominationRow:
    nomination: Nomination
    scored_by_me: bool
    conflicted: bool
    # The mean and number of scores, shown only to a member who has scored it (and to
    # administrators off the panel); None otherwise.
    mean_score: float | None
    score_count: int | None


@dataclass
class CategoryBlock:
    category: object
    rows: list[NominationRow] = field(default_factory=list)

    @property
    def winner(self):
        return next((r.nomination for r in self.rows if r.nomination.is_winner), None)


@dataclass
class RoundPage:
    award_round: AwardRound
    on_panel: bool
    is_chair: bool
    blocks: list[CategoryBlock]
    to_score: int
    # Stages (shortlisted, winner) are the panel's until the results are published.
    shows_stages: bool

    @property
    def nominations(self) -> int:
        return sum(len(block.rows) for block in self.blocks)


def may_see_scores(*, on_panel: bool, scored: bool, conflicted: bool, user) -> bool:
    """A panel member sees others' scores only once they have scored it themselves, and never
    when conflicted (declared, or their own nomination); an administrator off the panel
    oversees them all, but for their own."""
    if conflicted:
        return False
    if on_panel:
        return scored
    return bool(is_administrator(user))


def round_page(award_round: AwardRound, user) -> RoundPage:
    """A round's nominations by category, ranked by mean score where the user may see it:
    five queries whatever the number of nominations and scores."""
    panel_ids = set(award_round.panel.values_list("pk", flat=True)) | {award_round.chair_id}
    on_panel = user.pk in panel_ids
    nominations = (
        Nomination.objects.visible_to(user)
        .in_round(award_round)
        .for_list()
        .with_scores()
        .order_by("category__position", "category_id", "pk")
    )
    if award_round.results_published and not on_panel and not is_administrator(user):
        # The results celebrate those who agreed to be put forward.
        nominations = nominations.in_the_running()
    mine = set(
        ScoreSheet.objects.filter(member=user, nomination__round=award_round).values_list(
            "nomination_id", flat=True
        )
    )
    conflicts = set(
        ConflictDeclaration.objects.filter(member=user, nomination__round=award_round).values_list(
            "nomination_id", flat=True
        )
    )
    blocks: dict[int, CategoryBlock] = {}
    for category in award_round.categories.order_by("position", "pk"):
        blocks[category.pk] = CategoryBlock(category)
    to_score = 0
    for nomination in nominations:
        scored = nomination.pk in mine
        conflicted = nomination.pk in conflicts or is_own(nomination, user)
        visible = may_see_scores(on_panel=on_panel, scored=scored, conflicted=conflicted, user=user)
        if on_panel and not scored and not conflicted:
            to_score += 1
        blocks[nomination.category_id].rows.append(
            NominationRow(
                nomination=nomination,
                scored_by_me=scored,
                conflicted=conflicted,
                mean_score=nomination.mean_score if visible else None,
                score_count=nomination.score_count if visible else None,
            )
        )
    for block in blocks.values():
        # Winners first, then the shortlist, each ranked by mean score where it can be seen.
        block.rows.sort(key=lambda r: (STAGE_ORDER[r.nomination.stage], -(r.mean_score or 0)))
    return RoundPage(
        award_round=award_round,
        on_panel=on_panel,
        is_chair=award_round.chair_id == user.pk,
        blocks=list(blocks.values()),
        to_score=to_score,
        shows_stages=shows_stages(award_round, user, on_panel=on_panel),
    )


def shows_stages(award_round: AwardRound, user, *, on_panel: bool) -> bool:
    """Whether the user may know who is shortlisted or has won: the panel and administrators at
    any time, everyone else once the results are published."""
    return award_round.results_published or on_panel or bool(is_administrator(user))


@dataclass
class NominationPage:
    nomination: Nomination
    on_panel: bool
    shows_stage: bool
    # The chair's reason on a close call compares the nominations: the panel's only.
    shows_reason: bool
    conflicted: bool
    chair_conflicted: bool
    my_sheet: ScoreSheet | None
    sheets: list  # every member's sheet, when the user may see them; otherwise empty
    criteria: list


def nomination_page(nomination: Nomination, user) -> NominationPage:
    award_round = nomination.round
    on_panel = award_round.chair_id == user.pk or award_round.panel.filter(pk=user.pk).exists()
    conflicted = is_conflicted(nomination, user)
    criteria = list(nomination.category.criteria.order_by("position", "pk"))
    sheets = list(
        nomination.sheets.select_related("member").prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.order_by())
        )
    )
    for sheet in sheets:
        # Each sheet's scores under the criteria's headings, in the criteria's order.
        values = {score.criterion_id: score.value for score in sheet.scores.all()}
        sheet.by_criterion = [values.get(criterion.pk) for criterion in criteria]
    mine = next((s for s in sheets if s.member_id == user.pk), None)
    visible = may_see_scores(
        on_panel=on_panel, scored=mine is not None, conflicted=conflicted, user=user
    )
    return NominationPage(
        nomination=nomination,
        on_panel=on_panel,
        shows_stage=shows_stages(award_round, user, on_panel=on_panel),
        shows_reason=on_panel or bool(is_administrator(user)),
        conflicted=conflicted,
        chair_conflicted=is_conflicted(nomination, award_round.chair),
        my_sheet=mine,
        sheets=sheets if visible else [],
        criteria=criteria,
    )


# --- For the board pack -------------------------------------------------------------------


@dataclass(frozen=True)
class RecognitionCounts:
    thank_yous: dict  # {(csc id or None, month): n}
    awards: dict
    winners: list  # nominations that won in rounds whose results came out in the months
    # The days recognition began, so a month before them reads "no data", not zero.
    first_thank_you: date | None = None
    first_award: date | None = None


def recognition_by_csc_and_month(start: date, end: date) -> RecognitionCounts:
    """Thank-yous and awards per CSC and month between two dates, the winners announced in
    them, and when recognition began: four queries whatever the numbers. Hidden thank-yous and
    nominees who declined are left out."""
    # Moments, not dates of a column: the indexes on created_at can be used, and a month runs
    # from midnight to midnight in the trust's time zone, summer time or not.
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    thank_yous = (
        ThankYou.objects.shown()
        .filter(created_at__gte=since, created_at__lt=until)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values("csc_id", "month")
        .annotate(n=Count("pk"))
    )
    per_month = defaultdict(int)
    for row in thank_yous:
        per_month[(row["csc_id"], row["month"].date())] += row["n"]  # in the trust's zone
    winners = list(
        Nomination.objects.winners()
        .filter(round__results_published_at__gte=since, round__results_published_at__lt=until)
        .for_list()
        .order_by("round__results_published_at", "category__position")
    )
    # A handful of winners a month: counted here from the list the pack shows anyway.
    awards = Counter(
        (winner.csc_id, timezone.localdate(winner.round.results_published_at).replace(day=1))
        for winner in winners
    )
    return RecognitionCounts(
        thank_yous=dict(per_month),
        awards=dict(awards),
        winners=winners,
        first_thank_you=local_day(ThankYou.objects.shown().aggregate(at=Min("created_at"))["at"]),
        first_award=local_day(
            Nomination.objects.winners().aggregate(at=Min("round__results_published_at"))["at"]
        ),
    )


def local_day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None
