"""Thank-yous: saying one, the wall, a card, hiding an unsuitable one, and recognising the staff
named on a compliment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from careprog.pagination import KeysetPaginator
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from recognition.excerpts import compliment_excerpt
from recognition.forms import ComplimentThanksForm, HideForm, ThankYouForm, WallFilterForm
from recognition.models import AwardRound
from recognition.selectors import wall, wall_cscs
from recognition.services.base import RecognitionError
from recognition.services.thanks import thank_you_hide, thank_you_send, thank_yous_from_compliment
from recognition.views.common import (
    add_service_error,
    get_visible_thank_you,
    names_a_field,
    say_refusal,
)

WALL_PAGE_SIZE = 20


@permission_required("recognition.use_recognition", raise_exception=True)
def thank_you_new(request):
    form = ThankYouForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thank_you = thank_you_send(
                by=request.user,
                recipient=data["person"],
                team=data["team"],
                value=data["value"],
                behaviour=data["behaviour"],
                message=data["message"],
                show_sender=data["show_sender"],
            )
        except RecognitionError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Thank you sent to {thank_you.recipient_name}")
            return redirect("recognition:thank_you", pk=thank_you.pk)
    return render(request, "recognition/thank_you_form.html", {"form": form})


@permission_required("recognition.use_recognition", raise_exception=True)
def wall_page(request):
    form = WallFilterForm(request.GET or None, cscs=wall_cscs())
    chosen = form.cleaned_data if form.is_valid() else {}
    thank_yous = wall(request.user, csc=chosen.get("csc"), value=chosen.get("value", ""))
    page = KeysetPaginator(thank_yous, WALL_PAGE_SIZE, field="created_at").get_page(request.GET)
    return render(request, "recognition/wall.html", {"form": form, "page": page})


def thank_you_card(request, pk):
    thank_you = get_visible_thank_you(request, pk)
    return render(
        request,
        "recognition/card.html",
        {
            "thank_you": thank_you,
            "hide_form": HideForm(),
            "can_hide": request.user.has_perm("recognition.hide_thank_you"),
        },
    )


@require_POST
def hide(request, pk):
    thank_you = get_visible_thank_you(request, pk)
    if not request.user.has_perm("recognition.hide_thank_you"):
        raise PermissionDenied
    form = HideForm(request.POST)
    if form.is_valid():
        try:
            thank_you_hide(
                thank_you=thank_you, by=request.user, reason=form.cleaned_data["hidden_reason"]
            )
        except RecognitionError as error:
            if not names_a_field(form, error):
                say_refusal(request, error)
                return redirect("recognition:thank_you", pk=thank_you.pk)
            add_service_error(form, error)
        else:
            messages.success(request, "The thank-you is hidden from the wall. It is kept.")
            return redirect("recognition:thank_you", pk=thank_you.pk)
    context = {"thank_you": thank_you, "hide_form": form, "can_hide": True}
    return render(request, "recognition/card.html", context, status=400)


def from_compliment(request, reference):
    """Recognise the staff a compliment names: one thank-you each, its words made safe to share
    (no patient details), or a nomination in an open round."""
    items = FeedbackItem.objects.visible_to(request.user).prefetch_related("staff_named__csc")
    item = get_object_or_404(items, reference=reference.replace("-", "/"), kind=Kind.COMPLIMENT)
    named = list(item.staff_named.all())
    form = ComplimentThanksForm(
        request.POST or None,
        people=named,
        initial={"message": f"We received a compliment about you: “{compliment_excerpt(item)}”"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = thank_yous_from_compliment(
                by=request.user,
                compliment=item,
                people=data["people"],
                value=data["value"],
                behaviour=data["behaviour"],
                message=data["message"],
            )
        except RecognitionError as error:
            add_service_error(form, error)
        else:
            names = ", ".join(t.recipient_name for t in sent)
            messages.success(request, f"Thank-you sent to {names}; noted on {item.reference}")
            return redirect("feedback:detail", reference=item.reference_slug)
    rounds = AwardRound.objects.visible_to(request.user)
    open_rounds = rounds.open_for_nominations(timezone.localdate())
    return render(
        request,
        "recognition/from_compliment.html",
        {"item": item, "form": form, "named": named, "open_rounds": open_rounds},
    )
