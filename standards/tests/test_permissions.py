"""Who may do what with the standards checklists: every role against every page and action.

A CSC manager works on their own CSCs' assessments; administrators may do the same anywhere.
PALS officers and board members read every CSC's checklists but change nothing (403); board
members may not open evidence files nor see a linked feedback item beyond its reference and
subjects. Another CSC's manager, awards panel members and users without a role never see a
CSC's records (404). A refused request must change nothing.

The expectations below are written out here, not read from careprog.permissions, so a change
there that loosens access makes these tests fail.
"""

import csv
import functools
import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import weasyprint
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from careprog.models import AccessAction, AccessRecord, ClinicalServiceCentre, StaffMember
from careprog.roles import Role
from careprog.tests.factories import (
    ClinicalServiceCentreFactory,
    StaffMemberFactory,
    UserFactory,
)
from feedback.models import FeedbackItem, Subject
from feedback.tests.factories import make_item
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.services.actions import improvement_action_add
from standards.services.assessments import assessment_sign_off, lines_seen
from standards.services.evidence import evidence_add_file, evidence_add_note, evidence_link_item
from standards.services.lines import line_rate
from standards.tests.factories import few_standards, make_assessment, ready_to_sign_off, this_period
from standards.urls import urlpatterns

# Who is asking. O manages Surgery only and is always acting on Medicine's records.
P = "pals_officer"
C = "medicine_manager"
O = "surgery_manager"  # noqa: E741
B = "board_member"
A = "panel_member"
D = "administrator"
N = "no_role"
EVERYONE = (P, C, O, B, A, D, N)


def expect(*, ok=frozenset(), forbidden=frozenset(), hidden=frozenset()) -> dict[str, int]:
    """The status each user gets: 200 (or 302 after a change), 403 refused, 404 not found."""
    table = {
        **dict.fromkeys(ok, 200),
        **dict.fromkeys(forbidden, 403),
        **dict.fromkeys(hidden, 404),
    }
    assert sorted(table) == sorted(EVERYONE), "every user must be listed exactly once"
    assert len(ok) + len(forbidden) + len(hidden) == len(EVERYONE)
    # In EVERYONE's order, not the sets': test ids must come out the same in every process.
    return {who: table[who] for who in EVERYONE}


# Pages (GET) of Medicine's records. O is a CSC manager too, so reaches the pages that are not
# about one CSC (showing only Surgery there).
PAGES = {
    "index": expect(ok={P, C, O, B, D}, forbidden={A, N}),
    "matrix": expect(ok={P, C, O, B, D}, forbidden={A, N}),
    "matrix_csv": expect(ok={P, C, O, B, D}, forbidden={A, N}),
    "overdue": expect(ok={P, C, O, B, D}, forbidden={A, N}),
    "csc": expect(ok={P, C, B, D}, hidden={O, A, N}),
    "assessment": expect(ok={P, C, B, D}, hidden={O, A, N}),
    "assessment_csv": expect(ok={P, C, B, D}, hidden={O, A, N}),
    "line": expect(ok={P, C, B, D}, hidden={O, A, N}),
    "sign_off": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "evidence_file": expect(ok={P, C, D}, forbidden={B}, hidden={O, A, N}),
    "complete_action": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
}
# Changes (POST) to Medicine's in-progress assessment; 200 here means "done, and redirected".
ACTIONS = {
    "start": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "rate": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "rate_on_page": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "line_details": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "add_note": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "add_link": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "add_file": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "link_item": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "add_action": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "remove_evidence": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    # Withdrawing evidence kept in error (after sign-off too) is for administrators only.
    "withdraw_evidence": expect(ok={D}, forbidden={P, C, B}, hidden={O, A, N}),
    "sign_off": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
    "complete_action": expect(ok={C, D}, forbidden={P, B}, hidden={O, A, N}),
}
# The rules on their own, not only behind scoping (which already hides Medicine from O, A, N).
RULES = {
    "standards.start_assessment": {C, D},  # checked against the CSC
    "standards.edit_assessment": {C, D},  # checked against the assessment
    "standards.open_evidence": {P, C, D},  # checked against the assessment
}
# The type-ahead staff picker: anyone who works with CSC staff, not board or panel members.
# Everyone signed in picks staff (thank-yous and nominations): the directory is the trust's.
STAFF_LOOKUP = expect(ok={P, C, O, B, A, D, N})

# Changes a signed-off assessment refuses. Each page says so; the refusal itself names who
# signed it off and when ("...signed off by X on 1 May 2026: it can no longer be changed.").
REFUSED_WHEN_SIGNED_OFF = [
    "rate",
    "rate_on_page",
    "line_details",
    "add_note",
    "add_link",
    "add_file",
    "link_item",
    "add_action",
    "remove_evidence",
    "sign_off",
]
SIGNED_OFF_PAGE_SAYS = {"sign_off": "is already signed off"}  # others: "can no longer be changed"
SIGNED_OFF_REFUSAL = ": it can no longer be changed."

FILE_NAME = "ward-7-call-bell-audit.pdf"
ITEM_SUMMARY = "Nurse ignored the call bell for an hour"
SUBJECT = "Communications"


def today():
    return timezone.localdate()


@functools.cache
def pdf_bytes() -> bytes:
    return weasyprint.HTML(string="<p>Call bell audit, ward 7</p>").write_pdf()


def pdf_upload(name: str = FILE_NAME) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def staff_label_of(person: StaffMember) -> str:
    return f"{person.name}, {person.job_title} ({person.csc.name})"


@dataclass
class Checklist:
    """Medicine's assessment of the last period, still in progress, with one of everything."""

    csc: ClinicalServiceCentre
    assessment: Assessment
    line: AssessmentLine  # rated Partial Compliance, with the evidence and the action below
    note: Evidence
    file: Evidence
    linked_item: FeedbackItem
    unlinked_item: FeedbackItem
    action: ImprovementAction
    owner: StaffMember

    def fresh_line(self) -> AssessmentLine:
        self.line.refresh_from_db()
        return self.line


@pytest.fixture(autouse=True)
def media_root(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def clerk(db):
    """Whoever set the records up; not the user under test."""
    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def surgery_manager(surgery):
    return UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])


@pytest.fixture
def user_for(medicine_manager, surgery_manager):
    """The signed-in user for each letter of the tables above."""

    managers = {C: medicine_manager, O: surgery_manager}
    roles = {
        P: Role.PALS_OFFICER,
        B: Role.BOARD_MEMBER,
        A: Role.AWARDS_PANEL_MEMBER,
        D: Role.ADMINISTRATOR,
        N: None,
    }

    def make(who: str):
        return managers[who] if who in managers else UserFactory(role=roles[who])

    return make


@pytest.fixture
def checklist(medicine, clerk) -> Checklist:
    few_standards(3)
    owner = StaffMemberFactory(csc=medicine, name="Pat Okafor", job_title="Matron")
    # Last period's assessment, left in progress and ready to sign off.
    period = this_period().previous()
    assessment = make_assessment(csc=medicine, by=clerk, period=period)
    ready_to_sign_off(assessment, by=clerk, owner=owner)
    line = assessment.lines.get(rating=Rating.PARTIAL)
    subject, _ = Subject.objects.get_or_create(name=SUBJECT)
    linked_item = make_item(
        csc=medicine,
        by=clerk,
        received_on=period.start + timedelta(days=10),
        summary=ITEM_SUMMARY,
        subjects=[subject],
        standards=[line.standard],
    )
    evidence_link_item(line=line, by=clerk, item=linked_item)
    return Checklist(
        csc=medicine,
        assessment=assessment,
        line=line,
        note=evidence_add_note(line=line, by=clerk, text="Call bells answered within 5 minutes"),
        file=evidence_add_file(
            line=line, by=clerk, upload=pdf_upload(), description="Call bell audit"
        ),
        linked_item=linked_item,
        unlinked_item=make_item(csc=medicine, by=clerk, summary="Waited for a discharge letter"),
        action=line.actions.get(),
        owner=owner,
    )


def page_url(name: str, checklist: Checklist) -> str:
    args = {
        "index": [],
        "matrix": [],
        "matrix_csv": [],
        "overdue": [],
        "csc": [checklist.csc.code],
        "assessment": [checklist.assessment.pk],
        "assessment_csv": [checklist.assessment.pk],
        "line": [checklist.line.pk],
        "sign_off": [checklist.assessment.pk],
        "evidence_file": [checklist.file.pk],
        "complete_action": [checklist.action.pk],
    }[name]
    return reverse(f"standards:{name}", args=args)


def action_url(name: str, checklist: Checklist) -> str:
    if name == "start":
        args = [checklist.csc.code]
    elif name == "sign_off":
        args = [checklist.assessment.pk]
    elif name in ("remove_evidence", "withdraw_evidence"):
        args = [checklist.note.pk]
    elif name == "complete_action":
        args = [checklist.action.pk]
    else:
        args = [checklist.line.pk]
    return reverse(f"standards:{name}", args=args)


def action_data(name: str, checklist: Checklist) -> dict:
    """A valid POST for each action, so a refusal can only be about who is asking."""
    line = checklist.fresh_line()
    owner = {"owner": staff_label_of(checklist.owner), "owner_id": str(checklist.owner.pk)}
    period_end = checklist.assessment.period_end.isoformat()
    return {
        "start": dict,
        "rate": lambda: {"rating": Rating.COMPLIANCE_PLUS, "version": line.version},
        "rate_on_page": lambda: {"rating": Rating.NON_COMPLIANCE, "version": line.version},
        "line_details": lambda: {**owner, "review_on": period_end, "version": line.version},
        "add_note": lambda: {"text": "Matron's rounds every morning"},
        "add_link": lambda: {"url": "https://intranet.example.nhs.uk/survey", "title": "Survey"},
        "add_file": lambda: {"file": pdf_upload("survey.pdf"), "description": "Survey"},
        "link_item": lambda: {"reference": checklist.unlinked_item.reference},
        "add_action": lambda: {**owner, "description": "Audit call bells", "due_on": period_end},
        "remove_evidence": dict,
        "withdraw_evidence": lambda: {"reason": "It names a patient"},
        "sign_off": lambda: {"lines_seen": lines_seen(checklist.assessment)},
        "complete_action": lambda: {"done_on": today().isoformat()},
    }[name]()


def action_done(name: str, checklist: Checklist, user) -> bool:
    """Whether the action's change is really there, made by this user."""
    line = checklist.fresh_line()
    assessment = checklist.assessment
    assessment.refresh_from_db()
    if name == "start":
        started = Assessment.objects.for_csc(checklist.csc).for_period(this_period().start)
        return started.filter(created_by=user, lines__isnull=False).exists()
    if name == "rate":
        return line.rating == Rating.COMPLIANCE_PLUS and line.updated_by == user
    if name == "rate_on_page":
        return line.rating == Rating.NON_COMPLIANCE and line.updated_by == user
    if name == "line_details":
        return line.owner == checklist.owner and line.review_on == assessment.period_end
    if name == "add_note":
        return line.evidence.filter(text="Matron's rounds every morning", created_by=user).exists()
    if name == "add_link":
        return line.evidence.filter(url="https://intranet.example.nhs.uk/survey").exists()
    if name == "add_file":
        stored = line.evidence.get(file_name="survey.pdf", created_by=user)
        return (Path(settings.MEDIA_ROOT) / stored.file.name).read_bytes() == pdf_bytes()
    if name == "link_item":
        return line.evidence.current().filter(item=checklist.unlinked_item).exists()
    if name == "add_action":
        return line.actions.filter(description="Audit call bells", owner=checklist.owner).exists()
    if name == "remove_evidence":
        checklist.note.refresh_from_db()
        return checklist.note.removed_at is not None and checklist.note.removed_by == user
    if name == "withdraw_evidence":
        checklist.note.refresh_from_db()
        return checklist.note.removed_reason == "It names a patient" and (
            checklist.note.removed_by == user
        )
    if name == "sign_off":
        return assessment.is_signed_off and assessment.signed_off_by == user
    if name == "complete_action":
        checklist.action.refresh_from_db()
        return checklist.action.done_on == today()
    raise ValueError(name)


def snapshot() -> dict:
    """Everything a refused request must leave as it was."""
    return {
        "assessments": list(
            Assessment.objects.order_by("pk").values_list("pk", "status", "signed_off_by")
        ),
        "lines": list(
            AssessmentLine.objects.order_by("pk").values_list(
                "pk", "rating", "version", "needs_review", "owner", "review_on"
            )
        ),
        "evidence": list(
            Evidence.objects.order_by("pk").values_list("pk", "kind", "item", "removed_at")
        ),
        "actions": list(
            ImprovementAction.objects.order_by("pk").values_list("pk", "description", "done_on")
        ),
        "history": [
            model.history.count()
            for model in (Assessment, AssessmentLine, Evidence, ImprovementAction)
        ],
        "files": sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    }


def csv_of(response) -> list[dict]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def form_errors(response):
    """For a failure message: why a change was not accepted."""
    context = response.context or {}
    forms = {k: v.errors for k, v in context.items() if k.endswith("_form") or k == "form"}
    return {k: v for k, v in forms.items() if v} or response.status_code


class TestTables:
    def test_every_standards_url_is_in_a_table(self):
        assert {p.name for p in urlpatterns} == set(PAGES) | set(ACTIONS)


class TestSignInRequired:
    @pytest.mark.parametrize("name", PAGES)
    def test_anonymous_visitor_is_sent_to_sign_in_from_every_page(self, client, checklist, name):
        response = client.get(page_url(name, checklist))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("name", ACTIONS)
    def test_anonymous_visitor_is_sent_to_sign_in_from_every_action(self, client, checklist, name):
        before = snapshot()
        response = client.post(action_url(name, checklist), action_data(name, checklist))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert snapshot() == before

    def test_anonymous_visitor_is_sent_to_sign_in_from_staff_lookup(self, client, db):
        response = client.get(reverse("careprog:staff_lookup"), {"q": "jo"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


class TestPages:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", PAGES)
    def test_each_user_reaches_only_the_pages_expected(
        self, client, user_for, checklist, name, who
    ):
        client.force_login(user_for(who))
        # The index sends everyone but CSC managers on to the matrix.
        response = client.get(page_url(name, checklist), follow=name == "index")
        assert response.status_code == PAGES[name][who]

    @pytest.mark.parametrize("who", [P, B, D])
    def test_index_sends_trust_wide_readers_to_the_matrix(self, client, user_for, db, who):
        client.force_login(user_for(who))
        response = client.get(reverse("standards:index"))
        assert response.status_code == 302
        assert response.url == reverse("standards:matrix")

    @pytest.mark.parametrize("who", [P, C, D])
    def test_evidence_file_comes_back_byte_for_byte_to_those_who_may_open_it(
        self, client, user_for, checklist, who
    ):
        person = user_for(who)
        client.force_login(person)
        response = client.get(page_url("evidence_file", checklist))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert FILE_NAME in response["Content-Disposition"]
        record = AccessRecord.objects.get()  # who opened which file is logged (issue 14)
        assert (record.user, record.action) == (person, AccessAction.DOWNLOADED_EVIDENCE)
        assert record.what.endswith(FILE_NAME)

    @pytest.mark.parametrize("who", [B, O, A, N])
    def test_evidence_file_is_not_sent_to_those_who_may_not_open_it(
        self, client, user_for, checklist, who
    ):
        client.force_login(user_for(who))
        response = client.get(page_url("evidence_file", checklist))
        assert response.status_code in (403, 404)
        assert not hasattr(response, "streaming_content")
        assert pdf_bytes() not in response.content


class TestActions:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("name", ACTIONS)
    def test_only_editors_change_an_assessment_and_a_refusal_changes_nothing(
        self, client, user_for, checklist, clerk, name, who
    ):
        user = user_for(who)
        client.force_login(user)
        if name == "start":
            # A period starts from the one before it, signed off.
            assessment_sign_off(assessment=checklist.assessment, by=clerk)
        before = snapshot()
        response = client.post(action_url(name, checklist), action_data(name, checklist))
        if ACTIONS[name][who] == 200:
            assert response.status_code == 302, form_errors(response)
            assert action_done(name, checklist, user)
        else:
            assert response.status_code == ACTIONS[name][who]
            assert snapshot() == before


class TestRulesBehindScoping:
    @pytest.mark.parametrize("who", EVERYONE)
    @pytest.mark.parametrize("permission", RULES)
    def test_rules_allow_only_the_users_expected(self, user_for, checklist, permission, who):
        target = checklist.csc if permission == "standards.start_assessment" else None
        target = target or checklist.assessment
        assert user_for(who).has_perm(permission, target) is (who in RULES[permission])


class TestSignedOffAssessment:
    @pytest.fixture
    def signed_off(self, checklist, clerk) -> Checklist:
        assessment_sign_off(assessment=checklist.assessment, by=clerk)
        return checklist

    @pytest.mark.parametrize("who", [C, D])
    @pytest.mark.parametrize("name", REFUSED_WHEN_SIGNED_OFF)
    def test_every_change_is_refused_even_for_editors_and_changes_nothing(
        self, client, user_for, signed_off, name, who
    ):
        client.force_login(user_for(who))
        before = snapshot()
        response = client.post(
            action_url(name, signed_off), action_data(name, signed_off), follow=True
        )
        assert response.status_code in (200, 400)
        assert SIGNED_OFF_PAGE_SAYS.get(name, "can no longer be changed") in response.text.lower()
        assert snapshot() == before

    @pytest.mark.parametrize("who", [C, D])
    @pytest.mark.parametrize("name", [n for n in REFUSED_WHEN_SIGNED_OFF if n != "sign_off"])
    def test_the_refusal_is_shown_to_the_person_who_tried(
        self, client, user_for, signed_off, name, who
    ):
        """Not only the page's standing notice: the answer to this request, as an error."""
        client.force_login(user_for(who))
        response = client.post(
            action_url(name, signed_off), action_data(name, signed_off), follow=True
        )
        assert SIGNED_OFF_REFUSAL in response.text

    @pytest.mark.parametrize("who", [C, D])
    def test_an_open_action_can_still_be_marked_done(self, client, user_for, signed_off, who):
        client.force_login(user_for(who))
        response = client.post(
            action_url("complete_action", signed_off), action_data("complete_action", signed_off)
        )
        assert response.status_code == 302, form_errors(response)
        signed_off.action.refresh_from_db()
        assert signed_off.action.done_on == today()

    @pytest.mark.parametrize("who", [C, D])
    def test_pages_offer_no_changes(self, client, user_for, signed_off, who):
        client.force_login(user_for(who))
        html = client.get(page_url("line", signed_off)).text
        for name in ["rate_on_page", "line_details", "add_note", "add_file", "add_action"]:
            assert action_url(name, signed_off) not in html
        assert action_url("remove_evidence", signed_off) not in html
        checklist_html = client.get(page_url("assessment", signed_off)).text
        assert action_url("rate", signed_off) not in checklist_html
        # Following an action through is still offered.
        assert action_url("complete_action", signed_off) in html


class TestWhatReadersSee:
    def test_board_member_sees_ratings_but_not_the_linked_items_details(
        self, client, board_member, checklist
    ):
        client.force_login(board_member)
        checklist_html = client.get(page_url("assessment", checklist)).text
        line_html = client.get(page_url("line", checklist)).text
        assert "Partial Compliance" in checklist_html
        assert "Partial Compliance" in line_html
        assert checklist.linked_item.reference in line_html
        assert SUBJECT in line_html
        for html in (checklist_html, line_html):
            assert ITEM_SUMMARY not in html
            assert 'href="/feedback/' not in html

    def test_board_member_sees_no_link_to_the_evidence_file_nor_its_name(
        self, client, board_member, checklist
    ):
        client.force_login(board_member)
        html = client.get(page_url("line", checklist)).text
        assert "Call bell audit" in html  # what the file shows, so the board knows it is there
        assert page_url("evidence_file", checklist) not in html
        assert FILE_NAME not in html

    def test_pals_officer_sees_the_linked_items_summary_link_and_file(
        self, client, pals_officer, checklist
    ):
        client.force_login(pals_officer)
        html = client.get(page_url("line", checklist)).text
        item_url = reverse("feedback:detail", args=[checklist.linked_item.reference_slug])
        assert f'href="{item_url}"' in html
        assert ITEM_SUMMARY in html
        assert f'href="{page_url("evidence_file", checklist)}"' in html
        assert FILE_NAME in html
        # The complaint tagged with the standard links to the register.
        checklist_html = client.get(page_url("assessment", checklist)).text
        assert 'href="/feedback/' in checklist_html

    def test_board_members_assessment_csv_counts_files_without_naming_them(
        self, client, board_member, checklist
    ):
        client.force_login(board_member)
        rows = csv_of(client.get(page_url("assessment_csv", checklist)))
        row = next(r for r in rows if r["Standard"] == checklist.line.code)
        assert row["Files"] == "1 file"
        assert not any(FILE_NAME in value for r in rows for value in r.values())
        assert row["Linked feedback"] == checklist.linked_item.reference
        assert row["Rating"] == "Partial Compliance"

    def test_pals_officers_assessment_csv_names_the_files(self, client, pals_officer, checklist):
        client.force_login(pals_officer)
        response = client.get(page_url("assessment_csv", checklist))
        row = next(r for r in csv_of(response) if r["Standard"] == checklist.line.code)
        assert row["Files"] == FILE_NAME


class TestScopedLists:
    @pytest.fixture
    def closed_csc(self, db):
        return ClinicalServiceCentreFactory(code="closed", name="Closed Unit", active=False)

    @pytest.fixture
    def surgery_overdue(self, surgery, clerk) -> ImprovementAction:
        """An action of Surgery's last assessment, past its due date."""
        owner = StaffMemberFactory(csc=surgery, name="Sam Theatre")
        assessment = make_assessment(csc=surgery, by=clerk, period=this_period().previous())
        line = assessment.lines.first()
        line_rate(line=line, rating=Rating.PARTIAL, by=clerk, expected_version=None)
        return improvement_action_add(
            line=line,
            by=clerk,
            description="Check the theatre lists each morning",
            owner=owner,
            due_on=assessment.period_start,
        )

    def test_manager_matrix_lists_only_own_csc_and_the_trust(
        self, client, medicine_manager, checklist, surgery, closed_csc
    ):
        client.force_login(medicine_manager)
        response = client.get(reverse("standards:matrix"))
        assert [row.csc for row in response.context["matrix"].rows] == [checklist.csc]
        assert "Whole trust" in response.text
        assert "Surgery" not in response.text
        rows = csv_of(client.get(reverse("standards:matrix_csv")))
        assert [row["CSC"] for row in rows] == ["Medicine", "Trust"]

    @pytest.mark.parametrize("who", [P, B])
    def test_trust_wide_readers_matrix_lists_every_active_csc(
        self, client, user_for, checklist, surgery, closed_csc, who
    ):
        client.force_login(user_for(who))
        response = client.get(reverse("standards:matrix"))
        assert {row.csc for row in response.context["matrix"].rows} == {checklist.csc, surgery}
        assert "Closed Unit" not in response.text
        rows = csv_of(client.get(reverse("standards:matrix_csv")))
        assert sorted(row["CSC"] for row in rows) == ["Medicine", "Surgery", "Trust"]

    def test_manager_overdue_list_shows_only_own_cscs_actions(
        self, client, medicine_manager, checklist, surgery_overdue
    ):
        client.force_login(medicine_manager)
        response = client.get(reverse("standards:overdue"))
        assert response.context["work"].actions == [checklist.action]
        assert response.context["work"].actions_count == 1
        assert surgery_overdue.description not in response.text

    def test_pals_officer_overdue_list_shows_every_cscs_actions(
        self, client, pals_officer, checklist, surgery_overdue
    ):
        client.force_login(pals_officer)
        response = client.get(reverse("standards:overdue"))
        assert set(response.context["work"].actions) == {checklist.action, surgery_overdue}
        assert surgery_overdue.description in response.text


class TestLinkingAnotherCscsItem:
    def test_manager_is_told_the_same_for_another_cscs_item_as_for_a_missing_one(
        self, client, medicine_manager, checklist, surgery, clerk
    ):
        surgery_item = make_item(csc=surgery, by=clerk, summary="Theatre list cancelled twice")
        missing = "COMP/2020/99999"
        assert not FeedbackItem.objects.filter(reference=missing).exists()
        client.force_login(medicine_manager)
        before = snapshot()
        url = action_url("link_item", checklist)
        errors = {}
        for reference in (surgery_item.reference, missing):
            response = client.post(url, {"reference": reference})
            assert response.status_code == 400
            assert surgery_item.summary not in response.text
            errors[reference] = response.context["item_form"].errors["reference"]
        assert errors[surgery_item.reference] == [
            f"No feedback item {surgery_item.reference} was found in the register for Medicine. "
            "Check the reference, for example COMP/2026/00088"
        ]
        assert [e.replace(missing, "REF") for e in errors[missing]] == [
            e.replace(surgery_item.reference, "REF") for e in errors[surgery_item.reference]
        ]
        assert snapshot() == before


class TestStaffLookup:
    @pytest.fixture
    def staff(self, medicine):
        def person(name, *, active=True):
            return StaffMemberFactory(
                csc=medicine, name=name, job_title="Staff Nurse", active=active
            )

        return {
            "jo": person("Jo Smith"),
            "joanne": person("Joanne Blacksmith"),
            "jo_brown": person("Jo Brown"),
            "left": person("Jo Smithson", active=False),
        }

    @pytest.mark.parametrize("who", EVERYONE)
    def test_only_those_who_pick_staff_get_suggestions(self, client, user_for, staff, who):
        client.force_login(user_for(who))
        response = client.get(reverse("careprog:staff_lookup"), {"q": "jo smi"})
        assert response.status_code == STAFF_LOOKUP[who]
        if STAFF_LOOKUP[who] == 200:
            results = response.json()["results"]
            assert sorted((r["id"], r["label"]) for r in results) == sorted(
                [
                    (staff["jo"].pk, f"Jo Smith, Staff Nurse (Medicine), {staff['jo'].email}"),
                    (
                        staff["joanne"].pk,
                        f"Joanne Blacksmith, Staff Nurse (Medicine), {staff['joanne'].email}",
                    ),
                ]
            )
        else:
            assert not response["Content-Type"].startswith("application/json")

    def test_suggestions_stop_at_ten(self, client, pals_officer, medicine):
        for n in range(12):
            StaffMemberFactory(csc=medicine, name=f"Alex Morgan {n:02d}")
        client.force_login(pals_officer)
        response = client.get(reverse("careprog:staff_lookup"), {"q": "alex morgan"})
        assert len(response.json()["results"]) == 10
