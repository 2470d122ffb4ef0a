"""A visitor without an account saves a search of the directory in Latvian, confirms it from
the email, and the next morning's alert lists only the enterprise verified since; the link in
it shows just that one, and the alert stops with one click. Each page free of WCAG 2.1 AA
violations (axe)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from alerts.models import SavedSearch
from alerts.services import send_due_alerts
from enterprises.models import SocialEnterprise

from ..factories import SocialEnterpriseFactory, municipality

ADDRESS = "marta.liepina@inbox.lv"


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def path_of(url: str) -> str:
    """A link from an email (addressed to SITE_URL), as a path on the live server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_in(body: str, part: str) -> str:
    return path_of(re.search(rf"http://\S+{part}\S*", body).group())


def test_a_visitor_saves_a_search_confirms_and_gets_only_the_new_enterprise(
    page, live_db, assert_no_axe_violations
):
    SocialEnterpriseFactory(name="Gulbenes maiznīca “Rudzu klēts”")

    page.goto("/lv/enterprises/?municipality=gulbenes-novads")
    main = page.get_by_role("main")
    expect(main.get_by_text("Gulbenes maiznīca “Rudzu klēts”")).to_be_visible()
    main.get_by_role(
        "link", name="Saglabāt šo meklēšanu un saņemt jaunos rezultātus e-pastā"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Saglabāt šo meklēšanu")
    expect(main.get_by_label("Meklēšanas nosaukums")).to_have_value(
        "Sociālie uzņēmumi: Gulbenes novads"
    )
    assert_no_axe_violations(page)
    main.get_by_label("katru dienu").check()
    main.get_by_label("Jūsu e-pasta adrese").fill(ADDRESS)
    main.get_by_role("button", name="Saglabāt meklēšanu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Apstipriniet savu e-pasta adresi")
    expect(main).to_contain_text(ADDRESS)
    assert_no_axe_violations(page)
    [confirmation] = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == "Apstipriniet saglabāto meklēšanu Kopā"

    page.goto(link_in(confirmation.body, "/saved-searches/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Apstipriniet saglabāto meklēšanu")
    assert_no_axe_violations(page)
    page.get_by_role("main").get_by_role(
        "button", name="Apstiprināt un ieslēgt paziņojumus"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("Apstiprināts.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sociālie uzņēmumi: Gulbenes novads")
    assert_no_axe_violations(page)

    # The next day a curator verifies a new enterprise in Gulbene, and one elsewhere.
    confirmed_at = SavedSearch.objects.get().confirmed_at
    next_day = confirmed_at + datetime.timedelta(hours=20)
    for name, place in [
        ("Stāmerienas šūšanas darbnīca", "gulbenes-novads"),
        ("Ludzas veļas mazgātava", "ludzas-novads"),
    ]:
        enterprise = SocialEnterpriseFactory(name=name, home_municipality=municipality(place))
        SocialEnterprise.history.filter(id=enterprise.pk).update(history_date=next_day)
    mail.outbox.clear()

    # send_alerts, with the clock a day after the confirmation.
    assert send_due_alerts(now=confirmed_at + datetime.timedelta(days=1, hours=1)) == 1

    [alert] = mail.outbox
    assert alert.to == [ADDRESS]
    assert alert.subject == "1 jauns rezultāts: Sociālie uzņēmumi: Gulbenes novads"
    assert "Stāmerienas šūšanas darbnīca" in alert.body
    assert "Rudzu klēts" not in alert.body and "Ludzas" not in alert.body

    page.goto(link_in(alert.body, r"/enterprises/\?"))
    main = page.get_by_role("main")
    expect(page.locator("#result-count")).to_have_text("1 uzņēmums atrasts")
    expect(main.get_by_text("Stāmerienas šūšanas darbnīca")).to_be_visible()
    expect(main.get_by_text("Rudzu klēts")).to_have_count(0)
    assert_no_axe_violations(page)

    page.goto(link_in(alert.body, "/saved-searches/unsubscribe/"))
    assert_no_axe_violations(page)
    page.get_by_role("main").get_by_role("button", name="Pārtraukt e-pastus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Paziņojumi pārtraukti")
    assert not SavedSearch.objects.exists()
