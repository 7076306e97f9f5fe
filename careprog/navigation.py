"""The header navigation: each signed-in user sees the sections their roles may use."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


NAV_ITEMS = [
    NavItem("Home", "home"),
    NavItem("Feedback", "feedback:index", "feedback.use_register"),
    # Logging is what a PALS officer does most: one click from every page.
    NavItem("Log feedback", "feedback:choose_kind", "feedback.log_item"),
    NavItem("Standards", "standards:index", "standards.use_checklists"),
    NavItem("Recognition", "recognition:index", "recognition.use_recognition"),
    NavItem("Reports", "reports:index", "reports.read_board_packs"),
    NavItem("Annual report", "reports:annual", "reports.read_annual_report"),
    NavItem("Service centres", "careprog:csc_list", "careprog.view_staff_directory"),
    NavItem("Staff", "careprog:staff_list", "careprog.view_staff_directory"),
    NavItem("Administration", "admin:index", "careprog.use_admin_site"),
]


def items_for(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name}
        for item in NAV_ITEMS
        if item.permission is None or user.has_perm(item.permission)
    ]


def navigation(request):
    """Template context processor: the header's navigation for the signed-in user."""
    from django.conf import settings

    user = getattr(request, "user", None)
    return {
        "nav_items": items_for(user) if user is not None else [],
        "service_name": settings.SERVICE_NAME,
        "trust_name": settings.TRUST_NAME,
    }
