"""Award rounds: the way in, a round's page, nominating, publishing, certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from recognition.certificates import certificate_filename, certificate_pdf
from recognition.excerpts import compliment_excerpt
from recognition.forms import NominationForm
from recognition.models import AwardRound, Consent, ThankYou
from recognition.selectors import round_page
from recognition.services.base import RecognitionError
from recognition.services.nominations import nomination_make
from recognition.services.panel import round_publish_results
from recognition.views.common import (
    add_service_error,
    get_visible_nomination,
    get_visible_round,
)


@permission_required("recognition.use_recognition", raise_exception=True)
def index(request):
    """Say thank you; the thank-yous this person has had; the rounds open, being judged, done."""
    user = request.user
    today = timezone.localdate()
    rounds = list(AwardRound.objects.visible_to(user).select_related("chair"))
    received = []
    if user.staff_member_id:
        received = list(
            ThankYou.objects.visible_to(user).for_wall().to_person(user.staff_member_id)[:5]
        )
    panels = set(AwardRound.objects.on_panel(user).values_list("pk", flat=True))
    return render(
        request,
        "recognition/index.html",
        {
            "open_rounds": [r for r in rounds if r.is_open_for_nominations(today)],
            "judging": [
                r for r in rounds if not r.results_published and today > r.nominations_close_on
            ],
            "published": [r for r in rounds if r.results_published],
            "upcoming": [r for r in rounds if today < r.nominations_open_on],
            "panels": panels | {r.pk for r in rounds if r.chair_id == user.pk},
            "received": received,
            "today": today,
        },
    )


def round_detail(request, pk):
    award_round = get_visible_round(request, pk)
    today = timezone.localdate()
    page = round_page(award_round, request.user)
    return render(
        request,
        "recognition/round.html",
        {
            "page": page,
            "award_round": award_round,
            "open": award_round.is_open_for_nominations(today),
            "stage": award_round.stage(today),
        },
    )


def nominate(request, pk):
    award_round = get_visible_round(request, pk)
    on_behalf = request.user.has_perm("recognition.nominate_on_behalf")
    compliment = None
    initial = {}
    reference = request.GET.get("compliment") or request.POST.get("compliment")
    if reference:
        compliment = get_object_or_404(
            FeedbackItem.objects.visible_to(request.user),
            reference=reference.replace("-", "/"),
            kind=Kind.COMPLIMENT,
        )
        initial["case"] = compliment_excerpt(compliment)
        named = compliment.staff_named.first()
        if named:
            initial["person"] = named
    form = NominationForm(
        request.POST or None, award_round=award_round, on_behalf=on_behalf, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = nomination_make(
                by=request.user,
                award_round=award_round,
                category=data["category"],
                nominee=data["person"],
                team=data["team"],
                case=data["case"],
                on_behalf_of_name=data.get("on_behalf_of_name", ""),
                on_behalf_of_contact=data.get("on_behalf_of_contact", ""),
                compliment=compliment,
            )
        except RecognitionError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{nomination.nominee_name} nominated for {nomination.category}. Thank you.",
            )
            return redirect("recognition:round", pk=award_round.pk)
    return render(
        request,
        "recognition/nominate.html",
        {
            "award_round": award_round,
            "form": form,
            "compliment": compliment,
            "open": award_round.is_open_for_nominations(timezone.localdate()),
        },
    )


@require_POST
def publish(request, pk):
    award_round = get_visible_round(request, pk)
    if not request.user.has_perm("recognition.chair_round", award_round):
        raise PermissionDenied
    try:
        round_publish_results(award_round=award_round, by=request.user)
    except RecognitionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{award_round}: results published, certificates on their way")
    return redirect("recognition:round", pk=award_round.pk)


def certificate(request, pk):
    """A nominee's certificate. Anyone may download it once the results are out; before then,
    only the chair and administrators (to check it)."""
    nomination = get_visible_nomination(request, pk)
    award_round = nomination.round
    if not award_round.results_published and not (
        request.user.has_perm("recognition.chair_round", award_round)
        or request.user.has_perm("recognition.manage_awards")
    ):
        raise PermissionDenied
    if nomination.consent != Consent.GIVEN:  # only those who agreed to be put forward
        raise PermissionDenied
    response = HttpResponse(certificate_pdf(nomination), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(nomination)}"'
    return response
