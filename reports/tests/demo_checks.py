"""The demo reports: last month's trust-wide pack is built and ready on first sign-in, and a pack
built from the demo data with `build_board_pack` names every measure and every CSC and nothing
that identifies a patient or the person who contacted the trust. Run from
tests/test_demo_data.py."""

import subprocess
from io import StringIO
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from careprog.models import ClinicalServiceCentre
from feedback.models import FeedbackItem
from reports.measures import MEASURES
from reports.models import BoardPack, PackStatus
from reports.services import pack_file
from reports.spc import analyse


def pdf_text(path: Path) -> str:
    """The PDF's text with every run of whitespace made one space (table cells wrap)."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def one_line(text: str) -> str:
    return " ".join(text.split())


class ReportsDemoChecks:
    """Checks of the demo reports, run on the one demo loaded for every app."""

    def last_month(self):
        return timezone.localdate().replace(day=1) - relativedelta(months=1)

    def test_last_months_trust_wide_pack_is_ready_to_download(self):
        pack = BoardPack.objects.get()
        assert pack.csc is None
        assert pack.month == self.last_month()
        assert pack.status == PackStatus.READY
        assert pack_file(pack).is_file()
        assert pack.snapshot["measures"]

    def test_every_chart_has_two_years_of_points(self):
        """24 months in the pack's charts, none of them empty: enough for the SPC rules, and no
        "fewer than 12 points" warning."""
        measures = BoardPack.objects.get().snapshot["measures"]
        for key in ("complaints_received", "pals_contacts", "compliments"):
            series = measures[key]["series"]
            assert len(series) == 24, key
            assert max(series) == f"{self.last_month():%Y-%m}"
            assert all(value for value in series.values()), (key, series)
        received = list(measures["complaints_received"]["series"].values())
        assert analyse(received, "down").mean == measures["complaints_received"]["mean"]

    def test_a_pack_built_from_the_demo_names_every_measure_and_csc_and_no_patient(self):
        output = StringIO()
        call_command("build_board_pack", "--month", f"{self.last_month():%Y-%m}", stdout=output)
        path = Path(output.getvalue().splitlines()[-1])
        text = pdf_text(path)

        for measure in MEASURES:
            assert measure.name in text, measure.name
        for csc in ClinicalServiceCentre.objects.filter(active=True):
            assert csc.name in text, csc.name

        items = FeedbackItem.objects.all()
        assert items.count() > 800
        for item in items:
            for private in (
                item.patient_name,
                item.contact_name,
                item.contact_email,
                item.contact_phone,
                item.hospital_number,
            ):
                assert not private or private not in text, (item.reference, private)
            if item.nhs_number:
                number = item.nhs_number
                assert number not in text
                assert f"{number[:3]} {number[3:6]} {number[6:]}" not in text
            if item.patient_date_of_birth:
                assert f"{item.patient_date_of_birth:%d %B %Y}" not in text
                assert f"{item.patient_date_of_birth:%d/%m/%Y}" not in text
            assert one_line(item.summary) not in text, item.reference
            if item.description:
                assert one_line(item.description) not in text, item.reference
