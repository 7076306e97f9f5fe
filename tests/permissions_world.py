"""The records the permissions matrix asks about, made once per test module.

Every record a URL needs is here, most of them in Medicine, whose manager is one of the matrix's
columns; Surgery's manager is the "another CSC" column, and Surgery has records of its own so a
scoped list or export can be seen to leave them out. Everything is made through the services,
so states, references and files are as in life.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from unittest import mock

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from careprog.models import ClinicalServiceCentre, StaffMember, User
from careprog.roles import Role
from careprog.tests.factories import (
    ClinicalServiceCentreFactory,
    StaffMemberFactory,
    UserFactory,
)
from feedback import reference
from feedback.models import FeedbackDocument, FeedbackItem, LearningAction, StaffInvolvement
from feedback.models.choices import Kind, Outcome
from feedback.models.documents import DocumentKind
from feedback.services import complaints
from feedback.services.documents import document_add
from feedback.services.issues import issue_add
from feedback.services.learning import learning_action_add
from feedback.services.staff import staff_involvement_add
from feedback.services.surveys import create_survey_link
from feedback.tests.factories import make_item
from recognition.models import AwardRound, Nomination, ThankYou
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.thanks import thank_you_send
from recognition.tests.factories import open_round
from reports.annual.services import annual_report_build, annual_report_request
from reports.ko41a import FinancialYear
from reports.models import AnnualReport, BoardPack, PackStatus
from reports.services import pack_build, pack_request
from standards.models import Assessment, AssessmentLine, Evidence, ImprovementAction, Rating
from standards.services.actions import improvement_action_add
from standards.services.evidence import evidence_add_file, evidence_add_note
from standards.services.lines import line_rate
from standards.tests.factories import few_standards, make_assessment

# The matrix's columns, in the order its table lists them.
ANONYMOUS = "anonymous"
PALS = "pals"
OWN_MANAGER = "own_manager"  # manages Medicine, the CSC of almost every record here
OTHER_MANAGER = "other_manager"  # manages Surgery
BOARD = "board"
PANEL = "panel"  # an awards panel member, on the seeded round's panel (not its chair)
ADMIN = "admin"
NO_ROLE = "no_role"
COLUMNS = (ANONYMOUS, PALS, OWN_MANAGER, OTHER_MANAGER, BOARD, PANEL, ADMIN, NO_ROLE)

# A word both CSCs' complaints hold, for the scoped search and export.
SHARED_WORD = "bleeper"
NHS_NUMBER = "9434765919"  # a valid test number


@dataclass
class World:
    users: dict[str, User | None]
    chair: User  # chairs the award round: the only one who may shortlist, pick and publish
    medicine: ClinicalServiceCentre
    surgery: ClinicalServiceCentre
    complaint: FeedbackItem  # Medicine, under investigation, with everything hanging off it
    received: FeedbackItem  # Medicine, just received: acknowledging applies
    awaiting_sign_off: FeedbackItem
    answered: FeedbackItem  # response sent: a survey can be recorded
    pals_contact: FeedbackItem  # early resolution applies
    compliment: FeedbackItem  # names a member of staff
    surgery_complaint: FeedbackItem
    document: FeedbackDocument
    learning: LearningAction
    involvement: StaffInvolvement
    survey_token: str
    assessment: Assessment
    line: AssessmentLine
    note_evidence: Evidence
    file_evidence: Evidence
    action: ImprovementAction
    thank_you: ThankYou
    award_round: AwardRound
    nomination: Nomination
    pack: BoardPack  # Medicine's, built
    annual_report: AnnualReport  # last financial year's, built
    ko41a_year: str
    staff: StaffMember
    sessions: dict[str, str] = field(default_factory=dict)  # a signed-in session per column


# A PDF that is one by its content, made without WeasyPrint: the matrix needs files to send, not
# what is in them, and rendering real ones would cost seconds.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_bytes(text: str) -> bytes:
    return TINY_PDF.replace(b"%%EOF", f"% {text}\n%%EOF".encode())


def pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def fy_start_year(day) -> int:
    return day.year if day.month >= 4 else day.year - 1


def build_world() -> World:
    reference.load()
    today = timezone.localdate()
    medicine = ClinicalServiceCentreFactory(code="med", name="Medicine")
    surgery = ClinicalServiceCentreFactory(code="surg", name="Surgery")
    users = {
        ANONYMOUS: None,
        PALS: UserFactory(role=Role.PALS_OFFICER),
        OWN_MANAGER: UserFactory(role=Role.CSC_MANAGER, cscs=[medicine]),
        OTHER_MANAGER: UserFactory(role=Role.CSC_MANAGER, cscs=[surgery]),
        BOARD: UserFactory(role=Role.BOARD_MEMBER),
        PANEL: UserFactory(role=Role.AWARDS_PANEL_MEMBER),
        ADMIN: UserFactory(role=Role.ADMINISTRATOR),
        NO_ROLE: UserFactory(),
    }
    # Records are made by people outside the columns, so no column sees a record only because
    # they made it.
    clerk = UserFactory(role=Role.PALS_OFFICER)
    chair = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
    staff = StaffMemberFactory(csc=medicine, name="Zara Reid", job_title="Ward Sister")
    StaffMemberFactory(csc=surgery, name="Zak Reilly", job_title="Theatre Nurse")

    complaint = _complaint_under_investigation(medicine, clerk, staff, today)
    document = document_add(
        item=complaint,
        by=clerk,
        upload=pdf_upload("letter.pdf", "The complaint letter"),
        kind=DocumentKind.RECEIVED,
        description="Their letter",
    )
    complaint.refresh_from_db()
    learning = learning_action_add(
        item=complaint,
        by=clerk,
        action="Check the bleeper rota weekly",
        owner="Ward sister",
        due_on=today + timedelta(days=30),
    )
    complaint.refresh_from_db()
    involvement = staff_involvement_add(item=complaint, by=clerk, staff=staff)
    complaint.refresh_from_db()

    answered = _answered_complaint(medicine, clerk, today)
    survey_link = create_survey_link(answered)
    # Last financial year has feedback, so its annual report can be built; last month too, so
    # its board pack can.
    last_year = FinancialYear.starting(fy_start_year(today) - 1)
    make_item(csc=medicine, by=clerk, received_on=last_year.start + timedelta(days=10))
    last_month = today.replace(day=1) - relativedelta(months=1)
    make_item(kind=Kind.COMMENT, csc=medicine, by=clerk, received_on=last_month)

    assessment, line, note_evidence, file_evidence, action = _standards(medicine, surgery, staff)
    thank_you, award_round, nomination = _recognition(medicine, users, chair, staff)

    # Built through the real services, with the PDF's rendering left out (see TINY_PDF).
    with (
        mock.patch("reports.services.render_pack_pdf", return_value=TINY_PDF),
        mock.patch("reports.annual.services.render_annual_pdf", return_value=TINY_PDF),
    ):
        pack, _ = pack_request(month=last_month, csc=medicine, by=clerk, queue=False)
        pack = pack_build(pack.pk)
        report, _ = annual_report_request(year=last_year, by=clerk, queue=False)
        report = annual_report_build(report.pk)
    assert pack.status == PackStatus.READY, pack.error
    assert report.status == PackStatus.READY, report.error

    return World(
        users=users,
        chair=chair,
        medicine=medicine,
        surgery=surgery,
        complaint=complaint,
        received=make_item(csc=medicine, by=clerk),
        awaiting_sign_off=_awaiting_sign_off(medicine, clerk, today),
        answered=answered,
        pals_contact=make_item(kind=Kind.PALS, csc=medicine, by=clerk),
        compliment=make_item(kind=Kind.COMPLIMENT, csc=medicine, by=clerk, staff_named=[staff]),
        surgery_complaint=make_item(
            csc=surgery, by=clerk, summary=f"The {SHARED_WORD} went unanswered in theatre"
        ),
        document=document,
        learning=learning,
        involvement=involvement,
        survey_token=survey_link.rstrip("/").rsplit("/", 1)[-1],
        assessment=assessment,
        line=line,
        note_evidence=note_evidence,
        file_evidence=file_evidence,
        action=action,
        thank_you=thank_you,
        award_round=award_round,
        nomination=nomination,
        pack=pack,
        annual_report=report,
        ko41a_year=FinancialYear.starting(fy_start_year(today)).label,
        staff=staff,
    )


def _acknowledged(csc, clerk, today, **details) -> FeedbackItem:
    item = make_item(csc=csc, by=clerk, **details)
    return complaints.complaint_acknowledge(
        item=item, by=clerk, on=today, contact_preference="phone", update_every=10
    )


def _complaint_under_investigation(csc, clerk, staff, today) -> FeedbackItem:
    item = _acknowledged(
        csc,
        clerk,
        today,
        summary=f"The {SHARED_WORD} went unanswered for an hour",
        nhs_number=NHS_NUMBER,
    )
    item = complaints.complaint_start_investigation(item=item, by=clerk)
    issue_add(item=item, by=clerk, description="Nobody answered the call bell")
    item.refresh_from_db()
    return item


def _awaiting_sign_off(csc, clerk, today) -> FeedbackItem:
    item = complaints.complaint_start_investigation(item=_acknowledged(csc, clerk, today), by=clerk)
    item = complaints.complaint_record_outcome(item=item, by=clerk, outcome=Outcome.UPHELD)
    item = complaints.complaint_record_draft(item=item, by=clerk)
    return complaints.complaint_submit_for_sign_off(item=item, by=clerk)


def _answered_complaint(csc, clerk, today) -> FeedbackItem:
    item = complaints.complaint_sign_off(item=_awaiting_sign_off(csc, clerk, today), by=clerk)
    return complaints.complaint_send_response(item=item, by=clerk, on=today)


def _standards(medicine, surgery, staff):
    few_standards(3)
    manager = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine, surgery])
    assessment = make_assessment(csc=medicine, by=manager)
    make_assessment(csc=surgery, by=manager)
    line = assessment.lines.order_by("pk").first()
    line = line_rate(line=line, rating=Rating.PARTIAL, by=manager, expected_version=None)
    note_evidence = evidence_add_note(line=line, by=manager, text="Call bell audit done")
    file_evidence = evidence_add_file(
        line=line, by=manager, upload=pdf_upload("audit.pdf", "Call bell audit, ward 7")
    )
    action = improvement_action_add(
        line=line,
        by=manager,
        description="Re-audit the call bells",
        owner=staff,
        due_on=assessment.period_end,
    )
    line.refresh_from_db()
    return assessment, line, note_evidence, file_evidence, action


def _recognition(medicine, users, chair, staff):
    admin = UserFactory(role=Role.ADMINISTRATOR)
    award_round = open_round(chair=chair, panel=[users[PANEL]], by=admin)
    best_care = award_round.categories.order_by("position").first()
    # Made by a colleague outside the columns: a chair who nominated would be conflicted, and
    # an administrator would decide in their place.
    nominator = UserFactory()
    nomination = nomination_make(
        by=nominator,
        award_round=award_round,
        category=best_care,
        nominee=staff,
        case="Calm and kind",
    )
    nomination = nomination_record_consent(nomination=nomination, by=chair, given=True)
    thank_you = thank_you_send(
        by=chair, recipient=staff, value=ThankYou.Value.BEST_CARE, message="Thank you, Zara"
    )
    return thank_you, award_round, nomination
