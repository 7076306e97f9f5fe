import pytest

from careprog.wording import in_a_sentence, plural


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 files"), (1, "1 file"), (2, "2 files"), (1200, "1,200 files")]
)
def test_the_noun_agrees_with_the_count(count, expected):
    assert plural(count, "file") == expected


def test_an_irregular_plural_is_given():
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Formal complaint", "formal complaint"),
        ("PALS contact", "PALS contact"),
        ("Comment or suggestion", "comment or suggestion"),
        ("A KO41a subject", "a ko41a subject"),
    ],
)
def test_in_a_sentence(label, expected):
    assert in_a_sentence(label) == expected
