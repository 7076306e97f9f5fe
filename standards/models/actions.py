"""Improvement actions: what a CSC will do about a standard it does not yet meet."""

from django.db import models

from careprog.models import AuditedModel, StaffMember
from standards.querysets import ImprovementActionQuerySet


class ImprovementAction(AuditedModel):
    line = models.ForeignKey(
        "standards.AssessmentLine", on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField("what will be done")
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due date")
    done_on = models.DateField("date done", null=True, blank=True)
    # An open action is copied into the next period's assessment; the copy is the one to work
    # on, and the original (in a signed-off assessment) stays as it was.
    carried_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_to"
    )

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:80]

    def carried_copy(self, line, **audit) -> "ImprovementAction":
        """An unsaved copy on ``line``, the next period's line, pointing back at this one."""
        return ImprovementAction(
            line=line,
            description=self.description,
            owner_id=self.owner_id,
            due_on=self.due_on,
            carried_from=self,
            **audit,
        )

    @property
    def is_open(self) -> bool:
        return self.done_on is None
