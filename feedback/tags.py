"""The five tag lists an item's page shows (KO41a subjects and professions, the staff named,
care standards, expected behaviours), read for any number of items in one query.

Five prefetches were five queries on every item's page. Here one UNION ALL reads the columns
the page shows from each list, and puts each item's tags in its prefetch cache, so
``item.subjects.all()`` and the rest read them without a query, as after prefetch_related.
A tag holds only those columns, as with ``.only()``: reading another costs a query for each
tag, which the item page's query-count test would catch.
"""

from collections import defaultdict

from django.db.models import DEFERRED, CharField, F, IntegerField, Value
from django.db.models.functions import Cast

from careprog.models import CareCriterion, CareStandard
from feedback.models import FeedbackItem

# Each list's columns in the union's shared shape: two texts, then three numbers. The union is
# ordered by the numbers and then the first text, which orders each list as its model does.
COLUMNS = {
    "subjects": ("name", None, "position", None, None),
    "professions": ("name", None, "position", None, None),
    "staff_named": ("name", "job_title", None, None, None),
    "standards": ("text", "numeral", "criterion__number", "position", "criterion_id"),
    "behaviours": ("text", "value", "position", None, None),
}
SLOTS = ("text_a", "text_b", "number_a", "number_b", "number_c")
SLOT_TYPES = (CharField(), CharField(), IntegerField(), IntegerField(), IntegerField())


def prefetch_tags(items) -> None:
    """Fill each item's five tag lists in one query, so reading them costs none."""
    items = list(items)
    if not items:
        return
    pks = [item.pk for item in items]
    fields = {name: FeedbackItem._meta.get_field(name) for name in COLUMNS}
    branches = [_branch(field, pks) for field in fields.values()]
    rows = branches[0].union(*branches[1:], all=True).order_by("relation", *SLOTS[2:], "text_a")
    found = defaultdict(list)
    for relation, item_id, pk, *values in rows:
        found[relation, item_id].append(_tag(fields[relation], pk, values, rows.db))
    for item in items:
        for relation in COLUMNS:
            _set_prefetched(item, relation, found[relation, item.pk])


def _branch(field, pks):
    """One list's rows for these items, in the union's shape."""
    item_id = field.related_query_name()
    columns = {
        # An empty column is a typed NULL: Postgres would take an untyped one for text.
        slot: F(lookup) if lookup else Cast(Value(None), output)
        for slot, lookup, output in zip(SLOTS, COLUMNS[field.name], SLOT_TYPES, strict=True)
    }
    return (
        field.related_model.objects.filter(**{f"{item_id}__in": pks})
        .annotate(relation=Value(field.name), item_id=F(item_id), **columns)
        .values_list("relation", "item_id", "pk", *SLOTS)
        .order_by()
    )


def _tag(field, pk, values, db):
    columns = zip(COLUMNS[field.name], values, strict=True)
    read = {lookup: value for lookup, value in columns if lookup}
    own = {lookup: value for lookup, value in read.items() if "__" not in lookup}
    tag = _only(field.related_model, db, id=pk, **own)
    if isinstance(tag, CareStandard):
        # A standard's code is its criterion's number and its own numeral ("3.2").
        number = read["criterion__number"]
        tag.criterion = _only(CareCriterion, db, id=tag.criterion_id, number=number)
    return tag


def _only(model, db, **values):
    """An instance with these fields and the rest deferred, as ``.only()`` would make it."""
    fields = model._meta.concrete_fields
    return model.from_db(db, list(values), [values.get(f.attname, DEFERRED) for f in fields])


def _set_prefetched(item, relation, tags) -> None:
    """What prefetch_related stores: the relation's queryset, already evaluated."""
    queryset = getattr(item, relation).get_queryset()
    queryset._result_cache = tags
    queryset._prefetch_done = True
    vars(item).setdefault("_prefetched_objects_cache", {})[relation] = queryset
