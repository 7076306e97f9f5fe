from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from rules.contrib.views import permission_required

from careprog.validators import normalise_nhs_number, validate_nhs_number
from careprog.wording import in_a_sentence
from feedback.forms.items import FeedbackItemForm, KindChoiceForm
from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.services.items import feedback_log

# Enough to recognise the same concern; the register search shows the rest.
DUPLICATES_SHOWN = 5


@permission_required("feedback.log_item", raise_exception=True)
def choose_kind(request):
    form = KindChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("feedback:log", kind=form.cleaned_data["kind"])
    return render(request, "feedback/choose_kind.html", {"form": form})


@permission_required("feedback.log_item", raise_exception=True)
def possible_duplicates(request):
    """While the form is filled in: open cases the officer may see for the NHS number typed.
    An htmx fragment; a number that is not valid yet shows nothing."""
    typed = normalise_nhs_number(request.GET.get("nhs_number", "")[:20])
    try:
        validate_nhs_number(typed)
    except ValidationError:
        typed = ""
    cases = (
        FeedbackItem.objects.visible_to(request.user)
        .open_for_nhs_number(typed)
        .select_related("csc")
        .order_by("-received_on", "-pk")[:DUPLICATES_SHOWN]
    )
    return render(request, "feedback/includes/possible_duplicates.html", {"cases": cases})


@permission_required("feedback.log_item", raise_exception=True)
def log_item(request, kind):
    if kind not in Kind.values:
        return redirect("feedback:choose_kind")
    # Most feedback is logged the day it arrives: today unless the officer says otherwise.
    form = FeedbackItemForm(
        request.POST or None, kind=kind, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        item = feedback_log(
            by=request.user, kind=kind, details=form.details(), issues=form.issues()
        )
        messages.success(request, f"{item.get_kind_display()} {item.reference} logged")
        # A warning, not a block: two concerns from one patient are often both real.
        others = list(
            FeedbackItem.objects.visible_to(request.user)
            .possible_duplicates_of(item)
            .values_list("reference", flat=True)[:5]
        )
        if others:
            messages.warning(
                request,
                f"Possible duplicate: {', '.join(others)} for the same NHS number "
                f"{'is' if len(others) == 1 else 'are'} still open. Check it is not the same "
                "concern logged twice.",
            )
        return redirect(reverse("feedback:detail", args=[item.reference_slug]))
    return render(
        request,
        "feedback/item_form.html",
        {"form": form, "kind_label": in_a_sentence(Kind(kind).label)},
    )
