"""Every kind of page, in Latvian and English, as a visitor, a representative, an officer and a
newcomer reach it: axe finds no WCAG 2.1 A/AA violation and the Content-Security-Policy holds.

The pages are the ones the HTML validity crawl reaches (`tests/test_html_validity.crawl`), so
a page added to the portal is scanned as soon as something links to it. Each kind of page
(view, query keys, language) is scanned once, as the first person to reach it; people who
sign in are crawled first, as their pages show the most (edit buttons, forms, inbox).
"""

from django.conf import settings

from ..test_crawl import kind_of
from ..test_html_validity import EXPECTED_VIEWS, client_and_start, crawl, seed_people

ROLES = ["officer", "representative", "newcomer", "anonymous"]


def test_every_page_passes_axe_in_both_languages(
    page, live_server, assert_no_axe_violations, django_db_serialized_rollback
):
    people = seed_people()
    scanned: dict[tuple, str] = {}
    for role in ROLES:
        client, start = client_and_start(people[role])
        page.context.clear_cookies()
        if people[role] is not None:
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            page.context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        for url in crawl(client, start, forms=False):
            kind = (*kind_of(url), url.split("/")[1])
            if kind in scanned:
                continue
            scanned[kind] = f"{role} {url}"
            response = page.goto(url)
            assert response.ok, scanned[kind]
            assert page.locator("html").get_attribute("lang") == url.split("/")[1]
            assert_no_axe_violations(page)
    # About 110 kinds of page when this was written: far fewer means the crawl lost its way.
    assert len(scanned) >= 80, sorted(scanned.values())
    views = {view for view, _keys, _language in scanned}
    assert views >= EXPECTED_VIEWS, EXPECTED_VIEWS - views
    assert {language for *_, language in scanned} == {"lv", "en"}
