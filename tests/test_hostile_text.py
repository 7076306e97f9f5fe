"""Every free text a person can type, made hostile, on every page and in every PDF that shows
it (issue 14, output safety). One world is seeded for the module: see tests/hostile_world.py."""

import contextlib
import re
import subprocess
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from feedback.letters.output import letter_pdf
from feedback.letters.render import render_letter
from feedback.models import LetterKind
from recognition.certificates import certificate_pdf
from reports.annual.figures import financial_year_of
from reports.annual.services import (
    annual_report_build,
    annual_report_file,
    annual_report_request,
)
from reports.ko41a import FinancialYear
from reports.services import pack_build, pack_file, pack_request
from standards.services.evidence import evidence_add_link
from tests.hostile_world import (
    HOSTILE,
    IMG,
    LONG_WORD,
    PATIENT_FIELDS,
    RAW_MARKUP,
    SCRIPT,
    TEMPLATE_CODE,
    TEMPLATE_TAG,
    seed,
    tag,
)
from tests.records_for_the_module import records_for_the_module

# One worker runs the whole module, so its records are made once (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("hostile_text")

# Fields a person types that must be among those attacked: if the walk misses one (renamed, or
# never seeded), this says so.
MUST_BE_ATTACKED = [
    "feedback.feedbackitem.summary",
    "feedback.feedbackitem.description",
    "feedback.feedbackitem.patient_name",
    "feedback.feedbackitem.contact_address",
    "feedback.feedbackitem.resolution",
    "feedback.complaintissue.description",
    "feedback.investigationnote.text",
    "feedback.learningaction.action",
    "feedback.staffinvolvement.support_offered",
    "feedback.subject.name",
    "careprog.clinicalservicecentre.name",
    "careprog.staffmember.name",
    "standards.evidence.text",
    "standards.improvementaction.description",
    "recognition.thankyou.message",
    "recognition.nomination.case",
    "recognition.nomination.winner_reason",
    "recognition.scoresheet.comment",
    "recognition.awardround.name",
    "recognition.awardcategory.name",
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One seeding for the module, rolled back at its end."""
    with records_for_the_module(django_db_blocker, seed) as built:
        yield built


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pages(world):
    """(who, url) for every page that shows the attacked text, as someone who may see it."""
    complaint, nomination = world.complaint, world.nomination
    line = world.assessment.lines.order_by("pk").first()
    return [
        (world.pals, reverse("feedback:detail", args=[complaint.reference_slug])),
        (world.pals, reverse("feedback:detail", args=[world.compliment.reference_slug])),
        (world.pals, reverse("feedback:detail", args=[world.pals_contact.reference_slug])),
        (world.pals, reverse("feedback:list")),
        (world.pals, reverse("feedback:index")),
        (world.manager, reverse("feedback:index")),
        (world.manager, reverse("standards:assessment", args=[world.assessment.pk])),
        (world.manager, reverse("standards:line", args=[line.pk])),
        (world.manager, reverse("standards:index")),
        (world.sender, reverse("recognition:wall")),
        (world.sender, reverse("recognition:thank_you", args=[world.thank_you.pk])),
        (world.admin, reverse("recognition:round", args=[world.award_round.pk])),
        (world.admin, reverse("recognition:nomination", args=[nomination.pk])),
        (world.sender, reverse("recognition:index")),
        (world.board, reverse("reports:dashboard")),
        (world.admin, reverse("careprog:staff_list")),
        (world.admin, reverse("careprog:csc_list")),
    ]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def pdf_objects(data: bytes) -> bytes:
    """The PDF with every compressed stream inflated, so link annotations can be searched."""
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream.group(1)))
    return b"\n".join(parts)


def assert_no_markup(html: str, where: str) -> None:
    for markup in RAW_MARKUP:
        assert markup not in html, f"{markup!r} unescaped on {where}"
    assert 'href="javascript:' not in html, f"a javascript: link on {where}"
    # Data run as a template would print the debug tag's dump of the context.
    assert "'False': False" not in html, f"a template tag run on {where}"


def links(data: bytes) -> list[bytes]:
    """Every web address a PDF links to, and any script it would run."""
    objects = pdf_objects(data)
    found = re.findall(rb"/URI\s*\((.*?)\)", objects)
    return found + re.findall(rb"/(?:JavaScript|JS)\b", objects)


def assert_pdf_is_plain_text(data: bytes, world, tmp_path, where: str) -> str:
    """Each attacked field printed in the PDF is followed by the script as text: printed as
    markup, the script would vanish (and a link or image would be made)."""
    flat = " ".join(pdf_text(data, tmp_path).split())
    printed = [m for m in re.finditer(r"\[([a-z_.]+)\]#\d+", flat) if m[1] in world.whole]
    assert printed, f"no attacked field printed in {where}"
    for found in printed:
        after = flat[found.end() : found.end() + 2 * len(SCRIPT)].replace(" ", "")
        assert after.startswith(SCRIPT), f"{found[0]} printed as markup in {where}"
    # The patient's and contact's fields carry the image tag before their tag instead.
    for found in re.finditer(r"\[([a-z_.]+)\]#\d+", flat):
        if found[1] in PATIENT_FIELDS:
            before = flat[: found.start()].replace(" ", "")
            assert before.endswith(IMG.replace(" ", "")), f"{found[0]} printed as markup"
    hostile = [link for link in links(data) if b"x.invalid" in link or b"javascript" in link]
    assert hostile == [], f"a link made from hostile text in {where}"
    return flat


@pytest.mark.django_db
class TestPages:
    def test_the_fields_people_type_are_all_attacked(self, world):
        missing = [label for label in MUST_BE_ATTACKED if label not in world.poisoned]
        assert missing == []

    def test_no_page_shows_hostile_markup_and_each_shows_it_escaped(self, world, client):
        shown = ""
        for user, url in pages(world):
            client.force_login(user)
            response = client.get(url)
            html = response.content.decode()

            assert response.status_code == 200, url
            assert_no_markup(html, url)
            assert escape(SCRIPT) in html, f"no attacked text shown on {url}"
            shown += html
        # Every hostile string reached some page, as text.
        for hostile in HOSTILE:
            assert escape(hostile if hostile != LONG_WORD else LONG_WORD[:200]) in shown, hostile
        assert TEMPLATE_CODE in shown
        assert TEMPLATE_TAG in shown

    def test_a_board_member_sees_no_patient_field(self, world, client):
        client.force_login(world.board)
        html = client.get(reverse("reports:dashboard")).content.decode()

        for label in PATIENT_FIELDS:
            assert tag(label) not in html

    def test_a_javascript_link_is_refused_as_evidence(self, world):
        line = world.assessment.lines.order_by("pk").first()

        with pytest.raises(ValidationError):
            evidence_add_link(line=line, by=world.manager, url="javascript:alert(1)", title="x")


@pytest.mark.django_db
class TestPdfs:
    def test_the_link_check_finds_a_real_link(self):
        # The check below would pass vacuously if WeasyPrint's links were out of its sight.
        from weasyprint import HTML

        data = HTML(string='<p><a href="http://x.invalid/">here</a></p>').write_pdf()

        assert links(data) == [b"http://x.invalid/"]

    def test_a_letter_prints_hostile_text_as_text(self, world, tmp_path):
        letter = render_letter(world.complaint, LetterKind.ACKNOWLEDGEMENT, by=world.pals)

        flat = assert_pdf_is_plain_text(letter_pdf(letter), world, tmp_path, "the letter")
        assert tag("feedback.feedbackitem.summary") in flat

    def test_a_certificate_prints_hostile_text_as_text(self, world, tmp_path):
        flat = assert_pdf_is_plain_text(
            certificate_pdf(world.nomination), world, tmp_path, "the certificate"
        )
        assert tag("careprog.staffmember.name") in flat

    def test_the_board_pack_prints_hostile_text_as_text_and_no_patient(self, world, tmp_path):
        pack, _ = pack_request(month=world.month, queue=False)
        built = pack_build(pack.pk)
        assert built.error == ""

        flat = assert_pdf_is_plain_text(pack_file(built).read_bytes(), world, tmp_path, "the pack")
        for label in PATIENT_FIELDS:
            assert tag(label) not in flat

    def test_the_annual_report_prints_hostile_text_as_text_and_no_patient(self, world, tmp_path):
        year = FinancialYear.starting(financial_year_of(timezone.localdate()) - 1)
        report, _ = annual_report_request(year=year, queue=False)
        built = annual_report_build(report.pk)
        assert built.error == ""

        data = annual_report_file(built).read_bytes()
        flat = assert_pdf_is_plain_text(data, world, tmp_path, "the annual report")
        for label in PATIENT_FIELDS:
            assert tag(label) not in flat
