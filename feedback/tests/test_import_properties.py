"""Any row the import accepts comes back out of the export as it went in (issue 14).

Rows are made as the register would hold them: any text in the free-text columns (formula
starts, tabs, carriage returns, line breaks, quotes, commas, apostrophes, any script), any
date up to today, any valid NHS number or none. Each is written as the export writes a cell
(feedback.csv_format.protect_formula), imported, and exported again: every cell must come back
exactly, and every item must hold exactly the text that was meant. The import trims the ends of
a cell, as every form in the app does, so the text drawn has no space at either end.
"""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careprog.spreadsheets import FORMULA_STARTS, protect_formula
from careprog.tests.factories import ClinicalServiceCentreFactory
from careprog.validators import NHS_NUMBER_WEIGHTS
from feedback import importing
from feedback.csv_format import EXPORT_COLUMNS, NAME_COLUMNS, write_csv
from feedback.importing.row_form import STATUSES_OF_KIND
from feedback.models import FeedbackItem
from feedback.models.choices import Channel, Kind, RaisedBy
from feedback.reference import SUBJECTS, TIERS, load

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    # The reference data is made once for all examples; each checks only its own items.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check_digit(nine: str) -> int:
    return (11 - sum(int(d) * w for d, w in zip(nine, NHS_NUMBER_WEIGHTS, strict=True)) % 11) % 11


nhs_numbers = st.one_of(
    st.just(""),
    st.text(alphabet="0123456789", min_size=9, max_size=9)
    .filter(lambda nine: check_digit(nine) != 10)
    .map(lambda nine: nine + str(check_digit(nine))),
)
# Text as people and spreadsheets write it, with the awkward characters drawn often. No NUL
# (the import refuses it, as the database would) and no space at either end (trimmed).
AWKWARD = [*FORMULA_STARTS, "'", '"', ",", ";", "\n", "\r\n", "Zoë", "\u2018\u2019", "🙂", "\u00a0"]
text_parts = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")),
)


def free_text(max_size: int, *, required: bool = False):
    joined = st.lists(text_parts, max_size=5).map("".join)
    return joined.map(lambda text: text[:max_size]).filter(
        lambda text: text == text.strip() and (text or not required)
    )


@st.composite
def rows(draw) -> dict:
    kind = draw(st.sampled_from(Kind.values))
    raisers = [value for value in RaisedBy.values if value != "anonymous"]
    if kind in (Kind.PALS, Kind.COMPLIMENT):
        raisers.append("anonymous")
    received_on = draw(st.dates(min_value=date(2000, 1, 1), max_value=timezone.localdate()))
    subjects = draw(st.lists(st.sampled_from(SUBJECTS), unique=True, max_size=3))
    return {
        "reference": "",
        "kind": kind,
        "received_on": received_on.isoformat(),
        "channel": draw(st.sampled_from(Channel.values)),
        "csc": draw(st.sampled_from(["med", "=odd"])),
        # Written in the reference data's order, as the export writes them.
        "subject": "; ".join(sorted(subjects, key=SUBJECTS.index)),
        "summary": draw(free_text(200, required=True)),
        "description": draw(free_text(2_000)),
        "nhs_number": draw(nhs_numbers),
        "patient_name": draw(free_text(120)),
        "raised_by": draw(st.sampled_from(raisers)),
        "tier": draw(st.sampled_from([code for code, _, _ in TIERS]))
        if kind == Kind.COMPLAINT
        else "",
        "status": draw(st.sampled_from(STATUSES_OF_KIND[kind])),
    }


def as_file(data: list[dict]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in data:
        writer.writerow([protect_formula(row.get(column, "")) for column in EXPORT_COLUMNS])
    return out.getvalue()


def exported(items) -> list[dict]:
    out = io.StringIO(newline="")
    write_csv(items, out)
    header, *lines = csv.reader(io.StringIO(out.getvalue(), newline=""))
    return [dict(zip(header, line, strict=True)) for line in lines]


@pytest.fixture
def reference_data(db):
    """Made once for the test: hypothesis runs every example inside the same test."""
    load()
    ClinicalServiceCentreFactory(code="med", name="Medicine")
    # A code an administrator typed that a spreadsheet would run: it must come back too.
    ClinicalServiceCentreFactory(code="=odd", name="-Odd one")


@pytest.mark.django_db
@PROPERTY
@given(data=st.lists(rows(), min_size=1, max_size=4))
def test_every_accepted_row_comes_back_from_the_export_exactly(reference_data, data):
    before = set(FeedbackItem.objects.values_list("pk", flat=True))
    result = importing.import_feedback(as_file(data))
    assert result.ok, [str(error) for error in result.errors]

    items = FeedbackItem.objects.exclude(pk__in=before).order_by("pk")
    # The export writes oldest first; the rows went in (and were numbered) in file order.
    by_reference = {row["reference"]: row for row in exported(items)}
    for row, item in zip(data, items, strict=True):
        for column in ("summary", "description", "patient_name"):
            assert getattr(item, column) == row[column], column
        cells = by_reference[item.reference]
        for column in EXPORT_COLUMNS:
            if column == "reference" or column in NAME_COLUMNS.values():
                continue
            if column in ("acknowledge_by", "respond_by", "outcome"):
                continue  # worked out on import (deadlines), or never set by these rows
            assert cells[column] == protect_formula(row[column]), column
