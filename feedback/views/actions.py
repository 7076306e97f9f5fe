from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from feedback.actions import ACTIONS_BY_NAME, DONE
from feedback.forms.actions import LearningDoneForm, LearningForm, NoteForm
from feedback.services.base import ProcessError
from feedback.services.learning import (
    investigation_note_add,
    learning_action_add,
    learning_action_complete,
)
from feedback.views.common import get_visible_item


def item_action(request, reference, action):
    """One process action: a page with its form (or a button's POST), then the service."""
    item = get_visible_item(request, reference)
    chosen = ACTIONS_BY_NAME.get(action)
    if chosen is None:
        raise Http404("No such action")
    if not request.user.has_perm(chosen.permission, item):
        raise PermissionDenied
    if request.method == "POST":
        form = chosen.form(request.POST, item=item)
        if form.is_valid():
            try:
                result = chosen.service(
                    item=item,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.service_arguments(),
                )
            except ProcessError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{DONE[chosen.name]}: {result.reference}")
                return redirect("feedback:detail", reference=result.reference_slug)
    else:
        if not chosen.applies_to(item):
            messages.info(request, f"{chosen.label} does not apply to {item.reference} now")
            return redirect("feedback:detail", reference=item.reference_slug)
        form = chosen.form(initial=chosen.form.initial_for(item), item=item)
    return render(request, "feedback/action.html", {"item": item, "action": chosen, "form": form})


def _small_form_page(request, item, title, form, **extra):
    context = {"item": item, "form": form, "title": title, **extra}
    return render(request, "feedback/small_form.html", context)


@require_POST
def add_note(request, reference):
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.add_investigation_note", item):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            investigation_note_add(item=item, by=request.user, text=form.cleaned_data["text"])
        except ProcessError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Investigation note added")
            return redirect("feedback:detail", reference=item.reference_slug)
    return _small_form_page(request, item, "Add an investigation note", form)


def add_learning(request, reference):
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.manage_learning", item):
        raise PermissionDenied
    form = LearningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            learning_action_add(item=item, by=request.user, **form.cleaned_data)
        except ProcessError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Learning action added")
            return redirect("feedback:detail", reference=item.reference_slug)
    return _small_form_page(request, item, "Add a learning action", form)


def complete_learning(request, reference, learning_id):
    item = get_visible_item(request, reference)
    if not request.user.has_perm("feedback.manage_learning", item):
        raise PermissionDenied
    learning = get_object_or_404(item.learning_actions.all(), pk=learning_id)
    form = LearningDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            learning_action_complete(learning=learning, by=request.user, **form.cleaned_data)
        except ProcessError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Learning action marked as done")
            return redirect("feedback:detail", reference=item.reference_slug)
    return _small_form_page(request, item, "Mark learning action done", form, learning=learning)
