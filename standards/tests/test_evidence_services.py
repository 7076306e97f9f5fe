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


class TestWithdrawingAfterSignOff:
    @pytest.fixture
    def carried_file(
        self, medicine, medicine_manager, owner, pdf_bytes, evidence_storage, three_standards
    ):
        """A file added last period, signed off, and carried into this period's assessment."""
        from standards.services.assessments import assessment_sign_off
        from standards.tests.factories import make_assessment, ready_to_sign_off, this_period

        earlier = make_assessment(
            csc=medicine, by=medicine_manager, period=this_period().previous()
        )
        line = earlier.lines.order_by("pk").first()
        original = evidence_add_file(
            line=line, by=medicine_manager, upload=SimpleUploadedFile("letter.pdf", pdf_bytes)
        )
        ready_to_sign_off(earlier, by=medicine_manager, owner=owner)
        assessment_sign_off(assessment=earlier, by=medicine_manager)
        make_assessment(csc=medicine, by=medicine_manager)
        return original

    def test_an_administrator_withdraws_a_file_and_its_copies_with_a_reason(
        self, carried_file, administrator, client
    ):
        from standards.services.evidence import evidence_withdraw

        copies = Evidence.objects.filter(file=carried_file.file.name)
        assert copies.count() == 2
        withdrawn = evidence_withdraw(
            evidence=carried_file, by=administrator, reason="It names a patient"
        )
        assert withdrawn == 2
        assert not copies.current().exists()
        assert set(copies.values_list("removed_reason", flat=True)) == {"It names a patient"}
        # Kept, never deleted, and no longer served to anyone.
        client.force_login(administrator)
        for evidence in copies:
            url = f"/standards/evidence/{evidence.pk}/file/"
            assert client.get(url).status_code == 404

    def test_a_reason_is_needed(self, carried_file, administrator):
        from standards.services.evidence import evidence_withdraw

        with pytest.raises(StandardsError) as refused:
            evidence_withdraw(evidence=carried_file, by=administrator, reason=" ")
        assert refused.value.message_dict["reason"] == ["Say why it is being withdrawn"]
        assert Evidence.objects.current().filter(file=carried_file.file.name).count() == 2

    def test_removed_evidence_is_not_served(
        self, line, medicine_manager, pdf_bytes, evidence_storage, client
    ):
        evidence = evidence_add_file(
            line=line, by=medicine_manager, upload=SimpleUploadedFile("a.pdf", pdf_bytes)
        )
        client.force_login(medicine_manager)
        url = f"/standards/evidence/{evidence.pk}/file/"
        assert client.get(url).status_code == 200
        evidence_remove(evidence=evidence, by=medicine_manager)
        assert client.get(url).status_code == 404


class TestNoPatientNumbersInFreeText:
    @pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919"])
    def test_a_note_with_an_nhs_number_is_refused_at_the_field(
        self, line, medicine_manager, number
    ):
        with pytest.raises(StandardsError) as refused:
            evidence_add_note(line=line, by=medicine_manager, text=f"Patient {number} said")
        assert refused.value.message_dict["text"][0].startswith("Take out the NHS number")
        assert not Evidence.objects.exists()

    def test_a_number_that_is_not_an_nhs_number_is_allowed(self, line, medicine_manager):
        note = evidence_add_note(line=line, by=medicine_manager, text="Audit of 9434765918 beds")
        assert note.text == "Audit of 9434765918 beds"
