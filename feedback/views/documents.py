"""A case's documents: adding one, superseding one, and downloading one.

Documents are reached only through an item the user may see, so a document of another CSC's
item answers 404; files are served only through here, never from MEDIA_URL.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from careprog.access_records import AccessAction, record_access
from careprog.downloads import attachment_response
from careprog.forms.errors import add_service_error
from feedback.forms.documents import DocumentForm, SupersedeForm
from feedback.services.base import ProcessError
from feedback.services.documents import document_add, document_download, document_supersede
from feedback.views.common import get_visible_item


def _item_for(request, reference, permission):
    item = get_visible_item(request, reference)
    if not request.user.has_perm(permission, item):
        raise PermissionDenied
    return item


def add_document(request, reference):
    item = _item_for(request, reference, "feedback.add_document")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_add(
                item=item,
                by=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{document.file_name} added to {item.reference}")
            return redirect("feedback:detail", reference=item.reference_slug)
    return render(request, "feedback/document_add.html", {"item": item, "form": form})


def supersede_document(request, reference, document_id):
    item = _item_for(request, reference, "feedback.supersede_document")
    document = get_object_or_404(item.documents.select_related("uploaded_by"), pk=document_id)
    if request.method != "POST" and document.superseded_at:
        messages.info(request, f"{document.file_name} has already been superseded")
        return redirect("feedback:detail", reference=item.reference_slug)
    form = SupersedeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_supersede(
                document=document, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ProcessError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{document.file_name} marked as superseded")
            return redirect("feedback:detail", reference=item.reference_slug)
    return render(
        request,
        "feedback/document_supersede.html",
        {"item": item, "document": document, "form": form},
    )


@require_GET
def download_document(request, reference, document_id):
    item = _item_for(request, reference, "feedback.view_documents")
    document = get_object_or_404(item.documents.all(), pk=document_id)
    try:
        handle = document_download(document=document, by=request.user)
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    record_access(
        request, AccessAction.DOWNLOADED_DOCUMENT, f"{item.reference}: {document.file_name}"
    )
    return attachment_response(
        handle,
        original_name=document.file_name,
        stored_name=document.file.name,
        content_type=document.file_type,
    )
