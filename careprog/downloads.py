"""Sending a stored upload back: one place says how, for every app that keeps files."""

from pathlib import Path

from django.http import FileResponse


def attachment_response(handle, *, original_name: str, stored_name: str, content_type: str):
    """The file as a download: the uploader's name with the extension of what the file really
    is (checked on upload), never rendered by the browser, never kept in a shared cache."""
    filename = Path(original_name).stem + Path(stored_name).suffix
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
