"""By keyboard and on a phone: an officer logs in with Tab, typing and Enter; a long form's
save button is a few key presses away and its long lists filter as one types; on a phone
(390 × 844) the header is one row with a menu, the filters fold behind a button and the
first result shows on the first screen. Each ends in an axe scan."""

import pytest
from playwright.sync_api import expect

from demo.seeding import DemoSize, seed_demo
from enterprises.models import Offering

from ..factories import (
    OfferingFactory,
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    representative_of,
)

PASSWORD = "correct horse battery staple"  # the factories' password
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def directory(django_db_serialized_rollback, live_server):
    """A demo data set on the live server's database, and one enterprise to search for."""
    seed_demo(seed=11, size=DemoSize(enterprises=12, offerings=24, needs=8))
    laundry = SocialEnterpriseFactory(name="Baltā Veļas Māja")
    OfferingFactory(enterprise=laundry, title="Veļas mazgāšana skolām")


def focused(page) -> str:
    """What has the keyboard focus: its id, else its tag and text."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.id || `${e.tagName.toLowerCase()}:${e.textContent.trim()}`; })()"
    )


def log_in(page, email: str) -> None:
    page.goto("/lv/auth/login/")
    main = page.get_by_role("main")
    main.get_by_label("E-pasts").fill(email)
    main.get_by_label("Parole:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Pieteikties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")


KEYBOARD_LOGIN = {
    "lv": {
        "skip": "Pāriet uz saturu",
        "submit": "button:Pieteikties",
        "forgot": "a:Aizmirsāt paroli?",
        "dashboard": "Mans konts",
    },
    "en": {
        "skip": "Skip to content",
        "submit": "button:Log in",
        "forgot": "a:Forgot your password?",
        "dashboard": "My account",
    },
}


@pytest.mark.parametrize("language", ["lv", "en"])
def test_an_officer_logs_in_by_keyboard_only(
    page, live_server, django_db_serialized_rollback, assert_no_axe_violations, language
):
    words = KEYBOARD_LOGIN[language]
    officer_of(municipality("gulbenes-novads"), "liga.ozola@gulbene.lv")
    page.goto(f"/{language}/auth/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=words["skip"])).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page) == "id_login"
    page.keyboard.type("liga.ozola@gulbene.lv")
    page.keyboard.press("Tab")
    # Not the "Forgot your password?" link: the password comes straight after the email.
    assert focused(page) == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused(page) == "id_remember"
    page.keyboard.press("Tab")
    assert focused(page) == words["submit"]
    # The helpers come after the button.
    page.keyboard.press("Tab")
    assert focused(page) == words["forgot"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/{language}/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["dashboard"])
    expect(page.get_by_role("link", name="Gulbenes novads")).to_be_visible()
    assert_no_axe_violations(page)


def test_save_is_a_few_keys_away_and_a_long_list_filters_as_one_types(
    page, django_db_serialized_rollback, assert_no_axe_violations
):
    enterprise = SocialEnterpriseFactory(name="Baltā Veļas Māja")
    offering = OfferingFactory(enterprise=enterprise, title="Veļas mazgāšana skolām")
    representative_of(enterprise, "ilze@velasmaja.lv")
    log_in(page, "ilze@velasmaja.lv")
    page.goto(f"/lv/account/offerings/{offering.pk}/edit/")

    places = page.get_by_role("group", name="Apkalpotās pašvaldības")
    box = places.get_by_label("Filtrēt sarakstu")
    box.fill("rez")  # without diacritics, as typed on many keyboards
    expect(places.get_by_role("checkbox")).to_have_count(2)
    expect(places.get_by_role("status")).to_have_text("Redzami: 2 no 42")
    expect(places.get_by_role("checkbox", name="Rēzeknes novads")).to_be_visible()
    expect(places.get_by_role("checkbox", name="Rīga", exact=True)).to_be_hidden()
    box.press("Enter")  # keeps the half-filled form on the page
    page.keyboard.press("Tab")  # Rēzekne: the hidden options take no Tab
    page.keyboard.press("Tab")
    expect(places.get_by_role("checkbox", name="Rēzeknes novads")).to_be_focused()
    page.keyboard.press("Space")
    box.fill("latgales")  # a region's name shows all its municipalities
    expect(places.get_by_role("checkbox")).to_have_count(9)
    box.fill("")
    expect(places.get_by_role("checkbox")).to_have_count(42)
    page.get_by_label("Ir sava darbības teritorija").check()
    assert_no_axe_violations(page)

    # From the top of the form: skip link, Enter, and the save button has the focus.
    page.get_by_role("navigation", name="Navigācijas ceļš").get_by_role("link").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Pāriet uz saglabāšanas pogu")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert focused(page) == "save"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Baltā Veļas Māja")
    saved = Offering.objects.get(pk=offering.pk)
    assert [m.slug for m in saved.served_municipalities.all()] == ["rezeknes-novads"]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_on_a_phone_the_first_result_shows_on_the_first_screen(
    page, directory, assert_no_axe_violations, language
):
    page.set_viewport_size(PHONE)
    text = {
        "lv": ["Galvenā navigācija", "Izvēlne", "Filtrēt", "Meklēt"],
        "en": ["Main", "Menu", "Filter", "Search"],
    }
    main, menu, filters, search = text[language]
    page.goto(f"/{language}/enterprises/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header
    first = page.locator("#results .card__title").first.bounding_box()
    assert first["y"] + first["height"] < PHONE["height"], first
    assert page.evaluate("window.scrollY") == 0

    # The navigation and the filters are one press away, not in the way.
    navigation = page.get_by_role("navigation", name=main, exact=True)
    expect(navigation).to_be_hidden()
    expect(page.get_by_label(search)).to_be_hidden()
    page.get_by_text(menu, exact=True).click()
    expect(navigation).to_be_visible()
    assert_no_axe_violations(page)
    page.keyboard.press("Escape")
    expect(navigation).to_be_hidden()
    expect(page.get_by_text(menu, exact=True)).to_be_focused()
    page.get_by_text(filters, exact=True).click()
    expect(page.get_by_label(search)).to_be_visible()
    assert_no_axe_violations(page)

    # Filtering keeps the filters open and shows what they found.
    page.get_by_label(search).fill("balta vela")
    page.get_by_label(search).press("Enter")
    expect(page.locator("#results .card").first).to_contain_text("Baltā Veļas Māja")
    expect(page.get_by_label(search)).to_be_visible()


def test_on_a_wide_screen_the_menu_and_filters_show_unfolded(page, directory):
    page.goto("/lv/enterprises/")
    expect(page.get_by_text("Izvēlne", exact=True)).to_be_hidden()
    expect(page.get_by_text("Filtrēt", exact=True)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Galvenā navigācija")).to_be_visible()
    expect(page.get_by_label("Meklēt")).to_be_visible()
    # A keyboard user skips the header and the filters to the results.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Pāriet uz rezultātiem")).to_be_focused()
    page.keyboard.press("Enter")
    assert focused(page) == "results-section"
    page.keyboard.press("Tab")
    assert focused(page).startswith("a:")  # the first result's link
    assert page.evaluate("document.activeElement.closest('#results') !== null")


def test_on_a_phone_the_menu_and_filters_open_without_javascript(browser, live_server, directory):
    context = browser.new_context(
        java_script_enabled=False, viewport=PHONE, base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/lv/enterprises/")
    navigation = page.get_by_role("navigation", name="Galvenā navigācija")
    expect(navigation).to_be_hidden()
    page.get_by_text("Izvēlne", exact=True).click()
    navigation.get_by_role("link", name="Vajadzības").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pašvaldību vajadzības")
    expect(page.get_by_label("Meklēt")).to_be_hidden()
    page.get_by_text("Filtrēt", exact=True).click()
    expect(page.get_by_label("Meklēt")).to_be_visible()
    context.close()
