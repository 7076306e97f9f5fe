"""Nominations: the window, one category per nominee, no self-nomination, the word limit,
nominations on behalf of the public, and consent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from careprog.tests.factories import DepartmentFactory, StaffMemberFactory
from recognition.models import Consent, Nomination
from recognition.services.base import RecognitionError
from recognition.services.nominations import (
    nomination_make,
    nomination_record_consent,
    word_count,
)
from recognition.tests.factories import colleague_user, open_round


@pytest.fixture
def chair(administrator):
    return administrator


@pytest.fixture
def award_round(chair):
    return open_round(chair=chair, word_limit=10)


@pytest.fixture
def best_care(award_round):
    return award_round.categories.get(name="Best Care")


@pytest.fixture
def nominator(medicine):
    return colleague_user(medicine, name="Sam Okafor")


@pytest.fixture
def nurse(medicine):
    return StaffMemberFactory(csc=medicine, name="Zara Reid")


def nominate(by, award_round, category, *, today=None, **details):
    details.setdefault("case", "Zara stayed with a frightened patient all night.")
    return nomination_make(
        by=by, award_round=award_round, category=category, today=today, **details
    )


class TestTheWindow:
    def test_the_first_and_last_days_are_in_the_window(
        self, nominator, award_round, best_care, nurse, medicine
    ):
        opens, closes = award_round.nominations_open_on, award_round.nominations_close_on
        nominate(nominator, award_round, best_care, nominee=nurse, today=opens)
        other = StaffMemberFactory(csc=medicine)
        nominate(nominator, award_round, best_care, nominee=other, today=closes)
        assert Nomination.objects.count() == 2

    @pytest.mark.parametrize("days", [-1, 1])
    def test_the_day_before_it_opens_and_after_it_closes_are_refused(
        self, nominator, award_round, best_care, nurse, days
    ):
        edge = award_round.nominations_open_on if days < 0 else award_round.nominations_close_on
        with pytest.raises(RecognitionError, match=r"Nominations for .* are taken from"):
            nominate(nominator, award_round, best_care, nominee=nurse, today=edge + timedelta(days))
        assert not Nomination.objects.exists()


class TestWhoMayBeNominated:
    def test_a_colleague_is_nominated_pending_their_consent(
        self, nominator, award_round, best_care, nurse, medicine
    ):
        nomination = nominate(nominator, award_round, best_care, nominee=nurse)
        assert (nomination.nominee, nomination.csc, nomination.consent) == (
            nurse,
            medicine,
            Consent.PENDING,
        )
        assert nomination.nominated_by == nominator

    def test_you_cannot_nominate_yourself(self, nominator, award_round, best_care):
        with pytest.raises(RecognitionError) as refused:
            nominate(nominator, award_round, best_care, nominee=nominator.staff_member)
        assert "You cannot nominate yourself" in refused.value.message_dict["nominee"][0]
        assert not Nomination.objects.exists()

    def test_a_nominee_is_nominated_in_one_category_a_round(
        self, nominator, award_round, best_care, nurse, medicine
    ):
        nominate(nominator, award_round, best_care, nominee=nurse)
        someone_else = colleague_user(medicine)
        best_people = award_round.categories.get(name="Best People")
        with pytest.raises(RecognitionError) as refused:
            nominate(someone_else, award_round, best_people, nominee=nurse)
        assert refused.value.message_dict["nominee"] == [
            f"Zara Reid is already nominated in {award_round}: each nominee can be nominated in "
            "one category a round"
        ]
        assert Nomination.objects.count() == 1

    def test_a_team_is_nominated_in_one_category_a_round_too(
        self, nominator, award_round, best_care, medicine
    ):
        ward = DepartmentFactory(csc=medicine, name="Ward 7")
        nominate(nominator, award_round, best_care, team=ward)
        with pytest.raises(RecognitionError, match="Ward 7 is already nominated"):
            nominate(nominator, award_round, best_care, team=ward)

    def test_the_same_nominee_may_be_nominated_in_another_round(
        self, nominator, award_round, best_care, nurse, chair
    ):
        nominate(nominator, award_round, best_care, nominee=nurse)
        later = open_round(chair=chair, name="Another round")
        nominate(nominator, later, later.categories.first(), nominee=nurse)
        assert Nomination.objects.filter(nominee=nurse).count() == 2

    def test_a_category_of_another_round_is_refused(self, nominator, award_round, nurse, chair):
        elsewhere = open_round(chair=chair, name="Another round").categories.first()
        with pytest.raises(RecognitionError, match="Choose a category of"):
            nominate(nominator, award_round, elsewhere, nominee=nurse)


class TestTheCase:
    def test_a_case_at_the_word_limit_is_taken_and_one_word_over_is_refused(
        self, nominator, award_round, best_care, nurse, medicine
    ):
        ten = "one two three four five six seven eight nine ten"
        nominate(nominator, award_round, best_care, nominee=nurse, case=ten)
        with pytest.raises(RecognitionError) as refused:
            nominate(
                nominator,
                award_round,
                best_care,
                nominee=StaffMemberFactory(csc=medicine),
                case=ten + " eleven",
            )
        assert refused.value.message_dict["case"] == [
            "The case must be 10 words or fewer (it has 11)"
        ]

    def test_an_empty_case_is_refused(self, nominator, award_round, best_care, nurse):
        with pytest.raises(RecognitionError) as refused:
            nominate(nominator, award_round, best_care, nominee=nurse, case="  ")
        assert refused.value.message_dict["case"] == ["Say why they deserve the award"]

    @pytest.mark.parametrize(
        ("text", "words"),
        [("", 0), ("Zara's kindness", 2), ("well-known, caring  nurse", 3), ("A&E nurse/carer", 2)],
    )
    def test_words_are_counted_as_the_forms_counter_counts_them(self, text, words):
        assert word_count(text) == words


class TestOnBehalfOfThePublic:
    def test_a_pals_officer_keeps_the_name_and_contact_of_a_patient_nominating(
        self, pals_officer, award_round, best_care, nurse
    ):
        nomination = nominate(
            pals_officer,
            award_round,
            best_care,
            nominee=nurse,
            on_behalf_of_name="Mrs J. Example",
            on_behalf_of_contact="07700 900123",
        )
        assert (nomination.on_behalf_of_name, nomination.on_behalf_of_contact) == (
            "Mrs J. Example",
            "07700 900123",
        )

    def test_a_name_without_a_contact_is_refused(self, pals_officer, award_round, best_care, nurse):
        with pytest.raises(RecognitionError) as refused:
            nominate(
                pals_officer, award_round, best_care, nominee=nurse, on_behalf_of_name="Mrs J."
            )
        assert "on_behalf_of_contact" in refused.value.message_dict
        assert not Nomination.objects.exists()


class TestConsent:
    def test_consent_is_recorded_with_who_and_when(
        self, nominator, award_round, best_care, nurse, chair
    ):
        nomination = nominate(nominator, award_round, best_care, nominee=nurse)
        recorded = nomination_record_consent(nomination=nomination, by=chair, given=True)
        assert (recorded.consent, recorded.consent_recorded_by) == (Consent.GIVEN, chair)
        assert recorded.consent_recorded_on == timezone.localdate()
        declined = nomination_record_consent(nomination=nomination, by=chair, given=False)
        assert declined.consent == Consent.DECLINED


class TestAfterTheResults:
    def test_publishing_closes_the_round_to_nominations(
        self, nominator, award_round, best_care, nurse, chair, medicine
    ):
        from recognition.services.panel import (
            nomination_pick_winner,
            nomination_shortlist,
            round_publish_results,
        )

        first = nominate(nominator, award_round, best_care, nominee=nurse)
        nomination_record_consent(nomination=first, by=chair, given=True)
        nomination_shortlist(nomination=first, by=chair)
        nomination_pick_winner(nomination=first, by=chair, reason="The chair's call")
        round_publish_results(award_round=award_round, by=chair, email_certificates=False)
        with pytest.raises(RecognitionError, match="it takes no more nominations"):
            nominate(nominator, award_round, best_care, nominee=StaffMemberFactory(csc=medicine))


class TestWhoIsYourself:
    def test_a_user_not_linked_to_the_directory_is_known_by_their_email(
        self, award_round, best_care, medicine
    ):
        from careprog.tests.factories import UserFactory

        person = StaffMemberFactory(csc=medicine, email="sam.okafor@nhs.invalid")
        unlinked = UserFactory(email="Sam.Okafor@nhs.invalid")
        with pytest.raises(RecognitionError, match="You cannot nominate yourself"):
            nominate(unlinked, award_round, best_care, nominee=person)


class TestFromACompliment:
    def test_only_someone_the_compliment_names_is_nominated_from_it(
        self, nominator, award_round, best_care, nurse, medicine, pals_officer
    ):
        from feedback import reference
        from feedback.models.choices import Kind
        from feedback.tests.factories import make_item

        reference.load()
        item = make_item(kind=Kind.COMPLIMENT, csc=medicine, staff_named=[nurse], by=pals_officer)
        stranger = StaffMemberFactory(csc=medicine)
        with pytest.raises(RecognitionError, match=f"Nominate someone {item.reference} names"):
            nominate(nominator, award_round, best_care, nominee=stranger, compliment=item)
        made = nominate(nominator, award_round, best_care, nominee=nurse, compliment=item)
        assert made.compliment == item
        assert item.events.filter(action="recognised").exists()

    def test_a_case_carrying_the_patients_name_is_refused(
        self, nominator, award_round, best_care, nurse, medicine, pals_officer
    ):
        from feedback import reference
        from feedback.models.choices import Kind
        from feedback.tests.factories import make_item

        reference.load()
        item = make_item(
            kind=Kind.COMPLIMENT,
            csc=medicine,
            staff_named=[nurse],
            patient_name="Alan Example",
            by=pals_officer,
        )
        with pytest.raises(RecognitionError) as refused:
            nominate(
                nominator,
                award_round,
                best_care,
                nominee=nurse,
                compliment=item,
                case="Zara looked after Alan Example all night.",
            )
        assert "case" in refused.value.message_dict
        assert not Nomination.objects.exists()
