"""A small world of every kind of record, made through the real services, and then every free
text in it overwritten with hostile strings, for tests/test_hostile_text.py (issue 14).

The fields are found by walking the models, so a text field added later is attacked too."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from careprog.models import ExpectedBehaviour
from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory, StaffMemberFactory, UserFactory
from feedback import reference
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.services.issues import issues_log
from feedback.services.learning import (
    investigation_note_add,
    learning_action_add,
    learning_action_complete,
)
from feedback.services.pals import pals_resolve
from feedback.services.staff import staff_involvement_add
from feedback.tests.factories import make_item
from recognition.models import AwardRound, Nomination, ThankYou
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import (
    nomination_pick_winner,
    nomination_shortlist,
    round_publish_results,
    score_submit,
)
from recognition.services.thanks import thank_you_send
from recognition.tests.factories import colleague_user, open_round
from standards.models import Assessment
from standards.services.actions import improvement_action_add
from standards.services.evidence import evidence_add_link, evidence_add_note
from standards.tests.factories import few_standards, make_assessment

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
LINK = '<a href="http://x.invalid/">click</a>'
TEMPLATE_CODE = "{{ 7*7 }}"
TEMPLATE_TAG = "{% debug %}"
LONG_WORD = "W" * 10_000
HOSTILE = [
    SCRIPT,
    IMG,
    LINK,
    TEMPLATE_CODE,
    TEMPLATE_TAG,
    "javascript:alert(1)",
    "'; DROP TABLE x; --",
    "\u202eevil.exe\u202c",
    '=HYPERLINK("http://x.invalid")',
    LONG_WORD,
]
# Markup that must never reach a page or PDF as markup.
RAW_MARKUP = [SCRIPT, "<img src=x onerror", '<a href="http://x.invalid/']

APPS = ["careprog", "feedback", "standards", "recognition"]
# Not free text a person types, or text checked against a strict format before it is stored
# (and some of it is what the tests sign in or look records up with).
NOT_FREE_TEXT = {
    "careprog.user.password",
    "careprog.user.username",
    "careprog.user.email",
    "careprog.staffmember.email",
    "careprog.clinicalservicecentre.code",
    "careprog.carestandard.numeral",
    "standards.assessmentline.numeral",
    "feedback.feedbackitem.contact_email",
    "feedback.feedbackitem.contact_phone",
    "feedback.feedbackitem.nhs_number",
    "feedback.complimentemail.address",
    "feedback.surveyinvitation.token_hash",
    "feedback.responsetier.code",
    "feedback.referencecounter.kind",
    "feedback.feedbackevent.action",
    "feedback.feedbackdocument.file_type",
    "standards.evidence.file_type",
    # Letter templates are refused on save if they hold a tag, and braces are placeholders:
    # their hostile content is what the item's poisoned fields put into them.
    "feedback.lettertemplate.subject",
    "feedback.lettertemplate.body",
}
# Who the patient and the person who complained are: never on a board member's page or pack.
PATIENT_FIELDS = [
    "feedback.feedbackitem.patient_name",
    "feedback.feedbackitem.contact_name",
    "feedback.feedbackitem.contact_address",
    "feedback.feedbackitem.hospital_number",
]


def tag(label: str) -> str:
    """The mark that says which field a text came from, so a page can be traced to it."""
    return f"[{label}]"


@dataclass
class World:
    pals: object
    manager: object
    board: object
    admin: object
    panel: object
    sender: object
    complaint: FeedbackItem
    compliment: FeedbackItem
    pals_contact: FeedbackItem
    assessment: Assessment
    award_round: AwardRound
    nomination: Nomination
    thank_you: ThankYou
    month: date
    poisoned: list[str]
    # Fields whose value kept the whole script after the tag (not cut to a short field).
    whole: set[str]


def text_fields():
    """(model, field, label) for every editable free-text field of the domain apps."""
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            # History copies what it records; the access log is written by the service, never
            # typed, and cannot be changed (a trigger refuses UPDATE on Postgres).
            if model.__name__.startswith("Historical") or model.__name__ == "AccessRecord":
                continue
            for field in model._meta.get_fields():
                label = f"{app}.{model.__name__.lower()}.{getattr(field, 'name', '')}"
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and field.editable
                    and not field.choices
                    and label not in NOT_FREE_TEXT
                ):
                    yield model, field, label


def hostile_value(number: int, label: str, field):
    """A hostile string, the field's tag and the row's id, and the script again (so wherever a
    field shows, the escaped script shows with it); cut to the field's length, as a form would
    have it. The row's id keeps unique names unique."""
    head = f"{HOSTILE[number % len(HOSTILE)]} {tag(label)}#"
    tail = f" {SCRIPT}"
    if label in PATIENT_FIELDS:
        # Reports take each word of the patient's name out of other text: a script in the
        # name would be taken out of every learning action too, hiding what the test looks for.
        head, tail = f"{IMG} {tag(label)}#", ""
    room = (field.max_length or 10**6) - 12  # what the id may take
    if len(head) + len(tail) > room:
        head, tail = f"{tag(label)}#"[:room], tail[: max(room - len(tag(label)) - 1, 0)]
    return Concat(Value(head), Cast("pk", models.CharField()), Value(tail))


def poison() -> tuple[list[str], set[str]]:
    """Overwrite every free text of every record with hostile strings: the labels of the fields
    with records, and of those whose value ends with the whole script."""
    done, whole = [], set()
    for number, (model, field, label) in enumerate(text_fields()):
        rows = model._base_manager.all()
        if field.name == "url":
            rows.update(url="javascript:alert(1)")
        else:
            rows.update(**{field.name: hostile_value(number, label, field)})
        if rows.exists():
            done.append(label)
            if rows.filter(**{f"{field.name}__endswith": SCRIPT}).exists():
                whole.add(label)
    return done, whole


def seed() -> World:
    reference.load()
    today = timezone.localdate()
    month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    medicine = ClinicalServiceCentreFactory(code="med", name="Medicine")
    pals = UserFactory(role=Role.PALS_OFFICER)
    admin = UserFactory(role=Role.ADMINISTRATOR)
    panel = UserFactory(role=Role.AWARDS_PANEL_MEMBER)
    world = {
        "pals": pals,
        "admin": admin,
        "panel": panel,
        "manager": UserFactory(role=Role.CSC_MANAGER, cscs=[medicine]),
        "board": UserFactory(role=Role.BOARD_MEMBER),
        "sender": colleague_user(medicine),
        "month": month,
    }
    nurse = StaffMemberFactory(csc=medicine)

    complaint = make_item(csc=medicine, received_on=month + timedelta(days=3), by=pals)
    issues_log(item=complaint, by=pals, descriptions=["The wait"])
    investigation_note_add(item=complaint, by=pals, text="Spoke to the ward")
    staff_involvement_add(item=complaint, by=pals, staff=nurse, support_offered="A chat")
    learning = learning_action_add(
        item=complaint, by=pals, action="Answer call bells", owner="Ward sister", due_on=today
    )
    learning_action_complete(learning=learning, by=pals, done_on=month + timedelta(days=20))
    # Last financial year too, for the annual report.
    earlier = make_item(csc=medicine, received_on=date(today.year - 1, 6, 2), by=pals)
    learning = learning_action_add(
        item=earlier, by=pals, action="Signs", owner="Estates", due_on=date(today.year - 1, 9, 1)
    )
    learning_action_complete(learning=learning, by=pals, done_on=date(today.year - 1, 8, 1))
    world["complaint"] = complaint
    world["compliment"] = make_item(
        kind=Kind.COMPLIMENT, csc=medicine, staff_named=[nurse], by=pals, received_on=month
    )
    world["pals_contact"] = pals_resolve(
        item=make_item(kind=Kind.PALS, csc=medicine, by=pals, received_on=month),
        by=pals,
        resolution="Explained",
    )

    few_standards(2)
    assessment = make_assessment(csc=medicine, by=world["manager"])
    line = assessment.lines.order_by("pk").first()
    evidence_add_note(line=line, by=world["manager"], text="Audit done")
    evidence_add_link(line=line, by=world["manager"], url="https://example.org/", title="Audit")
    improvement_action_add(
        line=line, by=world["manager"], description="Fix it", owner=nurse, due_on=today
    )
    world["assessment"] = assessment

    award_round = open_round(chair=admin, panel=[panel])
    world["thank_you"] = thank_you_send(
        by=world["sender"],
        recipient=nurse,
        value=ExpectedBehaviour.Value.BEST_CARE,
        message="Thanks",
    )
    category = award_round.categories.order_by("pk").first()
    nomination = nomination_make(
        by=world["sender"], award_round=award_round, category=category, nominee=nurse, case="Kind"
    )
    scores = {criterion.pk: 4 for criterion in category.criteria.all()}
    score_submit(nomination=nomination, member=panel, scores=scores, comment="Lovely")
    nomination_record_consent(nomination=nomination, by=admin, given=True)
    nomination_shortlist(nomination=nomination, by=admin)
    nomination_pick_winner(nomination=nomination, by=admin, reason="Top score")
    round_publish_results(award_round=award_round, by=admin, email_certificates=False)
    # Results out last month, so the winner is in last month's board pack.
    AwardRound.objects.filter(pk=award_round.pk).update(
        results_published_at=timezone.make_aware(
            timezone.datetime.combine(month + timedelta(days=10), timezone.datetime.min.time())
        )
    )
    world["award_round"] = award_round
    world["nomination"] = nomination

    world["poisoned"], world["whole"] = poison()
    for name in ("complaint", "compliment", "pals_contact"):
        world[name].refresh_from_db()
    world["nomination"].refresh_from_db()
    return World(**world)
