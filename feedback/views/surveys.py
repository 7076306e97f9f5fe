"""The person's experience: the public single-use survey page, and the officer's page to record
a survey given by phone or on paper."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache

from careprog.addresses import client_address
from careprog.forms.errors import add_service_error
from feedback.forms.surveys import SurveyAnswersForm, SurveyRecordForm
from feedback.models.choices import Kind
from feedback.services.base import ProcessError
from feedback.services.surveys import (
    SURVEY_STATUSES,
    SurveyLinkRefused,
    check_survey_link,
    survey_answer_by_link,
    survey_record,
)
from feedback.views.common import get_visible_item

security_log = logging.getLogger("careprog.security")

# Tokens are unguessable, but a cap on refused attempts keeps anyone from trying many.
MAX_ATTEMPTS = 10
ATTEMPT_WINDOW_SECONDS = 10 * 60


def _attempts_key(request) -> str:
    return f"survey-link-refusals:{client_address(request)}"


def _too_many_refusals(request) -> bool:
    # Only refused links count: people answering their own survey never use up the allowance
    # of others behind the same address.
    return (cache.get(_attempts_key(request)) or 0) >= MAX_ATTEMPTS


def _count_refusal(request) -> None:
    key = _attempts_key(request)
    cache.add(key, 0, timeout=ATTEMPT_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # the window ran out between add and incr
        cache.set(key, 1, timeout=ATTEMPT_WINDOW_SECONDS)


def _unusable(request, refusal: SurveyLinkRefused):
    """The same page and status whatever the reason, so a guess learns nothing."""
    _count_refusal(request)
    security_log.warning(
        "Survey link refused (%s) from %s, token hash %s",
        refusal.reason,
        client_address(request),
        refusal.token_hash[:12],
    )
    return _unlogged(
        render(request, "feedback/survey/unusable.html", _public_context(), status=404)
    )


def _unlogged(response):
    """Keep Django's request logger from writing this 4xx with its path: the path holds the
    token. Our own warning above records the failure with the hash prefix instead."""
    response._has_been_logged = True
    return response


@login_not_required
@never_cache
def answer_survey(request, token):
    """The person's own answers, through the link sent with their final response."""
    if _too_many_refusals(request):
        security_log.warning("Survey link attempts limited for %s", client_address(request))
        return _unlogged(
            HttpResponse(
                "Too many attempts. Try again in 10 minutes.",
                status=429,
                content_type="text/plain",
            )
        )
    try:
        check_survey_link(token)
    except SurveyLinkRefused as refusal:
        return _unusable(request, refusal)
    form = SurveyAnswersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer_by_link(token=token, **form.cleaned_data)
        except SurveyLinkRefused as refusal:  # used by another tab meanwhile
            return _unusable(request, refusal)
        except ProcessError as error:
            add_service_error(form, error)
        else:
            return render(request, "feedback/survey/thanks.html", _public_context())
    return render(request, "feedback/survey/answer.html", {"form": form, **_public_context()})


def _public_context() -> dict:
    # The trust's name and nothing of the complaint: the link may reach the wrong person.
    return {"trust_name": settings.TRUST_NAME, "public_page": True}


def record_survey(request, reference):
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.record_survey", item):
        raise PermissionDenied
    if not _survey_applies(item):
        messages.info(request, f"A survey cannot be recorded for {item.reference} now")
        return redirect("feedback:detail", reference=item.reference_slug)
    form = SurveyRecordForm(
        request.POST if request.method == "POST" else None, initial={"version": item.version}
    )
    if request.method == "POST" and form.is_valid():
        answers = dict(form.cleaned_data)
        try:
            survey_record(
                item=item, by=request.user, expected_version=answers.pop("version"), **answers
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Survey recorded: {item.reference}")
            return redirect("feedback:detail", reference=item.reference_slug)
    context = {"item": item, "form": form, "title": "Record the person's experience"}
    return render(request, "feedback/small_form.html", context)


def _survey_applies(item) -> bool:
    return item.kind == Kind.COMPLAINT and item.status in SURVEY_STATUSES


urlpatterns = [
    path("<slug:reference>/survey/add/", record_survey, name="record_survey"),
]


def detail_context(item, user) -> dict:
    """What the item's page needs from this module (its include reads these names)."""
    if not _survey_applies(item):
        return {}
    return {
        "surveys": list(item.surveys.select_related("recorded_by")),
        "can_record_survey": user.has_perm("feedback.record_survey", item),
        "survey_applies": True,
    }
