"""What every URL of the service answers each kind of user: the permissions matrix's table.

Written out by hand from the rules (careprog/permissions.py and each view), never read from
them, so a change that loosens or tightens access fails the matrix until this table is changed
on purpose. Each row lists one request to one URL and the answer for each column, in this order:

    anonymous  PALS officer  manager of the record's CSC  manager of another CSC  board member
    awards panel member  administrator  signed in with no role

Answers: a status code; "in" for a redirect to the sign-in page carrying next=; "302" for a
redirect anywhere else (a change made, or a page that sends you on).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.permissions_world import COLUMNS, SHARED_WORD, World

SIGN_IN = "in"


@dataclass(frozen=True)
class Request:
    label: str  # "GET", "POST", or either with what is special about it ("POST as Word")
    answers: dict[str, str]
    # What a POST sends. By default a field no form knows, so the form is bound and refused
    # with its errors: the point is who may post, not what a valid post changes.
    data: Callable[[World], dict] | None = None
    query: str = ""
    # A file download: the permitted answer must be an attachment the browser will not sniff.
    download: bool = False
    # The URL's arguments, when this request needs other records than the entry's.
    args: Callable[[World], dict] | None = None

    @property
    def method(self) -> str:
        return self.label.split()[0]

    def body(self, world: World) -> dict:
        return self.data(world) if self.data else {"submitted": "yes"}


@dataclass(frozen=True)
class Entry:
    args: Callable[[World], dict]
    requests: list[Request] = field(default_factory=list)


def answers(row: str) -> dict[str, str]:
    tokens = row.split()
    assert len(tokens) == len(COLUMNS), f"{row!r} needs one answer for each of {COLUMNS}"
    return dict(zip(COLUMNS, tokens, strict=True))


def get(row: str, **options) -> Request:
    return Request("GET", answers(row), **options)


def search(row: str, **options) -> Request:
    return Request("GET search", answers(row), query=f"q={SHARED_WORD}", **options)


def post(row: str, data=None, *, label: str = "POST", **options) -> Request:
    return Request(label, answers(row), data=data, **options)


def none(world: World) -> dict:
    return {}


def ref(item_name: str):
    return lambda w: {"reference": getattr(w, item_name).reference_slug}


def pk(record_name: str):
    return lambda w: {"pk": getattr(w, record_name).pk}


# Rows that recur. Each says who gets what; the comments say why.
EVERYONE_SIGNED_IN = "in 200 200 200 200 200 200 200"
METHOD_NOT_ALLOWED = "in 405 405 405 405 405 405 405"  # the view takes the other method
REGISTER = "in 200 200 200 403 403 200 403"  # feedback.use_register / export
TRUST_WIDE_ONLY = "in 200 403 403 403 403 200 403"  # PALS officers and administrators
SEES_ITEM = "in 200 200 404 404 404 200 404"  # the item's CSC, trust-wide roles
RUNS_ITEM = "in 200 403 404 404 404 200 404"  # seen by the CSC's manager, run by the team
CHECKLISTS = "in 200 200 200 200 403 200 403"  # standards.use_checklists
SEES_CHECKLIST = "in 200 200 404 200 404 200 404"  # the board reads every CSC's checklist
EDITS_CHECKLIST = "in 403 200 404 403 404 200 404"  # the CSC's manager and administrators
CHECKLIST_FORM_REFUSED = "in 403 400 404 403 404 400 404"  # an empty form: 400 with errors
BOARD_PACKS = "in 200 200 200 200 403 200 403"
ANNUAL_REPORT = "in 200 403 403 200 403 200 403"

TABLE: dict[str, Entry] = {
    # --- The core ---------------------------------------------------------------------------
    "home": Entry(none, [get(EVERYONE_SIGNED_IN)]),
    # Anyone may ask whether the service is up; only administrators get the detail.
    "healthz": Entry(
        none, [get("200 200 200 200 200 200 200 200"), post("405 405 405 405 405 405 405 405")]
    ),
    # Signed in already: sent on to the home page.
    "login": Entry(
        none, [get("200 302 302 302 302 302 302 302"), post("200 302 302 302 302 302 302 302")]
    ),
    "logout": Entry(none, [get(METHOD_NOT_ALLOWED), post("in 302 302 302 302 302 302 302")]),
    "password_change": Entry(none, [get(EVERYONE_SIGNED_IN), post(EVERYONE_SIGNED_IN)]),
    "password_change_done": Entry(none, [get(EVERYONE_SIGNED_IN)]),
    "careprog:csc_list": Entry(none, [get(REGISTER)]),
    "careprog:csc_detail": Entry(lambda w: {"code": w.medicine.code}, [get(SEES_ITEM)]),
    "careprog:staff_list": Entry(none, [get(REGISTER)]),
    # Everyone picks colleagues to thank or nominate: names, jobs and CSCs, trust-wide.
    "careprog:staff_lookup": Entry(none, [get(EVERYONE_SIGNED_IN, query="q=Zar")]),
    # --- Feedback: the register -------------------------------------------------------------
    "feedback:index": Entry(none, [get(REGISTER)]),
    "feedback:list": Entry(none, [get(REGISTER), search(REGISTER)]),
    "feedback:export": Entry(none, [get(REGISTER, download=True), search(REGISTER, download=True)]),
    "feedback:choose_kind": Entry(none, [get(TRUST_WIDE_ONLY)]),
    "feedback:possible_duplicates": Entry(
        none, [get(TRUST_WIDE_ONLY, query="nhs_number=9434765919")]
    ),
    "feedback:log": Entry(
        lambda w: {"kind": "complaint"}, [get(TRUST_WIDE_ONLY), post(TRUST_WIDE_ONLY)]
    ),
    "feedback:reminders": Entry(none, [get(REGISTER), post(REGISTER)]),
    # --- Feedback: one item -----------------------------------------------------------------
    "feedback:detail": Entry(ref("complaint"), [get(SEES_ITEM)]),
    "feedback:edit": Entry(ref("complaint"), [get(RUNS_ITEM), post(RUNS_ITEM)]),
    "feedback:add_note": Entry(
        ref("complaint"),
        [
            get(METHOD_NOT_ALLOWED),
            post("in 302 302 404 404 404 302 404", lambda w: {"text": "Rang the ward"}),
        ],
    ),
    "feedback:add_learning": Entry(ref("complaint"), [get(SEES_ITEM), post(SEES_ITEM)]),
    "feedback:complete_learning": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "learning_id": w.learning.pk},
        [get(SEES_ITEM), post(SEES_ITEM)],
    ),
    "feedback:add_document": Entry(ref("complaint"), [get(SEES_ITEM), post(SEES_ITEM)]),
    "feedback:download_document": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "document_id": w.document.pk},
        [get(SEES_ITEM, download=True), post(METHOD_NOT_ALLOWED)],
    ),
    "feedback:supersede_document": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "document_id": w.document.pk},
        [get(SEES_ITEM), post(SEES_ITEM)],
    ),
    "feedback:assign_case_handler": Entry(
        ref("complaint"), [get(METHOD_NOT_ALLOWED), post(SEES_ITEM)]
    ),
    # Clarifying the complaint is the complaints team's; the CSC records the findings.
    "feedback:issues": Entry(ref("complaint"), [get(RUNS_ITEM), post(RUNS_ITEM)]),
    "feedback:issue_add": Entry(ref("complaint"), [get(METHOD_NOT_ALLOWED), post(RUNS_ITEM)]),
    "feedback:issue_change": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "number": 1},
        [get(RUNS_ITEM), post(RUNS_ITEM)],
    ),
    "feedback:issue_withdraw": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "number": 1},
        [get(RUNS_ITEM), post(RUNS_ITEM)],
    ),
    "feedback:issue_finding": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "number": 1},
        [get(SEES_ITEM), post(SEES_ITEM)],
    ),
    "feedback:add_update": Entry(ref("complaint"), [get(SEES_ITEM), post(SEES_ITEM)]),
    # Staff complained about: PALS and the CSC's manager only, not even administrators (404).
    "feedback:staff_involved": Entry(
        ref("complaint"),
        [get("in 200 200 404 404 404 404 404"), post("in 200 200 404 404 404 404 404")],
    ),
    "feedback:staff_involved_edit": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "involvement_id": w.involvement.pk},
        [get("in 200 200 404 404 404 404 404"), post("in 200 200 404 404 404 404 404")],
    ),
    "feedback:letter_templates": Entry(none, [get("in 403 403 403 403 403 200 403")]),
    "feedback:letter_template_edit": Entry(
        lambda w: {"kind": "acknowledgement"},
        [get("in 403 403 403 403 403 200 403"), post("in 403 403 403 403 403 200 403")],
    ),
    "feedback:produce_letter": Entry(
        lambda w: {"reference": w.complaint.reference_slug, "kind": "acknowledgement"},
        [
            get(SEES_ITEM),
            post(SEES_ITEM),
            post(SEES_ITEM, lambda w: {"output": "word"}, label="POST as Word", download=True),
        ],
    ),
    "feedback:record_survey": Entry(ref("answered"), [get(RUNS_ITEM), post(RUNS_ITEM)]),
    # One process action for each rule that guards them (feedback/tests/test_permissions.py
    # walks every action).
    "feedback:action": Entry(
        lambda w: {"reference": w.received.reference_slug, "action": "acknowledge"},
        [
            Request("GET acknowledge", answers(RUNS_ITEM)),
            Request("POST acknowledge", answers(RUNS_ITEM)),
            Request(
                "GET findings",
                answers(SEES_ITEM),
                args=lambda w: {"reference": w.complaint.reference_slug, "action": "findings"},
            ),
            Request(
                "POST findings",
                answers(SEES_ITEM),
                args=lambda w: {"reference": w.complaint.reference_slug, "action": "findings"},
            ),
            # Signing off is for the CSC's manager and administrators, not PALS (403).
            Request(
                "GET sign-off",
                answers("in 403 200 404 404 404 200 404"),
                args=lambda w: {
                    "reference": w.awaiting_sign_off.reference_slug,
                    "action": "sign-off",
                },
            ),
            Request(
                "POST sign-off",
                answers("in 403 302 404 404 404 302 404"),
                data=lambda w: {"version": w.awaiting_sign_off.version},
                args=lambda w: {
                    "reference": w.awaiting_sign_off.reference_slug,
                    "action": "sign-off",
                },
            ),
            Request(
                "GET resolve-early",
                answers(SEES_ITEM),
                args=lambda w: {
                    "reference": w.pals_contact.reference_slug,
                    "action": "resolve-early",
                },
            ),
            Request(
                "POST resolve-early",
                answers(SEES_ITEM),
                args=lambda w: {
                    "reference": w.pals_contact.reference_slug,
                    "action": "resolve-early",
                },
            ),
            Request(
                "GET handling-plan",
                answers(SEES_ITEM),
                args=lambda w: {
                    "reference": w.complaint.reference_slug,
                    "action": "handling-plan",
                },
            ),
        ],
    ),
    # The person's own survey link: public, and the same for whoever opens it.
    "survey": Entry(
        lambda w: {"token": w.survey_token},
        [get("200 200 200 200 200 200 200 200"), post("200 200 200 200 200 200 200 200")],
    ),
    # --- Standards --------------------------------------------------------------------------
    # A manager starts from their own CSCs; everyone else who reads checklists, from the matrix.
    "standards:index": Entry(none, [get("in 302 200 200 302 403 302 403")]),
    "standards:matrix": Entry(none, [get(CHECKLISTS)]),
    "standards:matrix_csv": Entry(none, [get(CHECKLISTS, download=True)]),
    "standards:overdue": Entry(none, [get(CHECKLISTS)]),
    "standards:csc": Entry(lambda w: {"code": w.medicine.code}, [get(SEES_CHECKLIST)]),
    # This period's assessment is started already: a permitted start is refused with a message.
    "standards:start": Entry(
        lambda w: {"code": w.medicine.code},
        [get(METHOD_NOT_ALLOWED), post("in 403 302 404 403 404 302 404")],
    ),
    "standards:assessment": Entry(pk("assessment"), [get(SEES_CHECKLIST)]),
    # Not every standard is rated: a permitted sign-off shows what is missing.
    "standards:sign_off": Entry(pk("assessment"), [get(EDITS_CHECKLIST), post(EDITS_CHECKLIST)]),
    "standards:assessment_csv": Entry(pk("assessment"), [get(SEES_CHECKLIST, download=True)]),
    "standards:line": Entry(pk("line"), [get(SEES_CHECKLIST)]),
    **{
        name: Entry(pk("line"), [get(METHOD_NOT_ALLOWED), post(CHECKLIST_FORM_REFUSED)])
        for name in (
            "standards:rate",
            "standards:rate_on_page",
            "standards:line_details",
            "standards:add_note",
            "standards:add_link",
            "standards:add_file",
            "standards:link_item",
            "standards:add_action",
        )
    },
    "standards:remove_evidence": Entry(
        pk("note_evidence"), [get(METHOD_NOT_ALLOWED), post("in 403 302 404 403 404 302 404")]
    ),
    # Withdrawing evidence is for administrators alone; without a reason it is refused.
    "standards:withdraw_evidence": Entry(
        pk("note_evidence"), [get(METHOD_NOT_ALLOWED), post("in 403 403 404 403 404 302 404")]
    ),
    # The board reads the checklist, not the files behind it.
    "standards:evidence_file": Entry(
        pk("file_evidence"), [get("in 200 200 404 403 404 200 404", download=True)]
    ),
    "standards:complete_action": Entry(
        pk("action"), [get(EDITS_CHECKLIST), post(CHECKLIST_FORM_REFUSED)]
    ),
    # --- Recognition ------------------------------------------------------------------------
    "recognition:index": Entry(none, [get(EVERYONE_SIGNED_IN)]),
    "recognition:thank": Entry(none, [get(EVERYONE_SIGNED_IN), post(EVERYONE_SIGNED_IN)]),
    "recognition:wall": Entry(none, [get(EVERYONE_SIGNED_IN)]),
    "recognition:thank_you": Entry(pk("thank_you"), [get(EVERYONE_SIGNED_IN)]),
    "recognition:hide": Entry(
        pk("thank_you"), [get(METHOD_NOT_ALLOWED), post("in 403 403 403 403 403 400 403")]
    ),
    # A compliment is a register item: seen as the register is.
    "recognition:from_compliment": Entry(ref("compliment"), [get(SEES_ITEM), post(SEES_ITEM)]),
    "recognition:round": Entry(pk("award_round"), [get(EVERYONE_SIGNED_IN)]),
    "recognition:nominate": Entry(
        pk("award_round"), [get(EVERYONE_SIGNED_IN), post(EVERYONE_SIGNED_IN)]
    ),
    # Only the round's chair publishes (not a column: the CSRF test posts as the chair).
    "recognition:publish": Entry(
        pk("award_round"), [get(METHOD_NOT_ALLOWED), post("in 403 403 403 403 403 403 403")]
    ),
    # Nominations: PALS, administrators and the round's panel, until the results are out.
    "recognition:nomination": Entry(pk("nomination"), [get("in 200 404 404 404 200 200 404")]),
    "recognition:score": Entry(
        pk("nomination"), [get(METHOD_NOT_ALLOWED), post("in 403 404 404 404 400 403 404")]
    ),
    "recognition:conflict": Entry(
        pk("nomination"), [get(METHOD_NOT_ALLOWED), post("in 403 404 404 404 400 403 404")]
    ),
    "recognition:consent": Entry(
        pk("nomination"), [get(METHOD_NOT_ALLOWED), post("in 403 404 404 404 403 400 404")]
    ),
    "recognition:shortlist": Entry(
        pk("nomination"), [get(METHOD_NOT_ALLOWED), post("in 403 404 404 404 403 403 404")]
    ),
    "recognition:winner": Entry(
        pk("nomination"), [get(METHOD_NOT_ALLOWED), post("in 403 404 404 404 403 403 404")]
    ),
    # Before the results: the chair and administrators, to check it.
    "recognition:certificate": Entry(
        pk("nomination"), [get("in 403 404 404 404 403 200 404", download=True)]
    ),
    # --- Reports ----------------------------------------------------------------------------
    "reports:index": Entry(none, [get(BOARD_PACKS), post(BOARD_PACKS)]),
    # Medicine's pack: another CSC's manager is told it does not exist.
    "reports:pack": Entry(pk("pack"), [get("in 200 200 404 200 403 200 403")]),
    # The pack is built: a permitted retry is refused with a message.
    "reports:retry": Entry(
        pk("pack"), [get(METHOD_NOT_ALLOWED), post("in 302 302 404 302 403 302 403")]
    ),
    "reports:download": Entry(pk("pack"), [get("in 200 200 404 200 403 200 403", download=True)]),
    "reports:dashboard": Entry(none, [get(BOARD_PACKS)]),
    "reports:ko41a": Entry(none, [get(TRUST_WIDE_ONLY)]),
    "reports:ko41a_csv": Entry(
        lambda w: {"year": w.ko41a_year}, [get(TRUST_WIDE_ONLY, download=True)]
    ),
    "reports:annual": Entry(none, [get(ANNUAL_REPORT), post(ANNUAL_REPORT)]),
    "reports:annual_report": Entry(pk("annual_report"), [get(ANNUAL_REPORT)]),
    "reports:annual_download": Entry(
        lambda w: {"pk": w.annual_report.pk, "format": "pdf"},
        [
            get(ANNUAL_REPORT, download=True),
            Request(
                "GET csv",
                answers(ANNUAL_REPORT),
                download=True,
                args=lambda w: {"pk": w.annual_report.pk, "format": "csv"},
            ),
        ],
    ),
}
