"""The framework: the strategy's five criteria and 45 standards, and what happens to assessments
when an administrator rewords, adds or retires a standard."""

import pytest

from careprog.admin_stale_edits import SEEN_VERSION
from careprog.models import CareCriterion, CareStandard
from careprog.reference.care_standards import STANDARDS
from careprog.tests.admin_pages import seen_version
from standards.models import Rating
from standards.services.assessments import assessment_sign_off
from standards.tests.factories import make_assessment, rate_all, the_45_standards, this_period

ROMAN_UPPER = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
ROMAN_LOWER = [numeral.lower() for numeral in ROMAN_UPPER]


@pytest.mark.django_db
class TestTheStrategysStandards:
    def test_there_are_45_standards_in_five_criteria_11_11_8_8_7(self):
        standards = the_45_standards()
        per_criterion = [
            sum(1 for s in standards if s.criterion.number == number) for number in range(1, 6)
        ]
        assert per_criterion == [11, 11, 8, 8, 7]
        assert len(standards) == 45

    def test_the_numbering_is_the_strategys(self):
        standards = the_45_standards()
        numerals = {
            n: [s.numeral for s in standards if s.criterion.number == n] for n in range(1, 6)
        }
        assert numerals == {
            1: ROMAN_UPPER,
            2: ROMAN_LOWER,
            3: ROMAN_LOWER[:8],
            4: ROMAN_LOWER[:8],
            5: ROMAN_LOWER[:7],
        }

    def test_the_national_criteria_names_stand_beside_the_numbers(self):
        the_45_standards()
        assert list(CareCriterion.objects.values_list("number", "title")) == [
            (1, "Customer Insight"),
            (2, "The Culture of the Organisation"),
            (3, "Information and Access"),
            (4, "Delivery"),
            (5, "Timeliness and Quality of Service"),
        ]

    def test_the_wording_is_the_strategys(self):
        standards = {s.code: s.text for s in the_45_standards()}
        assert standards["1.I"].startswith("The Trust will have in depth understanding")
        assert standards == {f"{n}.{numeral}": text for n, numeral, text in STANDARDS}


class TestFrameworkChanges:
    @pytest.fixture
    def signed_off(self, medicine, medicine_manager, three_standards):
        earlier = make_assessment(
            csc=medicine, by=medicine_manager, period=this_period().previous()
        )
        rate_all(earlier, by=medicine_manager)
        return assessment_sign_off(assessment=earlier, by=medicine_manager)

    def test_rewording_keeps_every_existing_assessments_wording(
        self, signed_off, assessment, three_standards
    ):
        standard = three_standards[0]
        old = standard.text
        standard.text = "Reworded: every patient is greeted by name"
        standard.save()
        for existing in (signed_off, assessment):
            assert existing.lines.get(standard=standard).standard_text == old

    def test_the_next_assessment_takes_the_new_wording(
        self, medicine, medicine_manager, signed_off, three_standards
    ):
        standard = three_standards[0]
        standard.text = "Reworded: every patient is greeted by name"
        standard.save()
        now = make_assessment(csc=medicine, by=medicine_manager)
        assert now.lines.get(standard=standard).standard_text == standard.text

    def test_a_new_standard_joins_assessments_in_progress_not_signed_off_ones(
        self, signed_off, assessment, three_standards
    ):
        added = CareStandard.objects.create(
            criterion=three_standards[0].criterion, numeral="new", position=9, text="New one"
        )
        line = assessment.lines.get(standard=added)
        assert (line.standard_text, line.rating) == ("New one", Rating.NOT_ASSESSED)
        assert not signed_off.lines.filter(standard=added).exists()

    def test_a_retired_standard_stops_counting_in_progress_and_signed_off_ones_keep_it(
        self, signed_off, assessment, three_standards, medicine_manager
    ):
        standard = three_standards[1]
        standard.active = False
        standard.save()
        assert assessment.lines.get(standard=standard).retired
        assert assessment.lines.counted().count() == 2
        assert not signed_off.lines.get(standard=standard).retired
        assert signed_off.lines.counted().count() == 3

    def test_a_standard_brought_back_counts_again(self, assessment, three_standards):
        standard = three_standards[1]
        standard.active = False
        standard.save()
        standard.active = True
        standard.save()
        assert not assessment.lines.get(standard=standard).retired
        assert assessment.lines.filter(standard=standard).count() == 1

    def test_a_retired_standard_is_not_in_the_next_assessment(
        self, medicine, medicine_manager, signed_off, three_standards
    ):
        standard = three_standards[1]
        standard.active = False
        standard.save()
        now = make_assessment(csc=medicine, by=medicine_manager)
        assert not now.lines.filter(standard=standard).exists()
        assert now.lines.count() == 2


class TestAdministratorsManageTheFramework:
    def test_an_administrator_adds_and_rewords_standards_in_the_admin(
        self, client, administrator, assessment, three_standards
    ):
        client.force_login(administrator)
        standard = three_standards[0]
        old_text = assessment.lines.get(standard=standard).standard_text
        url = f"/admin/careprog/carestandard/{standard.pk}/change/"
        response = client.post(
            url,
            {
                "criterion": standard.criterion_id,
                "numeral": standard.numeral,
                "position": standard.position,
                "text": "Reworded by the administrator",
                "active": "on",
                SEEN_VERSION: seen_version(
                    client.get(f"/admin/careprog/carestandard/{standard.pk}/change/")
                ),
            },
        )
        assert response.status_code == 302
        added = client.post(
            "/admin/careprog/carestandard/add/",
            {
                "criterion": standard.criterion_id,
                "numeral": "xii",
                "position": 12,
                "text": "A twelfth standard",
                "active": "on",
            },
        )
        assert added.status_code == 302
        assert CareStandard.objects.get(pk=standard.pk).text == "Reworded by the administrator"
        assert assessment.lines.get(standard=standard).standard_text == old_text
        assert assessment.lines.filter(standard__numeral="xii").count() == 1

    def test_a_pals_officer_cannot_change_the_framework(
        self, client, pals_officer, three_standards
    ):
        client.force_login(pals_officer)
        response = client.get(f"/admin/careprog/carestandard/{three_standards[0].pk}/change/")
        assert response.status_code == 302  # the admin's own sign-in page
