"""The process actions a user can take on an item: which form, which service, which permission,
and in which statuses each applies. The detail page and the action view both read this table."""

from collections.abc import Callable
from dataclasses import dataclass

from feedback.forms import actions as forms
from feedback.forms.early import EarlyResolutionForm
from feedback.models.choices import OPEN_COMPLAINT_STATUSES, PLANNED_STATUSES, Kind, Status
from feedback.services import complaints, compliments, early_resolution, pals, plan


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    service: Callable
    form: type[forms.ActionForm]
    kinds: tuple[str, ...]
    statuses: tuple[str, ...]
    permission: str = "feedback.run_process"
    # Actions with nothing to ask are a single button on the item's page.
    button: bool = False
    secondary: bool = False
    extra_check: Callable | None = None
    # A sentence above the form, where what to ask the person is not obvious from the fields.
    intro: str = ""

    def applies_to(self, item) -> bool:
        if item.kind not in self.kinds or item.status not in self.statuses:
            return False
        return self.extra_check(item) if self.extra_check else True


PLAN_INTRO = (
    "Agree the handling plan with them: how they want to hear from you, any adjustments "
    "(large print, an interpreter, an advocate), who will write the response, the date they "
    "will have it by, and how often you will update them until then."
)
COMPLAINT = (Kind.COMPLAINT,)
OPEN = tuple(OPEN_COMPLAINT_STATUSES)
ANSWERED = (Status.RESPONSE_SENT, Status.CLOSED)

ACTIONS = [
    Action(
        "late-decision",
        "Record decision on late complaint",
        complaints.complaint_record_late_decision,
        forms.LateDecisionForm,
        COMPLAINT,
        (Status.RECEIVED,),
        extra_check=lambda i: i.is_late and not i.late_decision,
    ),
    Action(
        "acknowledge",
        "Acknowledge",
        complaints.complaint_acknowledge,
        forms.AcknowledgeForm,
        COMPLAINT,
        (Status.RECEIVED,),
        extra_check=lambda i: not i.is_late or i.late_decision == "accepted",
        intro=PLAN_INTRO,
    ),
    Action(
        "start-investigation",
        "Start investigation",
        complaints.complaint_start_investigation,
        forms.ActionForm,
        COMPLAINT,
        (Status.ACKNOWLEDGED,),
        button=True,
    ),
    Action(
        "findings",
        "Record investigation findings",
        complaints.complaint_record_findings,
        forms.FindingsForm,
        COMPLAINT,
        (Status.UNDER_INVESTIGATION, Status.RESPONSE_DRAFTED),
        # The CSC investigates: its manager records what was found and marks the draft done,
        # so the PALS officer sees the case has come back.
        permission="feedback.investigate",
    ),
    Action(
        "record-draft",
        "Mark response as drafted",
        complaints.complaint_record_draft,
        forms.ActionForm,
        COMPLAINT,
        (Status.UNDER_INVESTIGATION,),
        permission="feedback.investigate",
        button=True,
    ),
    Action(
        "submit-for-sign-off",
        "Send for sign-off",
        complaints.complaint_submit_for_sign_off,
        forms.ActionForm,
        COMPLAINT,
        (Status.RESPONSE_DRAFTED,),
        button=True,
    ),
    Action(
        "sign-off",
        "Sign off the response",
        complaints.complaint_sign_off,
        forms.ActionForm,
        COMPLAINT,
        (Status.AWAITING_SIGN_OFF,),
        permission="feedback.sign_off_response",
        button=True,
        extra_check=lambda i: not i.signed_off_at,
    ),
    Action(
        "return-for-changes",
        "Return for changes",
        complaints.complaint_return_for_changes,
        forms.ReasonForm,
        COMPLAINT,
        (Status.AWAITING_SIGN_OFF,),
        permission="feedback.sign_off_response",
        secondary=True,
    ),
    Action(
        "outcome",
        "Record outcome",
        complaints.complaint_record_outcome,
        forms.OutcomeForm,
        COMPLAINT,
        (
            Status.UNDER_INVESTIGATION,
            Status.RESPONSE_DRAFTED,
            Status.AWAITING_SIGN_OFF,
            Status.RESPONSE_SENT,
        ),
        secondary=True,
    ),
    Action(
        "consent",
        "Record third-party consent",
        complaints.complaint_set_consent,
        forms.ConsentForm,
        COMPLAINT,
        OPEN,
        secondary=True,
    ),
    Action(
        "send-response",
        "Record response sent",
        complaints.complaint_send_response,
        forms.SendResponseForm,
        COMPLAINT,
        (Status.AWAITING_SIGN_OFF,),
        extra_check=lambda i: bool(i.signed_off_at),
    ),
    Action(
        "close",
        "Close complaint",
        complaints.complaint_close,
        forms.ActionForm,
        COMPLAINT,
        (Status.RESPONSE_SENT,),
        button=True,
    ),
    Action(
        "change-deadline",
        "Change agreed response date",
        complaints.complaint_change_deadline,
        forms.DeadlineForm,
        COMPLAINT,
        OPEN,
        secondary=True,
    ),
    Action(
        "handling-plan",
        "Change the handling plan",
        plan.complaint_agree_plan,
        forms.HandlingPlanForm,
        COMPLAINT,
        tuple(PLANNED_STATUSES),
        # Whoever keeps the person informed agrees changes to how and how often.
        permission="feedback.give_update",
        secondary=True,
        intro=PLAN_INTRO,
    ),
    Action(
        "reopen",
        "Reopen (complainant dissatisfied)",
        complaints.complaint_reopen,
        forms.ReopenForm,
        COMPLAINT,
        ANSWERED,
        secondary=True,
    ),
    Action(
        "refer-to-phso",
        "Record PHSO referral",
        complaints.complaint_refer_to_phso,
        forms.ReferToPhsoForm,
        COMPLAINT,
        ANSWERED,
        secondary=True,
        extra_check=lambda i: not i.phso_referred_on,
    ),
    Action(
        "phso-outcome",
        "Record PHSO outcome",
        complaints.complaint_record_phso_outcome,
        forms.PhsoOutcomeForm,
        COMPLAINT,
        ANSWERED,
        secondary=True,
        extra_check=lambda i: bool(i.phso_referred_on),
    ),
    Action(
        "withdraw",
        "Withdraw complaint",
        complaints.complaint_withdraw,
        forms.ReasonForm,
        COMPLAINT,
        OPEN,
        secondary=True,
    ),
    Action(
        "resolve", "Resolve", pals.pals_resolve, forms.ResolveForm, (Kind.PALS,), (Status.OPEN,)
    ),
    Action(
        "escalate",
        "Escalate to formal complaint",
        pals.pals_escalate,
        forms.EscalateForm,
        (Kind.PALS,),
        (Status.OPEN,),
        secondary=True,
    ),
    Action(
        "share",
        "Share with the staff named",
        compliments.compliment_share,
        forms.ActionForm,
        (Kind.COMPLIMENT,),
        (Status.RECEIVED,),
        button=True,
    ),
    Action(
        "close-comment",
        "Note and close",
        compliments.comment_close,
        forms.ActionForm,
        (Kind.COMMENT,),
        (Status.RECEIVED,),
        button=True,
    ),
    # The NHS Complaint Standards: put right at first contact, inside the trust's window.
    Action(
        "resolve-early",
        "Resolve early",
        early_resolution.resolve_early,
        EarlyResolutionForm,
        (Kind.COMPLAINT, Kind.PALS),
        (Status.RECEIVED, Status.ACKNOWLEDGED, Status.OPEN),
        permission="feedback.resolve_early",
        secondary=True,
        # Offered only while the window is open; the service refuses a late date anyway.
        extra_check=early_resolution.can_resolve_early,
    ),
]
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}

# What the page says once an action is done, in plain English.
DONE = {
    "late-decision": "Decision on the late complaint recorded",
    "acknowledge": "Complaint acknowledged",
    "start-investigation": "Investigation started",
    "findings": "Investigation findings recorded",
    "record-draft": "Response marked as drafted",
    "submit-for-sign-off": "Response sent for sign-off",
    "sign-off": "Response signed off",
    "return-for-changes": "Response returned for changes",
    "outcome": "Outcome recorded",
    "consent": "Third-party consent recorded",
    "send-response": "Response recorded as sent",
    "close": "Complaint closed",
    "change-deadline": "Agreed response date changed",
    "handling-plan": "Handling plan recorded",
    "reopen": "Complaint reopened",
    "refer-to-phso": "Referral to the Ombudsman recorded",
    "phso-outcome": "Ombudsman's outcome recorded",
    "withdraw": "Complaint withdrawn",
    "resolve": "PALS contact resolved",
    "escalate": "Escalated to a formal complaint",
    "share": "Compliment shared with the staff named",
    "close-comment": "Comment closed",
    "resolve-early": "Resolved early",
}


def actions_for(item, user) -> list[Action]:
    """The actions this user may take on this item now."""
    return [a for a in ACTIONS if a.applies_to(item) and user.has_perm(a.permission, item)]
