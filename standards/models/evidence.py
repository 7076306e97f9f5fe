"""Evidence for a line of an assessment: notes, links, files and feedback items from the register.

Evidence is never deleted: removing it hides it and records who removed it and when.
"""

from django.conf import settings
from django.db import models

from careprog.models import AuditedModel
from standards.models.choices import EvidenceKind
from standards.querysets import EvidenceQuerySet


def evidence_path(evidence: "Evidence", filename: str) -> str:
    # The stored name is random (see careprog.uploads.stored_name); files are grouped by CSC so
    # a records manager can find one CSC's files, but are only ever served through a view.
    return f"standards/evidence/{evidence.line.assessment.csc.code}/{filename}"


class Evidence(AuditedModel):
    Kind = EvidenceKind

    line = models.ForeignKey(
        "standards.AssessmentLine", on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    text = models.TextField(blank=True, help_text="The note itself, or what a link or file shows.")
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    file_name = models.CharField("original file name", max_length=255, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_type = models.CharField(max_length=120, blank=True)
    item = models.ForeignKey(
        "feedback.FeedbackItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standards_evidence",
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_reason = models.TextField(blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["line", "item"],
                condition=models.Q(item__isnull=False, removed_at__isnull=True),
                name="feedback_item_linked_once_per_line",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def carried_copy(self, line, **audit) -> "Evidence":
        """An unsaved copy on ``line``, the next period's line, pointing back at this one.
        The copy points at the same stored file: files are never deleted, so it stays."""
        return Evidence(
            line=line,
            kind=self.kind,
            text=self.text,
            url=self.url,
            file=self.file.name,
            file_name=self.file_name,
            file_size=self.file_size,
            file_type=self.file_type,
            item_id=self.item_id,
            carried_from=self,
            **audit,
        )

    @property
    def title(self) -> str:
        if self.kind == EvidenceKind.FILE:
            return self.file_name
        if self.kind == EvidenceKind.LINK:
            return self.text or self.url
        if self.kind == EvidenceKind.ITEM:
            return self.item.reference if self.item_id else ""
        return self.text[:80]
