"""Standards checklists for the volume seed: each active CSC's assessments over recent years.

Every CSC is assessed each period (quarters by default) of the last three years at most, each
assessment copied forward from the one before as ``assessment_start`` copies it: ratings, owners,
evidence notes and links, open improvement actions. Past periods are signed off; the current one
is in progress, about a third of its ratings still to confirm. Standards below Compliance have
an action (most are done by their due date, the rest carried on); met ones have notes, links and
the period's complaints and compliments tagged with the standard.

This scales with the trust (nine CSCs, 45 standards, twelve quarters: a few thousand lines), not
with the register, so rows are written with their history as the services write them (the line
page shows a rating history). A CSC with an assessment for a period, or a later one, is not
assessed for it again; one whose latest assessment is in progress is left to its manager, as
``assessment_start`` would refuse to start the next period then.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from careprog.models import CareStandard, User
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from reports.volume.stamps import dated_as_given, moment
from standards.demo.checklists import rating_at
from standards.demo.texts import EVIDENCE_LINKS, EVIDENCE_NOTES, IMPROVEMENT_ACTIONS
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.models.choices import AssessmentStatus
from standards.periods import Period, current_period
from standards.services.assessments import new_line

if TYPE_CHECKING:
    from reports.volume.seed import Summary

BATCH = 5_000
MOST_YEARS = 3
# Of the current period's lines, the share whose carried rating is not yet confirmed.
TO_CONFIRM = 0.35


@dataclass
class Place:
    """One CSC's assessment for a period while it is built."""

    assessment: Assessment
    manager: User
    staff: list[int]
    wards: list[str]
    maturity: float
    opened: date  # the day it was started
    through: date  # the last day judged: the period's end, or today in the current period


@dataclass
class Line:
    place: Place
    line: AssessmentLine
    judged: bool
    evidence: list[Evidence] = field(default_factory=list)
    actions: list[ImprovementAction] = field(default_factory=list)


def stamp(record, *, by: User, at: datetime, created: datetime | None = None):
    """Who made the record and when, on the record and its history."""
    created = created or at
    at = max(at, created)
    record.created_by = record.updated_by = by
    record.created_at, record.updated_at = created, at
    record._history_user, record._history_date = by, at
    return record


class StandardsSeeder:
    def __init__(self, *, cscs, managers: dict[int, int], staff: dict[int, list[int]], years, seed):
        self.rng = random.Random(seed + 2)
        self.today, self.now = timezone.localdate(), timezone.now()
        current = current_period(self.today)
        count = max(1, min(years, MOST_YEARS) * 12 // current.months)
        self.periods = [current]
        while len(self.periods) < count:
            self.periods.insert(0, self.periods[0].previous())
        self.cscs, self.staff = cscs, staff
        users = User.objects.in_bulk(list(managers.values()))
        self.managers = {csc_pk: users[user_pk] for csc_pk, user_pk in managers.items()}
        self.standards = list(CareStandard.objects.active().with_criterion())
        self.wards = {
            csc.pk: list(csc.departments.active().order_by("name").values_list("name", flat=True))
            or [csc.name]
            for csc in cscs
        }
        # How far along each CSC is: the share of its standards met in the first period.
        self.maturity = {csc.pk: 0.45 + 0.4 * self.rng.random() for csc in cscs}

    def run(self, summary: "Summary") -> None:
        with dated_as_given(Assessment, AssessmentLine, Evidence, ImprovementAction):
            for index, period in enumerate(self.periods):
                with transaction.atomic():
                    self.assess_period(index, period, summary)

    def at(self, day: date) -> datetime:
        return moment(day, self.rng, now=self.now)

    def day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randrange(max((last - first).days, 0) + 1))

    # --- one period, every CSC

    def assess_period(self, index: int, period: Period, summary: "Summary") -> None:
        previous = self.latest_before(period)
        assessed = set(
            Assessment.objects.filter(period_start__gte=period.start).values_list("csc", flat=True)
        )
        current = index == len(self.periods) - 1
        places = [
            self.place(csc, period, previous.get(csc.pk), current=current)
            for csc in self.cscs
            if csc.pk not in assessed and (csc.pk not in previous or previous[csc.pk].is_signed_off)
        ]
        if not places:
            return
        bulk_create_with_history([p.assessment for p in places], Assessment, batch_size=BATCH)
        earlier = self.earlier_lines([p.assessment.carried_from_id for p in places])
        lines = []
        for place in places:
            for standard in self.standards:
                before = earlier.get((place.assessment.csc_id, standard.pk))
                judged = not (current and self.rng.random() < TO_CONFIRM)
                lines.append(Line(place, self.line(place, standard, before, judged, index), judged))
        bulk_create_with_history([x.line for x in lines], AssessmentLine, batch_size=BATCH)
        self.carry_forward(lines)
        tagged = self.tagged_items(period, [p.assessment.csc_id for p in places])
        for line in lines:
            if line.judged:
                self.follow_up(line, period, tagged)
        evidence = [e for line in lines for e in line.evidence]
        actions = [a for line in lines for a in line.actions]
        bulk_create_with_history(evidence, Evidence, batch_size=BATCH)
        bulk_create_with_history(actions, ImprovementAction, batch_size=BATCH)
        summary.assessments += len(places)
        summary.assessment_lines += len(lines)
        summary.evidence += len(evidence)
        summary.improvement_actions += len(actions)

    def latest_before(self, period: Period) -> dict[int, Assessment]:
        latest = {}
        earlier = Assessment.objects.filter(csc__in=self.cscs, period_start__lt=period.start)
        for assessment in earlier.order_by("csc", "-period_start"):
            latest.setdefault(assessment.csc_id, assessment)
        return latest

    def place(self, csc, period: Period, previous: Assessment | None, *, current: bool) -> Place:
        manager = self.managers[csc.pk]
        # Started a week or two in, once the last period was signed off (in its first week).
        opened = period.start + timedelta(days=self.rng.randrange(8, 15))
        through = min(period.end, self.today)
        assessment = Assessment(
            csc=csc, period_start=period.start, period_end=period.end, carried_from=previous
        )
        started = self.at(opened)
        if current:
            stamp(assessment, by=manager, at=started)
        else:
            signed = self.at(period.end + timedelta(days=self.rng.randrange(1, 8)))
            assessment.status = AssessmentStatus.SIGNED_OFF
            assessment.signed_off_by, assessment.signed_off_at = manager, signed
            stamp(assessment, by=manager, at=signed, created=started)
        return Place(
            assessment=assessment,
            manager=manager,
            staff=self.staff[csc.pk],
            wards=self.wards[csc.pk],
            maturity=self.maturity[csc.pk],
            opened=min(opened, self.today),
            through=through,
        )

    def earlier_lines(self, assessment_ids: list) -> dict[tuple[int, int], AssessmentLine]:
        lines = AssessmentLine.objects.filter(assessment__in=[pk for pk in assessment_ids if pk])
        return {
            (line.assessment.csc_id, line.standard_id): line
            for line in lines.counted().select_related("assessment").order_by("pk")
        }

    # --- one standard

    def line(self, place: Place, standard, before, judged: bool, index: int) -> AssessmentLine:
        line = new_line(place.assessment, standard, place.manager)
        if before is not None:
            line.rating, line.owner_id, line.carried_from = before.rating, before.owner_id, before
            if before.review_on and before.review_on >= place.assessment.period_start:
                line.review_on = before.review_on
            line.needs_review = before.rating != Rating.NOT_ASSESSED
        when = place.assessment.created_at
        if judged:
            line.rating = self.rating_for(place, before, index)
            line.needs_review = False
            period = place.assessment.period
            line.review_on = period.end + timedelta(days=self.rng.randrange(30, 120))
            if place.through < period.end and self.rng.random() < 0.08:
                # Fell due this period and not yet done: shows as overdue.
                line.review_on = min(
                    period.start + timedelta(days=self.rng.randrange(7, 40)), self.today
                )
            if line.owner_id is None or self.rng.random() < 0.05:
                line.owner_id = self.rng.choice(place.staff) if place.staff else None
            when = self.at(self.day_between(place.opened, place.through))
        return stamp(line, by=place.manager, at=when, created=place.assessment.created_at)

    def rating_for(self, place: Place, before, index: int) -> str:
        if before is not None and before.rating != Rating.NOT_ASSESSED and self.rng.random() < 0.8:
            return before.rating  # most ratings stand from one period to the next
        return rating_at(self.rng, met=min(0.95, place.maturity + 0.03 * index))

    def carry_forward(self, lines: list[Line]) -> None:
        """Copies of the earlier lines' notes, links and open actions, as assessment_start
        makes them (feedback items are evidence of their own period, so are not carried)."""
        by_old = {x.line.carried_from_id: x for x in lines if x.line.carried_from_id}
        evidence = (
            Evidence.objects.current()
            .filter(line__in=list(by_old))
            .exclude(kind=Evidence.Kind.ITEM)
            .order_by("line", "pk")
        )
        for old in evidence:
            new = by_old[old.line_id]
            copy = old.carried_copy(new.line)
            new.evidence.append(stamp(copy, by=new.place.manager, at=new.line.created_at))
        for old in ImprovementAction.objects.open().filter(line__in=list(by_old)).order_by("pk"):
            new = by_old[old.line_id]
            copy = old.carried_copy(new.line)
            new.actions.append(stamp(copy, by=new.place.manager, at=new.line.created_at))

    def follow_up(self, line: Line, period: Period, tagged: dict) -> None:
        """This period's judgement: actions that fell due mostly done; evidence for a standard
        met, an action for one below Compliance; the first tagged feedback item linked."""
        place, row = line.place, line.line
        for action in line.actions:
            if action.due_on < place.through and self.rng.random() < 0.8:
                done = action.due_on + timedelta(days=self.rng.randrange(-20, 10))
                action.done_on = min(max(done, place.opened), place.through)
                done_at = max(self.at(action.done_on), action.created_at)
                action.updated_at = action._history_date = done_at
        if row.rating in (Rating.COMPLIANCE_PLUS, Rating.COMPLIANCE):
            if not line.evidence and self.rng.random() >= 0.12:
                self.add_evidence(line, period)
        elif not any(action.done_on is None for action in line.actions):
            self.plan_action(line, period)
        kind = Kind.COMPLIMENT if row.is_met else Kind.COMPLAINT
        item_id = tagged.get((place.assessment.csc_id, row.standard_id, kind))
        if item_id is not None:
            found = Evidence(line=row, kind=Evidence.Kind.ITEM, item_id=item_id)
            line.evidence.append(stamp(found, by=place.manager, at=row.updated_at))

    def fill(self, text: str, place: Place, period: Period) -> str:
        month = period.start + timedelta(days=self.rng.randrange(0, 80))
        return text.format(ward=self.rng.choice(place.wards), month=f"{month:%B %Y}")

    def add_evidence(self, line: Line, period: Period) -> None:
        place, row = line.place, line.line
        note = self.rng.choice(EVIDENCE_NOTES[row.criterion_number])
        made = [Evidence(line=row, kind=Evidence.Kind.NOTE, text=self.fill(note, place, period))]
        if self.rng.random() < 0.25:
            url, title = self.rng.choice(EVIDENCE_LINKS)
            code = place.assessment.csc.code
            made.append(
                Evidence(line=row, kind=Evidence.Kind.LINK, url=url.format(code=code), text=title)
            )
        line.evidence += [stamp(e, by=place.manager, at=row.updated_at) for e in made]

    def plan_action(self, line: Line, period: Period) -> None:
        place, row = line.place, line.line
        text = self.rng.choice(IMPROVEMENT_ACTIONS[row.criterion_number])
        action = ImprovementAction(
            line=row,
            description=self.fill(text, place, period),
            owner_id=self.rng.choice(place.staff),
            due_on=period.start + timedelta(days=self.rng.randrange(45, 150)),
        )
        line.actions.append(stamp(action, by=place.manager, at=row.updated_at))

    def tagged_items(self, period: Period, csc_ids: list[int]) -> dict:
        """{(CSC, standard, kind): the first complaint or compliment tagged with it}."""
        tags = FeedbackItem.standards.through.objects.filter(
            feedbackitem__csc__in=csc_ids,
            feedbackitem__received_on__range=(period.start, period.end),
            feedbackitem__kind__in=[Kind.COMPLAINT, Kind.COMPLIMENT],
        ).order_by("feedbackitem__received_on", "feedbackitem")
        first = {}
        rows = tags.values_list(
            "feedbackitem__csc", "carestandard", "feedbackitem__kind", "feedbackitem"
        )
        for csc_id, standard_id, kind, item_id in rows.iterator(chunk_size=BATCH):
            first.setdefault((csc_id, standard_id, kind), item_id)
        return first
