"""Public pages in a real browser: accessible (axe, WCAG 2.1 AA), self-contained, and the
journeys a first-time visitor makes, in Latvian and English, with and without JavaScript."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from demo.seeding import DemoSize, seed_demo
from enterprises.models import SocialEnterprise
from municipalities.models import Municipality, MunicipalitySupport, Need

from ..factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
)

# Pages anyone can open; the first path segment is the expected <html lang>.
PUBLIC_PAGES = [
    "/{language}/",
    "/{language}/enterprises/",
    "/{language}/enterprises/?municipality=gulbenes-novads&category=laundry",
    "/{language}/enterprises/?region=atlantis",
    "/{language}/enterprises/{enterprise}/",
    "/{language}/municipalities/",
    "/{language}/municipalities/gulbenes-novads/",
    "/{language}/municipalities/varaklanu-novads/",
    "/{language}/needs/",
    "/{language}/needs/{need}/",
    "/{language}/needs/{need}/matches/",
    "/{language}/cooperation-forms/",
    "/{language}/stories/",
    "/{language}/statistics/",
    "/{language}/open-data/",
]


@pytest.fixture
def portal_data(django_db_serialized_rollback, live_server):
    """A small demo data set plus the rows the journeys look for, on the live server's
    database (reloaded with the reference data before each test)."""
    seed_demo(seed=5, size=DemoSize(enterprises=30, offerings=60, needs=20))
    gulbene = municipality("gulbenes-novads")
    gulbene.contact_name = "Ilze Bērziņa"
    gulbene.contact_position = "Sociālā dienesta vadītāja"
    gulbene.contact_email = "ilze.berzina@gulbene.example"
    gulbene.save()
    MunicipalitySupport.objects.create(
        municipality=gulbene, instrument=instrument("infrastructure")
    )
    laundry = SocialEnterpriseFactory(name="Baltā Veļas Māja", home_municipality=gulbene)
    OfferingFactory(
        enterprise=laundry, title="Veļas mazgāšana skolām", category=category("laundry")
    )
    NeedFactory(
        title="Skolēnu ēdināšana Rēzeknē",
        municipality=municipality("rezekne"),
        category=category("catering"),
    )
    return {"enterprise": laundry, "need": Need.objects.open().order_by("pk").first()}


def external_requests(page, live_server) -> list[str]:
    server = urlsplit(live_server.url).netloc
    return [
        url
        for url in page.requests_seen
        if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != server
    ]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_public_page_is_accessible_and_self_contained(
    page, live_server, assert_no_axe_violations, portal_data, language
):
    for template in PUBLIC_PAGES:
        path = template.format(
            language=language,
            enterprise=portal_data["enterprise"].slug,
            need=portal_data["need"].pk,
        )
        response = page.goto(path)
        assert response.ok, path
        assert page.locator("html").get_attribute("lang") == language
        assert_no_axe_violations(page)
    assert external_requests(page, live_server) == []


def test_narrow_phone_screen_has_no_horizontal_scroll(page, portal_data):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/lv/", "/lv/enterprises/", "/lv/cooperation-forms/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_find_a_laundry_serving_gulbene_with_filters_updating_in_place(page, portal_data):
    page.goto("/lv/")
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Sociālie uzņēmumi"
    ).click()
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    page.get_by_label("Pakalpojums").select_option(label="Veļas mazgāšana un gludināšana")
    # htmx keeps the page and puts the filters, and only those, in the address to share.
    expect(page).to_have_url(
        re.compile(
            r"/lv/enterprises/\?municipality=gulbenes-novads&category=laundry&sort=relevance$"
        )
    )
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Baltā Veļas Māja")).to_be_visible()
    count = (
        SocialEnterprise.objects.verified()
        .serving(municipality("gulbenes-novads"))
        .offering_in(category("laundry"))
        .count()
    )
    expect(page.locator("#result-count")).to_contain_text(str(count))
    results.get_by_role("link", name="Baltā Veļas Māja").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baltā Veļas Māja")


def test_filters_work_without_javascript(browser, live_server, portal_data):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/en/enterprises/")
    page.get_by_label("Municipality").select_option(label="Gulbenes novads")
    page.get_by_label("Search").fill("velas")
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("link", name="Baltā Veļas Māja")).to_be_visible()
    assert "q=velas" in page.url
    context.close()


def test_open_a_municipality_and_see_whom_to_contact(page, portal_data):
    page.goto("/en/municipalities/")
    page.get_by_role("link", name="Gulbenes novads").click()
    contact = page.get_by_role("complementary")
    expect(contact.get_by_text("Ilze Bērziņa")).to_be_visible()
    expect(contact.get_by_role("link", name="ilze.berzina@gulbene.example")).to_be_visible()
    expect(page.get_by_text("Making infrastructure available")).to_be_visible()


def test_list_open_catering_needs_in_latgale(page, portal_data):
    page.goto("/lv/needs/")
    page.get_by_label("Plānošanas reģions").select_option(label="Latgales plānošanas reģions")
    page.get_by_label("Pakalpojums").select_option(label="Ēdināšana")
    expect(page).to_have_url(re.compile(r"region=latgale&category=catering"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Skolēnu ēdināšana Rēzeknē")).to_be_visible()
    for title in results.get_by_role("heading", level=3).all_inner_texts():
        need = (
            Need.objects.get(title=title) if Need.objects.filter(title=title).count() == 1 else None
        )
        if need:
            assert need.municipality.region.slug == "latgale"
            assert need.category.slug == "catering"


def test_read_what_targeted_cooperation_means_and_switch_language(page, portal_data):
    page.goto("/en/")
    page.get_by_role("link", name="Cooperation forms").click()
    expect(page.get_by_role("heading", name="Targeted cooperation")).to_be_visible()
    expect(page.get_by_role("heading", name="Real-estate tax relief")).to_be_visible()
    page.get_by_role("link", name="Latviešu").click()
    assert page.url.endswith("/lv/cooperation-forms/")
    expect(page.get_by_role("heading", name="Mērķētā sadarbība")).to_be_visible()


def test_skip_link_moves_focus_to_the_content(page, portal_data):
    page.goto("/lv/enterprises/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Pāriet uz saturu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_reference_data_survives_between_browser_tests(page):
    # Runs after other live-server tests, whose flush would have emptied the data-migration rows.
    assert Municipality.objects.current().count() == 42
