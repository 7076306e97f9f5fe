"""The register's search finds an item by NHS number, whole or partial reference, name or words,
survives long and hostile input, and never reaches past the user's scope.

Runs on SQLite by default and on Postgres in CI (DATABASE_URL); the index tests need Postgres.
"""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from feedback.models import FeedbackItem
from feedback.models.choices import Kind
from feedback.search import MAX_SEARCH_LENGTH, reference_parts
from feedback.services.references import reference_reserve
from feedback.tests.factories import make_item

NHS_NUMBER = "9434765919"
OTHER_NHS_NUMBER = "4010232137"

HOSTILE = [
    "'; DROP TABLE feedback_feedbackitem; --",
    ".*(",
    "%",
    "_",
    "\\",
    "%%_\\",
    '"unclosed',
    "a' OR '1'='1",
    "(((",
    "!&|:*",
    "-",
    "/",
]


def make_numbered(number: int, *, kind=Kind.COMPLAINT, year=2026, **details) -> FeedbackItem:
    """An item whose reference has this number, e.g. 133 gives COMP/2026/00133."""
    reference_reserve(kind=kind, year=year, number=number - 1)
    item = make_item(kind=kind, received_on=date(year, 3, 2), **details)
    # Reserving cannot go backwards: make the numbers of a kind and year in rising order.
    assert item.reference.endswith(f"/{year}/{number:05d}"), item.reference
    return item


def search(text: str, queryset=None) -> set[str]:
    queryset = FeedbackItem.objects.all() if queryset is None else queryset
    return set(queryset.search(text).values_list("reference", flat=True))


@pytest.fixture
def items(medicine):
    """Five items with distinct references, names, NHS numbers and words."""
    percent = make_numbered(
        40,
        csc=medicine,
        contact_name="Anne_Marie 50%",
        summary="Refund of 100% of parking fee",
        description="snake_case file name",
    )
    return {
        "percent": percent,
        "target": make_numbered(
            133,
            csc=medicine,
            nhs_number=NHS_NUMBER,
            patient_name="Margaret Oyelaran",
            contact_name="Desmond Pickering",
            summary="Discharge letter went missing",
            description="The ward physiotherapist promised crutches before discharge.",
        ),
        "ends_alike": make_numbered(1133, csc=medicine, summary="Food was cold"),
        "other_year": make_numbered(
            133,
            year=2025,
            csc=medicine,
            nhs_number=OTHER_NHS_NUMBER,
            patient_name="Alan Brook",
            summary="Parking charges",
        ),
        "pals": make_numbered(
            133, kind=Kind.PALS, csc=medicine, summary="Asked about visiting times"
        ),
    }


@pytest.mark.django_db
class TestSearchByNHSNumber:
    @pytest.mark.parametrize(
        "typed", ["943 476 5919", "9434765919", "943-476-5919", " 943 4765919 "]
    )
    def test_finds_the_item_in_any_spacing(self, items, typed):
        assert search(typed) == {"COMP/2026/00133"}

    def test_a_different_nhs_number_finds_only_its_own_item(self, items):
        assert search("401 023 2137") == {"COMP/2025/00133"}

    def test_an_nhs_number_nobody_has_finds_nothing(self, items):
        assert search("999 999 9999") == set()


@pytest.mark.django_db
class TestSearchByReference:
    def test_full_reference_finds_exactly_that_item(self, items):
        assert search("COMP/2026/00133") == {"COMP/2026/00133"}

    @pytest.mark.parametrize("typed", ["comp-2026-133", "comp 2026 00133", "Comp.2026.133"])
    def test_separators_case_and_padding_are_normalised(self, items, typed):
        assert search(typed) == {"COMP/2026/00133"}

    def test_padded_number_finds_that_number_in_every_year_and_kind(self, items):
        assert search("00133") == {"COMP/2026/00133", "COMP/2025/00133", "PALS/2026/00133"}

    def test_short_number_finds_number_parts_ending_with_it(self, items):
        assert search("133") == {
            "COMP/2026/00133",
            "COMP/2025/00133",
            "PALS/2026/00133",
            "COMP/2026/01133",
        }

    def test_year_and_number_finds_that_year_only(self, items):
        assert search("2026/133") == {"COMP/2026/00133", "PALS/2026/00133"}

    def test_prefix_and_year_finds_that_kind_and_year(self, items):
        assert search("PALS/2026") == {"PALS/2026/00133"}

    def test_prefix_and_number_finds_that_kind(self, items):
        assert search("pals 133") == {"PALS/2026/00133"}

    def test_a_reference_that_does_not_exist_finds_nothing(self, items):
        assert search("COMP/2026/00999") == set()

    @pytest.mark.parametrize("typed", ["12", "COMP", "room 133", "XYZW/2026/00133"])
    def test_not_read_as_a_reference(self, typed):
        assert reference_parts(typed) is None


@pytest.mark.django_db
class TestSearchByNameAndWords:
    @pytest.mark.parametrize("typed", ["Oyelaran", "oyel", "MARGARET OYE", "oyelaran margaret"])
    def test_patient_name_part_in_any_case(self, items, typed):
        assert search(typed) == {"COMP/2026/00133"}

    @pytest.mark.parametrize("typed", ["Pickering", "desmond pick"])
    def test_contact_name(self, items, typed):
        assert search(typed) == {"COMP/2026/00133"}

    def test_word_in_description(self, items):
        assert search("physiotherapist") == {"COMP/2026/00133"}

    def test_words_in_summary(self, items):
        assert search("letter missing") == {"COMP/2026/00133"}

    def test_no_match(self, items):
        assert search("helicopter") == set()
        assert search("Oyelaran helicopter") == set()


@pytest.mark.django_db
class TestHostileSearch:
    @pytest.mark.parametrize("typed", HOSTILE)
    def test_syntax_finds_nothing_it_should_not(self, items, typed):
        found = search(typed)
        # % and _ are literal: they find only the item whose contact name holds them.
        expected = {"COMP/2026/00040"} if typed in {"%", "_"} else set()
        assert found == expected
        assert FeedbackItem.objects.count() == 5

    def test_percent_does_not_match_everything(self, items):
        assert search("100%") == {"COMP/2026/00040"}
        assert search("%") != search("")

    @pytest.mark.parametrize("length", [MAX_SEARCH_LENGTH + 1, 10_000])
    def test_long_text_straight_to_the_queryset_does_not_error(self, items, length):
        words = ("crutches " * (length // 9 + 1))[:length]
        assert search(words) == {"COMP/2026/00133"}
        assert search("x" * length) == set()
        assert search("; ".join(HOSTILE) * 300) == set()

    def test_empty_and_blank_search_finds_everything(self, items):
        assert len(search("")) == len(search("   \t ")) == 5


@pytest.mark.django_db
class TestSearchThroughTheRegister:
    def test_ten_thousand_characters_answer_a_field_error(self, client, pals_officer, items):
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:list"), {"q": ("crutches " * 1200)[:10_000]})
        assert response.status_code == 200
        assert response.context["form"].errors["q"] == ["Search must be 200 characters or fewer"]
        assert "Search must be 200 characters or fewer" in response.text
        assert list(response.context["page"].object_list) == []

    def test_two_hundred_characters_are_allowed(self, client, pals_officer, items):
        client.force_login(pals_officer)
        text = ("physiotherapist " * 20)[:MAX_SEARCH_LENGTH]
        response = client.get(reverse("feedback:list"), {"q": text})
        assert response.context["form"].is_valid()
        assert [i.reference for i in response.context["page"].object_list] == ["COMP/2026/00133"]

    @pytest.mark.parametrize("typed", HOSTILE)
    def test_hostile_text_answers_200(self, client, pals_officer, items, typed):
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:list"), {"q": typed})
        assert response.status_code == 200

    def test_nhs_number_through_the_register(self, client, pals_officer, items):
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:list"), {"q": "943 476 5919"})
        assert [i.reference for i in response.context["page"].object_list] == ["COMP/2026/00133"]

    def test_help_text_names_every_way_to_search(self, client, pals_officer):
        client.force_login(pals_officer)
        response = client.get(reverse("feedback:list"))
        assert "Reference, NHS number, name, or words in the summary or description" in (
            response.text
        )


@pytest.mark.django_db
class TestSearchKeepsToScope:
    @pytest.fixture
    def surgery_item(self, items, surgery):
        return make_numbered(
            2000,
            csc=surgery,
            nhs_number="4505577104",
            patient_name="Oyelaran Surgical",
            summary="Physiotherapist was late",
        )

    @pytest.mark.parametrize(
        "typed", ["450 557 7104", "COMP/2026/02000", "02000", "oyelaran", "physiotherapist"]
    )
    def test_manager_never_finds_another_cscs_item(
        self, client, medicine_manager, pals_officer, items, surgery_item, typed
    ):
        visible = FeedbackItem.objects.visible_to(medicine_manager)
        assert surgery_item.reference not in search(typed, visible)
        client.force_login(medicine_manager)
        response = client.get(reverse("feedback:list"), {"q": typed})
        shown = {i.reference for i in response.context["page"].object_list}
        assert surgery_item.reference not in shown
        # The PALS officer's same search finds it, so the manager's miss is the scoping.
        assert surgery_item.reference in search(
            typed, FeedbackItem.objects.visible_to(pals_officer)
        )

    def test_manager_still_finds_own_cscs_item(self, medicine_manager, items, surgery_item):
        visible = FeedbackItem.objects.visible_to(medicine_manager)
        assert search("oyelaran", visible) == {"COMP/2026/00133"}


# ---- Postgres: the search is answered from indexes, not by scanning the table ---------------

BULK_ITEMS = 10_500
GIN_INDEXES = [
    "feedback_item_search_vector",
    "feedback_item_reference_trgm",
    "feedback_item_patient_name_trgm",
    "feedback_item_contact_name_trgm",
]


@pytest.fixture
def many_items(medicine):
    """10,500 items made by bulk_create from one item logged through the service."""
    if connection.vendor != "postgresql":
        pytest.skip("index use can only be checked on Postgres (set DATABASE_URL)")
    template = make_numbered(
        1,
        csc=medicine,
        patient_name="Wilhelmina Quartermaine",
        summary="Rare word xylophonist here",
        nhs_number=NHS_NUMBER,
    )
    words = ["waiting", "parking", "food", "staff", "appointment", "letter", "discharge"]
    rows = []
    for number in range(2, BULK_ITEMS + 2):
        row = FeedbackItem.objects.get(pk=template.pk)
        row.pk = None
        row.reference = f"COMP/2026/{number:05d}"
        row.summary = f"Complaint about {words[number % len(words)]} number {number}"
        row.description = f"Ordinary description {number} of {words[(number * 3) % len(words)]}"
        row.patient_name = f"Patient {number}"
        row.contact_name = f"Contact {number}"
        row.nhs_number = ""
        rows.append(row)
    FeedbackItem.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        # New rows wait in a GIN index's pending list, which the planner prices as a scan of
        # the list, until autovacuum merges them; it cannot run inside the test's transaction,
        # so merge them as it would.
        for index in GIN_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE feedback_feedbackitem")
    return template


def plan(queryset) -> str:
    return queryset.explain()


@pytest.mark.django_db
class TestSearchUsesIndexesOnPostgres:
    def test_word_search_uses_the_full_text_index(self, many_items):
        queryset = FeedbackItem.objects.search("xylophonist")
        assert "feedback_item_search_vector" in plan(queryset)
        assert set(queryset.values_list("reference", flat=True)) == {many_items.reference}

    def test_partial_reference_uses_the_trigram_index(self, many_items):
        queryset = FeedbackItem.objects.search("10433")
        assert "feedback_item_reference_trgm" in plan(queryset)
        assert set(queryset.values_list("reference", flat=True)) == {"COMP/2026/10433"}

    def test_name_part_uses_the_trigram_index(self, many_items):
        queryset = FeedbackItem.objects.search("quarterm")
        assert "feedback_item_patient_name_trgm" in plan(queryset)
        assert set(queryset.values_list("reference", flat=True)) == {many_items.reference}

    def test_nhs_number_search_is_not_a_scan(self, many_items):
        queryset = FeedbackItem.objects.search("943 476 5919")
        assert "Seq Scan" not in plan(queryset)
        assert set(queryset.values_list("reference", flat=True)) == {many_items.reference}


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("the stored search vector is Postgres's (set DATABASE_URL)")


@pytest.mark.django_db
class TestStoredSearchVector:
    def test_words_are_found_from_the_stored_column_not_worked_out_per_row(
        self, on_postgres, medicine
    ):
        make_numbered(1, csc=medicine, summary="Rare word xylophonist here")
        sql, _ = FeedbackItem.objects.search("xylophonist").query.sql_with_params()
        assert '"search_vector"' in sql
        assert "to_tsvector" not in sql

    def test_the_vector_follows_an_edit_and_a_subquery_alias(self, on_postgres, medicine):
        item = make_numbered(1, csc=medicine, summary="Parking was full")
        FeedbackItem.objects.filter(pk=item.pk).update(summary="Xylophonist in the corridor")
        found = FeedbackItem.objects.search("xylophonist")
        assert list(found.values_list("pk", flat=True)) == [item.pk]
        assert not FeedbackItem.objects.search("parking").exists()
        # Read through a subquery (the register's ids path): the column takes the inner alias.
        inner = FeedbackItem.objects.filter(pk__in=found.values("pk"))
        assert list(inner.values_list("pk", flat=True)) == [item.pk]
