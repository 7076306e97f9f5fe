"""Writing one row of an import: the item, where it had got to elsewhere, and a timeline note."""

from django.db import transaction

from feedback.services.base import record_event, save_item
from feedback.services.items import feedback_log

# The process fields an import may carry over from another system.
CARRIED_OVER_FIELDS = ("status", "acknowledge_by", "respond_by", "outcome")


@transaction.atomic
def feedback_import_row(*, kind: str, details: dict, reference: str, carried_over: dict,
                        source: str):  # fmt: skip
    """Log an imported item, then set the status and dates it had reached in the old system.

    Setting the status directly, rather than running each action, is what moving in needs:
    the old system's history is not replayed. The model's rules are checked again on saving.
    """
    unknown = set(carried_over) - set(CARRIED_OVER_FIELDS)
    if unknown:
        raise ValueError(f"an import cannot set {', '.join(sorted(unknown))}")
    item = feedback_log(by=None, kind=kind, details=details, reference=reference or None)
    if carried_over:
        for name, value in carried_over.items():
            setattr(item, name, value)
        save_item(item, by=None)
    record_event(item, by=None, action="imported", description=f"Imported from {source}")
    return item
