"""The one upload checker: every file staff upload passes check_upload before it is stored.

A file's type is decided by what is inside it, never by its name or the browser's content type,
because the person sending the file chooses both. Refusals raise ValidationError with one of the
codes file_too_large, file_empty, file_type_not_allowed, file_has_macros or file_damaged.
"""

import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
import olefile
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


PDF = FileKind("pdf", "application/pdf", "PDF")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
DOC = FileKind("doc", "application/msword", "Word document")
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet"
)
XLS = FileKind("xls", "application/vnd.ms-excel", "Excel spreadsheet")
PNG = FileKind("png", "image/png", "PNG image")
JPEG = FileKind("jpg", "image/jpeg", "JPEG image")

# A hint for the browser's file picker only; check_upload makes the decision.
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"

# filetype needs no more than this to recognise anything it knows.
HEAD_BYTES = 8192
MEGABYTE = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")

# An animated PNG is still a PNG, so filetype's "apng" is accepted as one.
KINDS_BY_MAGIC = {"pdf": PDF, "png": PNG, "apng": PNG, "jpg": JPEG}

# Office finds a macro project by its content type, whatever the part is called, so a renamed
# vbaProject.bin is still caught by what [Content_Types].xml declares.
MACRO_CONTENT_TYPES = (b"vbaproject", b"macroenabled")
CONTENT_TYPES_READ_LIMIT = 256 * 1024
OLE_MACRO_STORAGES = {"macros", "_vba_project_cur"}

DESCRIPTIONS = {
    "exe": "a Windows program",
    "elf": "a Linux program",
    "wasm": "a WebAssembly program",
    "crx": "a browser extension",
    "deb": "a software package",
    "rpm": "a software package",
    "swf": "a Flash file",
    "rtf": "a Rich Text (RTF) document",
    "ps": "a PostScript file",
    "sqlite": "a database file",
    "dcm": "a DICOM medical image",
    "gif": "a GIF image",
    "webp": "a WebP image",
    "tif": "a TIFF image",
    "bmp": "a BMP image",
    "heic": "a HEIC image (the format iPhones use for photos)",
}
ARCHIVES = {"tar", "rar", "gz", "bz2", "7z", "xz", "Z", "lzo", "lz", "lz4", "br", "zst", "cab"}
# Control characters that text files do not contain (tab, line breaks and escape they can).
NOT_TEXT_BYTES = frozenset(range(9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))


def check_upload(upload, *, max_bytes: int | None = None) -> FileKind:
    """Return the kind of an uploaded file, or raise ValidationError saying what is wrong with it.

    The size comes from upload.size, so an oversized file is refused before it is read.
    """
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = _quoted_name(upload)
    if upload.size > limit:
        raise ValidationError(
            f"{name} is {_megabytes(upload.size, round_up=True)} MB: "
            f"each file must be {_megabytes(limit, round_up=False)} MB or smaller.",
            code="file_too_large",
        )
    if not upload.size:
        raise _empty(name)
    try:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        if not head:
            raise _empty(name)
        return _kind_from_content(upload, head, name)
    finally:
        upload.seek(0)


def stored_name(kind: FileKind) -> str:
    """A random name with the detected extension: the uploader's own name never becomes a path."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


class CheckedFileField(forms.FileField):
    """A file field that accepts only what check_upload accepts and records the kind it found."""

    def __init__(self, *, max_bytes: int | None = None, **kwargs):
        # check_upload says a file is empty in words that name it; Django's message does not.
        kwargs.setdefault("allow_empty_file", True)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        # Only a new upload is checked: an existing stored file was checked when it arrived.
        if isinstance(file, UploadedFile):
            file.checked_kind = check_upload(file, max_bytes=self.max_bytes)
        return file


def _kind_from_content(upload, head: bytes, name: str) -> FileKind:
    if head.startswith(OLE_MAGIC):
        return _ole_kind(upload, name)
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(upload, name)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in KINDS_BY_MAGIC:
        return KINDS_BY_MAGIC[guess.extension]
    raise _not_allowed(name, _describe(guess, head))


def _zip_kind(upload, name: str) -> FileKind:
    """Word and Excel files are ZIP archives; their entry names say which, and whether macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            # Part names in Office files are case-insensitive.
            entries = {entry.lower() for entry in archive.namelist()}
            declared = _read_entry(archive, "[Content_Types].xml").lower()
    except Exception as error:
        # Any failure to parse untrusted bytes means the file cannot be vouched for.
        raise _damaged(name) from error
    if "word/document.xml" in entries:
        kind = DOCX
    elif "xl/workbook.xml" in entries:
        kind = XLSX
    else:
        raise _not_allowed(name, _describe_zip(entries))
    has_vba_part = any(entry.rsplit("/", 1)[-1] == "vbaproject.bin" for entry in entries)
    if has_vba_part or any(marker in declared for marker in MACRO_CONTENT_TYPES):
        raise _has_macros(name, kind)
    return kind


def _read_entry(archive: zipfile.ZipFile, entry: str) -> bytes:
    """Read the start of one entry, never all of it: a small ZIP can expand to gigabytes."""
    match = [info for info in archive.infolist() if info.filename.lower() == entry.lower()]
    if not match:
        return b""
    with archive.open(match[0]) as opened:
        return opened.read(CONTENT_TYPES_READ_LIMIT)


def _describe_zip(entries: set[str]) -> str:
    if "ppt/presentation.xml" in entries:
        return "a PowerPoint presentation"
    if "xl/workbook.bin" in entries:
        return "an Excel binary workbook (.xlsb)"
    if "content.xml" in entries and "mimetype" in entries:
        return "an OpenDocument file (for example from LibreOffice)"
    return "a ZIP archive"


def _ole_kind(upload, name: str) -> FileKind:
    """Legacy Word and Excel files are OLE2 compound files; their stream names say which."""
    try:
        with olefile.OleFileIO(upload) as ole:
            paths = [
                [part.lower() for part in path] for path in ole.listdir(streams=True, storages=True)
            ]
    except Exception as error:
        # Any failure to parse untrusted bytes means the file cannot be vouched for.
        raise _damaged(name) from error
    top_level = {path[0] for path in paths if len(path) == 1}
    if "worddocument" in top_level:
        kind = DOC
    elif top_level & {"workbook", "book"}:
        kind = XLS
    else:
        raise _not_allowed(name, _describe_ole(top_level))
    # Checked at every depth: a workbook embedded in a letter can carry its own macros.
    if any(OLE_MACRO_STORAGES.intersection(path) for path in paths):
        raise _has_macros(name, kind)
    return kind


def _describe_ole(top_level: set[str]) -> str:
    if "encryptedpackage" in top_level:
        return "a password-protected Office file"
    if "powerpoint document" in top_level:
        return "a PowerPoint presentation"
    if any(entry.startswith("__substg1.0_") for entry in top_level):
        return "an Outlook email message"
    return "an Office file of another kind"


def _describe(guess, head: bytes) -> str:
    if guess is None:
        return _describe_unrecognised(head)
    if guess.extension in DESCRIPTIONS:
        return DESCRIPTIONS[guess.extension]
    if guess.extension in ARCHIVES:
        return f"a compressed archive ({guess.extension.upper()})"
    if guess.mime.startswith("image/"):
        return f"an image of another type ({guess.extension.upper()})"
    if guess.mime.startswith("video/"):
        return "a video"
    if guess.mime.startswith("audio/"):
        return "a sound recording"
    if guess.mime.startswith("font/"):
        return "a font"
    return f"a file of another type ({guess.extension.upper()})"


def _describe_unrecognised(head: bytes) -> str:
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html")) or any(
        tag in start for tag in (b"<html", b"<head", b"<body", b"<script")
    ):
        return "a web page (HTML)"
    if b"<svg" in start:
        return "an SVG image"
    if start.startswith(b"<?xml"):
        return "an XML file"
    if not NOT_TEXT_BYTES.intersection(head[:1024]):
        return "plain text"
    return "not a type we recognise"


def _quoted_name(upload) -> str:
    # Only the last part of a path: a File opened from disk is named by its whole path.
    name = os.path.basename(getattr(upload, "name", "") or "")
    return f"“{name}”" if name else "The file"


def _megabytes(size: int, *, round_up: bool) -> str:
    """Size in MB to one decimal; a size is rounded up and a limit down, so one byte over shows."""
    tenths = -(-size * 10 // MEGABYTE) if round_up else size * 10 // MEGABYTE
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}" if tenth else f"{whole}"


def _empty(name: str) -> ValidationError:
    return ValidationError(f"{name} is empty.", code="file_empty")


def _damaged(name: str) -> ValidationError:
    return ValidationError(
        f"{name} could not be opened because it is damaged or incomplete: "
        "save it again and upload the new copy.",
        code="file_damaged",
    )


def _not_allowed(name: str, what: str) -> ValidationError:
    return ValidationError(
        f"{name} is not a PDF, Word, Excel, PNG or JPEG file: its content is {what}. "
        "Files are checked by what is inside them, not by their name.",
        code="file_type_not_allowed",
    )


def _has_macros(name: str, kind: FileKind) -> ValidationError:
    safe_extension = "docx" if kind in (DOC, DOCX) else "xlsx"
    return ValidationError(
        f"{name} contains macros, which are not accepted: "
        f"save it without macros (as .{safe_extension}) and upload it again.",
        code="file_has_macros",
    )
