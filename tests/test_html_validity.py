"""Valid HTML on every page: the Nu HTML Checker (vnu) reads every public page and every page
of "My account" and what hangs off it, as a visitor, a representative and an officer see
them, and reports no error. vnu also reports skipped heading levels (h1 followed by h3).

The checker is a Java program from the `vnu-jar` npm package (`make vnu` installs it under
node_modules/). KOPA_VNU_JAR names another copy. Without it the test is skipped, except in
CI (CI=true), where a missing checker fails it.
"""

import json
import os
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from cooperation.models import Cooperation, CooperationEvent, CooperationStatus, Side
from demo.seeding import DemoSize, seed_demo
from enterprises.models import Representative
from municipalities.models import NeedStatus, Officer

from .factories import NeedFactory, instrument, verified_user
from .test_crawl import Page, kind_of

pytestmark = pytest.mark.django_db

DEFAULT_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MAX_PAGES = 250
ERROR_TEMPLATES = ["400.html", "403.html", "403_csrf.html", "404.html", "429.html", "500.html"]
# Pages the crawl must reach, or it proves little.
EXPECTED_VIEWS = {
    "home",
    "enterprises:enterprise-list",
    "enterprises:enterprise-detail",
    "municipalities:need-list",
    "stats:statistics",
    "account_login",
    "account_signup",
    "accounts:dashboard",
    "enterprises:enterprise-manage",
    "enterprises:enterprise-edit",
    "enterprises:offering-create",
    "enterprises:offering-edit",
    "enterprises:enterprise-register",
    "municipalities:municipality-manage",
    "municipalities:municipality-edit",
    "municipalities:need-create",
    "municipalities:need-edit",
    "cooperation:cooperation-list",
    "cooperation:cooperation-detail",
}


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs vnu, or skip (fail in CI) when it is not installed."""
    jar = Path(os.environ.get("KOPA_VNU_JAR") or DEFAULT_JAR)
    java = shutil.which("java")
    if jar.is_file() and java:
        return [java, "-jar", str(jar)]
    missing = f"the Nu HTML Checker needs Java and {jar} (make vnu installs it)"
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        pytest.fail(missing)
    pytest.skip(missing)


@pytest.fixture
def people():
    return seed_people()


def seed_people() -> dict:
    """A demo data set, with a representative and an officer whose enterprise and
    municipality have cooperations in several states, a published story and a draft need;
    {role: user} (None for the visitor). The browser's accessibility crawl uses it too."""
    seed_demo(seed=7, size=DemoSize(enterprises=12, offerings=30, needs=12))
    representative = Representative.objects.filter(enterprise__verification="verified").first()
    enterprise = representative.enterprise
    officer = Officer.objects.exclude(municipality=enterprise.home_municipality).first()
    NeedFactory(
        municipality=officer.municipality,
        status=NeedStatus.DRAFT,
        title="Senioru dienas centra telpu uzkopšana",
    )
    for status in [
        CooperationStatus.PROPOSED,
        CooperationStatus.IN_DISCUSSION,
        CooperationStatus.ACTIVE,
        CooperationStatus.COMPLETED,
    ]:
        completed = status == CooperationStatus.COMPLETED
        cooperation = Cooperation.objects.create(
            municipality=officer.municipality,
            enterprise=enterprise,
            initiated_by=Side.ENTERPRISE,
            status=status,
            title=f"Parku uzkopšana ar jauniešiem ({status.label})",
            problem="Pašvaldības parkos trūkst pastāvīgas uzkopšanas vasaras mēnešos.",
            solution="Uzņēmums nodarbina jauniešus ar invaliditāti parku uzkopšanā.",
            completed_at=timezone.now() if completed else None,
            people_involved=4 if completed else None,
            what_worked="Skaidrs darba plāns un regulāras tikšanās." if completed else "",
            municipality_publishes=completed,
            enterprise_publishes=completed,
        )
        cooperation.instruments.add(instrument("purchasing"))
        CooperationEvent.objects.create(
            cooperation=cooperation, action="propose", to_status=status, side=Side.ENTERPRISE
        )
    return {
        "anonymous": None,
        "representative": representative.user,
        "officer": officer.user,
        "newcomer": verified_user("anna.liepa@example.lv", first_name="Anna"),
    }


def allowed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"http", ""} or parts.netloc not in {"testserver", ""}:
        return False
    return not (
        parts.path.startswith(("/static/", "/media/", "/admin/", "/open-data/"))
        or "/logout/" in parts.path
    )


def crawl(client: Client, start: list[str], *, forms: bool = True) -> dict[str, str]:
    """Every kind of page (view, language and query keys) reachable from `start`, once; a
    page one's own pages link to is read again, as it shows the owner more (an officer's
    own need has an edit button). Then each form of one's own pages sent empty, for the
    page that shows its errors."""
    pages: dict[str, str] = {}
    sent_empty: dict[tuple, str] = {}
    seen = set()
    queue = deque((url, True) for url in start)
    while queue and len(pages) < MAX_PAGES:
        url, from_own = queue.popleft()
        kind = (*kind_of(url), url.split("/")[1], from_own)
        if kind in seen:
            continue
        seen.add(kind)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[url] = html
        page = Page(urljoin("http://testserver/", url))
        page.feed(html)
        own = url.split("/")[2:3] == ["account"]
        for link in page.links:
            link = link.split("#")[0].removeprefix("http://testserver")
            if link and allowed(link):
                queue.append((link, own))
        for form in page.forms:
            action = form.action.removeprefix("http://testserver")
            if forms and own and form.method == "post" and allowed(action):
                sent_empty.setdefault(form.signature(), action)
    for action in sent_empty.values():
        response = client.post(action, {})
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[f"{action} (sent empty)"] = response.content.decode()
    return pages


def error_pages() -> dict[str, str]:
    """The pages that say something went wrong, in Latvian and English."""
    pages = {}
    for language in ["lv", "en"]:
        request = RequestFactory().get(f"/{language}/")
        request.user = AnonymousUser()
        with translation.override(language):
            for name in ERROR_TEMPLATES:
                pages[f"anonymous /{language}/ {name}"] = render_to_string(name, request=request)
    return pages


def client_and_start(user) -> tuple[Client, list[str]]:
    """A client signed in as `user` (or a visitor) and where its crawl starts."""
    client = Client()
    start = ["/lv/", "/en/"]
    if user is not None:
        client.force_login(user)
        # Signed in, the public pages add a few buttons: crawl them again, but the pages of
        # one's own first.
        return client, ["/lv/account/", "/en/account/", *start]
    return client, [*start, "/lv/auth/login/", "/lv/auth/signup/", "/lv/auth/password/reset/"]


def test_every_page_is_valid_html(vnu, people, tmp_path):
    pages: dict[str, str] = {}
    for role, user in people.items():
        client, start = client_and_start(user)
        pages.update({f"{role} {url}": html for url, html in crawl(client, start).items()})
    pages.update(error_pages())
    views = {kind_of(name.split(" ")[1])[0] for name in pages}
    assert views >= EXPECTED_VIEWS, EXPECTED_VIEWS - views

    files = {}
    for number, (name, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"{number:04d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 - the checker, over pages we wrote
        [*vnu, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{files[Path(urlsplit(message['url']).path).name]}:{message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()[:120]}]"
        for message in report["messages"]
        if message["type"] == "error"
    ]
    assert errors == [], f"{len(errors)} HTML errors on {len(pages)} pages:\n" + "\n".join(errors)


def test_only_lists_that_fill_their_results_in_place_page_through_htmx(rf):
    # htmx cancels a link's click and then finds no #results to fill: a dead link.
    page = Paginator(range(45), 20).page(2)
    request = rf.get("/lv/stories/", {"page": 2})
    plain = render_to_string("includes/pagination.html", {"page": page}, request=request)
    assert 'href="?page=3" rel="next"' in plain
    assert "data-hx-" not in plain
    in_place = render_to_string(
        "includes/pagination.html", {"page": page, "in_place": True}, request=request
    )
    assert in_place.count('data-hx-target="#results"') == 2
