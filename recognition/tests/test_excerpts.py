"""A compliment's words pass into a thank-you without who the patient is."""

from types import SimpleNamespace

import pytest

from recognition.excerpts import EXCERPT_LIMIT, compliment_excerpt


def compliment(description, *, patient_name="", contact_name="", summary="Thanks to Ward 7"):
    return SimpleNamespace(
        description=description,
        summary=summary,
        patient_name=patient_name,
        contact_name=contact_name,
    )


class TestComplimentExcerpt:
    def test_the_patients_and_contacts_names_are_taken_out_whole_and_in_parts(self):
        item = compliment(
            "My father Alan Example was cared for by nurse Zara. Mr Example says thank you. "
            "Love, Jane Doe",
            patient_name="Alan Example",
            contact_name="Jane Doe",
        )
        excerpt = compliment_excerpt(item)
        for private in ("Alan", "Example", "Jane", "Doe"):
            assert private not in excerpt
        assert "nurse Zara" in excerpt

    @pytest.mark.parametrize(
        "private",
        ["943 476 5919", "9434765919", "07700 900123", "alan@example.invalid", "H123456789"],
    )
    def test_numbers_and_email_addresses_are_taken_out(self, private):
        excerpt = compliment_excerpt(compliment(f"Contact me on {private} any time."))
        assert private not in excerpt

    def test_short_names_are_left_alone_inside_other_words(self):
        # "Al" would otherwise cut "Always" in two.
        item = compliment("Always kind and patient.", patient_name="Al Bo")
        assert compliment_excerpt(item) == "Always kind and patient."

    def test_a_long_compliment_is_cut_at_a_word(self):
        excerpt = compliment_excerpt(compliment("word " * 200))
        assert len(excerpt) <= EXCERPT_LIMIT
        assert excerpt.endswith("word…")

    def test_with_no_description_the_summary_is_used(self):
        assert compliment_excerpt(compliment("")) == "Thanks to Ward 7"
