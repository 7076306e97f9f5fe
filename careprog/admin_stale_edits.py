"""Stale edits refused in the admin site (issue 14), as on the service's own pages.

Two administrators open one record; the first saves. The second's save is refused with a
message, their typed values stay in the form, and nothing of theirs is written over the first
change. The page carries the version it showed, and the form compares it with the record's
version now. The page shown with the message carries the new version, so saving again, having
looked, keeps theirs.

A version is the record's latest history entry (every save, anywhere, writes one) and, for
each inline table on its page (a CSC's departments, a round's categories), the latest entry
among its rows: the page posts every inline row back as it showed it, so a department changed
on its own page meanwhile would otherwise be quietly put back.
"""

from django.core.exceptions import ValidationError

SEEN_VERSION = "_seen_version"

STALE_MESSAGE = (
    "Someone else saved this {record} after you opened it, so nothing was saved. Your changes "
    "are still in the form below: look at its History for what they changed, then save again "
    "to keep yours."
)


def version_of(record, inline_rows=()) -> str:
    """``inline_rows``: (model, name of its foreign key to ``record``) for each inline."""
    histories = [record.history.all()]
    histories += [model.history.filter(**{key: record.pk}) for model, key in inline_rows]
    return "-".join(_latest(history) for history in histories)


def _latest(history) -> str:
    return str(history.order_by("-history_id").values_list("history_id", flat=True).first() or "")


class StaleEditCheck:
    """For a ModelAdmin of a model with simple_history's history (and inlines with it too)."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            # templates/admin/change_form.html puts it in the form. After a refusal, the
            # version just compared, so a second save is checked against what was shown.
            context["seen_version"] = getattr(request, "version_now", None) or self.version(
                request, obj
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def version(self, request, obj) -> str:
        inline_rows = [
            (inline.model, inline.get_formset(request, obj).fk.attname)
            for inline in self.get_inline_instances(request, obj)
        ]
        return version_of(obj, inline_rows)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or request.method != "POST" or getattr(request, "reverting", False):
            return form
        if not hasattr(request, "version_now"):
            # The admin's change view is one transaction: the row stays locked until the
            # save, so two saves in the same instant are checked one after the other.
            list(type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values("pk"))
            request.version_now = self.version(request, obj)
        seen = request.POST.get(SEEN_VERSION)
        now = request.version_now
        message = STALE_MESSAGE.format(record=obj._meta.verbose_name)

        class FormCheckingTheVersion(form):
            def clean(self):
                cleaned = super().clean()
                if seen != now:
                    raise ValidationError(message, code="stale")
                return cleaned

        return FormCheckingTheVersion
