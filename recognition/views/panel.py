"""The panel's pages: a nomination to read and score, conflicts, consent, shortlist, winner."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recognition.forms import ConflictForm, ScoreForm, WinnerForm
from recognition.selectors import nomination_page
from recognition.services.base import RecognitionError
from recognition.services.nominations import nomination_record_consent
from recognition.services.panel import (
    conflict_declare,
    may_decide,
    nomination_pick_winner,
    nomination_shortlist,
    score_submit,
)
from recognition.views.common import (
    add_service_error,
    get_visible_nomination,
    names_a_field,
    say_refusal,
)


def render_nomination(request, nomination, *, status=200, **bound):
    page = nomination_page(nomination, request.user)
    user = request.user
    context = {
        "page": page,
        "nomination": nomination,
        "award_round": nomination.round,
        "score_form": ScoreForm(criteria=page.criteria),
        "conflict_form": ConflictForm(),
        "winner_form": WinnerForm(),
        "is_chair": may_decide(nomination, user),
        "can_record_consent": user.has_perm("recognition.record_consent", nomination.round),
        "can_see_contact": user.has_perm("recognition.see_nominator_contact"),
        **bound,
    }
    return render(request, "recognition/nomination.html", context, status=status)


def nomination_detail(request, pk):
    return render_nomination(request, get_visible_nomination(request, pk))


def _panel_nomination(request, pk):
    nomination = get_visible_nomination(request, pk)
    if not request.user.has_perm("recognition.score_round", nomination.round):
        raise PermissionDenied
    return nomination


@require_POST
def score(request, pk):
    nomination = _panel_nomination(request, pk)
    form = ScoreForm(request.POST, criteria=list(nomination.category.criteria.all()))
    if form.is_valid():
        try:
            score_submit(
                nomination=nomination,
                member=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except RecognitionError as error:
            if not names_a_field(form, error):
                say_refusal(request, error)
                return redirect("recognition:nomination", pk=nomination.pk)
            add_service_error(form, error)
        else:
            messages.success(request, f"Your scores for {nomination.nominee_name} are saved")
            return redirect("recognition:nomination", pk=nomination.pk)
    return render_nomination(request, nomination, status=400, score_form=form)


@require_POST
def conflict(request, pk):
    nomination = _panel_nomination(request, pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            conflict_declare(
                nomination=nomination, member=request.user, reason=form.cleaned_data["reason"]
            )
        except RecognitionError as error:
            if not names_a_field(form, error):
                say_refusal(request, error)
                return redirect("recognition:nomination", pk=nomination.pk)
            add_service_error(form, error)
        else:
            messages.success(request, "Conflict of interest declared: you will not score it")
            return redirect("recognition:round", pk=nomination.round_id)
    return render_nomination(request, nomination, status=400, conflict_form=form)


@require_POST
def consent(request, pk):
    nomination = get_visible_nomination(request, pk)
    if not request.user.has_perm("recognition.record_consent", nomination.round):
        raise PermissionDenied
    answer = request.POST.get("given")
    if answer not in ("yes", "no"):
        return HttpResponseBadRequest("Record consent as given (yes) or declined (no).")
    given = answer == "yes"
    try:
        nomination_record_consent(nomination=nomination, by=request.user, given=given)
    except RecognitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        answer = "given" if given else "declined"
        messages.success(request, f"{nomination.nominee_name}'s consent recorded: {answer}")
    return redirect("recognition:nomination", pk=nomination.pk)


def _decider_only(request, pk):
    nomination = get_visible_nomination(request, pk)
    if not may_decide(nomination, request.user):
        raise PermissionDenied
    return nomination


@require_POST
def shortlist(request, pk):
    nomination = _decider_only(request, pk)
    try:
        nomination_shortlist(nomination=nomination, by=request.user)
    except RecognitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{nomination.nominee_name} shortlisted")
    return redirect("recognition:round", pk=nomination.round_id)


@require_POST
def winner(request, pk):
    nomination = _decider_only(request, pk)
    form = WinnerForm(request.POST)
    if form.is_valid():
        try:
            nomination_pick_winner(
                nomination=nomination, by=request.user, reason=form.cleaned_data["reason"]
            )
        except RecognitionError as error:
            if not names_a_field(form, error):
                say_refusal(request, error)
                return redirect("recognition:nomination", pk=nomination.pk)
            add_service_error(form, error)
        else:
            messages.success(
                request, f"{nomination.nominee_name} is the winner of {nomination.category}"
            )
            return redirect("recognition:round", pk=nomination.round_id)
    return render_nomination(request, nomination, status=400, winner_form=form)
