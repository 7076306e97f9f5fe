"""Writing imported items: each row made as feedback_log makes an item, checked in memory, then
saved a batch at a time.

This is the one service that bulk-writes feedback items. Its inserts skip save() and the
history signal, so the service writes the history records and the timeline itself: every
imported item has a creation record in its history (no user: it came from a file) and the two
timeline entries a row-by-row import gave it, "logged" and "Imported from <file>".
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from careprog.bulk_rows import insert_rows, new_ids, values_of
from careprog.working_days import WorkingDayCalendar
from feedback.models import FeedbackEvent, FeedbackItem, Subject
from feedback.models.choices import INITIAL_STATUS
from feedback.services.items import fill_in_derived_details, set_complaint_deadlines, split_details
from feedback.services.references import format_reference, reference_allocate_many

# The process fields an import may carry over from another system.
CARRIED_OVER_FIELDS = ("status", "acknowledge_by", "respond_by", "outcome")


def feedback_import_item(
    *, kind: str, reference: str, details: dict, carried_over: dict, calendar: WorkingDayCalendar
) -> FeedbackItem:
    """The unsaved item a row makes: as feedback_log makes one (derived details, deadlines),
    then with the status and dates it had reached in the old system.

    Setting the status directly, rather than running each action, is what moving in needs:
    the old system's history is not replayed. A blank ``reference`` is given one on saving."""
    unknown = set(carried_over) - set(CARRIED_OVER_FIELDS)
    if unknown:
        raise ValueError(f"an import cannot set {', '.join(sorted(unknown))}")
    fields, _ = split_details(details)
    item = _new_item(kind=kind, status=INITIAL_STATUS[kind], reference=reference, **fields)
    fill_in_derived_details(item)
    set_complaint_deadlines(item, calendar=calendar)
    for name, value in carried_over.items():
        setattr(item, name, value)
    return item


def feedback_import_check(item: FeedbackItem) -> None:
    """The model's rules between fields (ValidationError), such as only PALS contacts and
    compliments being anonymous. Each field on its own was checked by the import's row form,
    with the model's own limits and validators (feedback.tests.test_import_batches holds them
    equal): the model's field-by-field check again was a third of the time of a row, and its
    check of the CSC and tier a query each. References are checked for the whole file at
    once, and the database's unique index has the last word on them."""
    item.clean()


@transaction.atomic
def feedback_import_save(
    *, items: list[FeedbackItem], subjects: list[list[Subject]], source: str
) -> list[FeedbackItem]:
    """Save checked items in one transaction: a new reference for each without one (consecutive
    for each kind and year), their subjects, history and timeline, in a few statements however
    many items there are. ``subjects`` lines up with ``items``.

    The rows are written by careprog.bulk_rows rather than bulk_create, which spent most of a
    100,000-row import preparing values one by one; they are the rows bulk_create and
    simple_history's bulk_create_with_history wrote (feedback.tests.test_import_batches
    compares them)."""
    wanted = Counter((item.kind, item.received_on.year) for item in items if not item.reference)
    next_number = reference_allocate_many(wanted=wanted)
    now = timezone.now()
    for item, pk in zip(items, new_ids(FeedbackItem, len(items)), strict=True):
        item.pk = pk
        item.created_at = item.updated_at = now
        if not item.reference:
            key = (item.kind, item.received_on.year)
            item.reference = format_reference(item.kind, item.received_on.year, next_number[key])
            next_number[key] += 1
    insert_rows(FeedbackItem, _ITEM_COLUMNS, values_of(items, _ITEM_COLUMNS))
    # The creation record in each item's history: no user, as it came from a file.
    insert_rows(
        History,
        _HISTORY_COLUMNS + _HISTORY_OWN_COLUMNS,
        ((*values, now, None, "+", None) for values in values_of(items, _HISTORY_COLUMNS)),
    )
    Link = FeedbackItem.subjects.through
    insert_rows(
        Link,
        ("feedbackitem_id", "subject_id"),
        (
            (item.pk, subject.pk)
            for item, its in zip(items, subjects, strict=True)
            for subject in its
        ),
    )
    insert_rows(
        FeedbackEvent,
        ("item_id", "at", "by_id", "action", "description"),
        (
            (item.pk, now, None, action, description)
            for item in items
            for action, description in (
                ("logged", f"{item.get_kind_display()} logged"),
                ("imported", f"Imported from {source}"),
            )
        ),
    )
    return items


def _new_item(**values) -> FeedbackItem:
    """FeedbackItem(**values), made as Django makes an item read from the database: every
    column's value in order, the model's defaults for the rest. Looking up each default by
    name was the most time-consuming step of checking a row."""
    columns = list(_DEFAULTS)
    related = {}
    for name, value in values.items():
        if name in _FOREIGN_KEYS:
            related[name] = value
            value = value.pk if value is not None else None
            name = _FOREIGN_KEYS[name]
        columns[_POSITION[name]] = value
    item = FeedbackItem(*columns)
    for name, value in related.items():
        setattr(item, name, value)  # kept, so the deadlines read the tier without a query
    return item


_COLUMNS = FeedbackItem._meta.concrete_fields
_DEFAULTS = [field.get_default() for field in _COLUMNS]
_POSITION = {field.attname: position for position, field in enumerate(_COLUMNS)}
_FOREIGN_KEYS = {field.name: field.attname for field in _COLUMNS if field.is_relation}

History = FeedbackItem.history.model
_ITEM_COLUMNS = tuple(field.attname for field in _COLUMNS)
_HISTORY_COLUMNS = tuple(field.attname for field in History.tracked_fields)
_HISTORY_OWN_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")
