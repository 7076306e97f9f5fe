"""What the person thought of how their complaint was handled: the single-use link sent with the
final response, its answer, and a survey recorded by an officer from a call or a returned form."""

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status
from feedback.models.handling import ExperienceSurvey, SurveyInvitation, SurveySource
from feedback.services.base import ProcessError, check_length, lock_item, record_event, save_item

# A survey is about how the complaint was handled, so it is asked only once the answer has gone.
SURVEY_STATUSES = (Status.RESPONSE_SENT, Status.CLOSED)
# The comment comes from the public through the link: the forms say so too.
COMMENT_MAX_LENGTH = 2_000


class SurveyLinkRefused(Exception):
    """The link is unknown, altered, used or expired; the reason is never shown to the visitor."""

    def __init__(self, reason: str, token_hash: str):
        super().__init__(reason)
        self.reason = reason
        self.token_hash = token_hash


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_survey_link(item: FeedbackItem, *, now: datetime | None = None) -> str:
    """Make a single-use survey link for the item and return its absolute address. Only the
    token's hash is stored, so the address printed in the letter is the only copy."""
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    SurveyInvitation.objects.create(
        item=item,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=settings.SURVEY_LINK_DAYS),
    )
    return settings.SITE_URL + reverse("survey", kwargs={"token": token})


def _check_scores(scores: dict) -> None:
    errors = {
        name: "Select a number from 1 to 5"
        for name, value in scores.items()
        if not isinstance(value, int) or not 1 <= value <= 5
    }
    if errors:
        raise ProcessError(errors, code="score")


def _create_survey(*, item, scores: dict, comment: str, source, received_on, by):
    comment = comment.strip()
    check_length("comment", "Comment", comment, COMMENT_MAX_LENGTH)
    survey = ExperienceSurvey(
        item=item,
        comment=comment,
        source=source,
        received_on=received_on,
        recorded_by=by,
        **scores,
    )
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_record(
    *,
    item: FeedbackItem,
    by,
    listened_to: int,
    kept_informed: int,
    understood_outcome: int,
    comment: str = "",
    source: str,
    received_on: date,
    expected_version: int | None = None,
) -> ExperienceSurvey:
    """Record what the person said on the phone or on a returned form. The item is locked and
    its version moves on, so the same form sent twice (a double click) records one survey."""
    item = lock_item(item, expected_version)
    if not by.has_perm("feedback.record_survey", item):
        raise ProcessError("You do not have permission to record surveys.", code="permission")
    if item.kind != Kind.COMPLAINT:
        raise ProcessError("Surveys are recorded for formal complaints only.", code="kind")
    if item.status not in SURVEY_STATUSES:
        raise ProcessError(
            f"{item.reference} has no response yet: record the survey once the response is sent.",
            code="wrong_status",
        )
    if source not in (SurveySource.PHONE, SurveySource.FORM):
        raise ProcessError({"source": "Select how the answers were given"}, code="source")
    scores = {
        "listened_to": listened_to,
        "kept_informed": kept_informed,
        "understood_outcome": understood_outcome,
    }
    _check_scores(scores)
    if received_on > timezone.localdate():
        raise ProcessError(
            {"received_on": "Date received must be today or in the past"}, code="future"
        )
    if item.response_sent_on and received_on < item.response_sent_on:
        raise ProcessError(
            {
                "received_on": "Date received must be on or after the response was sent "
                f"({item.response_sent_on:%-d %B %Y})"
            },
            code="before_response",
        )
    survey = _create_survey(
        item=item,
        scores=scores,
        comment=comment,
        source=source,
        received_on=received_on,
        by=by,
    )
    save_item(item, by=by)
    record_event(
        item,
        by=by,
        action="survey",
        description=f"Experience survey recorded ({survey.get_source_display().lower()})",
    )
    return survey


def check_survey_link(token: str, *, now: datetime | None = None) -> SurveyInvitation:
    """The invitation behind a token, if it can still be used; refuses otherwise."""
    return _usable_invitation(token, now=now or timezone.now(), lock=False)


def _usable_invitation(token: str, *, now: datetime, lock: bool) -> SurveyInvitation:
    token_hash = hash_token(token or "")
    invitations = SurveyInvitation.objects.select_related("item")
    if lock:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=token_hash).first()
    if invitation is None:
        raise SurveyLinkRefused("unknown", token_hash)
    if invitation.used_at is not None:
        raise SurveyLinkRefused("used", token_hash)
    # The link works until the moment it expires, not at that moment.
    if now >= invitation.expires_at:
        raise SurveyLinkRefused("expired", token_hash)
    return invitation


@transaction.atomic
def survey_answer_by_link(
    *,
    token: str,
    listened_to: int,
    kept_informed: int,
    understood_outcome: int,
    comment: str = "",
    now: datetime | None = None,
) -> ExperienceSurvey:
    """Save the person's own answers and spend the link, both or neither."""
    now = now or timezone.now()
    invitation = _usable_invitation(token, now=now, lock=True)
    scores = {
        "listened_to": listened_to,
        "kept_informed": kept_informed,
        "understood_outcome": understood_outcome,
    }
    _check_scores(scores)
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    try:
        survey = _create_survey(
            item=invitation.item,
            scores=scores,
            comment=comment,
            source=SurveySource.ONLINE,
            received_on=timezone.localdate(now),
            by=None,
        )
    except ValidationError as error:
        raise ProcessError(error.message_dict, code="invalid") from error
    record_event(
        invitation.item,
        by=None,
        action="survey",
        description="Experience survey answered online",
    )
    return survey
