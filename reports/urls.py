from django.urls import path

from reports.views import annual, dashboard, ko41a, packs

app_name = "reports"

urlpatterns = [
    path("", packs.index, name="index"),
    path("packs/<int:pk>/", packs.pack_page, name="pack"),
    path("packs/<int:pk>/retry/", packs.retry, name="retry"),
    path("packs/<int:pk>/download/", packs.download, name="download"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("ko41a/", ko41a.ko41a_page, name="ko41a"),
    path("ko41a/<str:year>.csv", ko41a.ko41a_download, name="ko41a_csv"),
    path("annual/", annual.index, name="annual"),
    path("annual/<int:pk>/", annual.report_page, name="annual_report"),
    path("annual/<int:pk>/download/<str:format>/", annual.download, name="annual_download"),
]
