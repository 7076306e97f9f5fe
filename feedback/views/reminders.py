"""Email reminders: the page where a user turns their own daily digest on or off."""

from django.contrib import messages
from django.shortcuts import redirect, render
from rules.contrib.views import permission_required

from feedback.forms.reminders import DigestSettingForm
from feedback.reminders import digest_is_on
from feedback.services.reminders import digest_setting_update

# The page's path sits near the top of feedback/urls.py, before "<slug:reference>/" would take
# "reminders" for a reference.
urlpatterns: list = []


@permission_required("feedback.use_register", raise_exception=True)
def digest_setting_page(request):
    form = DigestSettingForm(
        request.POST if request.method == "POST" else None,
        initial={"daily_digest": "yes" if digest_is_on(request.user) else "no"},
    )
    if request.method == "POST" and form.is_valid():
        setting = digest_setting_update(
            user=request.user, daily_digest=form.cleaned_data["daily_digest"]
        )
        messages.success(
            request, f"Daily email reminders turned {'on' if setting.daily_digest else 'off'}"
        )
        return redirect("feedback:index")
    return render(request, "feedback/reminders.html", {"form": form})


def detail_context(item, user) -> dict:
    """Reminders add nothing to an item's page."""
    return {}
