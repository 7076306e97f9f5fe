from django.urls import path

from feedback.views import (
    actions,
    documents,
    early,
    handlers,
    issues,
    item,
    letters,
    logging,
    plan,
    queue,
    register,
    reminders,
    staff,
    surveys,
)

app_name = "feedback"

urlpatterns = [
    path("", queue.work_queue_page, name="index"),
    path("items/", register.item_list, name="list"),
    path("items/export.csv", register.item_export, name="export"),
    path("log/", logging.choose_kind, name="choose_kind"),
    path("log/duplicates/", logging.possible_duplicates, name="possible_duplicates"),
    path("log/<slug:kind>/", logging.log_item, name="log"),
    # Before "<slug:reference>/", which would take "reminders" for a reference.
    path("reminders/", reminders.digest_setting_page, name="reminders"),
    path("<slug:reference>/", item.item_detail, name="detail"),
    path("<slug:reference>/edit/", item.item_edit, name="edit"),
    path("<slug:reference>/notes/", actions.add_note, name="add_note"),
    path("<slug:reference>/learning/", actions.add_learning, name="add_learning"),
    path(
        "<slug:reference>/learning/<int:learning_id>/done/",
        actions.complete_learning,
        name="complete_learning",
    ),
    path("<slug:reference>/documents/add/", documents.add_document, name="add_document"),
    path(
        "<slug:reference>/documents/<int:document_id>/",
        documents.download_document,
        name="download_document",
    ),
    path(
        "<slug:reference>/documents/<int:document_id>/supersede/",
        documents.supersede_document,
        name="supersede_document",
    ),
    path(
        "<slug:reference>/case-handler/",
        handlers.assign_case_handler,
        name="assign_case_handler",
    ),
    # The NHS Complaint Standards: each module's own pages, before the catch-all action path.
    *early.urlpatterns,
    *issues.urlpatterns,
    *plan.urlpatterns,
    *staff.urlpatterns,
    *letters.urlpatterns,
    *surveys.urlpatterns,
    *reminders.urlpatterns,
    path("<slug:reference>/<slug:action>/", actions.item_action, name="action"),
]
