"""Sending the daily digest: once per user per working day, never twice, retried after a failure.

Each send is recorded in a DigestSent row (unique per user and day) before the email goes. The
row is locked while sending, so two workers never send the same digest; a failure leaves
``sent_at`` empty with the error, and the next run sends only those rows.
"""

import enum
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careprog.working_days import WorkingDayCalendar, trust_calendar
from feedback.models import DigestSent, DigestSetting
from feedback.reminders import DAYS_AHEAD, Digest, build_digests


class Outcome(enum.Enum):
    SENT = "sent"
    FAILED = "failed"
    ALREADY_SENT = "already sent"


@dataclass(frozen=True)
class DigestRun:
    on: date
    sent: int = 0
    failed: int = 0


def digest_email(digest: Digest, *, today: date) -> EmailMessage:
    sections = [
        ("Overdue", digest.overdue),
        ("Due today", digest.due_today),
        (f"Due in the next {DAYS_AHEAD} working days", digest.due_soon),
    ]
    context = {
        "today": today,
        "sections": sections,
        "queue_url": settings.SITE_URL + reverse("feedback:index"),
        "settings_url": settings.SITE_URL + reverse("feedback:reminders"),
    }
    return EmailMessage(
        subject=digest.subject,
        body=render_to_string("feedback/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )


def digest_send(digest: Digest, *, today: date) -> Outcome:
    """Send one user's digest for the day unless it has gone already."""
    record, _ = DigestSent.objects.get_or_create(user=digest.user, on=today)
    with transaction.atomic():
        # skip_locked: another worker sending this digest now holds the row; leave it to them.
        locked = (
            DigestSent.objects.select_for_update(skip_locked=True)
            .filter(pk=record.pk, sent_at__isnull=True)
            .first()
        )
        if locked is None:
            return Outcome.ALREADY_SENT
        locked.attempts += 1
        try:
            digest_email(digest, today=today).send()
        except Exception as error:  # SMTP refusals, timeouts, DNS: all mean "try again later"
            locked.last_error = f"{type(error).__name__}: {error}"[:300]
            locked.save(update_fields=["attempts", "last_error"])
            return Outcome.FAILED
        locked.sent_at = timezone.now()
        locked.last_error = ""
        locked.save(update_fields=["attempts", "last_error", "sent_at"])
        return Outcome.SENT


def digests_send(
    *, today: date | None = None, calendar: WorkingDayCalendar | None = None
) -> DigestRun:
    """Send every due digest for the day. Nothing on a weekend, bank holiday or closure day;
    nothing to users whose digest is empty or has gone already."""
    calendar = calendar or trust_calendar()
    today = today or timezone.localdate()
    if not calendar.is_working_day(today):
        return DigestRun(on=today)
    already = set(
        DigestSent.objects.filter(on=today, sent_at__isnull=False).values_list("user_id", flat=True)
    )
    outcomes = [
        digest_send(digest, today=today)
        for digest in build_digests(today=today, calendar=calendar)
        if not digest.is_empty and digest.user.pk not in already
    ]
    return DigestRun(
        on=today, sent=outcomes.count(Outcome.SENT), failed=outcomes.count(Outcome.FAILED)
    )


@transaction.atomic
def digest_setting_update(*, user, daily_digest: bool) -> DigestSetting:
    """Turn the user's own daily digest on or off."""
    setting, _ = DigestSetting.objects.select_for_update().get_or_create(user=user)
    setting.daily_digest = daily_digest
    setting.save()
    return setting
