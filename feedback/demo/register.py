"""Two realistic years of feedback for the demo, every status reached through the real services.

`manage.py load_demo_data` calls load() after the core's demo staff and sign-ins. Dates are
relative to today, so whenever it is loaded there are current, due-soon and overdue complaints;
a fixed seed means loading on the same day always gives the same register. The history runs
over the 24 whole months before this one (and this month so far), the run of months a board
pack's charts show. Patients are fictional, with NHS numbers from the 999 range, which is never
issued to real people.

The services take no date for some steps, and stamp them with the moment of loading: timeline
event times, signed_off_at, closed_on and shared_on. The dates an officer enters (received,
acknowledged, response sent, referred to the PHSO, learning action done) carry the story. The
one exception is reopening: the board pack counts complaints reopened by the month of their
timeline event, so the demo re-dates each reopening to the past day it happened.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from careprog.demo import quiet_emails
from careprog.models import (
    CareStandard,
    ClinicalServiceCentre,
    ExpectedBehaviour,
    StaffMember,
    User,
)
from careprog.working_days import trust_calendar
from feedback.demo.comment_texts import COMMENTS
from feedback.demo.complaint_texts import COMPLAINTS
from feedback.demo.compliment_texts import COMPLIMENTS
from feedback.demo.handling import STANDARDS_ADOPTED_MONTHS_AGO, HandlingStory
from feedback.demo.pals_texts import PALS
from feedback.demo.people import (
    AGES_BY_CSC,
    AGES_BY_DEPARTMENT,
    AGES_DEFAULT,
    AGES_OF_CHILDREN,
    CHILDREN,
    LAST_NAMES,
    MEN,
    NO_ARTICLE,
    PREPOSITION,
    SERVICE_AREA_BY_DEPARTMENT,
    SERVICE_AREA_BY_KIND,
    SERVICE_AREA_DEFAULT,
    SPECIALIST,
    STREETS,
    TOWNS,
    WOMEN,
)
from feedback.demo.texts import PROFESSION_GROUPS, Template
from feedback.models import (
    DeadlineChange,
    FeedbackEvent,
    FeedbackItem,
    Profession,
    ResponseTier,
    ServiceArea,
    Subject,
)
from feedback.models.choices import (
    AgeBand,
    Channel,
    Consent,
    Kind,
    Outcome,
    PhsoOutcome,
    RaisedBy,
    Severity,
    Status,
    age_band_on,
)
from feedback.services.complaints import (
    complaint_acknowledge,
    complaint_change_deadline,
    complaint_close,
    complaint_record_draft,
    complaint_record_findings,
    complaint_record_late_decision,
    complaint_record_outcome,
    complaint_record_phso_outcome,
    complaint_refer_to_phso,
    complaint_reopen,
    complaint_return_for_changes,
    complaint_send_response,
    complaint_set_consent,
    complaint_sign_off,
    complaint_start_investigation,
    complaint_submit_for_sign_off,
    complaint_withdraw,
)
from feedback.services.compliments import comment_close, compliment_share
from feedback.services.issues import issues_log
from feedback.services.items import feedback_log
from feedback.services.learning import (
    investigation_note_add,
    learning_action_add,
    learning_action_complete,
)
from feedback.services.pals import pals_escalate, pals_resolve

SEED = 20260401
# Whole months of history before the current one: a board pack's charts show 24 months (the
# month reported on and the 23 before it), and a part month at the start would look like a dip.
MONTHS_OF_HISTORY = 24

# How many items of each kind arrive directly over the whole history (about a twelfth of each a
# month); PALS escalations add complaints on top.
ARRIVALS = {Kind.COMPLAINT: 270, Kind.PALS: 450, Kind.COMPLIMENT: 200, Kind.COMMENT: 50}

# Relative volume of feedback per CSC: the busy acute services hear the most.
CSC_WEIGHTS = {
    "med": 20,
    "em": 18,
    "surg": 15,
    "medel": 10,
    "wc": 9,
    "msk": 8,
    "cardio": 7,
    "cs": 7,
    "hn": 5,
}
# Winter pressures bring more feedback; August is quiet.
MONTH_WEIGHTS = {12: 1.25, 1: 1.3, 2: 1.15, 3: 1.05, 8: 0.8}


class Always(NamedTuple):
    """A complaint the demo always has, whatever the date."""

    status: str  # the status it stops at
    # Working days until the response is due; for those not yet investigated, working days
    # since receipt as a negative number.
    working_days: int
    # A new response date agreed with the complainant, in working days from today.
    agreed_in: int = 0


# So every status, and the overdue and due-soon lists, can always be seen.
ALWAYS = [
    Always(Status.RECEIVED, 0),  # acknowledgement due soon
    Always(Status.RECEIVED, -1),
    Always(Status.RECEIVED, -5),  # acknowledgement overdue
    Always(Status.RECEIVED, -7),
    Always(Status.RECEIVED, -9),
    Always(Status.ACKNOWLEDGED, -4),
    Always(Status.ACKNOWLEDGED, -6),
    Always(Status.UNDER_INVESTIGATION, 2),  # response due soon
    Always(Status.UNDER_INVESTIGATION, 4),
    Always(Status.UNDER_INVESTIGATION, -3),  # response overdue
    Always(Status.UNDER_INVESTIGATION, -12),
    Always(Status.RESPONSE_DRAFTED, 1),
    Always(Status.RESPONSE_DRAFTED, -6),
    Always(Status.AWAITING_SIGN_OFF, 0),
    Always(Status.AWAITING_SIGN_OFF, 3),
    Always(Status.AWAITING_SIGN_OFF, -2),
    Always(Status.WITHDRAWN, -30),
    # Open for over six months: an independent review, and a later date agreed.
    Always(Status.UNDER_INVESTIGATION, -120, agreed_in=15),
]
# Complaints made by phone or in person are the ones most often put right at first contact.
EARLY_CHANNELS = (Channel.PHONE, Channel.IN_PERSON)
# The order a complaint moves through; ALWAYS entries stop at their status.
STAGES = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.UNDER_INVESTIGATION,
    Status.RESPONSE_DRAFTED,
    Status.AWAITING_SIGN_OFF,
    Status.RESPONSE_SENT,
    Status.CLOSED,
]
# How many complainants come back dissatisfied in a month, picked month by month; and how
# many came back in the last fortnight, so reopened complaints are always under investigation.
REOPENED_IN_A_MONTH = [1, 1, 2, 2, 3]
REOPENED_RECENTLY = 2
REFERRED_TO_PHSO = 8

TEMPLATES = {
    Kind.COMPLAINT: COMPLAINTS,
    Kind.PALS: PALS,
    Kind.COMPLIMENT: COMPLIMENTS,
    Kind.COMMENT: COMMENTS,
}

CHANNELS = {
    Kind.COMPLAINT: {
        Channel.EMAIL: 30,
        Channel.LETTER: 25,
        Channel.WEB_FORM: 20,
        Channel.PHONE: 10,
        Channel.MP: 6,
        Channel.SOLICITOR: 4,
        Channel.IN_PERSON: 5,
    },
    Kind.PALS: {
        Channel.PHONE: 50,
        Channel.IN_PERSON: 20,
        Channel.EMAIL: 20,
        Channel.WEB_FORM: 7,
        Channel.SOCIAL_MEDIA: 3,
    },
    Kind.COMPLIMENT: {
        Channel.CARD: 40,
        Channel.EMAIL: 20,
        Channel.LETTER: 15,
        Channel.WEB_FORM: 10,
        Channel.SOCIAL_MEDIA: 10,
        Channel.IN_PERSON: 5,
    },
    Kind.COMMENT: {
        Channel.WEB_FORM: 40,
        Channel.EMAIL: 30,
        Channel.LETTER: 15,
        Channel.IN_PERSON: 15,
    },
}

INVESTIGATION_NOTES = [
    "Statements requested from the nurse in charge and the staff on duty {at}.",
    "Medical and nursing records reviewed against the complainant's account.",
    "Spoke to the complainant by phone to agree the questions they want answered.",
    "Meeting offered with the consultant; complainant prefers a written response.",
    "Reviewed the ward's staffing and acuity records for the dates concerned.",
    "Discussed at the CSC governance meeting; themes linked to earlier PALS contacts.",
]
# What the CSC's investigation found, by the outcome it led to (the manager records it).
FINDINGS = {
    Outcome.UPHELD: "The records {at} bear out the complainant's account: the care fell short "
    "of what we expect, and staff have said so in their statements. An apology is due.",
    Outcome.PARTIALLY_UPHELD: "Some of the concerns are borne out by the records {at} and some "
    "are not: the care itself was appropriate, but how it was explained fell short.",
    Outcome.NOT_UPHELD: "The records and statements {at} show the care given was appropriate "
    "and timely; we found no failing, but will explain the decisions taken more clearly.",
}
EXTENSION_REASONS = [
    "Awaiting a statement from a consultant on annual leave; complainant agreed by phone.",
    "Further questions raised by the complainant; new date agreed by email.",
    "Independent clinical review needed; complainant agreed a longer timescale.",
    "Complainant asked for a meeting before the written response.",
]
WITHDRAWAL_REASONS = [
    "Complainant satisfied after a meeting with the ward manager.",
    "Complainant no longer wishes to pursue the complaint.",
    "Resolved informally by phone with the consultant.",
]
RETURN_REASONS = [
    "Response does not answer the second question; please add the timeline of events.",
    "Tone too technical; explain the clinical terms in plain language.",
]
REOPEN_REASONS = [
    "Complainant feels the response did not explain why the delay happened.",
    "Family dispute the account of the night in question and ask for a meeting.",
    "New questions raised after reading the response.",
    "Complainant unhappy that no apology was given.",
]
REINVESTIGATION_NOTE = "Further questions reviewed against the first response and the records."
LATE_REASONS = [
    "Complainant was too unwell to complain sooner; the records are still available.",
    "Complainant only learned of the problem from a later clinic letter.",
]
LATE_DECLINED = (
    "Events over three years ago; staff have left and a fair investigation is no longer possible."
)


# --- Helpers ------------------------------------------------------------------------------


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 range, which is reserved for test and never issued."""
    while True:
        digits = [9, 9, 9, *(rng.randrange(10) for _ in range(6))]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 10:  # these nine digits can never be an NHS number
            continue
        return "".join(map(str, digits)) + str(0 if check == 11 else check)


def place_words(department, csc) -> dict:
    """How a template names the place: see Template."""
    if department is None:
        return {"name": csc.name, "place": csc.name, "at": f"in {csc.name}"}
    name = department.name
    place = name if name.startswith(NO_ARTICLE) else f"the {name}"
    return {"name": name, "place": place, "at": f"{PREPOSITION.get(department.kind, 'in')} {place}"}


def fits(template: Template, csc, department) -> bool:
    """Whether the template makes sense for this department: see Template.where."""
    name = department.name if department else ""
    if template.patient in ("woman", "man") and name in CHILDREN:
        return False
    if not template.where or csc.code in template.where or name in template.where:
        return True
    # "ward", "clinic" or "department": any of that kind except the specialist ones.
    return bool(department) and department.kind in template.where and name not in SPECIALIST


def names_of(staff: list) -> str:
    named = [f"{person.job_title} {person.name}" for person in staff]
    if len(named) < 2:
        return "".join(named) or "the team"
    return f"{', '.join(named[:-1])} and {named[-1]}"


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Arrival:
    """An item to log on its date, and what will happen to it afterwards."""

    received_on: date
    kind: str
    details: dict
    follow_up: str = ""  # a PALS contact's resolution
    stop: str | None = None  # complaints the demo always has stop at this status
    agreed_in: int = 0  # and may have a new response date agreed, this many working days away
    late: str = ""  # "accept" or "decline" for complaints made over 12 months after the event
    escalate_on: date | None = None  # PALS contacts that become complaints
    escalation_of: "Arrival | None" = None
    issues: list[str] = field(default_factory=list)  # a complaint's issues to answer
    item: FeedbackItem | None = field(default=None, repr=False)


class DemoRegister:
    """Builds the register. All choices come from one seeded Random, made in a fixed order."""

    def __init__(self, today: date):
        self.rng = random.Random(SEED)
        self.today = today
        self.calendar = trust_calendar()
        self.cscs = list(ClinicalServiceCentre.objects.active().order_by("code"))
        self.departments = {c.pk: list(c.departments.active().order_by("name")) for c in self.cscs}
        self.staff = {
            c.pk: list(StaffMember.objects.active().filter(csc=c).order_by("email"))
            for c in self.cscs
        }
        self.tiers = list(ResponseTier.objects.active().order_by("working_days"))
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.professions = {p.name: p for p in Profession.objects.all()}
        self.service_areas = {a.name: a for a in ServiceArea.objects.all()}
        self.standards = {s.code: s for s in CareStandard.objects.with_criterion()}
        self.behaviours = list(ExpectedBehaviour.objects.order_by("position"))
        self.pals = User.objects.get(username="pals")
        self.admin = User.objects.get(username="admin")
        self.managers = {}
        for manager in User.objects.filter(managed_cscs__isnull=False).order_by("username"):
            for csc in manager.managed_cscs.all():
                self.managers.setdefault(csc.pk, manager)
        self.finished_complaints: list[FeedbackItem] = []
        self.handling = HandlingStory(
            today=today,
            calendar=self.calendar,
            pals=self.pals,
            adopted_on=today - relativedelta(months=STANDARDS_ADOPTED_MONTHS_AGO),
        )

    # --- dates

    def add(self, day: date, working_days: int) -> date:
        if working_days < 0:
            return self.before(day, -working_days)
        return self.calendar.add_working_days(day, working_days)

    def before(self, day: date, working_days: int) -> date:
        while working_days:
            day -= timedelta(days=1)
            working_days -= self.calendar.is_working_day(day)
        return day

    def history_starts(self) -> date:
        """The first day of the earliest whole month the history covers."""
        return self.today.replace(day=1) - relativedelta(months=MONTHS_OF_HISTORY)

    def random_received_on(self) -> date:
        """A day in the history, mostly a working day, busier in winter."""
        days_of_history = (self.today - self.history_starts()).days + 1
        while True:
            day = self.today - timedelta(days=self.rng.randrange(days_of_history))
            if self.rng.random() * 1.3 > MONTH_WEIGHTS.get(day.month, 1):
                continue
            if not self.calendar.is_working_day(day) and self.rng.random() < 0.85:
                continue  # post and email wait for Monday
            return day

    # --- arrivals

    def arrivals(self) -> list[Arrival]:
        planned = []
        for kind, count in ARRIVALS.items():
            forced = [self.forced_complaint(a) for a in ALWAYS] if kind == Kind.COMPLAINT else []
            planned += forced
            # The forced complaints all arrived in the last few months: the random ones go
            # mostly elsewhere, or those months would spike on the board pack's charts.
            in_month = Counter(arrival.received_on.replace(day=1) for arrival in forced)
            share = count / (MONTHS_OF_HISTORY + 1)
            for _ in range(count - len(forced)):
                received_on = self.random_received_on()
                for _retry in range(20):
                    month = received_on.replace(day=1)
                    if month not in in_month or in_month[month] < share:
                        break
                    received_on = self.random_received_on()
                if month in in_month:
                    in_month[month] += 1
                planned.append(self.arrival(kind, received_on))
        escalations = []
        for arrival in planned:
            if arrival.escalate_on:
                complaint = self.arrival(Kind.COMPLAINT, arrival.escalate_on, like=arrival)
                complaint.escalation_of = arrival
                escalations.append(complaint)
        # Logged in date order so references run in the order items arrived; a PALS contact
        # always comes before the complaint it became.
        everything = planned + escalations
        return sorted(everything, key=lambda a: (a.received_on, a.escalation_of is not None))

    def forced_complaint(self, always: Always) -> Arrival:
        stop, offset = always.status, always.working_days
        if stop in (Status.RECEIVED, Status.ACKNOWLEDGED, Status.WITHDRAWN):
            arrival = self.arrival(Kind.COMPLAINT, self.before(self.today, -offset))
        else:
            # Work back from the response date wanted to the day it must have arrived.
            arrival = self.arrival(Kind.COMPLAINT, self.today)
            tier = arrival.details["tier"]
            due = self.add(self.today, offset)
            received_on = self.before(due, tier.working_days)
            if arrival.details.get("patient_date_of_birth"):
                arrival.details["patient_date_of_birth"] -= self.today - received_on
            arrival.received_on = arrival.details["received_on"] = received_on
        arrival.stop = stop
        arrival.agreed_in = always.agreed_in
        arrival.late = ""
        arrival.details["event_on"] = arrival.received_on - timedelta(days=self.rng.randint(1, 20))
        return arrival

    def arrival(self, kind: str, received_on: date, like: Arrival | None = None) -> Arrival:
        rng = self.rng
        if like:  # an escalation: pals_escalate copies the PALS contact's details
            details = {"received_on": received_on}
            arrival = Arrival(received_on, kind, details)
            self.complaint_process(arrival)
            return arrival
        csc = self.pick_csc()
        department = rng.choice(self.departments[csc.pk]) if self.departments[csc.pk] else None
        template = self.pick_template(kind, csc, department)
        staff = self.pick_staff(kind, csc, template)
        words = place_words(department, csc)
        details = {
            "received_on": received_on,
            "event_on": received_on - timedelta(days=rng.choice([0, 1, 2, 3, 7, 14, 30, 60])),
            "channel": weighted(rng, CHANNELS[kind]),
            "csc": csc,
            "department": department,
            "summary": template.summary.format(**words),
            "description": template.description.format(**words, staff=names_of(staff)),
            "service_area": self.service_area(department),
            "subjects": [self.subjects[n] for n in template.subjects],
            "professions": [self.professions[n] for n in template.professions],
            "standards": [self.standards[c] for c in template.standards],
            "behaviours": [self.behaviour(phrase) for phrase in template.behaviours],
            "staff_named": staff,
        }
        if kind == Kind.COMMENT:
            details["event_on"] = None
        arrival = Arrival(received_on, kind, details, follow_up=template.follow_up)
        if kind == Kind.COMPLAINT and self.handling.applies_to(received_on):
            arrival.issues = self.handling.issues_for(
                details["summary"], details["subjects"], words
            )
        self.add_people(arrival, department, csc, template)
        if kind == Kind.COMPLAINT:
            self.complaint_process(arrival)
        if kind == Kind.PALS and arrival.details["raised_by"] != RaisedBy.ANONYMOUS:
            # Someone asking how to complain often goes on to; some other concerns do too.
            chance = 0.5 if "formal complaint" in template.summary else 0.1
            chance = chance if template.may_escalate else 0
            escalate_on = self.add(received_on, rng.randint(1, 8))
            if rng.random() < chance and escalate_on <= self.today:
                arrival.escalate_on = escalate_on
        return arrival

    def pick_csc(self) -> ClinicalServiceCentre:
        weights = [CSC_WEIGHTS.get(c.code, 5) for c in self.cscs]
        return self.rng.choices(self.cscs, weights=weights)[0]

    def pick_template(self, kind, csc, department) -> Template:
        return self.rng.choice([t for t in TEMPLATES[kind] if fits(t, csc, department)])

    def pick_staff(self, kind, csc, template) -> list[StaffMember]:
        """Staff the feedback names: every compliment, and most complaints about someone.
        Those of the staff groups the template is about come first, so a compliment about
        a scan thanks a radiographer where the CSC has one."""
        people = self.staff[csc.pk]
        chance = 1 if kind == Kind.COMPLIMENT else 0.7 if template.names_staff else 0
        if not people or self.rng.random() >= chance:
            return []
        groups = {g for name in template.professions for g in PROFESSION_GROUPS.get(name, ())}
        fitting = [p for p in people if p.staff_group in groups] or people
        return self.rng.sample(fitting, k=min(len(fitting), self.rng.choice([1, 1, 1, 2, 3])))

    def service_area(self, department) -> ServiceArea | None:
        if department is None:
            name = SERVICE_AREA_DEFAULT
        else:
            name = SERVICE_AREA_BY_DEPARTMENT.get(department.name) or SERVICE_AREA_BY_KIND.get(
                department.kind, SERVICE_AREA_DEFAULT
            )
        return self.service_areas.get(name)

    def behaviour(self, phrase: str) -> ExpectedBehaviour:
        return next(b for b in self.behaviours if phrase.lower() in b.text.lower())

    def add_people(self, arrival: Arrival, department, csc, template: Template) -> None:
        """The fictional patient and whoever raised the feedback."""
        rng, details, kind = self.rng, arrival.details, arrival.kind
        channel = details["channel"]
        anonymous = {Kind.PALS: 0.08, Kind.COMPLIMENT: 0.2}.get(kind, 0)
        if rng.random() < anonymous:
            details["raised_by"] = RaisedBy.ANONYMOUS
            return
        if channel == Channel.MP:
            raised_by = RaisedBy.MP
        elif channel == Channel.SOLICITOR:
            raised_by = RaisedBy.REPRESENTATIVE
        elif template.from_relative:
            raised_by = RaisedBy.RELATIVE
        else:
            raised_by = rng.choices([RaisedBy.PATIENT, RaisedBy.RELATIVE], weights=[55, 45])[0]
        low, high = AGES_BY_DEPARTMENT.get(department.name if department else "") or (
            AGES_OF_CHILDREN
            if template.patient in ("girl", "boy")
            else AGES_BY_CSC.get(csc.code, AGES_DEFAULT)
        )
        age = rng.randint(low, high)
        if age < 16 and raised_by == RaisedBy.PATIENT:
            raised_by = RaisedBy.RELATIVE  # a parent speaks for a child
        names = {"woman": WOMEN, "girl": WOMEN, "man": MEN, "boy": MEN}.get(
            template.patient, WOMEN + MEN
        )
        first, last = rng.choice(names), rng.choice(LAST_NAMES)
        born = details["received_on"] - timedelta(days=age * 365 + rng.randrange(365))
        anyone = WOMEN + MEN
        contact = f"{rng.choice(anyone)} {last}" if raised_by == RaisedBy.RELATIVE else ""
        if raised_by == RaisedBy.MP:
            contact = f"Office of {rng.choice(anyone)} {rng.choice(LAST_NAMES)} MP"
        elif raised_by == RaisedBy.REPRESENTATIVE:
            contact = f"{rng.choice(LAST_NAMES)} and Co Solicitors"
        contact = contact or f"{first} {last}"
        mailbox = "".join(
            ch for ch in contact.lower().replace(" ", ".") if ch.isalnum() or ch == "."
        )
        details.update(
            # The age band and complainant status follow from these, as when an officer logs it.
            raised_by=raised_by,
            patient_name=f"{first} {last}",
            patient_date_of_birth=born,
            nhs_number=nhs_number(rng),
            hospital_number=f"H{rng.randrange(1_000_000, 9_999_999)}",
            contact_name=contact,
            contact_email=f"{mailbox}@example.com" if channel != Channel.LETTER else "",
            # Ofcom's range for drama: these numbers are never allocated to anyone.
            contact_phone=f"07700 900{rng.randrange(1000):03d}",
            contact_address=(
                f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}"
                if channel in (Channel.LETTER, Channel.MP, Channel.SOLICITOR)
                else ""
            ),
        )

    def complaint_process(self, arrival: Arrival) -> None:
        """Severity, tier and consent of a formal complaint, and whether it is late."""
        rng, details = self.rng, arrival.details
        severity = weighted(rng, {Severity.GREEN: 50, Severity.AMBER: 38, Severity.RED: 12})
        tiers = {Severity.GREEN: [0, 0, 0, 1], Severity.AMBER: [0, 1, 1], Severity.RED: [1, 2]}
        index = min(rng.choice(tiers[severity]), len(self.tiers) - 1)
        details.update(severity=severity, tier=self.tiers[index])
        if details.get("raised_by") in (RaisedBy.RELATIVE, RaisedBy.MP, RaisedBy.REPRESENTATIVE):
            born = details.get("patient_date_of_birth")
            adult = not born or age_band_on(born, arrival.received_on) != AgeBand.AGE_0_17
            details["consent"] = Consent.PENDING if adult else Consent.NOT_REQUIRED
        if "event_on" in details and rng.random() < 0.04:
            arrival.late = "decline" if rng.random() < 0.2 else "accept"
            months = rng.randint(13, 40 if arrival.late == "decline" else 20)
            details["event_on"] = arrival.received_on - timedelta(days=months * 30)

    # --- logging

    def log(self, arrival: Arrival) -> None:
        if arrival.escalation_of:
            pals = arrival.escalation_of.item
            arrival.item = pals_escalate(
                item=pals,
                by=self.pals,
                received_on=arrival.received_on,
                tier=arrival.details["tier"],
                severity=arrival.details["severity"],
            )
            arrival.escalation_of.item.status = Status.ESCALATED
            if self.handling.applies_to(arrival.received_on):
                item = arrival.item
                words = place_words(item.department, item.csc)
                issues = self.handling.issues_for(item.summary, item.subjects.all(), words)
                issues_log(item=item, by=self.pals, descriptions=issues)
            return
        arrival.item = feedback_log(
            by=self.pals, kind=arrival.kind, details=arrival.details, issues=arrival.issues
        )

    # --- what happened next

    def progress(self, arrival: Arrival) -> None:
        item = arrival.item
        if arrival.kind == Kind.COMPLAINT:
            self.progress_complaint(arrival)
        elif arrival.kind == Kind.PALS and item.status == Status.OPEN:
            resolve_on = self.add(item.received_on, self.rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 13]))
            if resolve_on <= self.today and self.rng.random() > 0.03:
                early = resolve_on <= self.add(item.received_on, 2)
                if early and self.handling.applies_to(item.received_on):
                    # Sorted at first contact: resolved early, as the Standards ask.
                    self.handling.resolve_early(item, on=resolve_on)
                else:
                    pals_resolve(item=item, by=self.pals, resolution=arrival.follow_up)
        elif arrival.kind == Kind.COMPLIMENT:
            share_on = self.add(item.received_on, self.rng.randint(1, 6))
            named = bool(arrival.details["staff_named"])
            if share_on <= self.today and self.rng.random() > 0.08 and named:
                compliment_share(item=item, by=self.pals)
        elif arrival.kind == Kind.COMMENT:
            close_on = self.add(item.received_on, self.rng.randint(2, 12))
            if close_on <= self.today and self.rng.random() > 0.1:
                comment_close(item=item, by=self.pals)

    def manager_of(self, item) -> User:
        """Investigates and signs off: the CSC's manager, or the administrator where the demo
        has no manager for the CSC."""
        return self.managers.get(item.csc_id, self.admin)

    def progress_complaint(self, arrival: Arrival) -> None:
        rng, today, item = self.rng, self.today, arrival.item
        received = item.received_on
        # When each stage would be reached in the ordinary course of things.
        ack_on = self.add(received, rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 6]))
        investigate_on = self.add(ack_on, rng.randint(1, 4))
        extension = None
        if rng.random() < 0.12:
            extension = (
                self.add(investigate_on, rng.randint(5, 15)),
                self.add(item.respond_by, rng.choice([10, 15, 20])),
                rng.choice(EXTENSION_REASONS),
            )
        due = extension[1] if extension else item.respond_by
        slip = rng.randint(3, 25) if rng.random() < 0.15 else rng.randint(-8, 2)
        send_on = max(self.add(due, slip), self.add(investigate_on, 8))
        submit_on = self.before(send_on, rng.randint(2, 4))
        draft_on = self.before(submit_on, rng.randint(1, 3))
        sign_on = self.before(send_on, rng.randint(0, 1))
        close_on = self.add(send_on, rng.randint(10, 30))
        withdraw_on = self.add(ack_on, rng.randint(3, 15)) if rng.random() < 0.04 else None
        outcome = weighted(
            rng, {Outcome.UPHELD: 25, Outcome.PARTIALLY_UPHELD: 40, Outcome.NOT_UPHELD: 35}
        )
        returned = rng.random() < 0.1
        consent_on = self.add(ack_on, rng.randint(1, 10))
        notes = rng.sample(INVESTIGATION_NOTES, k=rng.randint(1, 2))
        dates = {
            Status.ACKNOWLEDGED: ack_on,
            Status.UNDER_INVESTIGATION: investigate_on,
            Status.RESPONSE_DRAFTED: draft_on,
            Status.AWAITING_SIGN_OFF: submit_on,
            Status.RESPONSE_SENT: send_on,
            Status.CLOSED: close_on,
        }
        withdraw = bool(withdraw_on and withdraw_on <= today and withdraw_on < draft_on)
        if arrival.stop:
            # Complaints the demo always has stop at their status, whatever their dates say.
            dates = {stage: min(day, today) for stage, day in dates.items()}
            extension = None
            if arrival.agreed_in:
                new_date = self.add(today, arrival.agreed_in)
                extension = (today, new_date, EXTENSION_REASONS[2])
            withdraw = arrival.stop == Status.WITHDRAWN
            if withdraw:
                reached, withdraw_on = {Status.ACKNOWLEDGED, Status.UNDER_INVESTIGATION}, today
            else:
                reached = set(STAGES[: STAGES.index(arrival.stop) + 1])
            ready_to_sign = arrival.stop == Status.AWAITING_SIGN_OFF and rng.random() < 0.5
            sign_on = today if ready_to_sign else None
        else:
            reached = {stage for stage, day in dates.items() if day <= today}
        pals, manager = self.pals, self.manager_of(item)
        handling = self.handling if self.handling.applies_to(received) else None
        if handling and not arrival.stop and not arrival.late and item.channel in EARLY_CHANNELS:
            early_on = self.add(received, 1)
            if early_on <= today and handling.rng.random() < 0.3:
                # Put right by phone within a day or two: never a formal investigation.
                handling.resolve_early(item, on=early_on)
                return

        if arrival.late:
            decide_on = self.add(received, 1)
            if decide_on > today and not arrival.stop:
                return
            accept = arrival.late == "accept"
            reason = rng.choice(LATE_REASONS) if accept else LATE_DECLINED
            item = complaint_record_late_decision(item=item, by=pals, accept=accept, reason=reason)
            if not accept:
                return
        if Status.ACKNOWLEDGED not in reached:
            return
        plan = handling.plan(item) if handling else {}
        item = complaint_acknowledge(item=item, by=pals, on=dates[Status.ACKNOWLEDGED], **plan)
        if handling:
            item = handling.clarify(item, pals)
            ends = [today, self.before(send_on, 1)]
            if withdraw:
                ends.append(withdraw_on)
            item = handling.updates(item, until=min(ends))
        if item.consent == Consent.PENDING and (
            consent_on <= today or Status.RESPONSE_SENT in reached
        ):
            item = complaint_set_consent(item=item, by=pals, consent=Consent.OBTAINED)
        if withdraw:
            if (
                Status.UNDER_INVESTIGATION in reached
                and dates[Status.UNDER_INVESTIGATION] < withdraw_on
            ):
                item = complaint_start_investigation(item=item, by=manager)
            complaint_withdraw(item=item, by=pals, reason=rng.choice(WITHDRAWAL_REASONS))
            return
        if Status.UNDER_INVESTIGATION not in reached:
            return
        item = complaint_start_investigation(item=item, by=manager)
        words = place_words(item.department, item.csc)
        for text in notes:
            investigation_note_add(item=item, by=manager, text=text.format(**words))
        if handling:
            told_on = dates[Status.UNDER_INVESTIGATION]
            handling.staff_involved(item, manager=manager, told_on=told_on)
            item.refresh_from_db()
        if extension and extension[0] <= today:
            item = complaint_change_deadline(
                item=item, by=pals, new_date=extension[1], reason=extension[2]
            )
        if Status.RESPONSE_DRAFTED not in reached:
            return
        # The CSC investigates: its manager records the findings and marks the draft done.
        item = complaint_record_findings(
            item=item, by=manager, findings=FINDINGS[outcome].format(**words)
        )
        if handling and item.issues.exists():
            # The outcome derives from a finding on each issue.
            item = handling.findings(item, outcome=outcome, manager=manager, words=words)
        else:
            item = complaint_record_outcome(item=item, by=manager, outcome=outcome)
        item = complaint_record_draft(item=item, by=manager)
        if Status.AWAITING_SIGN_OFF not in reached:
            return
        item = complaint_submit_for_sign_off(item=item, by=pals)
        if returned:
            item = complaint_return_for_changes(
                item=item, by=manager, reason=rng.choice(RETURN_REASONS)
            )
            item = complaint_submit_for_sign_off(item=item, by=pals)
        if sign_on and (sign_on <= today or Status.RESPONSE_SENT in reached):
            item = complaint_sign_off(item=item, by=manager)
        if Status.RESPONSE_SENT not in reached:
            return
        item = complaint_send_response(item=item, by=pals, on=send_on)
        if outcome != Outcome.NOT_UPHELD:
            self.add_learning(item, manager, send_on)
        if handling:
            handling.staff_told_outcome(item, on=send_on)
            item.refresh_from_db()
        if Status.CLOSED in reached:
            item = complaint_close(item=item, by=pals)
        if handling:
            handling.survey(item, sent_on=send_on)
        self.finished_complaints.append(item)

    def add_learning(self, item, manager, sent_on: date) -> None:
        template = next((t for t in COMPLAINTS if t.summary == item.summary), None)
        if not template or not template.follow_up:
            return
        department = item.department
        if department:
            owner = f"{department.get_kind_display()} manager, {department}"
        else:
            owner = f"Manager, {item.csc}"
        due_on = sent_on + timedelta(days=self.rng.choice([30, 60, 90]))
        learning = learning_action_add(
            item=item, by=manager, action=template.follow_up, owner=owner, due_on=due_on
        )
        done_on = due_on - timedelta(days=self.rng.randint(0, 25))
        if done_on <= self.today and self.rng.random() < 0.8:
            learning_action_complete(learning=learning, by=manager, done_on=done_on)

    def moment(self, day: date) -> datetime:
        """A time in the working day on ``day``, never later than now."""
        at = datetime.combine(day, time(self.rng.randint(9, 16), self.rng.randrange(60)))
        return min(timezone.make_aware(at), timezone.now())

    def reopen_and_refer(self) -> None:
        """Some complainants come back dissatisfied, every month; a few go to the Ombudsman."""
        reopened = self.reopen_some()
        reopened |= self.reopen_recently(leaving_out=reopened)
        self.refer_some(leaving_out=reopened)

    def by_sent(self) -> list[FeedbackItem]:
        return sorted(self.finished_complaints, key=lambda i: (i.response_sent_on, i.pk))

    def reopen_some(self) -> set[int]:
        """One to three complaints reopened in each month before this one, each some weeks
        after its response was sent. Returns the ids of those reopened."""
        rng, this_month = self.rng, self.today.replace(day=1)
        by_month = {}
        for item in self.by_sent():
            reopen_on = self.add(item.response_sent_on, rng.randint(10, 40))
            if reopen_on < this_month:
                by_month.setdefault(reopen_on.replace(day=1), []).append((item, reopen_on))
        reopened = set()
        for month in sorted(by_month):
            candidates = by_month[month]
            how_many = min(rng.choice(REOPENED_IN_A_MONTH), len(candidates))
            for item, reopen_on in rng.sample(candidates, k=how_many):
                self.reopen(item, reopen_on)
                reopened.add(item.pk)
        return reopened

    def reopen_recently(self, leaving_out: set[int]) -> set[int]:
        """Complaints reopened in the last fortnight: their new response date is still ahead,
        so they stay under investigation. Returns their ids."""
        today, rng = self.today, self.rng
        recent = [
            i
            for i in self.by_sent()
            if 30 <= (today - i.response_sent_on).days <= 120 and i.pk not in leaving_out
        ]
        chosen = rng.sample(recent, k=min(REOPENED_RECENTLY, len(recent)))
        for item in chosen:
            self.reopen(item, self.before(today, rng.randint(0, 9)))
        return {item.pk for item in chosen}

    def reopen(self, item, reopen_on: date) -> None:
        """Reopen through the service, date it to ``reopen_on``, and answer again if the new
        response date has passed (those reopened recently stay under investigation)."""
        rng = self.rng
        respond_by = self.add(reopen_on, rng.choice([15, 20, 25]))
        answer_on = max(self.add(respond_by, rng.randint(-5, 3)), self.add(reopen_on, 8))
        # The service takes a new response date from today on, as an officer reopening a
        # complaint today would give; date_reopening puts the past one back afterwards.
        item = complaint_reopen(
            item=item,
            by=self.pals,
            reason=rng.choice(REOPEN_REASONS),
            respond_by=max(respond_by, self.today),
        )
        self.date_reopening(item, self.moment(reopen_on), respond_by)
        if respond_by < self.today and answer_on <= self.today:
            self.answer_again(item, answer_on)

    def date_reopening(self, item, moment: datetime, respond_by: date) -> None:
        """Move what complaint_reopen stamped with the moment of loading (its timeline event and
        deadline change) to the moment the complaint was reopened, with its real new date."""
        event = item.events.filter(action="reopened").latest("pk")
        change = item.deadline_changes.latest("pk")
        # What was recorded before the reopening happened before it: keep the timeline in order.
        item.events.filter(pk__lt=event.pk, at__gt=moment).update(at=moment)
        item.deadline_changes.filter(pk__lt=change.pk, changed_at__gt=moment).update(
            changed_at=moment
        )
        FeedbackEvent.objects.filter(pk=event.pk).update(at=moment)
        DeadlineChange.objects.filter(pk=change.pk).update(changed_at=moment, new_date=respond_by)
        FeedbackItem.objects.filter(pk=item.pk).update(respond_by=respond_by)

    def answer_again(self, item, answer_on: date) -> None:
        """The further response, through the same services as the first (the outcome stands)."""
        pals, manager = self.pals, self.manager_of(item)
        investigation_note_add(item=item, by=manager, text=REINVESTIGATION_NOTE)
        item = complaint_record_draft(item=item, by=pals)
        item = complaint_submit_for_sign_off(item=item, by=pals)
        item = complaint_sign_off(item=item, by=manager)
        item = complaint_send_response(item=item, by=pals, on=answer_on)
        if self.add(answer_on, self.rng.randint(10, 30)) <= self.today:
            complaint_close(item=item, by=pals)

    def refer_some(self, leaving_out: set[int]) -> None:
        """Complaints referred to the PHSO some weeks after the response, spread over the
        history; those referred over three months ago have the Ombudsman's outcome."""
        today, rng = self.today, self.rng
        older = [
            i
            for i in self.by_sent()
            if (today - i.response_sent_on).days > 120 and i.pk not in leaving_out
        ]
        for item in rng.sample(older, k=min(REFERRED_TO_PHSO, len(older))):
            referred_on = min(item.response_sent_on + timedelta(days=rng.randint(20, 60)), today)
            item = complaint_refer_to_phso(item=item, by=self.pals, on=referred_on)
            if (today - referred_on).days > 90:
                outcome = rng.choice(
                    [
                        PhsoOutcome.NOT_UPHELD,
                        PhsoOutcome.PARTLY_UPHELD,
                        PhsoOutcome.NOT_INVESTIGATED,
                    ]
                )
                complaint_record_phso_outcome(item=item, by=self.pals, outcome=outcome)

    def build(self) -> None:
        arrivals = self.arrivals()
        for arrival in arrivals:
            self.log(arrival)
        for arrival in arrivals:
            self.progress(arrival)
        self.reopen_and_refer()
        self.handling.letters(by=self.pals)


def summary(today: date) -> str:
    items = FeedbackItem.objects.all()
    complaints = items.complaints()
    pals = items.of_kind(Kind.PALS)
    compliments = items.of_kind(Kind.COMPLIMENT)
    comments = items.of_kind(Kind.COMMENT)
    return (
        f"{items.count()} items: {complaints.count()} complaints "
        f"({complaints.open_complaints().count()} open, {items.overdue(today).count()} overdue, "
        f"{complaints.filter(reopened_count__gt=0).count()} reopened), "
        f"{pals.count()} PALS contacts ({pals.filter(status=Status.OPEN).count()} open, "
        f"{pals.filter(status=Status.ESCALATED).count()} escalated), "
        f"{compliments.count()} compliments ({compliments.filter(status=Status.SHARED).count()} "
        f"shared), {comments.count()} comments "
        f"({comments.filter(status=Status.CLOSED).count()} closed)"
    )


def load() -> str:
    if FeedbackItem.objects.exists():
        return "none added: the register already has items (the demo fills an empty one only)"
    if not ResponseTier.objects.exists() or not ClinicalServiceCentre.objects.exists():
        return "none added: load the reference data first (manage.py load_reference_data)"
    today = timezone.localdate()
    with quiet_emails(), transaction.atomic():
        DemoRegister(today).build()
    return summary(today)
