"""Two officers edit one need in two browsers: the second is told, and keeps their text."""

import pytest
from playwright.sync_api import expect

from municipalities.models import Need

from ..factories import NeedFactory, municipality, officer_of

PASSWORD = "Saulains-rits-2026"
LIGA_TEXT = (
    "Stāmerienas pils parkā no maija līdz septembrim reizi nedēļā jāpļauj zāliens (ap 2,4 ha),\n"
    "jāgrābj lapas un jāiztīra celiņi. Pašvaldība nodrošina zāles pļāvēju un degvielu."
)
PETERIS_TEXT = (
    "Jākopj arī ziedu dobes pie pils ieejas: ravēšana divreiz mēnesī, laistīšana sausumā.\n"
    "Lūdzam norādīt, cik cilvēku ar invaliditāti darbā iesaistīsiet un kā viņus apmācīsiet."
)


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def officer(email: str):
    person = officer_of(municipality("gulbenes-novads"), email)
    person.set_password(PASSWORD)
    person.save()
    return person


def log_in(page, email: str) -> None:
    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")


def saved_description(need: Need) -> str:
    # A browser sends a textarea's line breaks as CRLF.
    return Need.objects.get(pk=need.pk).description.replace("\r\n", "\n")


def test_the_second_officer_sees_the_conflict_with_their_text_kept(
    page, browser, live_server, live_db, assert_no_axe_violations
):
    officer("liga@gulbene.lv")
    officer("peteris@gulbene.lv")
    need = NeedFactory(
        municipality=municipality("gulbenes-novads"), title="Stāmerienas parka kopšana"
    )
    edit = f"/lv/account/needs/{need.pk}/edit/"
    other = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    try:
        second = other.new_page()
        log_in(page, "liga@gulbene.lv")
        log_in(second, "peteris@gulbene.lv")
        # Both open the form before either saves.
        page.goto(edit)
        second.goto(edit)

        page.get_by_label("Apraksts").fill(LIGA_TEXT)
        page.get_by_role("button", name="Saglabāt").first.click()
        expect(page.get_by_text("Vajadzība ir saglabāta.")).to_be_visible()

        second.get_by_label("Apraksts").fill(PETERIS_TEXT)
        second.get_by_role("button", name="Saglabāt").first.click()
        expect(second.get_by_role("alert")).to_contain_text(
            "Kamēr jūs labojāt, kāds cits to jau saglabāja"
        )
        expect(second.get_by_label("Apraksts")).to_have_value(PETERIS_TEXT)
        expect(second.get_by_text("Kas saglabāts tagad")).to_be_visible()
        assert saved_description(need) == LIGA_TEXT
        assert_no_axe_violations(second)

        # Having compared, he saves again, and now his text is the need's.
        second.get_by_role("button", name="Saglabāt").first.click()
        expect(second.get_by_role("heading", level=1)).to_have_text("Stāmerienas parka kopšana")
        assert saved_description(need) == PETERIS_TEXT
    finally:
        other.close()
