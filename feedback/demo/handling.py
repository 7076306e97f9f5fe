"""The demo register's complaints handled to the NHS Complaint Standards: issues clarified and
answered one by one, handling plans and updates (on time and overdue), staff involved, early
resolution, surveys returned and letters produced, all through the real services.

It has a Random of its own, so the rest of the register (and the board pack's charts) comes out
the same as before it was added.
"""

import random
from datetime import date, timedelta

from django.db.models import F

from careprog.working_days import WorkingDayCalendar
from feedback.demo import handling_texts as texts
from feedback.models import FeedbackItem
from feedback.models.choices import Channel, Kind, Outcome
from feedback.models.handling import ContactMethod, Finding, LetterKind, SurveySource
from feedback.services.early_resolution import resolve_early
from feedback.services.issues import complaint_clarify, current_issues, issue_record_finding
from feedback.services.letters import letter_generate
from feedback.services.plan import complaint_give_update
from feedback.services.staff import staff_involvement_add, staff_involvement_update
from feedback.services.surveys import survey_record

SEED = 15
PREFERENCE_BY_CHANNEL = {
    Channel.EMAIL: ContactMethod.EMAIL,
    Channel.WEB_FORM: ContactMethod.EMAIL,
    Channel.LETTER: ContactMethod.LETTER,
    Channel.MP: ContactMethod.LETTER,
    Channel.SOLICITOR: ContactMethod.LETTER,
}
# Findings that give each overall outcome (the outcome derives from them).
FINDINGS_FOR = {
    Outcome.UPHELD: lambda n: [Finding.UPHELD] * n,
    Outcome.NOT_UPHELD: lambda n: [Finding.NOT_UPHELD] * n,
    Outcome.PARTIALLY_UPHELD: lambda n: [Finding.UPHELD] + [Finding.NOT_UPHELD] * (n - 1),
}
# Complaints of the last 18 months are handled to the Standards (issues, plan, updates); the
# older ones were logged before the trust adopted them, as in life.
STANDARDS_ADOPTED_MONTHS_AGO = 18


class HandlingStory:
    def __init__(self, *, today: date, calendar: WorkingDayCalendar, pals, adopted_on: date):
        self.rng = random.Random(SEED)
        self.today = today
        self.calendar = calendar
        self.pals = pals
        self.adopted_on = adopted_on

    def applies_to(self, received_on: date) -> bool:
        return received_on >= self.adopted_on

    # --- logging

    def issues_for(self, summary: str, subjects, words: dict) -> list[str]:
        """The summary, then one issue for each KO41a subject (at least two in all, so a
        partly upheld complaint can have one finding of each)."""
        issues = [summary]
        for subject in subjects:
            text = texts.ISSUE_BY_SUBJECT.get(subject.name)
            if text:
                issues.append(text.format(**words))
        if len(issues) < 2:
            issues.append(texts.ISSUE_BY_SUBJECT["Communications"])
        return issues[:4]

    def clarify(self, item: FeedbackItem, by) -> FeedbackItem:
        complaint_clarify(
            item=item,
            by=by,
            impact=self.rng.choice(texts.IMPACTS),
            outcome_sought=self.rng.choice(texts.OUTCOMES_SOUGHT),
        )
        item.refresh_from_db()
        return item

    # --- acknowledgement

    def plan(self, item: FeedbackItem) -> dict:
        """The handling plan agreed at acknowledgement (complaint_acknowledge's keywords)."""
        rng = self.rng
        preference = PREFERENCE_BY_CHANNEL.get(item.channel, ContactMethod.PHONE)
        if preference == ContactMethod.EMAIL and not item.contact_email:
            preference = ContactMethod.PHONE
        if preference == ContactMethod.LETTER and not item.contact_address:
            preference = ContactMethod.PHONE
        roll = rng.random()
        return {
            "contact_preference": preference,
            # The case handler writes the response, as most teams work.
            "response_writer": item.case_handler,
            "update_every": rng.choice([10, 15, 20, 20, 20]),
            "large_print": roll < 0.06,
            "interpreter_language": rng.choice(["Polish", "Bengali", "Portuguese"])
            if 0.06 <= roll < 0.1
            else "",
            "advocate": "Sam Reid, NHS Complaints Advocacy" if 0.1 <= roll < 0.14 else "",
        }

    def updates(self, item: FeedbackItem, *, until: date) -> FeedbackItem:
        """Updates as agreed up to ``until``: most on time, some late, some not yet given."""
        rng = self.rng
        due = item.next_update_due
        while due and due <= until:
            late = rng.random() < 0.15
            given_on = self.calendar.add_working_days(due, rng.randint(1, 5)) if late else due
            if given_on > until or rng.random() < 0.05:
                break  # not given yet: it shows as overdue
            complaint_give_update(
                item=item,
                by=self.pals,
                given_on=given_on,
                method=item.contact_preference,
                note=rng.choice(texts.UPDATE_NOTES),
            )
            item.refresh_from_db()
            due = item.next_update_due
        return item

    # --- investigation

    def staff_involved(self, item: FeedbackItem, *, manager, told_on: date) -> None:
        """The staff a complaint names, told when the investigation starts, heard and
        supported; told the outcome once the response has gone."""
        for person in item.staff_named.all()[:2]:
            involvement = staff_involvement_add(
                item=item,
                by=self.pals,
                staff=person,
                told_on=told_on,
                support_offered=self.rng.choice(texts.SUPPORT_OFFERED),
            )
            staff_involvement_update(
                involvement=involvement,
                by=manager,
                told_on=told_on,
                comments=self.rng.choice(texts.STAFF_COMMENTS),
                support_offered=involvement.support_offered,
                told_outcome_on=None,
            )

    def staff_told_outcome(self, item: FeedbackItem, *, on: date) -> None:
        for involvement in item.staff_involved.all():
            staff_involvement_update(
                involvement=involvement,
                by=self.pals,
                told_on=involvement.told_on,
                comments=involvement.comments,
                support_offered=involvement.support_offered,
                told_outcome_on=on,
            )

    def findings(self, item: FeedbackItem, *, outcome: str, manager, words: dict) -> FeedbackItem:
        """A finding for each issue that together give ``outcome``."""
        issues = list(current_issues(item))
        for issue, finding in zip(issues, FINDINGS_FOR[outcome](len(issues)), strict=True):
            issue_record_finding(
                issue=issue,
                by=manager,
                finding=finding,
                explanation=texts.EXPLANATIONS[finding].format(**words),
                what_will_change=texts.WHAT_WILL_CHANGE[finding],
            )
        item.refresh_from_db()
        return item

    # --- early resolution and afterwards

    def resolve_early(self, item: FeedbackItem, *, on: date) -> FeedbackItem:
        learning = self.rng.choice(texts.EARLY_LEARNING) if self.rng.random() < 0.3 else ""
        return resolve_early(
            item=item,
            by=self.pals,
            on=on,
            what_was_done=self.rng.choice(texts.EARLY_RESOLUTIONS),
            learning=learning,
            make_learning_action=bool(learning),
        )

    def survey(self, item: FeedbackItem, *, sent_on: date) -> None:
        """About a third of people answer the survey, a few weeks after the response."""
        rng = self.rng
        received_on = self.calendar.add_working_days(sent_on, rng.randint(5, 25))
        if item.kind != Kind.COMPLAINT or received_on > self.today or rng.random() > 0.35:
            return
        informed = 2 if item.updates.filter(given_on__gt=F("due_on")).exists() else 4

        def score(centre: int) -> int:
            return max(1, min(5, centre + rng.choice([-1, 0, 0, 1])))

        survey_record(
            item=item,
            by=self.pals,
            listened_to=score(4 if item.outcome != Outcome.NOT_UPHELD else 3),
            kept_informed=score(informed),
            understood_outcome=score(4),
            comment=rng.choice(texts.SURVEY_COMMENTS),
            source=rng.choice([SurveySource.PHONE, SurveySource.FORM]),
            received_on=received_on,
        )

    # --- letters

    def letters(self, by) -> None:
        """Letters produced for the recent complaints handled to the Standards: each recent
        acknowledgement, each holding letter for a date moved, and the final responses of the
        last few weeks. A six-month letter is left due, for the officer to see and write."""
        recent = self.today - timedelta(days=40)
        planned = FeedbackItem.objects.complaints().filter(plan_agreed_on__isnull=False)
        for item in planned.filter(acknowledged_on__gte=recent).order_by("pk"):
            letter_generate(item=item, kind=LetterKind.ACKNOWLEDGEMENT, by=self.pals)
        for item in planned.open_complaints().filter(deadline_changes__isnull=False).distinct():
            letter_generate(item=item, kind=LetterKind.HOLDING, by=self.pals)
        answered = planned.filter(
            response_sent_on__gte=recent, signed_off_at__isnull=False, issues__isnull=False
        ).distinct()
        for item in answered.order_by("pk"):
            letter_generate(item=item, kind=LetterKind.FINAL_RESPONSE, by=by)
