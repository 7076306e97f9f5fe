"""The recognition pages as staff use them: what the compliment pages prefill, refusals at the
field, and what a nominator may know before the results."""

import pytest
from django.urls import reverse

from careprog.models import ExpectedBehaviour
from careprog.reference.loaders import load_care_standards
from careprog.tests.factories import StaffMemberFactory
from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition.models import ThankYou
from recognition.services.nominations import nomination_make, nomination_record_consent
from recognition.services.panel import nomination_pick_winner, nomination_shortlist
from recognition.tests.factories import colleague_user, open_round


@pytest.fixture
def nurse(medicine):
    return StaffMemberFactory(csc=medicine, name="Zara Reid")


@pytest.fixture
def compliment(medicine, nurse, pals_officer):
    reference.load()
    return make_item(
        kind=Kind.COMPLIMENT,
        csc=medicine,
        staff_named=[nurse],
        patient_name="Alan Example",
        description="Alan Example was cared for by Zara Reid on Ward 7, bed 4. Wonderful.",
        by=pals_officer,
    )


class TestComplimentPrefill:
    def test_the_thank_you_page_offers_the_words_without_the_patient(
        self, client, pals_officer, compliment
    ):
        client.force_login(pals_officer)
        page = client.get(reverse("recognition:from_compliment", args=[compliment.reference_slug]))
        message = page.context["form"].initial["message"]
        assert "Wonderful" in message
        assert "Alan" not in message
        assert "bed 4" not in message

    def test_the_nomination_page_offers_the_words_without_the_patient(
        self, client, pals_officer, compliment, administrator
    ):
        award_round = open_round(chair=administrator)
        client.force_login(pals_officer)
        url = reverse("recognition:nominate", args=[award_round.pk])
        page = client.get(url, {"compliment": compliment.reference_slug})
        case = page.context["form"].initial["case"]
        assert "Wonderful" in case
        assert "Alan" not in case


class TestRefusalsAtTheField:
    def test_a_behaviour_of_another_value_is_told_at_the_field(self, client, medicine, nurse):
        load_care_standards()
        people = ExpectedBehaviour.objects.filter(value="best_people").first()
        sender = colleague_user(medicine)
        client.force_login(sender)
        response = client.post(
            reverse("recognition:thank"),
            {
                "who": "person",
                "person": nurse.email,
                "value": "best_care",
                "behaviour": people.pk,
                "message": "Thank you",
                "show_sender": "yes",
            },
        )
        assert response.status_code == 200
        assert "is a Best People behaviour" in str(response.context["form"].errors["behaviour"])
        assert not ThankYou.objects.exists()

    def test_thanking_yourself_is_told_at_the_colleague_field(self, client, medicine):
        sender = colleague_user(medicine)
        client.force_login(sender)
        response = client.post(
            reverse("recognition:thank"),
            {
                "who": "person",
                "person": sender.staff_member.email,
                "value": "best_care",
                "message": "Thank you, me",
                "show_sender": "yes",
            },
        )
        assert "You cannot thank yourself" in str(response.context["form"].errors["person"])

    def test_line_breaks_count_once_as_the_counter_counts_them(self, client, medicine, nurse):
        sender = colleague_user(medicine)
        client.force_login(sender)
        message = ("x" * 9 + "\r\n") * 55  # 550 characters as counted, 605 as sent
        client.post(
            reverse("recognition:thank"),
            {
                "who": "person",
                "person": nurse.email,
                "value": "best_care",
                "message": message,
                "show_sender": "yes",
            },
        )
        assert ThankYou.objects.get().message == message.replace("\r\n", "\n").strip()


class TestBeforeTheResults:
    def test_a_nominator_does_not_see_who_is_shortlisted_or_has_won(
        self, client, medicine, nurse, administrator
    ):
        award_round = open_round(chair=administrator)
        nominator = colleague_user(medicine)
        nomination = nomination_make(
            by=nominator,
            award_round=award_round,
            category=award_round.categories.first(),
            nominee=nurse,
            case="Kind.",
        )
        nomination_record_consent(nomination=nomination, by=administrator, given=True)
        nomination_shortlist(nomination=nomination, by=administrator)
        nomination_pick_winner(nomination=nomination, by=administrator, reason="Secret reason")
        client.force_login(nominator)
        round_page = client.get(reverse("recognition:round", args=[award_round.pk])).text
        own_page = client.get(reverse("recognition:nomination", args=[nomination.pk])).text
        for text in (round_page, own_page):
            assert "Winner" not in text
            assert "Shortlisted" not in text
        assert "Secret reason" not in own_page
