"""Evidence: notes, links, checked files and feedback items, and removing them (never deleting)."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from feedback import reference
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from standards.models import Evidence
from standards.services import evidence as evidence_services
from standards.services.base import StandardsError
from standards.services.evidence import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_note,
    evidence_link_item,
    evidence_remove,
)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Ward 7 patient survey</h1>").write_pdf()


@pytest.fixture
def line(assessment):
    return assessment.lines.order_by("pk").first()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class TestNotesAndLinks:
    def test_a_note_is_kept_with_who_wrote_it(self, line, medicine_manager):
        note = evidence_add_note(line=line, by=medicine_manager, text="  FFT reviewed monthly ")
        assert (note.kind, note.text, note.created_by) == (
            Evidence.Kind.NOTE,
            "FFT reviewed monthly",
            medicine_manager,
        )

    def test_an_empty_note_is_refused_at_the_field(self, line, medicine_manager):
        with pytest.raises(StandardsError) as refused:
            evidence_add_note(line=line, by=medicine_manager, text="   ")
        assert refused.value.message_dict["text"] == ["Write the note before saving it"]
        assert not Evidence.objects.exists()

    def test_a_link_is_kept_with_what_it_shows(self, line, medicine_manager):
        link = evidence_add_link(
            line=line, by=medicine_manager, url="https://intranet.example/fft", title="FFT"
        )
        assert (link.url, link.title) == ("https://intranet.example/fft", "FFT")

    def test_a_link_that_is_not_a_web_address_is_refused(self, line, medicine_manager):
        with pytest.raises(ValidationError):
            evidence_add_link(line=line, by=medicine_manager, url="javascript:alert(1)")
        assert not Evidence.objects.exists()


class TestFiles:
    def test_a_real_pdf_is_stored_under_a_random_name_with_its_details(
        self, line, medicine_manager, pdf_bytes, evidence_storage
    ):
        upload = SimpleUploadedFile("Ward 7 survey.pdf", pdf_bytes, content_type="text/plain")
        evidence = evidence_add_file(
            line=line, by=medicine_manager, upload=upload, description="Survey, October"
        )
        assert evidence.file_name == "Ward 7 survey.pdf"
        assert evidence.file_type == "application/pdf"  # from the content, not the browser
        assert evidence.file_size == len(pdf_bytes)
        assert "Ward 7" not in evidence.file.name
        assert evidence.file.name.startswith("standards/evidence/med/")
        assert evidence.file.name.endswith(".pdf")
        assert Path(evidence_storage, evidence.file.name).read_bytes() == pdf_bytes

    @pytest.mark.parametrize(
        ("name", "content", "says"),
        [
            ("policy.pdf", b"MZ\x90\x00" + b"\x00" * 600, "a Windows program"),
            ("policy.pdf", b"<!DOCTYPE html><html><body>hi</body></html>", "web page"),
        ],
    )
    def test_a_disguised_file_is_refused_and_nothing_is_stored(
        self, line, medicine_manager, evidence_storage, name, content, says
    ):
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        with pytest.raises(ValidationError) as refused:
            evidence_add_file(line=line, by=medicine_manager, upload=upload)
        assert says in refused.value.messages[0]
        assert name in refused.value.messages[0]
        assert not Evidence.objects.exists()
        assert stored_files(evidence_storage) == []

    def test_a_file_over_the_limit_is_refused(
        self, line, medicine_manager, evidence_storage, pdf_bytes, settings
    ):
        settings.UPLOAD_MAX_BYTES = len(pdf_bytes) - 1
        upload = SimpleUploadedFile("big.pdf", pdf_bytes)
        with pytest.raises(ValidationError, match=r"big\.pdf"):
            evidence_add_file(line=line, by=medicine_manager, upload=upload)
        assert stored_files(evidence_storage) == []

    def test_if_the_record_cannot_be_saved_the_stored_file_is_removed(
        self, line, medicine_manager, evidence_storage, pdf_bytes, monkeypatch
    ):
        def failing_save(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(evidence_services, "save_audited", failing_save)
        with pytest.raises(RuntimeError):
            evidence_add_file(
                line=line, by=medicine_manager, upload=SimpleUploadedFile("a.pdf", pdf_bytes)
            )
        assert stored_files(evidence_storage) == []


class TestLinkedFeedback:
    @pytest.fixture
    def complaint(self, medicine, pals_officer, three_standards):
        reference.load()
        return make_item(csc=medicine, by=pals_officer, standards=[three_standards[0]])

    def test_a_complaint_of_the_same_csc_is_linked(self, line, complaint, medicine_manager):
        linked = evidence_link_item(line=line, by=medicine_manager, item=complaint)
        assert (linked.kind, linked.item, linked.title) == (
            Evidence.Kind.ITEM,
            complaint,
            complaint.reference,
        )

    def test_an_item_of_another_csc_is_refused(self, line, surgery, pals_officer, medicine_manager):
        reference.load()
        elsewhere = make_item(csc=surgery, by=pals_officer, kind=Kind.COMPLIMENT)
        with pytest.raises(StandardsError) as refused:
            evidence_link_item(line=line, by=medicine_manager, item=elsewhere)
        assert refused.value.message_dict["reference"] == [
            f"{elsewhere.reference} is about Surgery, not Medicine"
        ]
        assert not Evidence.objects.exists()

    def test_the_same_item_is_linked_once_and_may_be_linked_again_after_removal(
        self, line, complaint, medicine_manager
    ):
        first = evidence_link_item(line=line, by=medicine_manager, item=complaint)
        with pytest.raises(StandardsError, match="is already linked to standard"):
            evidence_link_item(line=line, by=medicine_manager, item=complaint)
        evidence_remove(evidence=first, by=medicine_manager)
        again = evidence_link_item(line=line, by=medicine_manager, item=complaint)
        assert again.pk != first.pk
        assert Evidence.objects.current().get().pk == again.pk


class TestRemoving:
    def test_removed_evidence_is_kept_and_hidden_with_who_removed_it(self, line, medicine_manager):
        note = evidence_add_note(line=line, by=medicine_manager, text="Wrong ward")
        evidence_remove(evidence=note, by=medicine_manager)
        kept = Evidence.objects.get(pk=note.pk)
        assert kept.removed_by == medicine_manager
        assert kept.removed_at is not None
        assert not line.evidence.current().exists()

    def test_removing_twice_is_refused(self, line, medicine_manager, administrator):
        note = evidence_add_note(line=line, by=medicine_manager, text="Wrong ward")
        evidence_remove(evidence=note, by=medicine_manager)
        with pytest.raises(StandardsError, match="already been removed"):
            evidence_remove(evidence=note, by=administrator)
        assert Evidence.objects.get(pk=note.pk).removed_by == medicine_manager

    def test_evidence_is_never_hard_deleted(self, line, medicine_manager):
        from careprog.models import HardDeleteForbidden

        note = evidence_add_note(line=line, by=medicine_manager, text="Keep me")
        with pytest.raises(HardDeleteForbidden):
            note.delete()
        with pytest.raises(HardDeleteForbidden):
            Evidence.objects.all().delete()
