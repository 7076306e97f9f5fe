"""Saving an audited record the one way every service does: validated, stamped with who
changed it, and written to its history with that person."""


def save_audited(record, *, by, update_fields: list[str] | None = None):
    """Validate and save a record, noting who changed it in its audit trail.

    With ``update_fields`` only those fields are validated and written: the rest were valid
    when saved and have not changed (and checking each foreign key again costs a query).
    """
    if update_fields is None:
        record.full_clean()
    else:
        unchanged = [f.name for f in record._meta.fields if f.name not in update_fields]
        record.full_clean(exclude=unchanged)
    stamp(record, by=by)
    record._history_user = by  # simple-history: who made the change, outside a request too
    if update_fields is not None:
        update_fields = [*update_fields, "updated_by", "updated_at"]
    record.save(update_fields=update_fields)
    return record


def stamp(record, *, by) -> None:
    """Note who changed ``record`` and, if it is new, who made it (before it is saved)."""
    record.updated_by = by
    if record._state.adding:
        record.created_by = by
