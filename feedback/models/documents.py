"""The documents of a case: the letter or email received, consent forms, statements, the draft
and final response. A document is never deleted: a newer one supersedes it."""

from django.conf import settings
from django.db import models

from careprog.models.base import NeverDeleteQuerySet


class DocumentKind(models.TextChoices):
    RECEIVED = "received", "Letter or email received"
    CONSENT = "consent", "Consent form"
    STATEMENT = "statement", "Statement"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement letter"
    HOLDING = "holding", "Holding letter"
    SIX_MONTH = "six_month", "Six-month letter"
    DRAFT_RESPONSE = "draft_response", "Draft response"
    FINAL_RESPONSE = "final_response", "Final response"
    OTHER = "other", "Other"


def document_path(document: "FeedbackDocument", filename: str) -> str:
    # The stored name is random (careprog.uploads.stored_name); files are grouped by CSC for a
    # records manager, and only ever served through a view that checks who may see the item.
    return f"feedback/documents/{document.item.csc.code}/{filename}"


class FeedbackDocumentQuerySet(NeverDeleteQuerySet):
    def current(self):
        return self.filter(superseded_at__isnull=True)


class FeedbackDocument(models.Model):
    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    description = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=document_path, max_length=300)
    file_name = models.CharField("original file name", max_length=255)
    file_size = models.PositiveIntegerField()
    file_type = models.CharField(max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_reason = models.CharField(max_length=200, blank=True)

    objects = FeedbackDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"
