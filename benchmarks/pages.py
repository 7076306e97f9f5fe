"""What the benchmark asks for, as the people who use each page would ask for it.

Needs Django set up against the seeded database. Each page names who opens it (a PALS officer
handling cases, a CSC's manager, a board member), its URL, and, for the register's lists and
searches, the same question put to the read-only admin change list (benchmarks/admin.py).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from careprog.models import ClinicalServiceCentre, User
from careprog.roles import Role
from feedback.models import FeedbackItem
from feedback.models.choices import Kind, Status

BOARD_USERNAME = "volume-board"
ADMIN_USERNAME = "volume-admin"


@dataclass
class Page:
    name: str
    who: str  # a key of People.cookies
    url: str
    # For the register's lists and searches: the admin change list asked the same question,
    # and the raw SQL floor is measured.
    admin_url: str | None = None
    is_list: bool = False


@dataclass
class People:
    users: dict  # who -> User
    cookies: dict  # who -> session key


def _signed_in(user) -> str:
    """A session for ``user``, stored as a sign-in would store it; returns its key."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs people in (rules' backend only answers permission questions).
    store[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.set_expiry(8 * 60 * 60)
    store.save()
    return store.session_key


def people() -> People:
    first_csc = ClinicalServiceCentre.objects.active().order_by("code").first()
    board, _ = User.objects.get_or_create(
        username=BOARD_USERNAME, defaults={"first_name": "Board", "last_name": "Member"}
    )
    board.groups.add(Group.objects.get(name=Role.BOARD_MEMBER.label))
    admin, _ = User.objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"first_name": "Bench", "last_name": "Admin", "is_staff": True},
    )
    admin.is_superuser = admin.is_staff = True
    admin.save()
    users = {
        "PALS officer": User.objects.get(username="volume-officer-0"),
        "CSC manager": User.objects.get(username=f"volume-manager-{first_csc.code}"),
        "board member": board,
        "admin": admin,
    }
    return People(users=users, cookies={who: _signed_in(user) for who, user in users.items()})


def financial_year_before(today: date) -> tuple[str, date, date]:
    start_year = (today.year if today.month >= 4 else today.year - 1) - 1
    start, end = date(start_year, 4, 1), date(start_year + 1, 3, 31)
    return f"{start_year}-{(start_year + 1) % 100:02d}", start, end


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def deep_key(items: int) -> str:
    """The key of the row that page 2,000 would follow (or a tenth of the way through a
    smaller register): what a Next link that far in carries."""
    offset = min(100_000, items // 10)
    row = FeedbackItem.objects.order_by("-received_on", "-pk").values("received_on", "pk")[offset]
    return f"{row['received_on'].isoformat()}_{row['pk']}", offset // 50 + 1


def example_searches() -> dict:
    """An NHS number and a reference's number part that the register holds."""
    closed = FeedbackItem.objects.filter(kind=Kind.COMPLAINT, status=Status.CLOSED).exclude(
        nhs_number=""
    )
    # Not the first row, whose pages the database may have cached from seeding.
    complaint = closed.order_by("pk")[min(1000, closed.count() // 2)]
    number = complaint.reference.rsplit("/", 1)[1].lstrip("0")
    return {"item": complaint, "nhs_number": complaint.nhs_number, "number": number}


def pages(items: int) -> list[Page]:
    from recognition.models import AwardRound
    from standards.models import Assessment

    today = timezone.localdate()
    year, _, _ = financial_year_before(today)
    month_start, month_end = last_month(today)
    csc = ClinicalServiceCentre.objects.active().order_by("code").first()
    found = example_searches()
    key, page_number = deep_key(items)
    register, admin = (
        reverse("feedback:list"),
        reverse("bench_admin:feedback_feedbackitem_changelist"),
    )
    assessment = Assessment.objects.filter(csc=csc).order_by("-pk").first()

    def listed(name, query, admin_query):
        return Page(name, "PALS officer", register + query, admin + admin_query, is_list=True)

    found_pages = [
        Page("work queue, my cases", "PALS officer", reverse("feedback:index")),
        Page("work queue, everyone's", "PALS officer", reverse("feedback:index") + "?who=all"),
        Page("work queue, a CSC manager", "CSC manager", reverse("feedback:index")),
        listed("register, no filter", "", ""),
        listed(
            "register, one CSC's open complaints",
            f"?kind=complaint&status=under_investigation&csc={csc.code}",
            f"?kind__exact=complaint&status__exact=under_investigation&csc__id__exact={csc.pk}",
        ),
        listed("register, PALS concerns", "?kind=pals", "?kind__exact=pals"),
        listed(
            "register, compliments last month",
            f"?kind=compliment&received_from={month_start}&received_to={month_end}",
            f"?kind__exact=compliment&received_on__gte={month_start}"
            f"&received_on__lt={month_end + timedelta(days=1)}",
        ),
        listed(
            f"register, page {page_number:,}",
            f"?after={key}&page={page_number}",
            f"?p={page_number - 1}",
        ),
        listed("search by word", "?q=wheelchair", "?q=wheelchair"),
        listed("search by NHS number", f"?q={found['nhs_number']}", f"?q={found['nhs_number']}"),
        listed("search by part of a reference", f"?q={found['number']}", f"?q={found['number']}"),
        # Every complaint of two years ago: more matches than the register counts, none of
        # them recent, so the newest-first page walks back past every newer item.
        listed(
            "search, a whole year's complaints",
            f"?q=COMP+{today.year - 2}",
            f"?q=COMP/{today.year - 2}/",
        ),
        Page(
            "item page",
            "PALS officer",
            reverse("feedback:detail", args=[found["item"].reference_slug]),
        ),
        Page("staff list", "PALS officer", reverse("careprog:staff_list")),
        Page("recognition wall", "PALS officer", reverse("recognition:wall")),
        Page("standards matrix", "board member", reverse("standards:matrix")),
        Page("reports dashboard", "board member", reverse("reports:dashboard")),
        Page(f"KO41a page, {year}", "PALS officer", reverse("reports:ko41a") + f"?year={year}"),
        Page(f"KO41a CSV, {year}", "PALS officer", reverse("reports:ko41a_csv", args=[year])),
    ]
    found_pages += [
        Page("board packs", "board member", reverse("reports:index")),
        Page("recognition home", "PALS officer", reverse("recognition:index")),
    ]
    if assessment:
        line = assessment.lines.order_by("pk").first()
        found_pages += [
            Page(
                "standards checklist",
                "CSC manager",
                reverse("standards:assessment", args=[assessment.pk]),
            ),
            Page("a standard's page", "CSC manager", reverse("standards:line", args=[line.pk])),
        ]
    award_round = AwardRound.objects.order_by("-pk").first()
    if award_round:
        found_pages.append(
            Page("award round", "PALS officer", reverse("recognition:round", args=[award_round.pk]))
        )
    return found_pages


def exports() -> dict:
    """The register's CSV export for last financial year and for last month."""
    today = timezone.localdate()
    year, year_start, year_end = financial_year_before(today)
    month_start, month_end = last_month(today)
    export = reverse("feedback:export")
    return {
        f"a year ({year})": f"{export}?received_from={year_start}&received_to={year_end}",
        f"a month ({month_start:%B %Y})": (
            f"{export}?received_from={month_start}&received_to={month_end}"
        ),
    }
