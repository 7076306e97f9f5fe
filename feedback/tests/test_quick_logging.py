"""Logging at a PALS officer's speed: one click from home to the form for a kind, only what
that kind needs in view, the rest folded away until it holds an answer or an error."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careprog.tests.factories import DepartmentFactory, StaffMemberFactory
from feedback.models import FeedbackItem
from feedback.models.choices import AgeBand, ComplainantStatus, Kind
from feedback.tests.factories import make_item

pytestmark = pytest.mark.django_db


def folded_sections(html: str) -> list[str]:
    """The headings of the sections shown closed."""
    return re.findall(
        r'<details class="nhsuk-details app-form-section">\s*<summary[^>]*><span[^>]*>([^<]+)'
        r" \(optional\)</span>",
        html,
    )


def log(client, kind: str, **answers):
    """Post the logging form for ``kind`` as a browser would: received today, by phone, from
    the patient, with these answers on top."""
    today = timezone.localdate()
    data = {
        "received_on_0": today.day,
        "received_on_1": today.month,
        "received_on_2": today.year,
        "channel": "phone",
        "raised_by": "patient",
        **answers,
    }
    return client.post(reverse("feedback:log", args=[kind]), data)


def headings(html: str) -> list[str]:
    return re.findall(r'<h2 class="nhsuk-heading-m">([^<]+)</h2>', html)


@pytest.fixture(autouse=True)
def reference_data(db):
    # KO41a subjects, tiers, care standards and behaviours, as `make run` loads them.
    call_command("load_reference_data", stdout=StringIO())


@pytest.fixture
def ward(medicine):
    return DepartmentFactory(csc=medicine, name="Ward 7")


@pytest.fixture
def nurse(medicine):
    return StaffMemberFactory(csc=medicine, name="Jo Bloggs")


def test_home_links_straight_to_each_kinds_form(client, pals_officer):
    client.force_login(pals_officer)
    page = client.get(reverse("home")).text
    for kind in Kind.values:
        assert f'href="{reverse("feedback:log", args=[kind])}"' in page


def test_every_page_offers_log_feedback_to_those_who_log(client, pals_officer, board_member):
    client.force_login(pals_officer)
    link = f'href="{reverse("feedback:choose_kind")}"'
    assert link in client.get(reverse("reports:index")).text
    client.force_login(board_member)
    assert link not in client.get(reverse("reports:index")).text


def test_a_compliment_asks_first_only_what_a_compliment_needs(client, pals_officer):
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:log", args=["compliment"])).text

    assert headings(page) == ["About the compliment"]
    assert folded_sections(page) == [
        "Full account and date of the event",
        "Who raised it",
        "Patient",
        "Categories",
    ]
    first = page[: page.index('<details class="nhsuk-details app-form-section">')]
    for name in ("channel", "raised_by", "contact_name", "summary", "csc", "department"):
        assert f'name="{name}"' in first, name
    assert 'name="staff_named"' in first
    for name in ("nhs_number", "patient_name", "subjects", "standards", "behaviours"):
        assert f'name="{name}"' not in first, name
        assert f'name="{name}"' in page, name  # still there, folded away
    # Date received is today unless the officer says otherwise.
    today = timezone.localdate()
    for part, value in enumerate((today.day, today.month, today.year)):
        assert re.search(rf'name="received_on_{part}" type="text" [^>]*value="{value}"', page)


def test_a_pals_contact_folds_the_patient_and_categories_while_at_their_defaults(
    client, pals_officer
):
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:log", args=["pals"])).text
    assert headings(page) == ["About the PALS contact"]
    assert "Patient" in folded_sections(page)
    assert "Who raised it" in folded_sections(page)


def test_a_complaint_keeps_its_statutory_fields_in_view(client, pals_officer):
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:log", args=["complaint"])).text
    assert folded_sections(page) == ["Customer care standards and behaviours"]
    first = page[: page.index('<details class="nhsuk-details app-form-section">')]
    for name in ("nhs_number", "patient_name", "severity", "tier", "consent", "subjects"):
        assert f'name="{name}"' in first, name


def test_a_phone_compliment_is_logged_from_the_first_section_alone(
    client, pals_officer, medicine, ward, nurse
):
    client.force_login(pals_officer)
    today = timezone.localdate()
    response = log(
        client,
        "compliment",
        raised_by="relative",
        summary="Thank you to the night staff on Ward 7",
        csc=medicine.pk,
        department=ward.pk,
        staff_named=[nurse.pk],
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:detail", args=[item.reference_slug])
    assert (item.kind, item.received_on, item.department) == (Kind.COMPLIMENT, today, ward)
    assert list(item.staff_named.all()) == [nurse]


def test_a_folded_section_opens_when_it_holds_an_error_or_an_answer(client, pals_officer, medicine):
    client.force_login(pals_officer)
    response = log(
        client,
        "compliment",
        summary="Kind words",
        csc=medicine.pk,
        nhs_number="123",  # in the folded Patient section: wrong
        contact_phone="01632 960000",  # in the folded Who raised it section: answered
    )
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()
    page = response.text
    assert folded_sections(page) == ["Full account and date of the event", "Categories"]
    assert headings(page) == ["About the compliment", "Who raised it", "Patient"]


class TestWhatFollowsFromOtherAnswers:
    @pytest.mark.parametrize(
        ("born", "band"),
        [
            (date(2009, 3, 11), AgeBand.AGE_0_17),  # 17 the day before their birthday
            (date(2008, 3, 10), AgeBand.AGE_18_64),  # 18 on the day received
            (date(1961, 3, 11), AgeBand.AGE_18_64),
            (date(1961, 3, 10), AgeBand.AGE_65_74),
            (date(1951, 3, 10), AgeBand.AGE_75_84),
            (date(1941, 3, 11), AgeBand.AGE_75_84),
            (date(1941, 3, 10), AgeBand.AGE_85_PLUS),
        ],
    )
    def test_the_age_band_is_the_patients_age_on_the_day_received(self, born, band):
        item = make_item(received_on=date(2026, 3, 10), patient_date_of_birth=born)
        assert item.age_band == band

    def test_an_age_band_the_officer_chose_is_kept(self):
        item = make_item(
            received_on=date(2026, 3, 10),
            patient_date_of_birth=date(1941, 3, 10),
            age_band=AgeBand.AGE_18_64,
        )
        assert item.age_band == AgeBand.AGE_18_64

    def test_without_a_date_of_birth_the_age_band_stays_unknown(self):
        assert make_item(received_on=date(2026, 3, 10)).age_band == AgeBand.UNKNOWN

    @pytest.mark.parametrize(
        ("raised_by", "status"),
        [
            ("patient", ComplainantStatus.PATIENT),
            ("relative", ComplainantStatus.ON_BEHALF),
            ("representative", ComplainantStatus.ON_BEHALF),
            ("mp", ComplainantStatus.ON_BEHALF),
            ("staff", ComplainantStatus.UNKNOWN),
        ],
    )
    def test_the_complainant_status_follows_who_raised_it(self, raised_by, status):
        assert make_item(raised_by=raised_by).complainant_status == status

    def test_a_complainant_status_the_officer_chose_is_kept(self):
        item = make_item(raised_by="staff", complainant_status=ComplainantStatus.ON_BEHALF)
        assert item.complainant_status == ComplainantStatus.ON_BEHALF


def test_each_ward_carries_its_csc_for_the_list_to_follow(client, pals_officer, ward, surgery):
    theatre = DepartmentFactory(csc=surgery, name="Theatre 1")
    client.force_login(pals_officer)
    page = client.get(reverse("feedback:log", args=["compliment"])).text
    assert re.search(r'<select name="department"[^>]*data-follows="csc"', page)
    assert re.search(rf'<option value="{ward.pk}" data-csc="{ward.csc_id}"', page)
    assert re.search(rf'<option value="{theatre.pk}" data-csc="{surgery.pk}"', page)


def test_the_server_still_refuses_a_ward_of_another_csc(client, pals_officer, medicine, surgery):
    theatre = DepartmentFactory(csc=surgery, name="Theatre 1")
    client.force_login(pals_officer)
    response = log(
        client,
        "compliment",
        summary="Kind words",
        csc=medicine.pk,
        department=theatre.pk,
    )
    assert response.status_code == 200
    assert "Department or ward must belong to the Clinical Service Centre" in response.text
    assert not FeedbackItem.objects.exists()


class TestPossibleDuplicates:
    NHS = "9434765919"

    def log_pals(self, client, medicine, nhs_number):
        response = log(
            client,
            "pals",
            summary="Asking about a clinic letter",
            csc=medicine.pk,
            nhs_number=nhs_number,
            # What the browser posts from the folded selects, left at their defaults.
            age_band="unknown",
            complainant_status="unknown",
        )
        return client.get(response.url)  # the page the officer lands on, with its messages

    def warnings(self, response) -> list[str]:
        return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]

    def test_an_open_case_for_the_same_nhs_number_is_named_but_the_item_is_logged(
        self, client, pals_officer, medicine
    ):
        earlier = make_item(csc=medicine, nhs_number=self.NHS)
        client.force_login(pals_officer)
        response = self.log_pals(client, medicine, "943 476 5919")
        assert FeedbackItem.objects.count() == 2  # a warning, not a block
        assert self.warnings(response) == [
            f"Possible duplicate: {earlier.reference} for the same NHS number is still open. "
            "Check it is not the same concern logged twice."
        ]

    def test_closed_cases_other_numbers_and_compliments_are_not_duplicates(
        self, client, pals_officer, medicine
    ):
        make_item(csc=medicine, nhs_number="4010232137")  # another patient
        make_item(kind=Kind.COMPLIMENT, csc=medicine, nhs_number=self.NHS)
        withdrawn = make_item(csc=medicine, nhs_number=self.NHS)
        FeedbackItem.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
        client.force_login(pals_officer)
        response = self.log_pals(client, medicine, self.NHS)
        assert self.warnings(response) == []

    def test_a_manager_is_not_told_of_another_cscs_case(self, client, medicine, surgery):
        from careprog.roles import Role
        from careprog.tests.factories import UserFactory

        make_item(csc=surgery, nhs_number=self.NHS)
        officer = UserFactory(role=Role.PALS_OFFICER)
        client.force_login(officer)
        response = self.log_pals(client, medicine, self.NHS)
        assert len(self.warnings(response)) == 1
        # What a user may see bounds what they are told: a manager never sees Surgery's.
        from feedback.models import FeedbackItem as Items

        manager = UserFactory(role=Role.CSC_MANAGER, cscs=[medicine])
        latest = Items.objects.latest("pk")
        assert not Items.objects.visible_to(manager).possible_duplicates_of(latest).exists()


@pytest.mark.parametrize("kind", ["compliment", "complaint"])
def test_the_form_takes_the_same_queries_however_many_staff_and_wards(
    client, pals_officer, medicine, kind
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(pals_officer)
    url = reverse("feedback:log", args=[kind])
    counts = []
    for _ in range(2):
        for _n in range(15):
            StaffMemberFactory(csc=medicine)
            DepartmentFactory(csc=medicine)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


class TestDuplicatesWhileTyping:
    URL = "feedback:possible_duplicates"

    def test_open_cases_for_the_number_typed_are_listed(self, client, pals_officer, medicine):
        open_case = make_item(csc=medicine, nhs_number="9434765919")
        closed = make_item(csc=medicine, nhs_number="9434765919")
        FeedbackItem.objects.filter(pk=closed.pk).update(status="closed")
        client.force_login(pals_officer)
        page = client.get(reverse(self.URL), {"nhs_number": "943 476 5919"}).text
        assert "Possible duplicate" in page
        assert open_case.reference in page
        assert closed.reference not in page

    @pytest.mark.parametrize("typed", ["", "943 476", "9434765918", "x" * 5000])
    def test_nothing_is_shown_for_a_number_not_valid_yet(
        self, client, pals_officer, medicine, typed
    ):
        make_item(csc=medicine, nhs_number="9434765919")
        client.force_login(pals_officer)
        response = client.get(reverse(self.URL), {"nhs_number": typed})
        assert response.status_code == 200
        assert response.text.strip() == '<div id="possible-duplicates" aria-live="polite"></div>'

    @pytest.mark.parametrize("who", ["medicine_manager", "board_member"])
    def test_only_those_who_log_may_ask(self, client, request, medicine, who):
        make_item(csc=medicine, nhs_number="9434765919")
        client.force_login(request.getfixturevalue(who))
        response = client.get(reverse(self.URL), {"nhs_number": "9434765919"})
        assert response.status_code == 403

    def test_signed_out_is_sent_to_sign_in(self, client):
        response = client.get(reverse(self.URL), {"nhs_number": "9434765919"})
        assert response.status_code == 302
        assert "sign-in" in response.url

    def test_the_same_queries_however_many_cases(self, client, pals_officer, medicine):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(pals_officer)
        counts = []
        for _ in range(2):
            for _n in range(4):
                make_item(csc=medicine, nhs_number="9434765919")
            with CaptureQueriesContext(connection) as queries:
                client.get(reverse(self.URL), {"nhs_number": "9434765919"})
            counts.append(len(queries))
        assert counts[0] == counts[1]

    def test_the_log_form_asks_as_the_number_is_typed_and_the_edit_form_does_not(
        self, client, pals_officer, medicine
    ):
        client.force_login(pals_officer)
        page = client.get(reverse("feedback:log", args=["pals"])).text
        assert f'hx-get="{reverse(self.URL)}"' in page
        assert '<div id="possible-duplicates" aria-live="polite"></div>' in page
        item = make_item(csc=medicine, nhs_number="9434765919")
        edit = client.get(reverse("feedback:edit", args=[item.reference_slug])).text
        assert reverse(self.URL) not in edit
