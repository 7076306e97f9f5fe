"""A compliment's email to each member of staff it names, kept until it has gone.

Sharing a compliment writes one row a person in the same transaction, so the email survives a
broker that is down or a mail server that refuses it: the resend task (Celery beat) sends
whatever has not gone, and each row is sent at most once (careprog.email_delivery).
"""

from django.db import models

from careprog.email_delivery import Fields
from careprog.models import StaffMember
from careprog.models.base import NeverDeleteQuerySet


class ComplimentEmail(models.Model):
    item = models.ForeignKey(
        "feedback.FeedbackItem", on_delete=models.PROTECT, related_name="compliment_emails"
    )
    person = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    # The address it was shared with, as the compliment's "shared with" records it.
    address = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=500, blank=True)
    email_claimed_until = models.DateTimeField(null=True, blank=True)

    objects = NeverDeleteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="one_compliment_email_each")
        ]

    def __str__(self):
        # The reference, not the item: its summary can name a patient, and this is shown in
        # the admin.
        return f"{self.item.reference} emailed to {self.address}"


DELIVERY = Fields("emailed_at", "email_attempts", "email_error", "email_claimed_until")
