"""What a built board pack says, read back from the real PDF with pdftotext: every measure, every
CSC, the month and page numbers; "no data" where there is none; the same figures as the snapshot
kept with it; and nothing that identifies a patient or the person who contacted the trust."""

import re
import subprocess
from datetime import date

import pytest

from careprog.tests.factories import ClinicalServiceCentreFactory
from careprog.validators import validate_nhs_number
from feedback.models.choices import Kind, Outcome
from feedback.services import complaints
from feedback.services.learning import learning_action_add, learning_action_complete
from feedback.tests.factories import make_item
from reports.measures import MEASURES, MEASURES_BY_KEY
from reports.models import PackStatus
from reports.services import pack_build, pack_file, pack_request

pytestmark = pytest.mark.django_db

OCTOBER = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(path) -> str:
    """The PDF's text with every run of whitespace made one space (table cells wrap)."""
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def build(month=OCTOBER, csc=None):
    pack, _ = pack_request(month=month, csc=csc, queue=False)
    built = pack_build(pack.pk)
    assert built.status == PackStatus.READY, built.error
    return built, pdf_text(pack_file(built))


def section(text: str, start: str, end: str) -> str:
    """The text of one numbered section (its heading is also in the contents: take the last)."""
    begin = text.rindex(start)
    return text[begin : text.index(end, begin)]


# Who the patients and contacts are: distinctive, so any trace of them in the PDF is found.
ZEBEDEE = {
    "patient_name": "Zebedee Marchbanks",
    "patient_date_of_birth": date(1931, 2, 17),
    "nhs_number": "4010232137",
    "hospital_number": "RHU8842193",
    "contact_name": "Perpetua Quillfeather",
    "contact_email": "perpetua.quillfeather@example.invalid",
    "contact_phone": "07700 900461",
    "contact_address": "14 Larkspur Mews\nEastney\nPO4 0QX",
    "summary": "Mr Marchbanks was left without pain relief on the ward overnight",
    "description": "Perpetua Quillfeather says her father Zebedee Marchbanks (NHS 401 023 2137, "
    "born 17/02/1931) rang his call bell from 2am and nobody came: Xanthic mattress.",
}
IGNATIUS = {
    "patient_name": "Ignatius Pemberton-Vosk",
    "patient_date_of_birth": date(1948, 11, 5),
    "nhs_number": "4857773457",
    "hospital_number": "RHU5521907",
    "contact_name": "Ignatius Pemberton-Vosk",
    "contact_email": "ignatius.pv@example.invalid",
    "contact_phone": "07700 900462",
    "summary": "Could not find the Oriel outpatients car park",
    "description": "Mr Pemberton-Vosk drove round for forty minutes: quokka signage.",
}
CLEMENTINE = {
    "patient_name": "Clementine Ashdown-Byrne",
    "patient_date_of_birth": date(1962, 7, 23),
    "nhs_number": "4723156097",
    "contact_name": "Rufus Ashdown-Byrne",
    "contact_email": "rufus.ab@example.invalid",
    "summary": "Thanks to the night team for Clementine's care",
    "description": "Rufus Ashdown-Byrne writes that the zither-playing nurse calmed his wife.",
}
BARNABY = {
    "patient_name": "Barnaby Thistlewood",
    "patient_date_of_birth": date(1955, 4, 30),
    "nhs_number": "4505577104",
    "contact_name": "Barnaby Thistlewood",
    "summary": "Appointment letter sent to the wrong address",
    "description": "Mr Thistlewood missed his clinic: the letter went to Wombleton Crescent.",
}
PEOPLE = [ZEBEDEE, IGNATIUS, CLEMENTINE, BARNABY]

ZEBEDEE_ACTION = (
    "Following Zebedee Marchbanks's complaint (NHS 401 023 2137), pain scores are now "
    "checked at every ward round and call bells are answered within five minutes."
)
IGNATIUS_ACTION = (
    "Rang Ignatius Pemberton-Vosk on 07700 900462 to apologise: the outpatients car park now "
    "has signs from both entrances."
)


def identifying_values(details: dict) -> list[str]:
    """Everything in an item's details that identifies someone, as it might be printed."""
    values = []
    for key in ("patient_name", "contact_name"):
        if details.get(key):
            values.append(details[key])
            values += [part for part in re.split(r"[\s-]+", details[key]) if len(part) > 2]
    if details.get("nhs_number"):
        number = details["nhs_number"]
        values += [number, f"{number[:3]} {number[3:6]} {number[6:]}"]
    born = details.get("patient_date_of_birth")
    if born:
        values += [
            f"{born:%d/%m/%Y}",
            f"{born:%-d/%-m/%Y}",
            f"{born:%-d %B %Y}",
            f"{born:%d %b %Y}",
            born.isoformat(),
            str(born.year),
        ]
    for key in ("hospital_number", "contact_email", "contact_phone"):
        if details.get(key):
            values.append(details[key])
    values += [line for line in details.get("contact_address", "").splitlines() if line]
    values += [details["summary"], details["description"]]
    return values


@pytest.fixture
def register(medicine, surgery, pals_officer):
    """A month of feedback in three active CSCs (one closed CSC besides), with learning done."""
    women = ClinicalServiceCentreFactory(code="wac", name="Women and Children")
    ClinicalServiceCentreFactory(code="old", name="Closed Rheumatology Unit", active=False)
    for details in PEOPLE:
        validate_nhs_number(details["nhs_number"])  # real, valid NHS numbers

    zebedee = make_item(csc=medicine, received_on=date(2026, 10, 1), by=pals_officer, **ZEBEDEE)
    complaints.complaint_acknowledge(item=zebedee, by=pals_officer, on=date(2026, 10, 2))
    make_item(csc=women, received_on=date(2026, 10, 3), by=pals_officer)  # never acknowledged
    ignatius = make_item(
        kind=Kind.PALS, csc=surgery, received_on=date(2026, 10, 7), by=pals_officer, **IGNATIUS
    )
    make_item(
        kind=Kind.COMPLIMENT, csc=medicine, received_on=date(2026, 10, 9), by=pals_officer,
        **CLEMENTINE,
    )  # fmt: skip

    # Answered in October: a complaint received in September.
    barnaby = make_item(csc=surgery, received_on=date(2026, 9, 10), by=pals_officer, **BARNABY)
    for step in (
        lambda item: complaints.complaint_acknowledge(
            item=item, by=pals_officer, on=date(2026, 9, 11)
        ),
        lambda item: complaints.complaint_start_investigation(item=item, by=pals_officer),
        lambda item: complaints.complaint_record_draft(item=item, by=pals_officer),
        lambda item: complaints.complaint_submit_for_sign_off(item=item, by=pals_officer),
        lambda item: complaints.complaint_sign_off(item=item, by=pals_officer),
        lambda item: complaints.complaint_record_outcome(
            item=item, by=pals_officer, outcome=Outcome.PARTIALLY_UPHELD
        ),
        lambda item: complaints.complaint_send_response(
            item=item, by=pals_officer, on=date(2026, 10, 14)
        ),
    ):
        barnaby = step(barnaby)

    for item, text, done_on in (
        (zebedee, ZEBEDEE_ACTION, date(2026, 10, 20)),
        (ignatius, IGNATIUS_ACTION, date(2026, 10, 28)),
        (barnaby, "Addresses are now checked with the patient at booking.", date(2026, 9, 30)),
    ):
        learning = learning_action_add(
            item=item, by=pals_officer, action=text, owner="Ward manager", due_on=date(2026, 11, 30)
        )
        learning_action_complete(learning=learning, by=pals_officer, done_on=done_on)
    return {"medicine": medicine, "surgery": surgery, "women": women}


class TestTrustWidePack:
    def test_every_measure_every_active_csc_the_month_and_page_numbers(self, register):
        _pack, text = build()
        for measure in MEASURES:
            assert measure.name in text, measure.name
        for name in ("Medicine", "Surgery", "Women and Children"):
            assert name in section(text, "4. Clinical service centres", "5. Customer care"), name
        assert "Closed Rheumatology Unit" not in text  # closed, and not assessed
        assert "Trust-wide: October 2026" in text
        assert "Customer care board pack · Trust-wide: October 2026" in text
        assert "Page 1 of" in text
        pages = int(re.search(r"Page 1 of (\d+)", text)[1])
        assert f"Page {pages} of {pages}" in text
        assert "Version 1, built" in text

    def test_the_explanation_lists_early_resolution_and_the_handling_survey(self, register):
        pack, text = build()
        reading = text[text.rindex("8. Reading the charts") :]
        for key in ("resolved_early", "handling_rating"):
            measure = MEASURES_BY_KEY[key]
            assert f"{measure.name} {measure.definition[:50]}" in reading, key
            assert key in pack.snapshot["measures"]
        # Nothing was resolved early in October (a count: 0); no survey came back (no data).
        assert pack.snapshot["measures"]["resolved_early"]["this_month"] == 0
        assert pack.snapshot["measures"]["handling_rating"]["this_month"] is None

    def test_a_measure_with_no_data_reads_no_data_never_0(self, register):
        pack, text = build()
        measures = pack.snapshot["measures"]
        no_data = {key for key, shown in measures.items() if shown["this_month"] is None}
        # Nothing in the register for these: no assessments, no thank-yous, no award rounds.
        assert {"standards_met_share", "thank_yous", "awards"} <= no_data
        for key in no_data:
            name = MEASURES_BY_KEY[key].name
            if MEASURES_BY_KEY[key].key_measure:
                assert f"{name}: no data" in text
            assert not re.search(rf"{re.escape(name)}:? 0\b", text), name
        recognition = section(text, "7. Staff recognition", "8. Reading the charts")
        assert "Thank-yous sent in October 2026 no data" in recognition
        assert "Award winners announced in October 2026 no data" in recognition
        # ...whereas a count whose source has records is 0 when nothing happened that month.
        assert measures["phso_referrals"]["this_month"] == 0
        assert "Referrals to the Ombudsman 0" in text

    def test_nothing_identifies_a_patient_or_contact_and_the_learning_is_shown_without_them(
        self, register
    ):
        pack, text = build()
        compact = re.sub(r"\s", "", text).lower()
        lowered = text.lower()
        for details in PEOPLE:
            for value in identifying_values(details):
                assert value.lower() not in lowered, value
                assert re.sub(r"\s", "", value).lower() not in compact, value

        learning = section(text, "6. You said, we did", "7. Staff recognition")
        assert "pain scores are now checked at every ward round" in learning
        assert "Following the patient's complaint (NHS [number removed])" in learning
        assert "the outpatients car park now has signs from both entrances" in learning
        # grouped under the item's CSC; September's learning is not October's
        assert learning.index("Medicine") < learning.index("pain scores")
        assert learning.index("Surgery") < learning.index("car park now has signs")
        assert "checked with the patient at booking" not in text
        assert pack.snapshot["learning_actions_completed"] == 2

    def test_the_snapshot_holds_the_figures_the_pdf_prints(self, register):
        pack, text = build()
        measures = pack.snapshot["measures"]
        # What happened in October, worked out by hand:
        assert measures["complaints_received"]["this_month"] == 2
        assert measures["pals_contacts"]["this_month"] == 1
        assert measures["compliments"]["this_month"] == 1
        assert measures["acknowledged_on_time"]["this_month"] == 50.0  # 1 of the 2 due in Oct
        assert measures["upheld_share"]["this_month"] == 100.0
        assert "Complaints received: 2" in text
        assert "PALS contacts: 1" in text
        assert "Compliments: 1" in text
        assert "Acknowledged within 3 working days: 50.0%" in text
        # and every key measure's chart heading prints the snapshot's figure
        for measure in MEASURES:
            if measure.key_measure:
                shown = measure.format(measures[measure.key]["this_month"])
                assert f"{measure.name}: {shown}" in text, measure.name
        days = measures["days_to_respond"]["this_month"]
        assert days is not None
        assert (
            f"Mean working days to respond: {MEASURES_BY_KEY['days_to_respond'].format(days)}"
            in text
        )
        assert pack.snapshot["cscs"]["med"]["complaints_received"] == 1
        assert pack.snapshot["cscs"]["surg"]["pals_contacts"] == 1
        assert sorted(pack.snapshot["cscs"]) == ["med", "surg", "wac"]


class TestCscPack:
    def test_a_csc_pack_holds_only_its_own_csc_s_page(self, register):
        pack, text = build(csc=register["medicine"])
        assert "Customer care board pack · Medicine: October 2026" in text
        assert "Trust-wide" not in text
        pages = section(text, "4. Clinical service centres", "5. Customer care")
        assert "Medicine" in pages
        assert "Surgery" not in pages
        assert "Women and Children" not in pages
        assert sorted(pack.snapshot["cscs"]) == ["med"]
        assert pack.snapshot["scope"] == "med"
        # Medicine's own figures: one complaint and one compliment in October, no PALS contact.
        assert pack.snapshot["measures"]["complaints_received"]["this_month"] == 1
        assert "Complaints received: 1" in text
        assert "PALS contacts: 0" in text
        # Only Medicine's learning: Surgery's car park is not Medicine's pack's business.
        learning = section(text, "6. You said, we did", "7. Staff recognition")
        assert "pain scores are now checked" in learning
        assert "car park" not in learning
        for details in PEOPLE:
            for value in identifying_values(details):
                assert value.lower() not in text.lower(), value
