""" "What waits for me" in a real browser: the header's count leads to the inbox, a need is
answered there and the count goes down; the statistics page's contents lead to each chart.
Each page ends in an axe scan, in Latvian and English."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enterprises.models import Representative
from matching.models import Match

from ..factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    municipality,
    representative_of,
    verified_user,
)

PASSWORD = "Saulains-rits-2026"


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def test_the_header_count_leads_to_the_inbox_and_goes_down_after_an_answer(
    page, live_db, assert_no_axe_violations
):
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    offering = OfferingFactory(enterprise=enterprise, title="Skolu veļas mazgāšana")
    need = NeedFactory(municipality=gulbene, title="Skolu veļas mazgāšana un gludināšana")
    Match.objects.create(need=need, enterprise=enterprise, offering=offering, score=64)
    Representative.objects.create(
        user=verified_user("marta.ozolina@velasmaja.lv"), enterprise=enterprise
    )
    person = representative_of(enterprise, "ilze.berzina@velasmaja.lv")
    person.set_password(PASSWORD)
    person.save()

    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill("ilze.berzina@velasmaja.lv")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")

    link = page.get_by_role("link", name="Gaida mani: 2 darāmās lietas")
    expect(link).to_have_text("Gaida mani: 2")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gaida mani")
    expect(
        page.get_by_role("heading", name="1 pieprasījums pārstāvēt jūsu uzņēmumu")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Mūs tas interesē").click()
    expect(page.get_by_text("Paldies! Pašvaldība redz, ka jūs tas interesē.")).to_be_visible()
    expect(page.get_by_role("link", name="Gaida mani: 1 darāmā lieta")).to_be_visible()
    assert Match.objects.get().interested_at <= timezone.now()

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("link", name="Waiting for me: 1 thing to do")).to_be_visible()
    expect(
        page.get_by_role("heading", name="1 request to represent your enterprise")
    ).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["lv", "en"])
def test_the_statistics_contents_lead_to_each_chart(
    page, live_db, language, assert_no_axe_violations
):
    SocialEnterpriseFactory.create_batch(3)
    page.goto(f"/{language}/statistics/")
    contents = page.get_by_role(
        "navigation", name={"lv": "Šajā lapā", "en": "On this page"}[language]
    )
    title = {"lv": "Sadarbības pa ceturkšņiem", "en": "Cooperations per quarter"}[language]
    contents.get_by_role("link", name=title).click()
    assert page.url.endswith("#cooperations-over-time")
    expect(page.get_by_role("article", name=title)).to_be_in_viewport()
    assert_no_axe_violations(page)
