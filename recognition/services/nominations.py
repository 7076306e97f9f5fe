"""Nominating a colleague or a team for an award, and recording the nominee's consent."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from careprog.models import Department, StaffMember
from careprog.validators import check_free_text
from feedback.models import FeedbackItem
from feedback.services.base import record_event
from recognition.excerpts import check_compliment_privacy
from recognition.models import AwardCategory, AwardRound, Consent, Nomination, Stage
from recognition.services.base import RecognitionError, save_audited


def word_count(text: str) -> int:
    """Words separated by spaces: how the NHS.UK word counter on the form counts them, so what
    it says fits is what the service accepts ("A&E" is one word)."""
    return len((text or "").split())


def is_self(user, person: StaffMember) -> bool:
    """The user is this member of staff: by their linked record, or by their email."""
    if user.staff_member_id == person.pk:
        return True
    return bool(user.email) and user.email.lower() == (person.email or "").lower()


def refuse_not_named(compliment: FeedbackItem, nominee: StaffMember | None) -> None:
    if nominee is None or not compliment.staff_named.filter(pk=nominee.pk).exists():
        raise RecognitionError(
            {"nominee": f"Nominate someone {compliment.reference} names"}, code="not_named"
        )


def refuse_outside_window(award_round: AwardRound, today: date) -> None:
    if award_round.results_published:
        raise RecognitionError(
            f"The results of {award_round} are published: it takes no more nominations.",
            code="published",
        )
    if not award_round.is_open_for_nominations(today):
        raise RecognitionError(
            f"Nominations for {award_round} are taken from "
            f"{award_round.nominations_open_on:%-d %B %Y} to "
            f"{award_round.nominations_close_on:%-d %B %Y}.",
            code="window",
        )


def refuse_second_nomination(award_round, nominee, team) -> None:
    """One category per nominee per round."""
    earlier = Nomination.objects.in_round(award_round).select_related("category")
    earlier = earlier.filter(nominee=nominee) if nominee else earlier.filter(team=team)
    found = earlier.first()
    if found:
        name = nominee.name if nominee else team.name
        raise RecognitionError(
            {
                "nominee" if nominee else "team": f"{name} is already nominated in "
                f"{award_round}: each nominee can be nominated in one category a round"
            },
            code="second_category",
        )


@transaction.atomic
def nomination_make(
    *,
    by,
    award_round: AwardRound,
    category: AwardCategory,
    case: str,
    nominee: StaffMember | None = None,
    team: Department | None = None,
    on_behalf_of_name: str = "",
    on_behalf_of_contact: str = "",
    compliment: FeedbackItem | None = None,
    today: date | None = None,
) -> Nomination:
    """Nominate a colleague or a team in one category of an open round.

    A PALS officer may nominate on behalf of a patient or member of the public: their name and
    how to contact them are kept (and shown only to PALS and administrators).
    """
    today = today or timezone.localdate()
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    refuse_outside_window(award_round, today)
    if category.round_id != award_round.pk:
        raise RecognitionError({"category": f"Choose a category of {award_round}"})
    if nominee is not None and is_self(by, nominee):
        raise RecognitionError(
            {"nominee": "You cannot nominate yourself: nominate a colleague or a team"},
            code="self",
        )
    if compliment is not None:
        refuse_not_named(compliment, nominee)
        check_compliment_privacy(compliment, {"case": case}, error=RecognitionError)
    case = (case or "").strip()
    if not case:
        raise RecognitionError({"case": "Say why they deserve the award"})
    check_free_text({"case": case}, error=RecognitionError)
    words = word_count(case)
    if words > award_round.word_limit:
        raise RecognitionError(
            {"case": f"The case must be {award_round.word_limit} words or fewer (it has {words})"},
            code="too_long",
        )
    on_behalf = bool(on_behalf_of_name.strip() or on_behalf_of_contact.strip())
    if on_behalf and not (on_behalf_of_name.strip() and on_behalf_of_contact.strip()):
        raise RecognitionError(
            {
                "on_behalf_of_contact"
                if on_behalf_of_name.strip()
                else "on_behalf_of_name": "Give both the name and the contact details of the "
                "person nominating"
            }
        )
    refuse_second_nomination(award_round, nominee, team)
    where = nominee.csc if nominee is not None else team.csc if team is not None else None
    nomination = Nomination(
        round=award_round,
        category=category,
        nominee=nominee,
        team=team,
        csc=where,
        case=case,
        nominated_by=by,
        on_behalf_of_name=on_behalf_of_name.strip(),
        on_behalf_of_contact=on_behalf_of_contact.strip(),
        compliment=compliment,
    )
    try:
        with transaction.atomic():
            save_audited(nomination, by=by)
    except IntegrityError:
        # Someone else nominated the same person a moment ago.
        refuse_second_nomination(award_round, nominee, team)
        raise
    if compliment is not None:
        record_event(
            compliment,
            by=by,
            action="recognised",
            description=f"{nomination.nominee_name} nominated for {category} ({award_round})",
        )
    return nomination


@transaction.atomic
def nomination_record_consent(*, nomination: Nomination, by, given: bool) -> Nomination:
    """The nominee's answer to being put forward: needed before they can be shortlisted. A
    nominee who declines after being shortlisted (or chosen) goes back to nominated: they are
    no longer in the running."""
    nomination = (
        Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    )
    if nomination.round.results_published:
        raise RecognitionError("The results of this round are published.", code="published")
    nomination.consent = Consent.GIVEN if given else Consent.DECLINED
    nomination.consent_recorded_by = by
    nomination.consent_recorded_on = timezone.localdate()
    changed = ["consent", "consent_recorded_by", "consent_recorded_on"]
    if not given and nomination.stage != Stage.NOMINATED:
        nomination.stage = Stage.NOMINATED
        nomination.winner_reason = ""
        changed += ["stage", "winner_reason"]
    return save_audited(nomination, by=by, update_fields=changed)
