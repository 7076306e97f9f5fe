"""Two people doing the same thing at the same moment (issue 14): each pair of calls runs twice,
one after the other (any database) and at once in two threads (Postgres only: SQLite writes one
at a time, so it cannot show a race). Either way the record makes one transition and its
timeline one entry; the second person gets a refusal, never a server error or a duplicate.

The threads meet at a barrier so both call the service together, each on its own connection.
While they run, the record's save is slowed, so without the row lock both would read the record
before either saved it: the race is certain, not a matter of luck."""

import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from careprog.admin_stale_edits import SEEN_VERSION
from careprog.models import ClinicalServiceCentre
from careprog.roles import Role
from careprog.tests.admin_pages import seen_version
from careprog.tests.factories import StaffMemberFactory, UserFactory
from feedback.models import FeedbackEvent, FeedbackItem, LearningAction, ReferenceCounter
from feedback.models.choices import Kind, Status
from feedback.services import complaints
from feedback.services.base import StaleEdit
from feedback.services.early_resolution import resolve_early
from feedback.services.items import feedback_update
from feedback.services.learning import learning_action_add, learning_action_complete
from feedback.services.references import format_reference
from feedback.services.staff import staff_involvement_add
from feedback.tests.factories import make_item, tier
from recognition.models import (
    AwardRound,
    ConflictDeclaration,
    Nomination,
    ScoreSheet,
    Stage,
    ThankYou,
)
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    conflict_declare,
    nomination_pick_winner,
    round_publish_results,
    score_submit,
)
from recognition.services.thanks import card_email_send, thank_you_send
from recognition.tests.factories import colleague_user, open_round, panel_member
from standards.models import Assessment, AssessmentLine, Rating
from standards.models.choices import AssessmentStatus
from standards.services.assessments import assessment_sign_off
from standards.services.base import StandardsError
from standards.services.lines import line_rate
from standards.tests.factories import ready_to_sign_off

# Threads need the data committed, so they see it on their own connections; one after another
# runs in the test's transaction, as most tests do (a flush after each test is slow).
THREADED = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()
# Long enough for the other thread to read the record while this one is still saving it.
SLOW = 0.3


def _slowed(model, monkeypatch, seconds: float = SLOW) -> None:
    original = model.save

    def slow_save(self, *args, **kwargs):
        time.sleep(seconds)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", slow_save)


def _at_once(calls: list[Callable]) -> list:
    """Each call in a thread of its own, all released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # the refusal (or failure) is the result under test
            results[index] = error
        finally:
            connections.close_all()  # this thread's own connections only

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _one_after_another(calls: list[Callable]) -> list:
    results = []
    for call in calls:
        try:
            results.append(call())
        except Exception as error:
            results.append(error)
    return results


@pytest.fixture(
    params=[
        pytest.param("one after another", marks=pytest.mark.django_db),
        pytest.param("at once", marks=THREADED),
    ]
)
def run(request, monkeypatch):
    """``run(calls, slow=[Model])``: the calls one after another, or at once in threads with
    each model's save slowed."""
    if request.param == "one after another":
        return lambda calls, slow=(): _one_after_another(calls)
    if connection.vendor != "postgresql":
        pytest.skip(
            "threads racing need row locks: run with DATABASE_URL set to Postgres (SQLite "
            "serialises writers, so the race cannot happen there)"
        )

    def at_once(calls, slow=()):
        for model in slow:
            _slowed(model, monkeypatch)
        return _at_once(calls)

    return at_once


def outcomes(results) -> list[str]:
    """'done' or 'refused' for each result, sorted; anything else (a server error) as itself."""
    described = []
    for result in results:
        if isinstance(result, ValidationError):
            described.append("refused")
        elif isinstance(result, Exception):
            described.append(f"{type(result).__name__}: {result}")
        else:
            described.append("done")
    return sorted(described)


ONE_DONE_ONE_REFUSED = ["done", "refused"]


def entries(item, action: str) -> int:
    return FeedbackEvent.objects.filter(item=item, action=action).count()


@pytest.fixture
def colleague(db):
    return UserFactory(role=Role.PALS_OFFICER, first_name="Priya", last_name="Shah")


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer)


def answered(item, by):
    """The complaint taken through to its response being sent."""
    item = complaints.complaint_acknowledge(item=item, by=by, on=item.received_on)
    item = complaints.complaint_start_investigation(item=item, by=by)
    item = complaints.complaint_record_draft(item=item, by=by)
    item = complaints.complaint_submit_for_sign_off(item=item, by=by)
    item = complaints.complaint_sign_off(item=item, by=by)
    item = complaints.complaint_record_outcome(item=item, by=by, outcome="upheld")
    return complaints.complaint_send_response(item=item, by=by, on=TODAY)


@THREADED
class TestReferences:
    def test_items_logged_at_the_same_instant_never_share_a_reference(self, medicine):
        """8 officers logging 5 items each, complaints and PALS contacts, all at once: every
        reference is different and each kind's numbers run on without a gap."""
        if connection.vendor != "postgresql":
            pytest.skip("threads racing need row locks: run with DATABASE_URL set to Postgres")
        tier()
        officers = [UserFactory(role=Role.PALS_OFFICER) for _ in range(8)]
        kinds = [Kind.COMPLAINT if n % 2 else Kind.PALS for n in range(8)]

        def log_five(officer, kind):
            return lambda: [make_item(kind=kind, csc=medicine, by=officer) for _ in range(5)]

        # Slowed between reading the counter and writing it back: without the lock every
        # thread would read the same last number.
        with pytest.MonkeyPatch.context() as patch:
            _slowed(ReferenceCounter, patch, seconds=0.05)
            results = _at_once([log_five(o, k) for o, k in zip(officers, kinds, strict=True)])

        failures = [r for r in results if isinstance(r, Exception)]
        assert failures == []
        references = [item.reference for made in results for item in made]
        assert len(references) == len(set(references)) == 40
        year = TODAY.year if not results[0] else results[0][0].received_on.year
        for kind in (Kind.COMPLAINT, Kind.PALS):
            assert sorted(
                FeedbackItem.objects.filter(kind=kind).values_list("reference", flat=True)
            ) == [format_reference(kind, year, n) for n in range(1, 21)]
        assert ReferenceCounter.objects.get(kind=Kind.COMPLAINT, year=year).last_number == 20


class TestSameFeedbackActionTwice:
    def test_two_officers_acknowledging_a_complaint(self, run, complaint, pals_officer, colleague):
        shown = complaint.version

        def acknowledge(by):
            return lambda: complaints.complaint_acknowledge(
                item=complaint, by=by, on=TODAY, expected_version=shown
            )

        results = run([acknowledge(pals_officer), acknowledge(colleague)], slow=[FeedbackItem])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert [type(r) for r in results if isinstance(r, Exception)] == [StaleEdit]
        assert entries(complaint, "acknowledged") == 1
        complaint.refresh_from_db()
        assert complaint.status == Status.ACKNOWLEDGED
        assert complaint.version == shown + 1

    def test_two_officers_closing_a_complaint_from_a_button_without_a_version(
        self, run, complaint, pals_officer, colleague
    ):
        """Without a version to compare (a background task, say) the status check refuses."""
        item = answered(complaint, pals_officer)

        def close(by):
            return lambda: complaints.complaint_close(item=item, by=by)

        results = run([close(pals_officer), close(colleague)], slow=[FeedbackItem])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        refusal = next(r for r in results if isinstance(r, Exception))
        assert refusal.code == "wrong_status"
        assert entries(item, "closed") == 1

    def test_two_officers_resolving_the_same_contact_early(
        self, run, medicine, pals_officer, colleague
    ):
        contact = make_item(kind=Kind.PALS, csc=medicine, by=pals_officer)

        def resolve(by, done):
            return lambda: resolve_early(
                item=contact, by=by, on=TODAY, what_was_done=done, expected_version=contact.version
            )

        results = run(
            [resolve(pals_officer, "Phoned"), resolve(colleague, "Wrote")], slow=[FeedbackItem]
        )
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert entries(contact, "resolved_early") == 1

    def test_two_officers_adding_the_same_person_to_the_staff_involved(
        self, run, complaint, medicine, pals_officer, colleague
    ):
        nurse = StaffMemberFactory(csc=medicine)

        def add(by):
            return lambda: staff_involvement_add(
                item=complaint, by=by, staff=nurse, expected_version=complaint.version
            )

        results = run([add(pals_officer), add(colleague)], slow=[FeedbackItem])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert complaint.staff_involved.count() == 1
        assert entries(complaint, "staff_involved") == 1

    def test_two_managers_marking_a_learning_action_done(
        self, run, complaint, pals_officer, medicine_manager
    ):
        learning = learning_action_add(
            item=complaint, by=pals_officer, action="Ring back", owner="Ward", due_on=TODAY
        )

        def complete(by):
            return lambda: learning_action_complete(learning=learning, by=by, done_on=TODAY)

        results = run([complete(pals_officer), complete(medicine_manager)], slow=[LearningAction])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert entries(complaint, "learning_done") == 1

    def test_two_pages_pressing_start_investigation_get_a_page_not_a_server_error(
        self, run, complaint, pals_officer, colleague
    ):
        from django.test import Client

        item = complaints.complaint_acknowledge(item=complaint, by=pals_officer, on=TODAY)
        url = reverse("feedback:action", args=[item.reference_slug, "start-investigation"])

        def press(user):
            browser = Client()
            browser.force_login(user)
            return lambda: browser.post(url, {"version": item.version})

        responses = run([press(pals_officer), press(colleague)], slow=[FeedbackItem])
        assert not [r for r in responses if isinstance(r, Exception)]
        assert sorted(r.status_code for r in responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200)
        assert "changed by someone else" in refused.text
        assert entries(item, "investigating") == 1


class TestStaleEditsAtOnce:
    def test_two_officers_saving_the_details_from_the_same_page(
        self, run, complaint, pals_officer, colleague
    ):
        """Both opened the edit page at the same version: one change is kept whole, the other
        refused, never the two mixed."""
        shown = complaint.version

        def edit(by, summary):
            return lambda: feedback_update(
                item=complaint, by=by, details={"summary": summary}, expected_version=shown
            )

        results = run(
            [edit(pals_officer, "First wording"), edit(colleague, "Second wording")],
            slow=[FeedbackItem],
        )
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        winner = next(r for r in results if isinstance(r, FeedbackItem))
        complaint.refresh_from_db()
        assert complaint.summary == winner.summary
        assert complaint.version == shown + 1
        assert entries(complaint, "edited") == 1

    def test_two_administrators_saving_one_record_in_the_admin(self, run, medicine):
        from django.test import Client

        url = reverse("admin:careprog_clinicalservicecentre_change", args=[medicine.pk])
        looking = Client()
        looking.force_login(UserFactory(role=Role.ADMINISTRATOR))
        shown = seen_version(looking.get(url))

        def save(name):
            browser = Client()
            browser.force_login(UserFactory(role=Role.ADMINISTRATOR))
            data = {"code": "med", "name": name, "active": "on", SEEN_VERSION: shown}
            data |= {"departments-TOTAL_FORMS": "0", "departments-INITIAL_FORMS": "0"}
            return lambda: browser.post(url, data)

        responses = run([save("First name"), save("Second name")], slow=[ClinicalServiceCentre])
        assert not [r for r in responses if isinstance(r, Exception)]
        assert sorted(r.status_code for r in responses) == [200, 302]
        assert "Someone else saved this" in next(r for r in responses if r.status_code == 200).text
        assert medicine.history.count() == 2  # created, then one save

    def test_two_managers_rating_the_same_standard_from_the_same_page(
        self, run, assessment, medicine_manager, owner
    ):
        line = assessment.lines.order_by("pk").first()
        other = UserFactory(role=Role.CSC_MANAGER, cscs=[assessment.csc])

        def rate(by, rating):
            return lambda: line_rate(line=line, rating=rating, by=by, expected_version=line.version)

        results = run(
            [rate(medicine_manager, Rating.COMPLIANCE), rate(other, Rating.PARTIAL)],
            slow=[AssessmentLine],
        )
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert [r.code for r in results if isinstance(r, Exception)] == ["stale"]
        line.refresh_from_db()
        assert line.version == 2
        assert line.history.filter(version=2).count() == 1


class TestStandardsSignOffTwice:
    def test_two_managers_signing_off_the_same_assessment(
        self, run, assessment, medicine_manager, owner
    ):
        ready_to_sign_off(assessment, by=medicine_manager, owner=owner)
        other = UserFactory(role=Role.CSC_MANAGER, cscs=[assessment.csc])

        def sign(by):
            return lambda: assessment_sign_off(assessment=assessment, by=by)

        results = run([sign(medicine_manager), sign(other)], slow=[Assessment])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        refusal = next(r for r in results if isinstance(r, StandardsError))
        assert refusal.code == "signed_off"
        signed = assessment.history.filter(status=AssessmentStatus.SIGNED_OFF)
        assert signed.count() == 1


@pytest.fixture
def chair(db):
    return panel_member("Chris", "Chair")


@pytest.fixture
def member(db):
    return panel_member("Morgan", "Member")


@pytest.fixture
def award_round(chair, member):
    return open_round(chair=chair, panel=[member])


@pytest.fixture
def nominated(award_round, medicine):
    """Two nominations in Best Care, both nominees having agreed."""
    category = award_round.categories.get(name="Best Care")
    nominator = colleague_user(medicine)
    made = []
    for name in ("Zara Reid", "Tom Hall"):
        nominee = StaffMemberFactory(csc=medicine, name=name, email=f"{name[:3]}@nhs.invalid")
        nomination = nomination_make(
            by=nominator, award_round=award_round, category=category, nominee=nominee, case="Kind."
        )
        made.append(
            nomination_record_consent(nomination=nomination, by=award_round.chair, given=True)
        )
    return made


class TestRecognitionTwice:
    def test_a_member_scoring_the_same_nomination_twice_at_once(self, run, nominated, member):
        nomination = nominated[0]
        scores = {c.pk: 4 for c in nomination.category.criteria.all()}

        def submit():
            return score_submit(nomination=nomination, member=member, scores=scores)

        results = run([submit, submit], slow=[ScoreSheet])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert ScoreSheet.objects.filter(nomination=nomination, member=member).count() == 1

    def test_a_member_declaring_the_same_conflict_twice_at_once(self, run, nominated, member):
        nomination = nominated[0]

        def declare():
            return conflict_declare(nomination=nomination, member=member, reason="I manage them")

        results = run([declare, declare], slow=[ConflictDeclaration])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert ConflictDeclaration.objects.filter(nomination=nomination).count() == 1

    def test_two_winners_chosen_in_one_category_at_once(self, run, nominated, chair):
        from recognition.services.panel import nomination_shortlist

        for nomination in nominated:
            nomination_shortlist(nomination=nomination, by=chair)

        def pick(nomination):
            return lambda: nomination_pick_winner(nomination=nomination, by=chair, reason="Tie")

        results = run([pick(n) for n in nominated], slow=[Nomination])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        assert Nomination.objects.filter(stage=Stage.WINNER).count() == 1

    def test_the_chair_publishing_the_results_twice_at_once(self, run, nominated, chair):
        from recognition.services.panel import nomination_shortlist

        nomination = nomination_shortlist(nomination=nominated[0], by=chair)
        nomination_pick_winner(nomination=nomination, by=chair, reason="Clear choice")
        award_round = nomination.round

        def publish():
            return round_publish_results(
                award_round=award_round, by=chair, email_certificates=False
            )

        results = run([publish, publish], slow=[AwardRound])
        assert outcomes(results) == ONE_DONE_ONE_REFUSED
        published = award_round.history.filter(results_published_at__isnull=False)
        assert published.count() == 1

    def test_a_thank_you_card_sent_by_two_workers_at_once_goes_once(
        self, run, medicine, pals_officer, monkeypatch
    ):
        colleague = colleague_user(medicine)
        thank_you = thank_you_send(
            by=pals_officer, recipient=colleague.staff_member, value="best_care", message="Thanks"
        )
        # As if the first send had not yet happened: both workers find it due.
        ThankYou.objects.filter(pk=thank_you.pk).update(emailed_at=None, email_attempts=0)
        mail.outbox.clear()
        import recognition.services.thanks as thanks

        original = thanks.card_email

        def slow_card(record):
            time.sleep(SLOW)
            return original(record)

        monkeypatch.setattr(thanks, "card_email", slow_card)

        def send():
            return card_email_send(thank_you.pk)

        results = run([send, send])
        assert sorted(results) == [False, True]
        assert len(mail.outbox) == 1
        assert Counter(m.to[0] for m in mail.outbox) == {colleague.staff_member.email: 1}
