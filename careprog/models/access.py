"""Who opened or took away patients' data: every view of an item's page and every download or
export of records that name patients, with who, what, when and from where (issue 14; the NHS
Data Security and Protection Toolkit asks that access to patient data be logged). Written by
careprog.access_records.record_access, read by administrators; never changed or deleted, here,
in the admin (read-only) and, on Postgres, in the database itself (migration 0003's trigger)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordsCannotChange(Exception):
    """Raised when code tries to change or delete an access record."""


class AccessAction(models.TextChoices):
    VIEWED_ITEM = "viewed_item", "Viewed a feedback item"
    DOWNLOADED_DOCUMENT = "downloaded_document", "Downloaded an item's document"
    DOWNLOADED_LETTER = "downloaded_letter", "Downloaded a letter"
    EXPORTED_REGISTER = "exported_register", "Exported the register as CSV"
    DOWNLOADED_KO41A = "downloaded_ko41a", "Downloaded a KO41a return"
    DOWNLOADED_BOARD_PACK = "downloaded_board_pack", "Downloaded a board pack"
    DOWNLOADED_ANNUAL_REPORT = "downloaded_annual_report", "Downloaded an annual report"
    DOWNLOADED_EVIDENCE = "downloaded_evidence", "Downloaded standards evidence"


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RecordsCannotChange("Access records are never changed.")

    def delete(self):
        raise RecordsCannotChange("Access records are never deleted.")


class AccessRecord(models.Model):
    at = models.DateTimeField("when", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_records"
    )
    action = models.CharField(max_length=40, choices=AccessAction.choices)
    # What was opened, in words a Data Protection Officer can search: a reference, a file's
    # name, a pack's month, or an export's filters.
    what = models.CharField(max_length=500)
    address = models.GenericIPAddressField("from address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["what"])]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.user} {self.get_action_display().lower()}: {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RecordsCannotChange("Access records are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordsCannotChange("Access records are never deleted.")
