"""An officer builds a shortlist from the directory, writes a note, and invites the whole
list to the municipality's open need, in Latvian, ending each page with an axe scan."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from ..factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

PASSWORD = "Saulains-rits-2026"


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def test_officer_builds_a_shortlist_and_invites_it_to_a_need(
    page, live_db, assert_no_axe_violations
):
    gulbene = municipality("gulbenes-novads")
    need = NeedFactory(
        municipality=gulbene,
        title="Stāķu parka uzkopšana 2027. gadā",
        published_at=timezone.now(),
    )
    need.instruments.add(instrument("purchasing"))
    first = SocialEnterpriseFactory(name="Zaļās rokas", slug="zalas-rokas")
    OfferingFactory(enterprise=first, title="Parku un skvēru kopšana")
    representative_of(first, "ilze@zalasrokas.lv")
    second = SocialEnterpriseFactory(name="Parku meistari", slug="parku-meistari")
    OfferingFactory(enterprise=second, title="Zālienu pļaušana")
    officer = officer_of(gulbene, "liga.ozola@gulbene.lv")
    officer.set_password(PASSWORD)
    officer.save()

    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill("liga.ozola@gulbene.lv")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()

    # The first enterprise starts a new list from its card in the directory.
    page.goto("/lv/enterprises/")
    card = page.locator("li", has=page.get_by_role("link", name="Zaļās rokas", exact=True))
    card.get_by_text("Pievienot sarakstam").click()
    card.get_by_role("link", name="Sākt ar to jaunu sarakstu").click()
    page.get_by_label("Nosaukums").fill("Tirgus izpēte: parku uzkopšana 2027")
    page.get_by_role("button", name="Izveidot sarakstu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tirgus izpēte: parku uzkopšana 2027")
    assert_no_axe_violations(page)

    # The second from its card, onto the list just made.
    page.goto("/lv/enterprises/")
    card = page.locator("li", has=page.get_by_role("link", name="Parku meistari", exact=True))
    card.get_by_text("Pievienot sarakstam").click()
    card.get_by_role("button", name="Pievienot").click()
    expect(page.get_by_text("Parku meistari ir pievienots sarakstam")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Atvērt sarakstu").first.click()
    expect(page.get_by_text("Sarakstā ir 2 uzņēmumi")).to_be_visible()
    page.get_by_label("Privāta piezīme: Zaļās rokas").fill(
        "Zvanīju 3. decembrī; gatavi sākt aprīlī, krūmgrieži jāīrē."
    )
    page.locator("li", has=page.get_by_role("link", name="Zaļās rokas", exact=True)).get_by_role(
        "button", name="Saglabāt piezīmi"
    ).click()
    expect(page.get_by_text("Piezīme par Zaļās rokas ir saglabāta.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Uzaicināt sarakstu uz vajadzību").click()
    page.get_by_label("Vajadzība").select_option(label=need.title)
    page.get_by_role("button", name="Turpināt").click()
    page.get_by_label("Kādu problēmu tā risina").fill(
        "Parks aizaug, un pašvaldībai nav savu darbinieku tā kopšanai."
    )
    page.get_by_label("Konkrētais risinājums").fill(
        "Uzņēmums pļauj un kopj parku no aprīļa līdz oktobrim."
    )
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Uzaicināt 2 uzņēmumus").click()
    expect(page.get_by_role("heading", name="Uzaicināti 2 uzņēmumi")).to_be_visible()
    expect(page.get_by_text("Kopā to vēl neviens nepārstāv")).to_be_visible()
    assert_no_axe_violations(page)
    assert any(message.to == ["ilze@zalasrokas.lv"] for message in mail.outbox)
