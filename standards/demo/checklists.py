"""A year of standards checklists for the demo, every change made through the real services.

Every CSC is assessed over the last four periods (quarters by default), each copied forward
from the one before: the three past periods are signed off; in the current one Medicine is in
progress (some ratings still to confirm), Surgery has not started (its manager can start it and
see the copy forward), and the others are signed off. Below-Compliance standards have
improvement actions, some done and some overdue; evidence is notes, intranet links, a few PDF
files, and the register's complaints and compliments tagged with the standard.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from careprog.models import ClinicalServiceCentre, StaffMember, User
from careprog.roles import Role
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from standards.demo.texts import EVIDENCE_LINKS, EVIDENCE_NOTES, IMPROVEMENT_ACTIONS
from standards.models import Assessment, Rating
from standards.periods import Period, current_period
from standards.services.actions import improvement_action_add, improvement_action_complete
from standards.services.assessments import assessment_sign_off, assessment_start
from standards.services.evidence import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_note,
    evidence_link_item,
)
from standards.services.lines import line_rate, line_update

SEED = 20261001
PERIODS = 4
IN_PROGRESS = "med"  # the current period's checklist still being worked on
NOT_STARTED = "surg"  # the current period not yet started
# How far along each CSC is (share of standards met at first); the rest fall in between.
MATURITY = {"em": 0.45, "med": 0.55, "surg": 0.6, "cardio": 0.8, "wc": 0.75}
DEFAULT_MATURITY = 0.65
# Demo CSC managers who cannot sign in: they only sign off the CSCs no demo sign-in manages.
OTHER_MANAGERS = [
    ("Helen", "Price"),
    ("Marcus", "Webb"),
    ("Joanna", "Fraser"),
    ("Imran", "Ali"),
    ("Claire", "Dunn"),
    ("Owen", "Harper"),
    ("Ruth", "Barker"),
]


@dataclass
class Csc:
    csc: ClinicalServiceCentre
    manager: User
    staff: list[StaffMember]
    wards: list[str]
    maturity: float


def rating_at(rng, *, met: float) -> str:
    """A rating for a standard met with probability ``met``: a quarter of those met
    exceed it; of the rest, most are partly met. Shared with the volume seeder."""
    roll = rng.random()
    if roll < met * 0.25:
        return Rating.COMPLIANCE_PLUS
    if roll < met:
        return Rating.COMPLIANCE
    if roll < met + (1 - met) * 0.7:
        return Rating.PARTIAL
    return Rating.NON_COMPLIANCE


class DemoChecklists:
    def __init__(self, today: date):
        self.today = today
        self.rng = random.Random(SEED)
        current = current_period(today)
        self.periods: list[Period] = [current]
        while len(self.periods) < PERIODS:
            self.periods.insert(0, self.periods[0].previous())
        self.cscs = [self.csc(c) for c in ClinicalServiceCentre.objects.active().order_by("code")]

    def csc(self, csc: ClinicalServiceCentre) -> Csc:
        return Csc(
            csc=csc,
            manager=self.manager_of(csc),
            staff=list(StaffMember.objects.active().filter(csc=csc).order_by("email")),
            wards=list(csc.departments.active().order_by("name").values_list("name", flat=True))
            or [csc.name],
            maturity=MATURITY.get(csc.code, DEFAULT_MATURITY),
        )

    def manager_of(self, csc: ClinicalServiceCentre) -> User:
        manager = csc.managers.order_by("username").first()
        if manager:
            return manager
        first, last = OTHER_MANAGERS[csc.pk % len(OTHER_MANAGERS)]
        manager, created = User.objects.get_or_create(
            username=f"demo.manager.{csc.code}",
            defaults={"first_name": first, "last_name": last, "email": f"{csc.code}@demo.invalid"},
        )
        if created:
            manager.set_unusable_password()
            manager.save()
            manager.groups.add(Group.objects.get(name=Role.CSC_MANAGER.label))
            manager.managed_cscs.add(csc)
        return manager

    def build(self) -> None:
        for place in self.cscs:
            for index, period in enumerate(self.periods):
                is_current = index == len(self.periods) - 1
                if is_current and place.csc.code == NOT_STARTED:
                    continue
                self.assess(place, period, first=index == 0, current=is_current)

    # --- one CSC, one period

    def assess(self, place: Csc, period: Period, *, first: bool, current: bool) -> None:
        by = place.manager
        started = assessment_start(csc=place.csc, period=period, by=by, today=self.today)
        lines = list(started.lines.select_related("standard").order_by("pk"))
        in_progress = current and place.csc.code == IN_PROGRESS
        tagged = self.tagged_items(place, period)
        for line in lines:
            if in_progress and self.rng.random() < 0.35:
                continue  # still to confirm, or to rate
            self.judge(place, period, line, tagged, first=first, current=current)
        if first and place.csc.code in (IN_PROGRESS, NOT_STARTED):
            self.add_file(place, lines[6], period)  # copied forward from here on
        if in_progress:
            self.add_file(place, lines[0], period)
            return
        assessment_sign_off(assessment=started, by=by)

    def judge(
        self, place: Csc, period: Period, line, tagged: dict, *, first: bool, current: bool
    ) -> None:
        by = place.manager
        rating = self.rating_for(place, period, line, first=first)
        line = line_rate(line=line, rating=rating, by=by, expected_version=None)
        # Each period's judgement sets the next review; a few that fell due this period have
        # not been done yet and show as overdue.
        review_on = period.end + timedelta(days=self.rng.randrange(30, 120))
        if current and self.rng.random() < 0.08:
            review_on = min(period.start + timedelta(days=self.rng.randrange(7, 40)), self.today)
        owner = line.owner
        if owner is None or self.rng.random() < 0.05:
            owner = self.rng.choice(place.staff) if place.staff else None
        line = line_update(
            line=line, by=by, owner=owner, review_on=review_on, expected_version=None
        )
        self.follow_up_actions(place, period, line)
        if line.rating in (Rating.COMPLIANCE_PLUS, Rating.COMPLIANCE):
            self.add_evidence(place, period, line)
        else:
            self.plan_action(place, period, line)
        self.link_feedback(place, period, line, tagged)

    def rating_for(self, place: Csc, period: Period, line, *, first: bool) -> str:
        if not first and self.rng.random() < 0.8:
            # Most ratings stand from one quarter to the next; the rest move, mostly up.
            return line.rating
        quarter = self.periods.index(period)
        return rating_at(self.rng, met=min(0.95, place.maturity + 0.05 * quarter))

    def fill(self, text: str, place: Csc, period: Period) -> str:
        month = period.start + timedelta(days=self.rng.randrange(0, 80))
        return text.format(ward=self.rng.choice(place.wards), month=f"{month:%B %Y}")

    def add_evidence(self, place: Csc, period: Period, line) -> None:
        if line.evidence.exists() or self.rng.random() < 0.12:
            return  # carried forward already, or (rarely) evidence still to find
        note = self.rng.choice(EVIDENCE_NOTES[line.criterion_number])
        evidence_add_note(line=line, by=place.manager, text=self.fill(note, place, period))
        if self.rng.random() < 0.25:
            url, title = self.rng.choice(EVIDENCE_LINKS)
            evidence_add_link(
                line=line, by=place.manager, url=url.format(code=place.csc.code), title=title
            )

    def plan_action(self, place: Csc, period: Period, line) -> None:
        if line.actions.filter(done_on__isnull=True).exists():
            return
        text = self.rng.choice(IMPROVEMENT_ACTIONS[line.criterion_number])
        improvement_action_add(
            line=line,
            by=place.manager,
            description=self.fill(text, place, period),
            owner=self.rng.choice(place.staff),
            due_on=period.start + timedelta(days=self.rng.randrange(45, 150)),
        )

    def follow_up_actions(self, place: Csc, period: Period, line) -> None:
        """Actions that fell due are mostly done by then; some are left overdue."""
        for action in line.actions.filter(done_on__isnull=True).order_by("pk"):
            if action.due_on < self.today and self.rng.random() < 0.8:
                done_on = action.due_on + timedelta(days=self.rng.randrange(-20, 10))
                improvement_action_complete(
                    action=action,
                    by=place.manager,
                    done_on=min(max(done_on, period.start), self.today),
                )

    def link_feedback(self, place: Csc, period: Period, line, tagged: dict) -> None:
        """Link the first complaint (below Compliance) or compliment (met) tagged with the
        standard in the period, if there is one and it is not linked already."""
        kind = Kind.COMPLIMENT if line.is_met else Kind.COMPLAINT
        for item in tagged.get((line.standard_id, kind), [])[:1]:
            if not line.evidence.filter(item=item).exists():
                evidence_link_item(line=line, by=place.manager, item=item)

    def tagged_items(self, place: Csc, period: Period) -> dict:
        """{(standard id, kind): [items]} for the CSC's items received in the period."""
        tagged = {}
        items = (
            FeedbackItem.objects.filter(csc=place.csc)
            .received_between(period.start, period.end)
            .prefetch_related("standards")
            .order_by("received_on", "pk")
        )
        for item in items:
            for standard in item.standards.all():
                tagged.setdefault((standard.pk, item.kind), []).append(item)
        return tagged

    def add_file(self, place: Csc, line, period: Period) -> None:
        upload = SimpleUploadedFile(
            f"{place.csc.code}-patient-survey-{period.start:%Y-%m}.pdf",
            survey_pdf(place.csc.name, period),
            content_type="application/pdf",
        )
        evidence_add_file(
            line=line,
            by=place.manager,
            upload=upload,
            description=f"Patient survey summary, {period.label}",
        )


def survey_pdf(csc_name: str, period: Period) -> bytes:
    from weasyprint import HTML

    html = (
        f"<h1>{csc_name}: patient survey summary</h1><p>{period.label} ({period.dates})</p>"
        "<p>Demonstration document: fictional figures.</p>"
    )
    return HTML(string=html).write_pdf()


def load() -> str:
    if Assessment.objects.exists():
        return "none added: assessments already exist (the demo fills an empty checklist only)"
    if not FeedbackItem.objects.exists():
        return "none added: load the feedback demo first"
    today = timezone.localdate()
    with transaction.atomic():
        DemoChecklists(today).build()
    signed = Assessment.objects.signed_off().count()
    return f"{Assessment.objects.count()} assessments, {signed} signed off"
