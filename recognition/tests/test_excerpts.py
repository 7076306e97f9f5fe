"""A compliment's words pass into a thank-you or nomination without who the patient is."""

from datetime import date
from types import SimpleNamespace

import pytest

from recognition.excerpts import EXCERPT_LIMIT, check_compliment_privacy, compliment_excerpt
from recognition.services.base import RecognitionError


def compliment(description, **private):
    details = {
        "summary": "Thanks to Ward 7",
        "patient_name": "",
        "contact_name": "",
        "nhs_number": "",
        "hospital_number": "",
        "contact_phone": "",
        "contact_email": "",
        "contact_address": "",
        "patient_date_of_birth": None,
    }
    details.update(private)
    return SimpleNamespace(description=description, **details)


REALISTIC = compliment(
    "My mother Margaret (Peggy) Example, DOB 14/03/1938, hospital no. RHU45871, of "
    "12 Elm Grove, Southsea PO4 0NX, was in bed 12 on Ward D5. Nurse Zara was wonderful to "
    "her. Her son Derek Example, 07700 900123, derek@example.invalid",
    patient_name="Margaret Example",
    contact_name="Derek Example",
    hospital_number="RHU45871",
    contact_phone="07700 900123",
    contact_email="derek@example.invalid",
    contact_address="12 Elm Grove\nSouthsea\nPO4 0NX",
    patient_date_of_birth=date(1938, 3, 14),
)


class TestComplimentExcerpt:
    @pytest.mark.parametrize(
        "private",
        [
            "Margaret",
            "Example",
            "Derek",
            "14/03/1938",
            "RHU45871",
            "12 Elm Grove",
            "Southsea",
            "PO4 0NX",
            "bed 12",
            "07700 900123",
            "derek@example.invalid",
        ],
    )
    def test_a_realistic_compliment_keeps_nothing_that_identifies_the_patient(self, private):
        assert private not in compliment_excerpt(REALISTIC)

    def test_the_praise_itself_is_kept(self):
        assert "Nurse Zara was wonderful to her" in compliment_excerpt(REALISTIC)

    @pytest.mark.parametrize(
        "private",
        ["943 476 5919", "9434765919", "07700 900123", "alan@example.invalid", "H123456789"],
    )
    def test_numbers_and_email_addresses_are_taken_out_even_if_not_recorded(self, private):
        excerpt = compliment_excerpt(compliment(f"Contact me on {private} any time."))
        assert private not in excerpt

    def test_names_are_matched_as_written_so_ordinary_words_survive(self):
        # A patient called Will Care: "best care" and "will" are not names here.
        item = compliment("Best care I have had. I will come back.", patient_name="Will Care")
        assert compliment_excerpt(item) == "Best care I have had. I will come back."

    def test_short_names_are_left_alone_inside_other_words(self):
        item = compliment("Always kind and patient.", patient_name="Al Bo")
        assert compliment_excerpt(item) == "Always kind and patient."

    def test_a_long_compliment_is_cut_at_a_word(self):
        excerpt = compliment_excerpt(compliment("word " * 200))
        assert len(excerpt) <= EXCERPT_LIMIT
        assert excerpt.endswith("word…")

    def test_with_no_description_the_summary_is_used(self):
        assert compliment_excerpt(compliment("")) == "Thanks to Ward 7"


class TestWhatIsSentIsCheckedAgain:
    def test_a_message_with_a_recorded_detail_typed_back_in_is_refused_at_the_field(self):
        with pytest.raises(RecognitionError) as refused:
            check_compliment_privacy(
                REALISTIC,
                {"message": "Thanks from Derek, who says hello"},
                error=RecognitionError,
            )
        assert (
            "Take out the patient's or contact's details"
            in (refused.value.message_dict["message"][0])
        )

    def test_the_excerpt_itself_passes(self):
        check_compliment_privacy(
            REALISTIC, {"message": compliment_excerpt(REALISTIC)}, error=RecognitionError
        )
