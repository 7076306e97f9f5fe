from django.urls import path

from standards.views import checklist, files, lines, matrix, overview

app_name = "standards"

urlpatterns = [
    path("", overview.index, name="index"),
    path("matrix/", matrix.matrix, name="matrix"),
    path("matrix.csv", matrix.matrix_csv, name="matrix_csv"),
    path("overdue/", matrix.overdue, name="overdue"),
    path("csc/<slug:code>/", overview.csc_assessments, name="csc"),
    path("csc/<slug:code>/start/", overview.start, name="start"),
    path("assessments/<int:pk>/", checklist.assessment_page, name="assessment"),
    path("assessments/<int:pk>/sign-off/", checklist.sign_off, name="sign_off"),
    path("assessments/<int:pk>/export.csv", matrix.assessment_csv, name="assessment_csv"),
    path("lines/<int:pk>/", lines.line_page, name="line"),
    path("lines/<int:pk>/rate/", checklist.rate, name="rate"),
    path("lines/<int:pk>/rating/", lines.rate_on_page, name="rate_on_page"),
    path("lines/<int:pk>/details/", lines.update_details, name="line_details"),
    path("lines/<int:pk>/notes/", lines.add_note, name="add_note"),
    path("lines/<int:pk>/links/", lines.add_link, name="add_link"),
    path("lines/<int:pk>/files/", lines.add_file, name="add_file"),
    path("lines/<int:pk>/feedback/", lines.link_item, name="link_item"),
    path("lines/<int:pk>/actions/", lines.add_action, name="add_action"),
    path("evidence/<int:pk>/remove/", lines.remove_evidence, name="remove_evidence"),
    path("evidence/<int:pk>/withdraw/", lines.withdraw_evidence, name="withdraw_evidence"),
    path("evidence/<int:pk>/file/", files.evidence_file, name="evidence_file"),
    path("actions/<int:pk>/done/", lines.complete_action, name="complete_action"),
]
