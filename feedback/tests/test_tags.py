"""An item's five tag lists read in one query (feedback.tags): each item gets its own tags, in
the order its models give them, the same as reading each list on its own."""

import pytest

from careprog.models import CareCriterion, CareStandard, ExpectedBehaviour
from careprog.tests.factories import StaffMemberFactory
from feedback.models import FeedbackItem, Profession, Subject
from feedback.tags import COLUMNS, prefetch_tags
from feedback.tests.factories import make_item


def shown(item) -> dict[str, list[str]]:
    """Each list as the item's page shows it."""
    return {
        "subjects": [str(subject) for subject in item.subjects.all()],
        "professions": [str(profession) for profession in item.professions.all()],
        "staff_named": [f"{p.name} ({p.job_title})" for p in item.staff_named.all()],
        "standards": [f"{s.code} {s.text}" for s in item.standards.all()],
        "behaviours": [str(behaviour) for behaviour in item.behaviours.all()],
    }


@pytest.fixture
def items(medicine):
    """Two items tagged differently, in orders unlike the order the tags were made in, and one
    with no tags at all."""
    later, earlier = (
        CareCriterion.objects.create(number=n, title=f"Criterion {n}") for n in (4, 2)
    )
    standards = [
        CareStandard.objects.create(criterion=criterion, numeral=numeral, position=position, text=t)
        for criterion, numeral, position, t in [
            (later, "i", 1, "Later criterion"),
            (earlier, "ii", 2, "Second"),
            (earlier, "i", 1, "First"),
        ]
    ]
    subjects = [Subject.objects.create(name=name, position=p) for name, p in [("B", 2), ("A", 1)]]
    professions = [Profession.objects.create(name=name) for name in ("Nursing", "Medical")]
    behaviours = [
        ExpectedBehaviour.objects.create(value=value, text=f"Behaviour {n}", position=n)
        for n, value in [(2, "best_people"), (1, "best_care")]
    ]
    staff = [StaffMemberFactory(name=name, job_title="Matron") for name in ("Zoe", "Ann", "Bea")]

    first = make_item(csc=medicine, summary="First")
    first.subjects.set(subjects)
    first.professions.set(professions)
    first.standards.set(standards)
    first.behaviours.set(behaviours)
    first.staff_named.set(staff[:2])
    second = make_item(csc=medicine, summary="Second")
    second.subjects.set(subjects[1:])
    second.standards.set(standards[:1])
    second.staff_named.set(staff[1:])
    untagged = make_item(csc=medicine, summary="Untagged")
    return [first, second, untagged]


def fresh(items) -> list[FeedbackItem]:
    return list(FeedbackItem.objects.filter(pk__in=[item.pk for item in items]).order_by("pk"))


class TestPrefetchTags:
    def test_each_item_gets_its_own_tags_in_one_query(self, items, django_assert_num_queries):
        expected = [shown(item) for item in fresh(items)]  # each list read on its own
        read = fresh(items)
        with django_assert_num_queries(1):
            prefetch_tags(read)
        with django_assert_num_queries(0):
            assert [shown(item) for item in read] == expected
        assert expected[0]["standards"] == ["2.i First", "2.ii Second", "4.i Later criterion"]
        assert expected[1]["staff_named"] == ["Ann (Matron)", "Bea (Matron)"]
        assert expected[2] == {relation: [] for relation in COLUMNS}

    def test_a_column_not_read_is_loaded_when_asked_not_guessed(self, items):
        Subject.objects.filter(name="A").update(active=False)
        (first, *_) = read = fresh(items)
        prefetch_tags(read)
        assert [subject.active for subject in first.subjects.all()] == [False, True]

    def test_no_items_no_query(self, db, django_assert_num_queries):
        with django_assert_num_queries(0):
            prefetch_tags([])
