from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from careprog.forms.sign_in import SignInForm
from careprog.views import health, home, organisation

core_patterns = (
    [
        path("service-centres/", organisation.csc_list, name="csc_list"),
        path("service-centres/<slug:code>/", organisation.csc_detail, name="csc_detail"),
        path("staff/", organisation.staff_list, name="staff_list"),
        path("staff/lookup/", organisation.staff_lookup, name="staff_lookup"),
    ],
    "careprog",
)

account_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("account/", include(account_patterns)),
    path("", include(core_patterns)),
    path("feedback/", include("feedback.urls")),
    # The survey link sent with a final response: public, single-use, reveals nothing.
    path("", include("feedback.public_urls")),
    path("standards/", include("standards.urls")),
    path("recognition/", include("recognition.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
