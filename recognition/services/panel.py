"""The panel's work: conflicts of interest, scores, the chair's shortlist and winners, results.

A conflict of interest is declared by a member, or follows from who they are: nobody judges a
nomination of themselves or one they made. A conflicted member neither scores nor sees the
scores. The chair decides shortlists and winners; where the chair is conflicted, an
administrator decides that nomination instead.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from careprog.permissions import is_administrator
from recognition.conflicts import is_conflicted, is_own
from recognition.models import (
    AwardCategory,
    AwardRound,
    ConflictDeclaration,
    Consent,
    CriterionScore,
    Nomination,
    ScoreSheet,
    Stage,
)
from recognition.models.choices import SCORE_RANGE
from recognition.services.base import RecognitionError, save_audited


def is_on_panel(award_round: AwardRound, user) -> bool:
    return award_round.chair_id == user.pk or award_round.panel.filter(pk=user.pk).exists()


def refuse_after_results(award_round: AwardRound) -> None:
    if award_round.results_published:
        raise RecognitionError(
            f"The results of {award_round} are published: nothing more can change.",
            code="published",
        )


def refuse_off_panel(award_round: AwardRound, user) -> None:
    if not is_on_panel(award_round, user):
        raise RecognitionError(f"Only {award_round}'s panel scores its nominations.", code="panel")


def has_scored(nomination: Nomination, user) -> bool:
    return nomination.sheets.filter(member=user).exists()


@transaction.atomic
def conflict_declare(*, nomination: Nomination, member, reason: str) -> ConflictDeclaration:
    """A member steps back from a nomination: they will neither score it nor see its scores.

    Declared before scoring: a member who has scored is told to ask the chair instead.
    """
    nomination = Nomination.objects.select_related("round", "nominee").get(pk=nomination.pk)
    refuse_after_results(nomination.round)
    refuse_off_panel(nomination.round, member)
    if not (reason or "").strip():
        raise RecognitionError({"reason": "Say what the conflict of interest is"})
    if has_scored(nomination, member):
        raise RecognitionError(
            "You have already scored this nomination: tell the chair about the conflict.",
            code="scored",
        )
    if nomination.conflicts.filter(member=member).exists():
        raise RecognitionError("You have already declared a conflict on it.", code="declared")
    declaration = ConflictDeclaration(nomination=nomination, member=member, reason=reason.strip())
    try:
        with transaction.atomic():
            return save_audited(declaration, by=member)
    except IntegrityError:
        # A double click: the first one declared it, the check above came too early to see it.
        raise RecognitionError(
            "You have already declared a conflict on it.", code="declared"
        ) from None


@transaction.atomic
def score_submit(
    *, nomination: Nomination, member, scores: dict[int, int], comment: str = ""
) -> ScoreSheet:
    """A member's scores for a nomination: 1 to 5 against each of its category's criteria."""
    nomination = Nomination.objects.select_related("round", "nominee").get(pk=nomination.pk)
    refuse_after_results(nomination.round)
    refuse_off_panel(nomination.round, member)
    if is_own(nomination, member):
        raise RecognitionError(
            "You cannot score a nomination of yourself or one you made.", code="own"
        )
    if is_conflicted(nomination, member):
        raise RecognitionError(
            "You declared a conflict of interest on this nomination, so you cannot score it.",
            code="conflicted",
        )
    if has_scored(nomination, member):
        raise RecognitionError("You have already scored this nomination.", code="twice")
    criteria = list(nomination.category.criteria.order_by("position", "pk"))
    if not criteria:
        raise RecognitionError(
            f"“{nomination.category}” has no criteria to score against: ask an administrator "
            "to add them.",
            code="no_criteria",
        )
    errors = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[f"criterion_{criterion.pk}"] = f"Score “{criterion}” from 1 to 5"
        elif value not in SCORE_RANGE:
            errors[f"criterion_{criterion.pk}"] = (
                f"Score “{criterion}” from 1 to 5 ({value} is outside the scale)"
            )
    if errors:
        raise RecognitionError(errors, code="scores")
    sheet = ScoreSheet(nomination=nomination, member=member, comment=(comment or "").strip())
    try:
        with transaction.atomic():
            save_audited(sheet, by=member)
    except IntegrityError:
        raise RecognitionError("You have already scored this nomination.", code="twice") from None
    for criterion in criteria:
        score = CriterionScore(sheet=sheet, criterion=criterion, value=scores[criterion.pk])
        save_audited(score, by=member)
    return sheet


def may_decide(nomination: Nomination, user) -> bool:
    """The chair decides, unless conflicted on this nomination: then an administrator does."""
    chair_conflicted = is_conflicted(nomination, nomination.round.chair)
    if nomination.round.chair_id == user.pk:
        return not chair_conflicted
    return chair_conflicted and bool(is_administrator(user)) and not is_own(nomination, user)


def refuse_unless_deciding(nomination: Nomination, user) -> None:
    if may_decide(nomination, user):
        return
    if nomination.round.chair_id == user.pk:
        raise RecognitionError(
            "You have a conflict of interest on this nomination: an administrator decides it.",
            code="chair_conflicted",
        )
    raise RecognitionError(f"Only the chair of {nomination.round} can do this.", code="chair")


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("round__chair", "category", "nominee")
        .get(pk=nomination.pk)
    )


@transaction.atomic
def nomination_shortlist(*, nomination: Nomination, by) -> Nomination:
    nomination = _locked(nomination)
    refuse_after_results(nomination.round)
    refuse_unless_deciding(nomination, by)
    if nomination.consent != Consent.GIVEN:
        raise RecognitionError(
            f"Record {nomination.nominee_name}'s consent before shortlisting them "
            f"(consent: {nomination.get_consent_display().lower()}).",
            code="consent",
        )
    if nomination.stage != Stage.NOMINATED:
        raise RecognitionError(f"{nomination.nominee_name} is already shortlisted.", code="stage")
    nomination.stage = Stage.SHORTLISTED
    return save_audited(nomination, by=by, update_fields=["stage"])


@transaction.atomic
def nomination_pick_winner(*, nomination: Nomination, by, reason: str = "") -> Nomination:
    """The choice of a category's winner, from its shortlist.

    Unless it scored highest of every nomination in the category still in the running (and was
    scored at all), the choice is the decider's call and their reason is recorded.
    """
    # Locking the category first: two winners chosen at once cannot both get through.
    AwardCategory.objects.select_for_update().get(pk=nomination.category_id)
    nomination = _locked(nomination)
    refuse_after_results(nomination.round)
    refuse_unless_deciding(nomination, by)
    if nomination.stage != Stage.SHORTLISTED:
        raise RecognitionError("Shortlist a nomination before choosing it as the winner.")
    if nomination.consent != Consent.GIVEN:
        raise RecognitionError(
            f"{nomination.nominee_name} has declined the nomination.", code="consent"
        )
    category = Nomination.objects.filter(category=nomination.category)
    if category.winners().exists():
        raise RecognitionError(
            f"{nomination.category} already has a winner in {nomination.round}.", code="winner"
        )
    means = {n.pk: n.mean_score for n in category.in_the_running().with_scores()}
    own = means.get(nomination.pk)
    clear_first = own is not None and all(
        (mean or 0) < own for pk, mean in means.items() if pk != nomination.pk
    )
    if not clear_first and not (reason or "").strip():
        raise RecognitionError(
            {
                "reason": "Give the reason for your choice, for the record: it is needed unless "
                "the winner scored highest of all the nominations in the category"
            },
            code="reason_needed",
        )
    nomination.stage = Stage.WINNER
    nomination.winner_reason = (reason or "").strip()
    return save_audited(nomination, by=by, update_fields=["stage", "winner_reason"])


@transaction.atomic
def round_publish_results(
    *, award_round: AwardRound, by, email_certificates: bool = True
) -> AwardRound:
    """Announce the winners; every nominee who agreed to it is emailed their certificate once
    this is committed (unless they are to be handed out in person: they can always be
    downloaded). Publishing closes the round: it takes no more nominations, even if its window
    has days to run."""
    from recognition.tasks import send_certificate

    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    refuse_after_results(award_round)
    if award_round.chair_id != by.pk:
        raise RecognitionError(f"Only the chair of {award_round} can do this.", code="chair")
    # Only nominees who agreed to be put forward are in the running: a category none of whose
    # nominees agreed has no winner to choose.
    running = Nomination.objects.in_round(award_round).in_the_running()
    without = [
        category.name
        for category in award_round.categories.order_by("position", "pk")
        if running.filter(category=category).exists()
        and not running.filter(category=category).winners().exists()
    ]
    if without:
        raise RecognitionError(
            f"Choose a winner for {', '.join(without)} before publishing the results.",
            code="no_winner",
        )
    award_round.results_published_at = timezone.now()
    award_round.results_published_by = by
    save_audited(award_round, by=by, update_fields=["results_published_at", "results_published_by"])
    if email_certificates:
        for pk in running.values_list("pk", flat=True):
            # A broker that is down is logged, not raised: the resend task sends it later.
            transaction.on_commit(lambda pk=pk: send_certificate.delay(pk), robust=True)
    return award_round
