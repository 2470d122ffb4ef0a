"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live server, with axe-core accessibility scans.

Every test here is marked `browser` (`pytest -m "not browser"` skips them). The live server
serves static files through Django's StaticFilesHandler, from the finders.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an asyncio loop running in the test thread, so Django's ORM
# (live server set-up, database flush) would refuse to run without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KOPA_CHROMIUM", "/usr/bin/chromium")  # Debian's, not a download
CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium's sandbox refuses to run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No network but the live server: keep Chromium from calling home in the background.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Runs in every page before its own scripts (injected by the browser, so the policy does not
# apply to it) and reports each violation of the Content-Security-Policy to the test.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}` +
      (event.sample ? `: ${event.sample}` : "")
  );
});
"""

_axe = Axe()  # ships its own axe.min.js, injected into the page on each run
_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: end-to-end test in headless Chromium")


def pytest_collection_modifyitems(items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in item.path.parents:
            item.add_marker(pytest.mark.browser)
            # WhiteNoise warns that STATIC_ROOT (collectstatic's output) is missing; the live
            # server serves static files itself, from the finders.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report so the page fixture knows whether the test failed.
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    # While Playwright runs, its asyncio loop counts as running in this thread, and Django's
    # connection handler (an asgiref Local) then hands out a second set of connections. Keep
    # the ones the test database was set up with: they hold the data for serialized rollback.
    wrappers = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The live server's tests flush the database's tables but not the cache's (a table of
    its own that no model owns): start each test with no cached page or attempt counts."""
    cache.clear()


def _record_console_error(page, message) -> None:
    # Django admin's pages name no icon, so the browser asks for /favicon.ico and gets a 404.
    url = message.location.get("url", "")
    if message.type == "error" and not url.endswith("/favicon.ico"):
        page.script_errors.append(f"{message.text} ({url})")


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, request):
    """A fresh browser context per test, addressed relative to the live server.

    `page.requests_seen` lists every URL the page requested; `page.csp_violations` every
    Content-Security-Policy violation and `page.script_errors` every uncaught script error or
    console error, and a test that passes with a CSP violation fails after all. The live server
    needs a transactional database, which pytest-django flushes after each test; serialized
    rollback reloads the migration-loaded reference data (municipalities, vocabulary) before
    each test.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    context.expose_binding(
        "reportCspViolation", lambda source, text: page.csp_violations.append(text)
    )
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.requests_seen = []
    page.csp_violations = []
    page.script_errors = []
    page.on("request", lambda req: page.requests_seen.append(req.url))
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda message: _record_console_error(page, message))
    yield page
    report = request.node.stash.get(_reports, {}).get("call")
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    context.close()
    if report is not None and report.passed and page.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(page.csp_violations))


def _check_axe(page, context=None):
    """Fail with one readable line per WCAG 2.0/2.1 A/AA violation on the current page."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations = _axe.run(page, context=context, options=options).response["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
        for v in violations:
            targets = ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:3])
            more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
            lines.append(f"- {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def assert_no_axe_violations():
    return _check_axe


@pytest.fixture
def keep_screenshot():
    """Save the whole page as test-artifacts/NAME.png, for people to look at after the run."""

    def keep(page, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return keep
