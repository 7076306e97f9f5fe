"""The type-ahead staff picker: what the server makes of what was typed or picked."""

import json

import pytest
from django import forms
from django.urls import reverse

from careprog.forms import StaffPickerField
from careprog.forms.pickers import staff_label
from careprog.tests.factories import StaffMemberFactory


class OwnerForm(forms.Form):
    owner = StaffPickerField(label="Owner")


class OptionalOwnerForm(forms.Form):
    owner = StaffPickerField(label="Owner", required=False)


@pytest.fixture
def people(medicine):
    return {
        "zara": StaffMemberFactory(csc=medicine, name="Zara Reid", email="zara.reid@nhs.invalid"),
        "jo1": StaffMemberFactory(csc=medicine, name="Jo Smith", email="jo.smith1@nhs.invalid"),
        "jo2": StaffMemberFactory(csc=medicine, name="Jo Smith", email="jo.smith2@nhs.invalid"),
        "left": StaffMemberFactory(csc=medicine, name="Len Left", active=False),
    }


def chosen(data):
    form = OwnerForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data["owner"]


def error(data) -> str:
    form = OwnerForm(data)
    assert not form.is_valid()
    return form.errors["owner"][0]


@pytest.mark.django_db
class TestWhatWasTyped:
    def test_a_picked_person_is_taken_by_id_when_the_text_is_still_their_label(self, people):
        jo = people["jo2"]
        assert chosen({"owner": staff_label(jo), "owner_id": str(jo.pk)}) == jo

    def test_an_id_whose_text_was_typed_over_is_ignored(self, people):
        jo = people["jo2"]
        assert chosen({"owner": "zara", "owner_id": str(jo.pk)}) == people["zara"]

    @pytest.mark.parametrize(
        "typed", ["Zara Reid", "zara", "reid zara", "ZARA R", "zara.reid@nhs.invalid"]
    )
    def test_one_match_by_name_words_or_email_is_taken(self, people, typed):
        assert chosen({"owner": typed}) == people["zara"]

    def test_two_people_of_the_same_name_are_both_listed_with_their_emails(self, people):
        message = error({"owner": "Jo Smith"})
        assert message.startswith("2 people match “Jo Smith”")
        assert "jo.smith1@nhs.invalid" in message
        assert "jo.smith2@nhs.invalid" in message

    def test_the_whole_label_names_one_person(self, people):
        zara = people["zara"]
        assert chosen({"owner": staff_label(zara)}) == zara

    def test_two_people_of_the_same_name_job_and_csc_have_different_labels(self, people):
        jo1, jo2 = people["jo1"], people["jo2"]
        assert staff_label(jo1) != staff_label(jo2)
        assert chosen({"owner": staff_label(jo2)}) == jo2

    def test_no_match_is_said_plainly(self, people):
        assert error({"owner": "Nobody"}) == (
            "No one in the staff directory matches “Nobody”: check the spelling, or type "
            "their email address"
        )

    def test_people_who_have_left_are_never_chosen(self, people):
        left = people["left"]
        assert error({"owner": "Len Left"}).startswith("No one in the staff directory matches")
        assert error({"owner": staff_label(left), "owner_id": str(left.pk)}).startswith(
            "No one in the staff directory matches"
        )

    def test_nothing_typed_is_required_or_empty(self, people):
        assert error({"owner": "  "}) == "Enter the name or email of a member of staff"
        form = OptionalOwnerForm({"owner": ""})
        assert form.is_valid()
        assert form.cleaned_data["owner"] is None


@pytest.mark.django_db
class TestRendering:
    def test_the_input_carries_what_the_script_needs_and_shows_the_label(self, people):
        zara = people["zara"]
        html = str(OwnerForm(initial={"owner": zara})["owner"])
        assert 'data-module="app-picker"' in html
        assert f'data-picker-source="{reverse("careprog:staff_lookup")}"' in html
        assert 'data-picker-id-field="owner_id"' in html
        assert f'data-picker-chosen-id="{zara.pk}"' in html
        assert f'value="{staff_label(zara)}"' in html

    def test_a_refused_entry_is_shown_again_as_typed(self, people):
        form = OwnerForm({"owner": "Jo Smith"})
        form.is_valid()
        assert 'value="Jo Smith"' in str(form["owner"])


class TestLookup:
    def test_a_signed_out_visitor_is_told_nothing(self, client, people):
        response = client.get(reverse("careprog:staff_lookup"), {"q": "smith"})
        assert response.status_code == 302  # to sign in: every page needs it
        assert "sign-in" in response.url
        assert b"Smith" not in response.content
        assert b"results" not in response.content

    def test_suggestions_are_active_people_matching_every_word(self, client, pals_officer, people):
        client.force_login(pals_officer)
        response = client.get(reverse("careprog:staff_lookup"), {"q": "smith jo"})
        results = json.loads(response.content)["results"]
        assert sorted(r["id"] for r in results) == sorted([people["jo1"].pk, people["jo2"].pk])
        assert results[0]["label"] == "Jo Smith, Staff Nurse (Medicine), jo.smith1@nhs.invalid"

    def test_at_most_ten_suggestions_in_a_few_queries_whatever_the_directory(
        self, client, pals_officer, medicine, django_assert_max_num_queries
    ):
        StaffMemberFactory.create_batch(25, csc=medicine, name="Sam Example")
        client.force_login(pals_officer)
        with django_assert_max_num_queries(4):
            response = client.get(reverse("careprog:staff_lookup"), {"q": "sam"})
        assert len(json.loads(response.content)["results"]) == 10
