"""Helpers the recognition views share: records the user may see, and service errors on forms."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from careprog.forms.errors import add_service_error  # noqa: F401 - for the views
from recognition.models import AwardRound, Nomination, ThankYou


def get_visible_thank_you(request, pk: int) -> ThankYou:
    return get_object_or_404(ThankYou.objects.visible_to(request.user).for_wall(), pk=pk)


def get_visible_round(request, pk: int) -> AwardRound:
    rounds = AwardRound.objects.visible_to(request.user).select_related("chair")
    return get_object_or_404(rounds, pk=pk)


def get_visible_nomination(request, pk: int) -> Nomination:
    nominations = Nomination.objects.visible_to(request.user).for_list()
    return get_object_or_404(nominations.select_related("round__chair", "nominated_by"), pk=pk)


def names_a_field(form, error) -> bool:
    """Whether a service's refusal is about something typed on the form (then it is shown at
    the field); otherwise it is about the record's state, said in a message on the next page."""
    aliases = getattr(form, "error_field_aliases", {})
    fields = getattr(error, "error_dict", {})
    return any(aliases.get(name, name) in form.fields for name in fields)


def say_refusal(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
