"""careprog's pages, and the benchmark's read-only admin at /bench-admin/."""

from django.urls import include, path

from benchmarks.admin import bench_admin

urlpatterns = [
    path("bench-admin/", bench_admin.urls),
    path("", include("careprog.urls")),
]
