"""The reports pages: who reaches what, what each user is offered and shown, asking for a pack
and following it, downloading it, the dashboard's choices and the KO41a page and file."""

import csv
import hashlib
import io
import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from careprog.models import AccessAction, AccessRecord
from careprog.roles import Role
from careprog.tests.factories import ClinicalServiceCentreFactory, UserFactory
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from reports.ko41a import CLINICAL_TREATMENT_NOTE, FinancialYear, Section
from reports.measures import MEASURES, MEASURES_BY_KEY
from reports.models import BoardPack, PackDownload, PackStatus
from reports.selectors import packs_for
from reports.services import pack_request
from reports.views.packs import PACKS_PAGE_SIZE

pytestmark = pytest.mark.django_db

P, C, B, A, D = (
    Role.PALS_OFFICER,
    Role.CSC_MANAGER,
    Role.BOARD_MEMBER,
    Role.AWARDS_PANEL_MEMBER,
    Role.ADMINISTRATOR,
)
ROLES = [*Role, None]
PAGES = {"packs": "reports:index", "dashboard": "reports:dashboard", "ko41a": "reports:ko41a"}
ALLOWED = {"packs": {P, C, B, D}, "dashboard": {P, C, B, D}, "ko41a": {P, D}}


def role_id(role):
    return role.value if role else "no_role"


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def months_ago(n: int) -> date:
    return this_month() - relativedelta(months=n)


def ym(month: date) -> str:
    return f"{month:%Y-%m}"


def fy_start_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def sent_messages(response) -> list:
    return list(get_messages(response.wsgi_request))


def signs_in(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def select_options(html: str, name: str) -> list[str]:
    """The option values of the <select name=...> on the page."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no <select name={name}> on the page"
    return re.findall(r'<option value="([^"]*)"', found[1])


def make_pack(*, month, csc=None, status=PackStatus.FAILED, version=1, **fields) -> BoardPack:
    """A pack row as the builder leaves it (no file is needed to list or show it)."""
    if status == PackStatus.READY:
        fields = {
            "file": f"board-packs/{month:%Y-%m}/pack-{version}.pdf",
            "sha256": "0" * 64,
            "size": 2048,
            "finished_at": timezone.now(),
        } | fields
    if status == PackStatus.FAILED:
        fields = {"error": "The build stopped: the disk is full", "finished_at": timezone.now()} | (
            fields
        )
    return BoardPack.objects.create(month=month, csc=csc, version=version, status=status, **fields)


@pytest.fixture(autouse=True)
def _pack_storage(settings, tmp_path):
    """Built packs go to a temporary folder, never shared with another test run."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cardiology(db):
    return ClinicalServiceCentreFactory(code="card", name="Cardiology")


@pytest.fixture
def closed_csc(db):
    return ClinicalServiceCentreFactory(code="old", name="Closed Centre", active=False)


@pytest.fixture
def history(medicine, surgery):
    """Feedback since three months ago: a complaint then in Medicine, a compliment last month
    in Surgery. Months with data that have ended: the last three."""
    make_item(csc=medicine, received_on=months_ago(3) + timedelta(days=9))
    make_item(kind=Kind.COMPLIMENT, csc=surgery, received_on=months_ago(1) + timedelta(days=4))
    return [months_ago(1), months_ago(2), months_ago(3)]


@pytest.fixture
def two_csc_manager(medicine, cardiology):
    return UserFactory(role=Role.CSC_MANAGER, cscs=[medicine, cardiology])


# --- Who reaches what ----------------------------------------------------------------------


class TestWhoReachesWhat:
    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    @pytest.mark.parametrize("page", PAGES)
    def test_each_role_reaches_only_its_pages(self, client, user_with_role, history, role, page):
        client.force_login(user_with_role(role))
        response = client.get(reverse(PAGES[page]))
        assert response.status_code == (200 if role in ALLOWED[page] else 403)

    @pytest.mark.parametrize("page", PAGES)
    def test_anonymous_visitor_is_sent_to_sign_in(self, client, history, page):
        assert signs_in(client.get(reverse(PAGES[page])))

    @pytest.mark.parametrize("role", ROLES, ids=role_id)
    def test_ko41a_csv_only_for_the_complaints_team(self, client, user_with_role, history, role):
        client.force_login(user_with_role(role))
        year = FinancialYear.starting(fy_start_year(timezone.localdate())).label
        response = client.get(reverse("reports:ko41a_csv", args=[year]))
        assert response.status_code == (200 if role in ALLOWED["ko41a"] else 403)

    def test_ko41a_csv_sends_anonymous_visitor_to_sign_in(self, client, history):
        year = FinancialYear.starting(fy_start_year(timezone.localdate())).label
        assert signs_in(client.get(reverse("reports:ko41a_csv", args=[year])))

    @pytest.mark.parametrize("role", [A, None], ids=role_id)
    def test_pack_pages_refused_to_roles_without_packs(self, client, user_with_role, role):
        pack = make_pack(month=months_ago(1), status=PackStatus.READY)
        client.force_login(user_with_role(role))
        for name in ("reports:pack", "reports:download"):
            assert client.get(reverse(name, args=[pack.pk])).status_code == 403
        assert client.post(reverse("reports:retry", args=[pack.pk])).status_code == 403
        assert not PackDownload.objects.exists()


# --- The packs list and the request form ---------------------------------------------------


class TestPacksIndex:
    @pytest.fixture
    def packs(self, medicine, surgery):
        month = months_ago(1)
        return {
            "trust": make_pack(month=month, csc=None, status=PackStatus.READY),
            "medicine": make_pack(month=month, csc=medicine),
            "surgery": make_pack(month=month, csc=surgery, status=PackStatus.READY),
        }

    @staticmethod
    def links(response, packs) -> set[str]:
        return {
            name
            for name, pack in packs.items()
            if f'href="{reverse("reports:pack", args=[pack.pk])}"' in response.text
        }

    def test_manager_sees_trust_wide_and_own_csc_packs_never_another_cscs(
        self, client, medicine_manager, packs
    ):
        client.force_login(medicine_manager)
        response = client.get(reverse("reports:index"))

        assert set(response.context["page"].object_list) == {packs["trust"], packs["medicine"]}
        assert self.links(response, packs) == {"trust", "medicine"}
        surgery_download = reverse("reports:download", args=[packs["surgery"].pk])
        assert surgery_download not in response.text
        assert "Surgery" not in response.text
        assert set(packs_for(medicine_manager)) == {packs["trust"], packs["medicine"]}

    def test_board_sees_every_pack(self, client, board_member, packs):
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))

        assert set(response.context["page"].object_list) == set(packs.values())
        assert self.links(response, packs) == set(packs)
        assert set(packs_for(board_member)) == set(packs.values())

    def test_newest_month_first_trust_wide_before_each_csc(self, client, board_member, surgery):
        older = make_pack(month=months_ago(2), csc=None)
        surgery_pack = make_pack(month=months_ago(1), csc=surgery)
        trust_pack = make_pack(month=months_ago(1), csc=None)
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))
        assert list(response.context["page"].object_list) == [trust_pack, surgery_pack, older]

    def test_the_latest_ready_trust_wide_pack_is_offered_first(self, client, board_member, surgery):
        """The newest version of the newest month's trust-wide pack that is ready: not a
        failed or building one, not a CSC's, not an older month's."""
        make_pack(month=months_ago(3), csc=None, status=PackStatus.READY)
        wanted = make_pack(month=months_ago(2), csc=None, status=PackStatus.READY, version=2)
        make_pack(month=months_ago(2), csc=None, status=PackStatus.READY, version=1)
        make_pack(month=months_ago(1), csc=None, status=PackStatus.FAILED)
        make_pack(month=months_ago(1), csc=None, status=PackStatus.BUILDING, version=2)
        make_pack(month=months_ago(1), csc=surgery, status=PackStatus.READY)
        client.force_login(board_member)

        response = client.get(reverse("reports:index"))

        assert response.context["latest"] == wanted
        download = reverse("reports:download", args=[wanted.pk])
        assert (
            f'<a href="{download}">Download the {months_ago(2):%B %Y} pack (PDF, 2.0\xa0KB)</a>'
            in response.text
        )
        assert "(version 2, built" in response.text

    def test_no_latest_pack_without_a_ready_trust_wide_one_or_after_page_1(
        self, client, board_member, surgery
    ):
        make_pack(month=months_ago(1), csc=surgery, status=PackStatus.READY)
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))
        assert response.context["latest"] is None
        assert "The latest trust-wide pack" not in response.text

        for n in range(PACKS_PAGE_SIZE):
            make_pack(month=months_ago(1), csc=None, status=PackStatus.READY, version=n + 1)
        response = client.get(reverse("reports:index"), {"page": 2})
        assert response.context["page"].number == 2
        assert response.context["latest"] is None

    def test_form_offers_a_manager_only_their_own_cscs_and_no_trust_wide_choice(
        self, client, two_csc_manager, surgery, history
    ):
        client.force_login(two_csc_manager)
        response = client.get(reverse("reports:index"))

        scope = response.context["form"].fields["scope"]
        assert scope.choices == [("card", "Cardiology"), ("med", "Medicine")]
        assert scope.required
        assert select_options(response.text, "scope") == ["card", "med"]
        assert "Trust-wide" not in response.text  # no trust-wide choice, and no trust-wide pack

    def test_form_offers_the_board_trust_wide_and_every_active_csc(
        self, client, board_member, cardiology, closed_csc, history
    ):
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))

        scope = response.context["form"].fields["scope"]
        assert scope.choices == [
            ("", "Trust-wide"),
            ("card", "Cardiology"),
            ("med", "Medicine"),
            ("surg", "Surgery"),
        ]
        assert select_options(response.text, "scope") == ["", "card", "med", "surg"]
        assert "Closed Centre" not in response.text

    def test_months_offered_are_ended_months_with_data_newest_first(
        self, client, board_member, history
    ):
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))

        choices = response.context["form"].fields["month"].choices
        assert choices == [(ym(m), f"{m:%B %Y}") for m in history]
        offered = select_options(response.text, "month")
        assert offered == [ym(m) for m in history]
        assert ym(this_month()) not in offered
        assert ym(months_ago(4)) not in offered

    def test_no_months_and_no_packs_before_any_feedback(self, client, board_member):
        client.force_login(board_member)
        response = client.get(reverse("reports:index"))
        assert response.context["form"].fields["month"].choices == []
        assert "No packs have been built yet" in response.text

    @pytest.mark.parametrize("role", [A, None], ids=role_id)
    def test_roles_without_packs_cannot_post_a_request(self, client, user_with_role, history, role):
        client.force_login(user_with_role(role))
        response = client.post(reverse("reports:index"), {"month": ym(months_ago(1))})
        assert response.status_code == 403
        assert not BoardPack.objects.exists()


class TestAskingForAPack:
    def test_manager_asks_for_own_cscs_pack(
        self, client, medicine_manager, medicine, history, django_capture_on_commit_callbacks
    ):
        client.force_login(medicine_manager)
        with django_capture_on_commit_callbacks() as queued:
            response = client.post(
                reverse("reports:index"), {"month": ym(months_ago(1)), "scope": "med"}
            )

        pack = BoardPack.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("reports:pack", args=[pack.pk])
        assert (pack.month, pack.csc, pack.version) == (months_ago(1), medicine, 1)
        assert pack.requested_by == medicine_manager
        assert pack.status == PackStatus.QUEUED
        assert len(queued) == 1  # its build is sent once the request commits
        [message] = sent_messages(response)
        assert message.level == messages.SUCCESS
        assert str(message) == (
            f"Medicine board pack, {months_ago(1):%B %Y} (version 1) asked for: it is being built"
        )

    @pytest.mark.django_db(transaction=True)  # commits really happen, as in the app
    def test_a_pack_built_before_the_page_shows_is_said_to_be_ready(
        self, client, board_member, history
    ):
        # With no worker, as `make run` serves, the build runs as the request commits.
        client.force_login(board_member)
        response = client.post(reverse("reports:index"), {"month": ym(months_ago(1)), "scope": ""})

        pack = BoardPack.objects.get()
        assert pack.status == PackStatus.READY, pack.error
        [message] = sent_messages(response)
        assert str(message) == (
            f"Trust-wide board pack, {months_ago(1):%B %Y} (version 1) is built and ready to "
            "download"
        )

    def test_board_asks_for_trust_wide_pack_of_the_first_month_with_data(
        self, client, board_member, history
    ):
        client.force_login(board_member)
        response = client.post(reverse("reports:index"), {"month": ym(history[-1]), "scope": ""})

        pack = BoardPack.objects.get()
        assert response.url == reverse("reports:pack", args=[pack.pk])
        assert (pack.month, pack.csc, pack.requested_by) == (history[-1], None, board_member)

    def test_asking_again_for_a_built_pack_makes_the_next_version(
        self, client, board_member, history
    ):
        make_pack(month=months_ago(1), status=PackStatus.READY)
        client.force_login(board_member)
        client.post(reverse("reports:index"), {"month": ym(months_ago(1)), "scope": ""})
        assert sorted(BoardPack.objects.values_list("version", flat=True)) == [1, 2]

    @pytest.mark.parametrize(
        "month",
        [
            pytest.param(lambda: ym(this_month()), id="current"),
            pytest.param(lambda: ym(this_month() + relativedelta(months=1)), id="future"),
            pytest.param(lambda: ym(months_ago(4)), id="before_data"),
            pytest.param(lambda: "soon", id="garbage"),
            pytest.param(lambda: ym(months_ago(1)).replace("-", "/"), id="other_form"),
            pytest.param(lambda: f"{months_ago(1):%Y}-13", id="month_13"),
            pytest.param(lambda: "", id="empty"),
        ],
    )
    def test_month_not_offered_is_refused_at_the_field(self, client, board_member, history, month):
        client.force_login(board_member)
        response = client.post(reverse("reports:index"), {"month": month(), "scope": ""})

        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["month"]
        assert form.errors["month"][0] in response.text
        assert not BoardPack.objects.exists()

    def test_month_error_names_the_months_that_may_be_chosen(self, client, board_member, history):
        client.force_login(board_member)
        response = client.post(reverse("reports:index"), {"month": ym(this_month()), "scope": ""})
        error = response.context["form"].errors["month"][0]
        assert f"{history[-1]:%B %Y} to {history[0]:%B %Y}" in error

    @pytest.mark.parametrize("scope", ["surg", "", "nope"], ids=["other_csc", "trust", "unknown"])
    def test_manager_is_refused_another_scope_at_the_field(
        self, client, medicine_manager, history, scope
    ):
        client.force_login(medicine_manager)
        response = client.post(
            reverse("reports:index"), {"month": ym(months_ago(1)), "scope": scope}
        )

        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["scope"]
        assert form.errors["scope"][0] in response.text
        assert not BoardPack.objects.exists()

    def test_board_is_refused_a_closed_csc(self, client, board_member, closed_csc, history):
        client.force_login(board_member)
        response = client.post(
            reverse("reports:index"), {"month": ym(months_ago(1)), "scope": "old"}
        )
        assert list(response.context["form"].errors) == ["scope"]
        assert not BoardPack.objects.exists()

    def test_second_request_while_one_is_active_follows_the_first(
        self, client, board_member, pals_officer, history
    ):
        client.force_login(board_member)
        data = {"month": ym(months_ago(1)), "scope": "med"}
        first = client.post(reverse("reports:index"), data)
        pack = BoardPack.objects.get()
        assert pack.is_active

        client.force_login(pals_officer)
        second = client.post(reverse("reports:index"), data)

        assert second.status_code == 302
        assert second.url == first.url == reverse("reports:pack", args=[pack.pk])
        assert BoardPack.objects.count() == 1
        assert BoardPack.objects.get().requested_by == board_member
        [message] = sent_messages(second)
        assert message.level == messages.INFO
        assert "already being built" in message.message


# --- A pack's page, its progress and trying again -------------------------------------------


class TestPackPage:
    def test_manager_gets_404_for_another_cscs_pack(self, client, medicine_manager, surgery):
        pack = make_pack(month=months_ago(1), csc=surgery, status=PackStatus.READY)
        failed = make_pack(month=months_ago(2), csc=surgery)
        client.force_login(medicine_manager)

        assert client.get(reverse("reports:pack", args=[pack.pk])).status_code == 404
        assert client.get(reverse("reports:download", args=[pack.pk])).status_code == 404
        assert client.post(reverse("reports:retry", args=[failed.pk])).status_code == 404
        failed.refresh_from_db()
        assert failed.status == PackStatus.FAILED
        assert not PackDownload.objects.exists()

    def test_manager_reads_trust_wide_and_own_packs(self, client, medicine_manager, medicine):
        client.force_login(medicine_manager)
        for csc in (None, medicine):
            pack = make_pack(month=months_ago(1), csc=csc, status=PackStatus.READY)
            response = client.get(reverse("reports:pack", args=[pack.pk]))
            assert response.status_code == 200
            assert pack.filename in response.text

    def test_unknown_pack_is_404(self, client, board_member):
        client.force_login(board_member)
        assert client.get(reverse("reports:pack", args=[999999])).status_code == 404

    def test_page_lists_the_other_versions_of_the_same_pack_only(
        self, client, board_member, medicine
    ):
        v1 = make_pack(month=months_ago(1), version=1, status=PackStatus.READY)
        v2 = make_pack(month=months_ago(1), version=2)
        elsewhere = [
            make_pack(month=months_ago(1), csc=medicine),
            make_pack(month=months_ago(2)),
        ]
        client.force_login(board_member)
        response = client.get(reverse("reports:pack", args=[v2.pk]))
        assert list(response.context["versions"]) == [v1]
        for other in elsewhere:
            assert f'href="{reverse("reports:pack", args=[other.pk])}"' not in response.text

    @pytest.mark.parametrize("status", [PackStatus.QUEUED, PackStatus.BUILDING])
    def test_htmx_gets_only_the_status_which_keeps_polling_while_active(
        self, client, board_member, status
    ):
        pack = make_pack(month=months_ago(1), status=status, started_at=timezone.now())
        client.force_login(board_member)
        url = reverse("reports:pack", args=[pack.pk])

        response = client.get(url, headers={"HX-Request": "true"})

        assert response.status_code == 200
        assert next(t.name for t in response.templates) == "reports/includes/pack_status.html"
        assert response.text.lstrip().startswith('<div id="pack-status"')
        assert "<html" not in response.text
        assert "<h1" not in response.text
        assert 'hx-trigger="every 2s"' in response.text
        assert f'hx-get="{url}"' in response.text

    @pytest.mark.parametrize("status", [PackStatus.READY, PackStatus.FAILED])
    def test_htmx_polling_stops_once_ready_or_failed(self, client, board_member, status):
        pack = make_pack(month=months_ago(1), status=status)
        client.force_login(board_member)

        response = client.get(
            reverse("reports:pack", args=[pack.pk]), headers={"HX-Request": "true"}
        )

        assert response.text.lstrip().startswith('<div id="pack-status"')
        assert "<html" not in response.text
        assert "hx-trigger" not in response.text
        assert "hx-get" not in response.text

    def test_full_page_without_htmx(self, client, board_member):
        pack = make_pack(month=months_ago(1), status=PackStatus.QUEUED)
        client.force_login(board_member)
        response = client.get(reverse("reports:pack", args=[pack.pk]))
        assert "<html" in response.text
        assert 'hx-trigger="every 2s"' in response.text

    def test_stalled_build_is_shown_failed_not_building_for_ever(self, client, board_member):
        pack = make_pack(
            month=months_ago(1),
            status=PackStatus.BUILDING,
            started_at=timezone.now() - timedelta(hours=1),
        )
        client.force_login(board_member)
        response = client.get(
            reverse("reports:pack", args=[pack.pk]), headers={"HX-Request": "true"}
        )
        assert "hx-trigger" not in response.text
        assert "The build stopped before it finished" in response.text

    @pytest.mark.parametrize("csc_name", ["medicine", None])
    def test_failed_pack_shows_its_error_and_try_again_to_who_may_ask_for_it(
        self, client, request, board_member, medicine_manager, csc_name
    ):
        csc = request.getfixturevalue(csc_name) if csc_name else None
        pack = make_pack(month=months_ago(1), csc=csc, error="The build stopped: out of memory")
        retry_url = reverse("reports:retry", args=[pack.pk])

        client.force_login(board_member)
        response = client.get(reverse("reports:pack", args=[pack.pk]))
        assert "The build stopped: out of memory" in response.text
        assert f'action="{retry_url}"' in response.text
        assert "Try again" in response.text

        # A CSC manager may ask again for their own CSC's pack, not for the trust-wide one.
        client.force_login(medicine_manager)
        response = client.get(reverse("reports:pack", args=[pack.pk]))
        assert "The build stopped: out of memory" in response.text
        assert ("Try again" in response.text) is (csc is not None)
        assert (f'action="{retry_url}"' in response.text) is (csc is not None)

    def test_retry_queues_the_failed_pack_again_as_the_same_version(
        self, client, medicine_manager, medicine, board_member, django_capture_on_commit_callbacks
    ):
        pack = make_pack(month=months_ago(1), csc=medicine, version=3, requested_by=board_member)
        client.force_login(medicine_manager)

        with django_capture_on_commit_callbacks() as queued:
            response = client.post(reverse("reports:retry", args=[pack.pk]))

        assert response.status_code == 302
        assert response.url == reverse("reports:pack", args=[pack.pk])
        assert BoardPack.objects.count() == 1
        pack.refresh_from_db()
        assert (pack.status, pack.version, pack.error) == (PackStatus.QUEUED, 3, "")
        assert pack.requested_by == medicine_manager
        assert pack.finished_at is None
        assert len(queued) == 1
        [message] = sent_messages(response)
        assert message.level == messages.SUCCESS

    def test_manager_cannot_retry_the_trust_wide_pack(self, client, medicine_manager):
        pack = make_pack(month=months_ago(1))
        client.force_login(medicine_manager)
        assert client.post(reverse("reports:retry", args=[pack.pk])).status_code == 403
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED

    @pytest.mark.parametrize("status", [PackStatus.QUEUED, PackStatus.BUILDING, PackStatus.READY])
    def test_retry_of_a_pack_not_failed_says_so_and_changes_nothing(
        self, client, board_member, pals_officer, status, django_capture_on_commit_callbacks
    ):
        pack = make_pack(
            month=months_ago(1),
            status=status,
            requested_by=pals_officer,
            started_at=timezone.now(),
        )
        before = BoardPack.objects.values().get(pk=pack.pk)
        client.force_login(board_member)

        with django_capture_on_commit_callbacks() as queued:
            response = client.post(reverse("reports:retry", args=[pack.pk]))

        assert response.url == reverse("reports:pack", args=[pack.pk])
        [message] = sent_messages(response)
        assert message.level == messages.ERROR
        assert "Only a failed build can be tried again" in message.message
        assert BoardPack.objects.values().get(pk=pack.pk) == before
        assert BoardPack.objects.count() == 1
        assert queued == []

    def test_retry_only_by_post(self, client, board_member):
        pack = make_pack(month=months_ago(1))
        client.force_login(board_member)
        assert client.get(reverse("reports:retry", args=[pack.pk])).status_code == 405
        pack.refresh_from_db()
        assert pack.status == PackStatus.FAILED


# --- Downloading -----------------------------------------------------------------------------


class TestDownload:
    def test_built_pack_downloads_as_a_pdf_attachment_and_the_download_is_recorded(
        self, client, board_member, medicine_manager, history, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            pack, created = pack_request(month=months_ago(1), by=board_member)
        pack.refresh_from_db()
        assert created
        assert pack.status == PackStatus.READY, pack.error

        client.force_login(medicine_manager)  # a trust-wide pack: every pack reader may have it
        response = client.get(reverse("reports:download", args=[pack.pk]))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{pack.filename}"'
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        assert hashlib.sha256(body).hexdigest() == pack.sha256
        assert list(PackDownload.objects.values_list("user", "pack")) == [
            (medicine_manager.pk, pack.pk)
        ]
        # And in the one access log a Data Protection Officer searches (issue 14).
        assert list(AccessRecord.objects.values_list("user", "action", "what")) == [
            (medicine_manager.pk, AccessAction.DOWNLOADED_BOARD_PACK, pack.filename)
        ]

    @pytest.mark.parametrize("status", [PackStatus.QUEUED, PackStatus.BUILDING, PackStatus.FAILED])
    def test_pack_not_ready_goes_back_to_its_page_and_records_nothing(
        self, client, board_member, status
    ):
        pack = make_pack(month=months_ago(1), status=status, started_at=timezone.now())
        client.force_login(board_member)

        response = client.get(reverse("reports:download", args=[pack.pk]))

        assert response.status_code == 302
        assert response.url == reverse("reports:pack", args=[pack.pk])
        [message] = sent_messages(response)
        assert message.level == messages.ERROR
        assert "cannot be downloaded yet" in message.message
        assert not PackDownload.objects.exists()

    def test_ready_pack_whose_file_is_missing_goes_back_and_records_nothing(
        self, client, board_member
    ):
        pack = make_pack(month=months_ago(1), status=PackStatus.READY)
        client.force_login(board_member)
        response = client.get(reverse("reports:download", args=[pack.pk]))
        assert response.url == reverse("reports:pack", args=[pack.pk])
        assert "cannot be found" in sent_messages(response)[0].message
        assert not PackDownload.objects.exists()

    def test_anonymous_visitor_is_sent_to_sign_in(self, client):
        pack = make_pack(month=months_ago(1), status=PackStatus.READY)
        assert signs_in(client.get(reverse("reports:download", args=[pack.pk])))
        assert signs_in(client.get(reverse("reports:pack", args=[pack.pk])))
        assert not PackDownload.objects.exists()


# --- The dashboard ---------------------------------------------------------------------------


def measure_row(html: str, name: str) -> list[str]:
    """The cells of a measure's row in the dashboard's table, as text."""
    for row in re.findall(r'<tr role="row" class="nhsuk-table__row">(.*?)</tr>', html, re.S):
        cells = [
            re.sub(
                r"<[^>]+>", "", re.sub(r'<span[^>]*aria-hidden="true">[^<]*</span>', "", c)
            ).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row for {name}")


class TestDashboard:
    def get(self, client, **query):
        response = client.get(reverse("reports:dashboard"), query)
        assert response.status_code == 200
        return response

    def test_manager_sees_their_first_csc_by_default_and_may_choose_another_own(
        self, client, two_csc_manager, cardiology, medicine, history
    ):
        client.force_login(two_csc_manager)

        shown = self.get(client).context["dashboard"]
        assert shown.csc == cardiology  # first by name
        assert shown.scope_name == "Cardiology"

        chosen = self.get(client, csc="med")
        assert chosen.context["dashboard"].csc == medicine
        assert f"<h2>Medicine: {months_ago(1):%B %Y}</h2>" in chosen.text

    def test_manager_is_never_offered_the_whole_trust_or_another_csc(
        self, client, medicine_manager, history
    ):
        client.force_login(medicine_manager)
        response = self.get(client)
        assert response.context["form"].fields["csc"].choices == [("med", "Medicine")]
        assert select_options(response.text, "csc") == ["med"]
        assert "Whole trust" not in response.text

    @pytest.mark.parametrize("code", ["surg", "nope", "old"])
    def test_manager_asking_for_a_csc_they_do_not_manage_gets_404(
        self, client, medicine_manager, closed_csc, history, code
    ):
        client.force_login(medicine_manager)
        response = client.get(reverse("reports:dashboard"), {"csc": code})
        assert response.status_code == 404

    def test_board_asking_for_a_closed_csc_gets_404(
        self, client, board_member, closed_csc, history
    ):
        client.force_login(board_member)
        response = client.get(reverse("reports:dashboard"), {"csc": "old"})
        assert response.status_code == 404

    def test_board_sees_the_whole_trust_by_default_and_can_pick_any_csc(
        self, client, board_member, surgery, cardiology, history
    ):
        client.force_login(board_member)

        response = self.get(client)
        assert response.context["dashboard"].csc is None
        assert f"<h2>Whole trust: {months_ago(1):%B %Y}</h2>" in response.text
        assert select_options(response.text, "csc") == ["", "card", "med", "surg"]

        for csc in (surgery, cardiology):
            response = self.get(client, csc=csc.code)
            assert response.context["dashboard"].csc == csc
            assert f"<h2>{csc.name}: " in response.text

    def test_default_month_is_the_last_that_has_ended(self, client, board_member, history):
        client.force_login(board_member)
        response = self.get(client)

        dashboard = response.context["dashboard"]
        assert dashboard.month == months_ago(1)
        assert not dashboard.so_far
        assert "A month not yet ended" not in response.text
        offered = response.context["form"].fields["month"].choices
        assert [value for value, _ in offered] == [ym(this_month()), *map(ym, history)]

    def test_current_month_can_be_chosen_and_is_labelled_not_yet_ended(
        self, client, board_member, history
    ):
        client.force_login(board_member)
        response = self.get(client, month=ym(this_month()))

        dashboard = response.context["dashboard"]
        assert dashboard.month == this_month()
        assert dashboard.so_far
        assert "A month not yet ended" in response.text
        assert f"{this_month():%B %Y} (so far)" in response.text

    def test_an_earlier_month_can_be_chosen(self, client, board_member, history):
        client.force_login(board_member)
        response = self.get(client, month=ym(history[-1]))
        assert response.context["dashboard"].month == history[-1]

    @pytest.mark.parametrize(
        "month",
        [
            pytest.param(lambda: ym(months_ago(4)), id="before_data"),
            pytest.param(lambda: ym(this_month() + relativedelta(months=1)), id="future"),
            pytest.param(lambda: "2020-13", id="month_13"),
            pytest.param(lambda: "soon", id="garbage"),
        ],
    )
    def test_month_not_offered_falls_back_to_the_last_ended(
        self, client, board_member, history, month
    ):
        client.force_login(board_member)
        response = self.get(client, month=month())
        assert response.context["dashboard"].month == months_ago(1)

    def test_month_not_offered_keeps_the_csc_chosen(self, client, board_member, surgery, history):
        client.force_login(board_member)
        response = self.get(client, csc="surg", month="soon")
        assert response.context["dashboard"].csc == surgery

    def test_measure_with_no_data_shows_no_data_not_zero(
        self, client, board_member, medicine, history
    ):
        # Nothing has been answered: response measures have no data. Complaints were received
        # three months ago, so last month's count of complaints is a true zero.
        client.force_login(board_member)
        response = self.get(client)
        views = {v.measure.key: v for v in response.context["dashboard"].measures}

        responded = MEASURES_BY_KEY["responded_on_time"]
        assert views["responded_on_time"].this_month is None
        assert measure_row(response.text, responded.name)[1:3] == ["no data", "no data"]
        days = MEASURES_BY_KEY["days_to_respond"]
        assert measure_row(response.text, days.name)[1] == "no data"

        received = MEASURES_BY_KEY["complaints_received"]
        assert views["complaints_received"].this_month == 0
        assert measure_row(response.text, received.name)[1] == "0"
        compliments = MEASURES_BY_KEY["compliments"]
        assert measure_row(response.text, compliments.name)[1] == "1"

    def test_every_measure_is_shown_with_its_chart(self, client, board_member, history):
        client.force_login(board_member)
        response = self.get(client)
        for measure in MEASURES:
            assert measure_row(response.text, measure.name)
            assert f'id="measure-{measure.key}">{measure.name}</h3>' in response.text
        assert [v.measure.key for v in response.context["dashboard"].measures] == [
            m.key for m in MEASURES
        ]

    def test_empty_register_says_there_is_nothing_to_chart(self, client, board_member):
        client.force_login(board_member)
        response = self.get(client)
        assert response.context["dashboard"] is None
        assert "nothing to chart" in response.text


# --- The KO41a page and file -----------------------------------------------------------------


@pytest.fixture
def complaints_two_years(medicine):
    """Complaints in the financial year before last, the last one and this one."""
    start = fy_start_year(timezone.localdate())
    for year in (start - 2, start - 1, start):
        make_item(csc=medicine, received_on=date(year, 4, 10))
    return [FinancialYear.starting(year) for year in (start, start - 1, start - 2)]


class TestKo41aPage:
    def test_default_year_is_the_last_that_ended(self, client, pals_officer, complaints_two_years):
        _this_year, last_year, _ = complaints_two_years
        client.force_login(pals_officer)
        response = client.get(reverse("reports:ko41a"))

        assert response.status_code == 200
        assert response.context["year"] == last_year
        assert response.context["form"].initial == {"year": last_year.label}
        assert f"<h2>{last_year.label}: 1 April {last_year.start.year}" in response.text
        assert [c for c, _ in response.context["form"].fields["year"].choices] == [
            y.label for y in complaints_two_years
        ]
        csv_url = reverse("reports:ko41a_csv", args=[last_year.label])
        assert f'href="{csv_url}"' in response.text

    def test_another_offered_year_can_be_chosen(self, client, administrator, complaints_two_years):
        this_year = complaints_two_years[0]
        client.force_login(administrator)
        response = client.get(reverse("reports:ko41a"), {"year": this_year.label})
        assert response.context["year"] == this_year

    @pytest.mark.parametrize("year", ["2025-27", "abc", "1999-00", ""])
    def test_year_not_offered_shows_an_error_at_the_field(
        self, client, pals_officer, complaints_two_years, year
    ):
        client.force_login(pals_officer)
        response = client.get(reverse("reports:ko41a"), {"year": year})

        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["year"]
        error = form.errors["year"][0]
        assert '<span class="nhsuk-error-message" id="id_year-error">' in response.text
        assert error in response.text
        assert "There is a problem" in response.text
        assert response.context["year"] is None
        assert "ret" not in response.context
        assert "register holds no complaints" not in response.text

    def test_no_complaints_yet_says_so(self, client, pals_officer):
        client.force_login(pals_officer)
        response = client.get(reverse("reports:ko41a"))
        assert response.context["year"] is None
        assert "The register holds no complaints yet" in response.text

    def test_csv_for_a_year_with_complaints(self, client, pals_officer, complaints_two_years):
        last_year = complaints_two_years[1]
        client.force_login(pals_officer)
        response = client.get(reverse("reports:ko41a_csv", args=[last_year.label]))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"] == f'attachment; filename="ko41a-{last_year.label}.csv"'
        )
        assert response.content.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert ["Year", last_year.label] in rows
        assert list(AccessRecord.objects.values_list("user", "action", "what")) == [
            (pals_officer.pk, AccessAction.DOWNLOADED_KO41A, f"KO41a {last_year.label}")
        ]
        body = rows[rows.index(["Section", "Category", "Count"]) + 1 :]
        assert list(dict.fromkeys(row[0] for row in body)) == [str(s) for s in Section]
        summary = {row[1]: row[2] for row in body if row[0] == Section.SUMMARY}
        assert summary["New"] == "1"
        assert summary["Brought forward"] == "1"
        assert [Section.CLINICAL_TREATMENT, CLINICAL_TREATMENT_NOTE, ""] in body

    @pytest.mark.parametrize("year", ["2025-27", "abc", "2025-2026", "25-26"])
    def test_impossible_year_in_the_csv_address_is_404(
        self, client, pals_officer, complaints_two_years, year
    ):
        client.force_login(pals_officer)
        assert client.get(reverse("reports:ko41a_csv", args=[year])).status_code == 404

    def test_csv_of_a_return_failing_the_checks_is_404(
        self, client, pals_officer, complaints_two_years, monkeypatch
    ):
        from reports.ko41a import Problem
        from reports.views import ko41a as views

        monkeypatch.setattr(views, "validate", lambda ret: [Problem("box_empty", "x")])
        client.force_login(pals_officer)
        label = complaints_two_years[1].label
        assert client.get(reverse("reports:ko41a_csv", args=[label])).status_code == 404
        page = client.get(reverse("reports:ko41a"), {"year": label})
        assert "The return fails 1 of the collection's check" in page.text
        assert reverse("reports:ko41a_csv", args=[label]) not in page.text
