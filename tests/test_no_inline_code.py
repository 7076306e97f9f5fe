"""No page of the app holds what the content security policy refuses (issue 14, docs/adr/0019):
no inline script, no on*= or hx-on handler, no style= attribute or <style> element.

Two checks. Each role's pages are walked by following their links from the home page,
so a page added later is checked without a list to keep up; and every template in the
repository is read, so a page the walk does not reach is still checked. The shared core's own
page tests are in careprog/tests/test_content_security_policy.py."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import simple_history
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from careprog.tests.factories import StaffMemberFactory
from careprog.tests.inline_code import inline_code
from feedback.models.choices import Kind
from feedback.tests.factories import make_item
from recognition.models import ThankYou
from recognition.services.thanks import thank_you_send
from recognition.tests.factories import open_round
from standards.tests.factories import few_standards, make_assessment

ROOT = Path(__file__).resolve().parents[1]
# Read by WeasyPrint or by a mail program, never by a browser under the policy: PDFs and emails
# need their styles inline (a PDF has no other file to load; mail programs drop <link>).
SERVER_SIDE_TEMPLATES = {
    "feedback/templates/feedback/letters/letter.html",
    "recognition/templates/recognition/certificate.html",
    "recognition/templates/recognition/email/card.html",
    "reports/templates/reports/annual/pdf.html",
    "reports/templates/reports/pack/pack.html",
}
# Pages of one kind (an item, a checklist line) walked for each person; enough to meet the
# different kinds of item and state without walking the whole demo register.
PAGES_OF_ONE_KIND = 3
# The pages the issue names, each of which the walk must reach, or it proved nothing.
MUST_REACH = {
    "feedback:list",  # the register
    "feedback:detail",  # an item's page
    "feedback:log",  # logging new feedback, with the staff picker
    "reports:dashboard",
    "standards:assessment",  # a standards checklist
    "recognition:wall",
    "admin:index",
}


class TestEveryTemplate:
    def test_no_template_served_to_a_browser_holds_inline_code(self):
        offences = {}
        for path in templates():
            name = str(path.relative_to(ROOT))
            if name in SERVER_SIDE_TEMPLATES:
                continue
            # Template tags stand in for text, so the template reads as HTML to the finder.
            found = inline_code(re.sub(r"{[%{#].*?[%}#]}", " x ", path.read_text()))
            if found:
                offences[name] = found
        assert offences == {}

    def test_the_server_side_templates_are_still_there(self):
        # A renamed PDF template would leave a stale entry here, and the check above blind.
        names = {str(path.relative_to(ROOT)) for path in templates()}
        assert names >= SERVER_SIDE_TEMPLATES

    def test_the_admin_history_template_is_simple_historys_less_its_style(self):
        # Our copy (templates/simple_history/) drops a style= the policy refuses; when
        # django-simple-history changes its own, this fails so the copy is made again.
        upstream = Path(simple_history.__file__).parent / "templates" / HISTORY_LIST
        ours = ROOT / "templates" / HISTORY_LIST
        without_comment = ours.read_text().split("\n", 1)[1]
        assert without_comment == upstream.read_text().replace(' style="border-top: 0"', "")


HISTORY_LIST = "simple_history/object_history_list.html"


def templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return [path for folder in folders for path in folder.rglob("*.html")]


@pytest.fixture
def a_little_of_everything(pals_officer, medicine, medicine_manager, panel_member):
    """Enough for every kind of page to show something: each kind of item, 15 months of
    complaints (so the dashboard draws its charts), a checklist, a thank-you and an open
    award round with a panel."""
    for kind in Kind.values:
        make_item(kind=kind, csc=medicine, by=pals_officer)
    today = timezone.localdate()
    for months_ago in range(1, 16):
        make_item(
            csc=medicine, by=pals_officer, received_on=today - relativedelta(months=months_ago)
        )
    few_standards(3)
    make_assessment(csc=medicine, by=medicine_manager)
    nurse = StaffMemberFactory(csc=medicine, name="Nina Shah")
    thank_you_send(
        by=pals_officer, recipient=nurse, value=ThankYou.Value.BEST_CARE, message="Thanks"
    )
    open_round(chair=panel_member, panel=[panel_member])


@pytest.mark.usefixtures("a_little_of_everything")
def test_no_page_a_person_reaches_holds_inline_code(
    pals_officer, medicine_manager, board_member, panel_member, administrator
):
    offences, reached, charts = {}, set(), 0
    for user in [pals_officer, medicine_manager, board_member, panel_member, administrator]:
        client = Client()
        client.force_login(user)
        for url, view_name, html in walk(client):
            reached.add(view_name)
            charts += html.count('<svg class="mdc-chart"')
            if found := inline_code(html):
                offences[f"{user.username} {url}"] = found
    assert offences == {}
    assert reached >= MUST_REACH
    # The charts are drawn in Python, not a template: the walk must have met some.
    assert charts > 0


def walk(client):
    """Each HTML page reachable by links from the home page: (url, view name, html)."""
    queue, seen, per_view = ["/"], {"/"}, Counter()
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers["Content-Type"]:
            continue
        html = response.content.decode()
        yield url, resolve(urlsplit(url).path).view_name, html
        for link in links(html):
            target = urljoin(url, link)
            parts = urlsplit(target)
            # Our own pages only, each once; query strings are filters and pages of a list.
            if parts.netloc or parts.query or target in seen:
                continue
            try:
                view_name = resolve(parts.path).view_name
            except Resolver404:
                continue
            if per_view[view_name] >= PAGES_OF_ONE_KIND:
                continue
            per_view[view_name] += 1
            seen.add(target)
            queue.append(parts.path)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:")):
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs
