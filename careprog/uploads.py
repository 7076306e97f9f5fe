"""The one upload checker: every file staff upload passes check_upload before it is stored.

A file's type is decided by what is inside it, never by its name or the browser's content type,
because the person sending the file chooses both. Each caller says which kinds it accepts
(EVIDENCE_KINDS unless told otherwise). Refusals raise ValidationError with one of the codes
file_too_large, file_empty, file_type_not_allowed, file_has_macros or file_damaged.
"""

import os
import re
import uuid
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

import filetype
import olefile
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str
    # What a refusal calls this kind when it lists what is allowed ("PDF, Word, Excel...").
    family: str = ""
    # Other extensions the same kind is saved with, offered by the browser's file picker.
    also: tuple[str, ...] = ()


PDF = FileKind("pdf", "application/pdf", "PDF", "PDF")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    "Word",
)
DOC = FileKind("doc", "application/msword", "Word document", "Word")
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel spreadsheet",
    "Excel",
)
XLS = FileKind("xls", "application/vnd.ms-excel", "Excel spreadsheet", "Excel")
EML = FileKind("eml", "message/rfc822", "email", "email")
MSG = FileKind("msg", "application/vnd.ms-outlook", "Outlook email", "email")
PNG = FileKind("png", "image/png", "PNG image", "PNG")
JPEG = FileKind("jpg", "image/jpeg", "JPEG image", "JPEG", also=("jpeg",))

# What standards evidence accepts, and so what a caller that names no kinds gets.
EVIDENCE_KINDS = (PDF, DOC, DOCX, XLS, XLSX, PNG, JPEG)
# The documents of a feedback case: the same, and the emails a complaint arrives in.
DOCUMENT_KINDS = (PDF, DOC, DOCX, XLS, XLSX, EML, MSG, PNG, JPEG)


def accept_for(kinds) -> str:
    """The file picker's hint for these kinds; a hint only, check_upload makes the decision."""
    return ",".join(f".{ext}" for kind in kinds for ext in (kind.extension, *kind.also))


ACCEPT = accept_for(EVIDENCE_KINDS)

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
# Every Outlook item saved as .msg has this stream, beside its __substg1.0_ property streams.
MSG_PROPERTIES_STREAM = "__properties_version1.0"
MSG_PROPERTY_PREFIX = "__substg1.0_"

# An email saved as .eml starts with its header lines (RFC 5322), "Name: value", or a folded
# continuation of the line before; the headers end at the first empty line.
HEADER_LINE = re.compile(rb"[!-9;-~]+:[^\r\n]*|[ \t][^\r\n]*")
EMAIL_HEADERS = {
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"mime-version",
    b"message-id",
    b"received",
    b"return-path",
    b"reply-to",
    b"sender",
    b"delivered-to",
}
# A few header lines can be chance ("Note: ..."); two that every email client writes cannot.
EMAIL_HEADERS_NEEDED = 2
EMAIL_HEADERS_READ_LIMIT = 64 * 1024
UTF8_BOM = b"\xef\xbb\xbf"

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
# How a refusal names a kind this caller does not accept.
KIND_DESCRIPTIONS = {
    EML: "an email (.eml)",
    MSG: "an Outlook email message",
    DOC: "a Word document",
    DOCX: "a Word document",
    XLS: "an Excel spreadsheet",
    XLSX: "an Excel spreadsheet",
}
ARCHIVES = {"tar", "rar", "gz", "bz2", "7z", "xz", "Z", "lzo", "lz", "lz4", "br", "zst", "cab"}
# Control characters that text files do not contain (tab, line breaks and escape they can).
NOT_TEXT_BYTES = frozenset(range(9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))


def check_upload(upload, *, max_bytes: int | None = None, kinds=EVIDENCE_KINDS) -> FileKind:
    """Return the kind of an uploaded file, or raise ValidationError saying what is wrong with it.

    Only ``kinds`` are accepted. The size comes from upload.size, so an oversized file is refused
    before it is read.
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
        return _kind_from_content(upload, head, name, tuple(kinds))
    finally:
        upload.seek(0)


def stored_name(kind: FileKind) -> str:
    """A random name with the detected extension: the uploader's own name never becomes a path."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


@contextmanager
def stored_upload(record, upload, kind: FileKind, path_for):
    """Store ``upload`` under a random name for ``record``'s ``file`` field, then run the block
    that saves the record, in a transaction. If the block fails, the stored file is removed
    again, so nothing is left half-saved: no row without its file, no file without its row."""
    storage = record._meta.get_field("file").storage
    name = storage.save(path_for(record, stored_name(kind)), upload)
    record.file.name = name
    try:
        with transaction.atomic():
            yield
    except BaseException:
        storage.delete(name)
        raise


class CheckedFileField(forms.FileField):
    """A file field that accepts only what check_upload accepts and records the kind it found."""

    def __init__(self, *, max_bytes: int | None = None, kinds=EVIDENCE_KINDS, **kwargs):
        # check_upload says a file is empty in words that name it; Django's message does not.
        kwargs.setdefault("allow_empty_file", True)
        self.max_bytes = max_bytes
        self.kinds = tuple(kinds)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": accept_for(self.kinds)}

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        # Only a new upload is checked: an existing stored file was checked when it arrived.
        if isinstance(file, UploadedFile):
            file.checked_kind = check_upload(file, max_bytes=self.max_bytes, kinds=self.kinds)
        return file


def _kind_from_content(upload, head: bytes, name: str, kinds: tuple) -> FileKind:
    if head.startswith(OLE_MAGIC):
        return _ole_kind(upload, name, kinds)
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(upload, name, kinds)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in KINDS_BY_MAGIC:
        return _allowed(KINDS_BY_MAGIC[guess.extension], name, kinds)
    if guess is None and _is_email(upload, head):
        return _allowed(EML, name, kinds)
    raise _not_allowed(name, _describe(guess, head), kinds)


def _allowed(kind: FileKind, name: str, kinds: tuple) -> FileKind:
    if kind not in kinds:
        raise _not_allowed(name, KIND_DESCRIPTIONS.get(kind, f"a {kind.label}"), kinds)
    return kind


def _is_email(upload, head: bytes) -> bool:
    """Whether the file starts with an email's header lines: every line before the first empty
    one a header, and at least two of the headers every email has."""
    first_line = head.removeprefix(UTF8_BOM).split(b"\n", 1)[0].rstrip(b"\r")
    if first_line[:1] in b" \t" or not HEADER_LINE.fullmatch(first_line):
        return False
    cut_off = False
    if len(head) == HEAD_BYTES:
        # Mail servers put their own headers first: From and Subject can be far down.
        upload.seek(0)
        head = upload.read(EMAIL_HEADERS_READ_LIMIT)
        cut_off = len(head) == EMAIL_HEADERS_READ_LIMIT
    lines = head.removeprefix(UTF8_BOM).splitlines()
    # The last line read may be cut off part way; the headers may go on past it.
    seen = set()
    for line in lines[:-1] if cut_off else lines:
        if not line:
            break
        if NOT_TEXT_BYTES.intersection(line) or not HEADER_LINE.fullmatch(line):
            return False
        if line[:1] not in b" \t":
            seen.add(line.split(b":", 1)[0].lower())
    return len(seen & EMAIL_HEADERS) >= EMAIL_HEADERS_NEEDED


def _zip_kind(upload, name: str, kinds: tuple) -> FileKind:
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
        raise _not_allowed(name, _describe_zip(entries), kinds)
    _allowed(kind, name, kinds)
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


def _ole_kind(upload, name: str, kinds: tuple) -> FileKind:
    """Legacy Word and Excel files and Outlook messages are OLE2 compound files; their top-level
    stream names say which."""
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
    elif MSG_PROPERTIES_STREAM in top_level and any(
        entry.startswith(MSG_PROPERTY_PREFIX) for entry in top_level
    ):
        kind = MSG
    else:
        raise _not_allowed(name, _describe_ole(top_level), kinds)
    _allowed(kind, name, kinds)
    # Checked at every depth: a workbook embedded in a letter, or attached to an Outlook
    # message, can carry its own macros.
    if any(OLE_MACRO_STORAGES.intersection(path) for path in paths):
        raise _has_macros(name, kind)
    return kind


def _describe_ole(top_level: set[str]) -> str:
    if "encryptedpackage" in top_level:
        return "a password-protected Office file"
    if "powerpoint document" in top_level:
        return "a PowerPoint presentation"
    if any(entry.startswith(MSG_PROPERTY_PREFIX) for entry in top_level):
        return "an Outlook file that is not a whole email message"
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


def _not_allowed(name: str, what: str, kinds: tuple) -> ValidationError:
    return ValidationError(
        f"{name} is not a {_families(kinds)} file: its content is {what}. "
        "Files are checked by what is inside them, not by their name.",
        code="file_type_not_allowed",
    )


def _families(kinds: tuple) -> str:
    """'PDF, Word, Excel, PNG or JPEG': each family once, in the order the kinds are given."""
    families = list(dict.fromkeys(kind.family or kind.label for kind in kinds))
    if len(families) == 1:
        return families[0]
    return f"{', '.join(families[:-1])} or {families[-1]}"


def _has_macros(name: str, kind: FileKind) -> ValidationError:
    if kind == MSG:
        return ValidationError(
            f"{name} has an attachment that contains macros, which are not accepted: "
            "save the attachment without macros and upload it on its own.",
            code="file_has_macros",
        )
    safe_extension = "docx" if kind in (DOC, DOCX) else "xlsx"
    return ValidationError(
        f"{name} contains macros, which are not accepted: "
        f"save it without macros (as .{safe_extension}) and upload it again.",
        code="file_has_macros",
    )
