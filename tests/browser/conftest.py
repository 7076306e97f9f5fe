"""Browser test harness: the system Chromium driven through Playwright's sync API.

Chromium is launched once per session and each test gets a fresh context (no shared cookies).
The app is served by pytest-django's ``live_server``, which implies ``transactional_db``, so
rows the tests create are visible to the server thread.

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` leaves them out).
Without /usr/bin/chromium they are skipped, with a single reason that says how to install it.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: "
    "install it with `apt-get install -y chromium` to run the browser tests"
)

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
SIGN_IN_PATH = "/account/sign-in/"
# Chromium logs each thing the content security policy refuses as a console error saying so.
CSP_REFUSAL = "Content Security Policy"


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items: mark only the ones in this folder.
    chromium_missing = not CHROMIUM.exists()
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if chromium_missing:
                # A skip marker (not a skip inside a fixture) lets `pytest -rs` fold the
                # skips together under this one reason instead of listing every test.
                item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():  # Tests here are already skipped; this guards any other user.
        pytest.skip(CHROMIUM_MISSING)
    # Playwright's sync API keeps an event loop in the main thread; without this Django
    # refuses the tests' own database access as "async unsafe".
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@contextmanager
def person(browser: Browser, **options) -> Iterator[Page]:
    """One person's browser: a new context (its own cookies), closed afterwards. Any test whose
    pages break the content security policy fails (docs/adr/0019): the browser refuses what
    the policy forbids, so a page can look fine to a test while a script of it never ran."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    # Fail in seconds, not Playwright's default 30, when something is missing.
    context.set_default_timeout(10_000)
    refused: list[str] = []
    context.on(
        "console",
        lambda message: (
            refused.append(f"{message.page.url if message.page else ''}: {message.text}")
            if CSP_REFUSAL in message.text
            else None
        ),
    )
    try:
        yield context.new_page()
    finally:
        context.close()
    if refused:
        pytest.fail("The content security policy refused:\n" + "\n".join(refused), pytrace=False)


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:
    """A page in a new browser context (fresh cookies), closed after the test."""
    with person(browser) as new_page:
        yield new_page


@pytest.fixture
def other_page(browser, live_server) -> Iterator[Page]:
    """A second person's browser: no cookies are shared with ``page``."""
    with person(browser) as new_page:
        yield new_page


@pytest.fixture
def no_js_page(browser, live_server) -> Iterator[Page]:
    """A browser with JavaScript turned off: forms post and pages reload."""
    with person(browser, java_script_enabled=False) as new_page:
        yield new_page


def sign_in(page: Page, live_server, username: str, password: str) -> None:
    """Fill in and submit the real sign-in form, as a person would."""
    page.goto(f"{live_server.url}{SIGN_IN_PATH}")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def axe_check(page: Page) -> None:
    """Run axe-core on the current page; fail listing every serious or critical violation."""
    # With the stylesheet missing, axe would check contrast against browser defaults and pass.
    styled = page.evaluate(
        """() => [...document.styleSheets].some(
            (sheet) => (sheet.href || "").includes("careprog.css") && sheet.cssRules.length > 0
        )"""
    )
    assert styled, f"careprog.css did not load on {page.url}, so axe cannot judge the page"

    # Evaluated, not added as a <script>: the content security policy refuses inline scripts,
    # and a test tool's own evaluation is not the page's to refuse.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe found {len(blocking)} serious/critical violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {node['target']}" for node in violation["nodes"])
        pytest.fail("\n".join(lines), pytrace=False)
