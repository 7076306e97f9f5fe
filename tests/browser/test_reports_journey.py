"""Board packs and the dashboard through the real pages, in Chromium.

A board member asks for last month's trust-wide pack and watches it being built: the build is
sent to the broker, not run in the request, and the test takes the message and builds the pack
itself while the page is open, so the page is seen to turn from "Queued" to "Building" to
"Ready" by itself (htmx), then the pack downloads. The board member reads the dashboard for a
CSC and a month. Medicine's manager sees the trust-wide and Medicine's packs but not Surgery's,
and is taken to a build already under way instead of starting a second one. Each test reads
given/when/then. All are marked ``browser`` by this folder's conftest.
"""

import re
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from kombu import Exchange, Queue
from playwright.sync_api import Locator, Page, expect

from careprog.celery import app as celery_app
from careprog.roles import Role
from careprog.tests.factories import TEST_PASSWORD, UserFactory
from feedback.tests.factories import make_item
from reports import services
from reports.models import BoardPack, PackDownload, PackStatus
from reports.services import pack_build, pack_request
from tests.browser.conftest import axe_check, sign_in

BUILD_TASK = "reports.build_board_pack"
PDF_STAGE = "Drawing the charts and writing the PDF"
# The status part of a pack's page asks for itself every 2 seconds: allow a few rounds.
POLL_WAIT = 15_000


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


@pytest.fixture
def last_month() -> date:
    return timezone.localdate().replace(day=1) - relativedelta(months=1)


@pytest.fixture
def register(medicine, surgery, last_month):
    """A little feedback in each of the last two months, for Medicine and Surgery: enough for
    every page to have figures, and for a pack to build in a second or two."""
    month_before = last_month - relativedelta(months=1)
    for month, per_csc in ((month_before, 1), (last_month, 2)):
        for csc in (medicine, surgery):
            for day in range(per_csc):
                make_item(
                    csc=csc,
                    received_on=month + timedelta(days=9 + day),
                    summary=f"{csc.name} complaint {day + 1} of {month:%B}",
                )
    return last_month


class BuildQueue:
    """A queue of the broker's own that no worker reads: builds asked for during the test wait
    on it, and the test takes them off one by one, acting as the worker."""

    def __init__(self, name: str):
        self.name = name

    def take(self, timeout: float = 10) -> int:
        """Take the next message off the queue: it must ask for a pack's build. Its pack's id."""
        deadline = time.monotonic() + timeout
        with celery_app.connection_for_write() as connection:
            while (message := connection.default_channel.basic_get(self.name, no_ack=True)) is None:
                if time.monotonic() > deadline:
                    pytest.fail(f"no task was sent to the broker's queue {self.name}")
                time.sleep(0.1)
            assert message.headers["task"] == BUILD_TASK
            args, _kwargs, _embed = message.decode()
        return args[0]

    def waiting(self) -> int:
        with celery_app.connection_for_write() as connection:
            return connection.default_channel._size(self.name)

    def remove(self) -> None:
        """Delete the queue, any message left on it, and (on Redis) its binding to Celery's
        exchange of the same name; declared first, so this connection knows the binding."""
        queue = Queue(self.name, Exchange(self.name), routing_key=self.name)
        with celery_app.connection_for_write() as connection:
            bound = queue(connection.default_channel)
            bound.declare()
            bound.delete()


@pytest.fixture
def build_queue(monkeypatch) -> BuildQueue:
    """Tasks go to the broker, as in production, instead of running in the request (the test
    settings run them eagerly). Without REDIS_URL the broker is kombu's in-memory one; with it,
    Redis: either way they go to a queue named for this test, which no worker reads and which
    is deleted afterwards, so no message is left for a worker to find."""
    queue = BuildQueue(f"careprog-test-packs-{uuid.uuid4().hex[:10]}")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue.name)
    yield queue
    queue.remove()


def press(scope: Page | Locator, name: str) -> None:
    scope.get_by_role("button", name=name, exact=True).click()


def banner(page: Page) -> Locator:
    return page.locator(".nhsuk-notification-banner")


def open_reports(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board packs")


def open_dashboard(page: Page) -> None:
    open_reports(page)
    page.get_by_role("navigation", name="Reports").get_by_role(
        "link", name="Dashboard", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer care dashboard")


def ask_for_pack(page: Page, month: date, which: str) -> None:
    page.get_by_label("Month", exact=True).select_option(label=month_label(month))
    which_pack(page).select_option(label=which)
    press(page.get_by_role("main"), "Build the pack")


def which_pack(page: Page) -> Locator:
    # "Which pack (optional)" for those who may ask for the trust-wide pack (the empty choice)
    return page.get_by_label(re.compile(r"^Which pack"))


def pack_status(page: Page) -> Locator:
    """The live part of a pack's page: its status, progress and download."""
    return page.get_by_role("status")


def status_tag(page: Page) -> Locator:
    return pack_status(page).locator(".nhsuk-tag")


def progress_bar(page: Page) -> Locator:
    return page.get_by_role("progressbar", name="Progress of the build")


def packs_table(page: Page) -> Locator:
    return page.get_by_role("table", name="Board packs, newest month first")


def pack_rows(page: Page) -> Locator:
    return packs_table(page).locator("tbody tr")


def pack_row(page: Page, which: str, month: date) -> Locator:
    return pack_rows(page).filter(has_text=which).filter(has_text=month_label(month))


def options_of(select: Locator) -> list[str]:
    return [text.strip() for text in select.locator("option").all_text_contents()]


def summary_value(page: Page, key: str) -> Locator:
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(rf"^{re.escape(key)}$"))
    )
    return row.locator("dd")


def a_ready_pack(month: date, csc=None, by=None) -> BoardPack:
    """A pack built as the worker would build it."""
    pack, _created = pack_request(month=month, csc=csc, by=by, queue=False)
    return pack_build(pack.pk)


def expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 404, f"{url} answered {response.status}, not 404"
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


class TestABoardMemberGetsThePack:
    def test_they_ask_for_last_months_pack_watch_it_build_and_download_it(
        self, page, live_server, register, board_member, build_queue, monkeypatch
    ):
        # Given a register with feedback last month, and a board member
        last_month = register
        sign_in(page, live_server, board_member.username, TEST_PASSWORD)

        # When they open Reports from the header
        open_reports(page)

        # Then no pack has been built, and they may ask for one
        expect(page.get_by_role("main")).to_contain_text("No packs have been built yet")
        month = page.get_by_label("Month", exact=True)
        expect(month).to_have_value(f"{last_month:%Y-%m}")  # the newest month that has ended
        assert options_of(which_pack(page)) == [
            "Trust-wide",
            "Medicine",
            "Surgery",
        ]
        axe_check(page)

        # When they choose last month and "Trust-wide" and press "Build the pack"
        ask_for_pack(page, last_month, "Trust-wide")

        # Then they are on the new pack's page, which says it is waiting for the builder
        pack = BoardPack.objects.get()
        expect(page).to_have_url(f"{live_server.url}/reports/packs/{pack.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Trust-wide: {month_label(last_month)}"
        )
        expect(banner(page)).to_contain_text(
            f"Trust-wide board pack, {month_label(last_month)} (version 1) asked for: "
            "it is being built"
        )
        expect(status_tag(page)).to_have_text("Queued")
        expect(pack_status(page)).to_contain_text(
            "Waiting for the builder to start: 0% done. This page updates itself"
        )
        expect(progress_bar(page)).to_have_attribute("value", "0")
        expect(summary_value(page, "Asked for")).to_contain_text(
            f"by {board_member.get_full_name()}"
        )
        # ...and the build was sent to the broker, not run while they waited
        assert (pack.status, pack.requested_by, pack.csc) == (PackStatus.QUEUED, board_member, None)
        assert build_queue.take() == pack.pk
        assert build_queue.waiting() == 0
        # A mark on the page, gone if the page were reloaded or left
        page.evaluate("() => { window.packPageNeverLeft = true }")

        # When the builder takes the pack up, the page left open turns to "Building" by itself,
        # at the stage the builder has reached (seen while the builder is at that stage)
        seen_building: list[BaseException] = []
        render = services.render_pack_pdf

        def render_once_seen(pack_being_built, content):
            try:
                expect(status_tag(page)).to_have_text("Building", timeout=POLL_WAIT)
                expect(pack_status(page)).to_contain_text(
                    f"{PDF_STAGE}: 40% done", timeout=POLL_WAIT
                )
                expect(progress_bar(page)).to_have_attribute("value", "40")
                axe_check(page)
            except BaseException as error:  # pack_build would take it for a failed build
                seen_building.append(error)
                raise
            return render(pack_being_built, content)

        monkeypatch.setattr(services, "render_pack_pdf", render_once_seen)
        built = pack_build(pack.pk)
        if seen_building:
            raise seen_building[0]
        assert built.status == PackStatus.READY, built.error

        # Then, with no reload, the page says the pack is ready and offers it to download
        expect(status_tag(page)).to_have_text("Ready", timeout=POLL_WAIT)
        download_button = pack_status(page).get_by_role(
            "link", name=re.compile(r"^Download the pack \(PDF, ")
        )
        expect(download_button).to_be_visible()
        expect(progress_bar(page)).to_have_count(0)
        expect(summary_value(page, "File")).to_contain_text(built.filename)
        expect(summary_value(page, "SHA-256")).to_have_text(built.sha256)
        assert page.evaluate("() => window.packPageNeverLeft") is True, "the page was reloaded"
        # ...and it has stopped asking for itself
        expect(page.locator("#pack-status[hx-trigger]")).to_have_count(0)
        axe_check(page)

        # When they download it
        with page.expect_download() as download_info:
            download_button.click()
        download = download_info.value

        # Then they have the PDF, named for the month and the trust, and the download is recorded
        assert download.suggested_filename == f"board-pack-{last_month:%Y-%m}-trust-v1.pdf"
        pdf = Path(download.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert len(pdf) == built.size
        record = PackDownload.objects.get()
        assert (record.pack, record.user) == (built, board_member)

        # When they go back to the packs, then it is listed as ready to download
        page.get_by_role("link", name="Board packs", exact=True).first.click()
        row = pack_row(page, "Trust-wide", last_month)
        expect(row).to_have_count(1)
        expect(row.locator(".nhsuk-tag")).to_have_text("Ready")
        expect(row.get_by_role("link", name=re.compile(r"^Download"))).to_be_visible()
        assert build_queue.waiting() == 0  # nothing else was sent to the broker


class TestABoardMemberReadsTheDashboard:
    def test_they_see_the_measures_and_charts_and_choose_a_csc_and_month(
        self, page, live_server, register, board_member
    ):
        # Given a register with feedback in the last two months, and a board member
        last_month = register
        month_before = last_month - relativedelta(months=1)
        sign_in(page, live_server, board_member.username, TEST_PASSWORD)

        # When they open the dashboard from Reports
        open_dashboard(page)

        # Then it shows the whole trust for last month: the measures table and their charts
        expect(page.get_by_role("heading", level=2).first).to_have_text(
            f"Whole trust: {month_label(last_month)}"
        )
        measures = page.get_by_role("table", name="Every measure this month")
        complaints = measures.get_by_role("row").filter(has_text="Complaints received")
        expect(complaints).to_have_count(1)
        expect(complaints.get_by_role("cell").nth(1)).to_contain_text("4")  # 2 each, 2 CSCs
        expect(complaints.get_by_role("cell").nth(2)).to_contain_text("2")  # 1 each before
        chart = page.get_by_role("img", name=re.compile(r"^Complaints received: "))
        expect(chart).to_have_count(1)
        expect(chart).to_be_visible()
        assert chart.evaluate("element => element.tagName.toLowerCase()") == "svg"
        expect(page.locator("svg.mdc-chart[role=img][aria-label]").first).to_be_visible()
        axe_check(page)

        # When they choose Surgery and the month before, and press Show
        csc = page.get_by_label("Clinical service centre", exact=True)
        assert options_of(csc) == ["Whole trust", "Medicine", "Surgery"]
        csc.select_option(label="Surgery")
        page.get_by_label("Month", exact=True).select_option(label=month_label(month_before))
        press(page.get_by_role("main"), "Show")

        # Then the heading names Surgery and that month, and the choices stay chosen
        expect(page.get_by_role("heading", level=2).first).to_have_text(
            f"Surgery: {month_label(month_before)}"
        )
        expect(page.get_by_label("Clinical service centre", exact=True)).to_have_value("surg")
        expect(page.get_by_label("Month", exact=True)).to_have_value(f"{month_before:%Y-%m}")
        complaints = page.get_by_role("table", name="Every measure this month").get_by_role("row")
        expect(
            complaints.filter(has_text="Complaints received").get_by_role("cell").nth(1)
        ).to_contain_text("1")
        expect(page.get_by_role("img", name=re.compile(r"^Complaints received: "))).to_be_visible()
        axe_check(page)


class TestACscManagerSeesOnlyTheirOwn:
    def test_medicines_manager_sees_trust_and_medicine_packs_not_surgerys(
        self, page, live_server, register, medicine, surgery, medicine_manager, board_member
    ):
        # Given last month's packs for the trust, Medicine and Surgery, all built
        last_month = register
        trust_pack = a_ready_pack(last_month, by=board_member)
        a_ready_pack(last_month, medicine, by=board_member)
        surgery_pack = a_ready_pack(last_month, surgery, by=board_member)
        assert surgery_pack.status == PackStatus.READY

        # When Medicine's manager opens Reports
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        open_reports(page)

        # Then the trust-wide pack and Medicine's are listed, and Surgery's is not
        expect(pack_rows(page)).to_have_count(2)
        expect(pack_row(page, "Trust-wide", last_month)).to_have_count(1)
        expect(pack_row(page, "Medicine", last_month)).to_have_count(1)
        expect(packs_table(page)).not_to_contain_text("Surgery")
        # ...and they may ask only for Medicine's
        assert options_of(which_pack(page)) == ["Medicine"]
        axe_check(page)

        # When they open the trust-wide pack, then they may download it
        pack_row(page, "Trust-wide", last_month).get_by_role(
            "link", name=re.compile(r"^Details")
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Trust-wide: {month_label(last_month)}"
        )
        with page.expect_download() as download_info:
            page.get_by_role("link", name=re.compile(r"^Download the pack")).click()
        assert download_info.value.suggested_filename == trust_pack.filename

        # When they open Surgery's pack and its download by their addresses
        # Then each is "Page not found", and nothing was downloaded
        expect_not_found(page, f"{live_server.url}/reports/packs/{surgery_pack.pk}/")
        expect_not_found(page, f"{live_server.url}/reports/packs/{surgery_pack.pk}/download/")
        assert not PackDownload.objects.filter(pack=surgery_pack).exists()
        assert PackDownload.objects.get().user == medicine_manager

        # When they open the dashboard
        open_dashboard(page)

        # Then it shows Medicine, and offers neither Surgery nor the whole trust
        expect(page.get_by_role("heading", level=2).first).to_have_text(
            f"Medicine: {month_label(last_month)}"
        )
        assert options_of(page.get_by_label("Clinical service centre", exact=True)) == ["Medicine"]
        expect(page.get_by_role("main")).not_to_contain_text("Surgery")
        axe_check(page)
        # ...and asking for Surgery's by address is "Page not found"
        expect_not_found(page, f"{live_server.url}/reports/dashboard/?csc=surg")


@pytest.fixture
def medicine_pack_building(register, medicine) -> BoardPack:
    """Medicine's pack for last month, asked for by a colleague, with the builder at work on it
    (marked as pack_build marks it when it takes a pack up and reaches the PDF)."""
    colleague = UserFactory(
        role=Role.CSC_MANAGER, cscs=[medicine], first_name="Ade", last_name="Bello"
    )
    pack, _created = pack_request(month=register, csc=medicine, by=colleague, queue=False)
    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.BUILDING, started_at=timezone.now(), progress=40, stage=PDF_STAGE
    )
    return pack


class TestAskingForAPackAlreadyBeingBuilt:
    def test_the_manager_is_taken_to_the_build_under_way_not_a_second_one(
        self, page, live_server, register, medicine_pack_building, medicine_manager
    ):
        # Given Medicine's pack for last month being built, asked for by a colleague
        last_month, building = register, medicine_pack_building

        # When Medicine's manager asks for the same pack
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        open_reports(page)
        expect(pack_row(page, "Medicine", last_month).locator(".nhsuk-tag")).to_have_text(
            "Building"
        )
        ask_for_pack(page, last_month, "Medicine")

        # Then they are on that build's progress, told it is already being built
        expect(page).to_have_url(f"{live_server.url}/reports/packs/{building.pk}/")
        expect(banner(page)).to_contain_text(
            f"Medicine board pack, {month_label(last_month)} (version 1) is already being built"
        )
        expect(banner(page)).to_contain_text("here is its progress")
        expect(status_tag(page)).to_have_text("Building")
        expect(pack_status(page)).to_contain_text(f"{PDF_STAGE}: 40% done")
        expect(summary_value(page, "Asked for")).to_contain_text("by Ade Bello")
        axe_check(page)

        # And no second pack was made
        assert list(BoardPack.objects.values_list("pk", flat=True)) == [building.pk]

    def test_the_time_it_was_asked_for_is_the_trusts_local_time(
        self, page, live_server, settings, register, medicine_pack_building, medicine_manager
    ):
        # Given clocks an hour ahead of UTC, as London's are in summer (Lagos: all year), and
        # Medicine's pack being built
        settings.TIME_ZONE = "Africa/Lagos"
        asked_at = timezone.localtime(medicine_pack_building.requested_at)

        # When Medicine's manager asks for the same pack
        sign_in(page, live_server, medicine_manager.username, TEST_PASSWORD)
        open_reports(page)
        ask_for_pack(page, register, "Medicine")

        # Then the page and the message give the same time it was asked for: the local one
        expect(summary_value(page, "Asked for")).to_contain_text(f"{asked_at:%H:%M} by Ade Bello")
        expect(banner(page)).to_contain_text(f"(asked for at {asked_at:%H:%M})")
