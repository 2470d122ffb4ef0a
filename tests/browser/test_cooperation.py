"""Both sides take a cooperation from invitation to a published success story."""

import pytest
from playwright.sync_api import expect

from matching.services import refresh_need_matches

from ..factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    officer_of,
    representative_of,
)

PASSWORD = "Saulains-rits-2026"


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def log_in(page, email: str) -> None:
    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")


def test_invitation_to_success_story(page, browser, live_server, live_db, assert_no_axe_violations):
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    OfferingFactory(enterprise=enterprise, category=category("laundry"))
    need = NeedFactory(title="Skolu veļa", municipality=gulbene, category=category("laundry"))
    refresh_need_matches(need)
    for person in (
        officer_of(gulbene, "liga@gulbene.lv"),
        representative_of(enterprise, "ilze@velasmaja.lv"),
    ):
        person.set_password(PASSWORD)
        person.save()

    # The officer invites the enterprise from the need's matches.
    log_in(page, "liga@gulbene.lv")
    page.goto(f"/lv/needs/{need.pk}/matches/")
    page.get_by_role("link", name="Aicināt sadarboties").click()
    page.get_by_label("Kādu problēmu tā risina").fill("Trim skolām nav, kas mazgā veļu.")
    page.get_by_label("Konkrētais risinājums").fill("Veļas māja mazgā un gludina reizi nedēļā.")
    page.get_by_label("Preču un pakalpojumu pirkšana").check()
    page.get_by_role("button", name="Nosūtīt piedāvājumu").click()
    expect(page.locator(".badge", has_text="piedāvāta")).to_be_visible()
    assert_no_axe_violations(page)
    cooperation_url = page.url
    page.get_by_role("button", name="Mēs piekrītam").click()

    # The enterprise agrees, starts, completes with results and agrees to publish.
    enterprise_page = browser.new_context(base_url=live_server.url).new_page()
    log_in(enterprise_page, "ilze@velasmaja.lv")
    enterprise_page.goto(cooperation_url)
    enterprise_page.get_by_role("button", name="Mēs piekrītam").click()
    expect(enterprise_page.locator(".badge", has_text="saskaņota")).to_be_visible()
    enterprise_page.get_by_role("button", name="Sākt sadarbību").click()
    enterprise_page.get_by_role("link", name="Pabeigt un ierakstīt rezultātus").click()
    enterprise_page.get_by_label("Iesaistītie cilvēki no mērķa grupām").fill("4")
    enterprise_page.get_by_label("Radītās darba vietas").fill("2")
    enterprise_page.get_by_role("button", name="Pabeigt").click()
    expect(enterprise_page.locator(".badge", has_text="pabeigta")).to_be_visible()
    enterprise_page.get_by_role("button", name="Piekrist publicēt kā veiksmes stāstu").click()
    enterprise_page.context.close()

    # Published once the municipality agrees too.
    page.goto("/lv/stories/")
    expect(page.get_by_text("Stāstu vēl nav.")).to_be_visible()
    page.goto(cooperation_url)
    page.get_by_role("button", name="Piekrist publicēt kā veiksmes stāstu").click()
    page.goto("/lv/stories/")
    page.get_by_role("link", name="Skolu veļa").click()
    expect(page.get_by_text("Trim skolām nav, kas mazgā veļu.")).to_be_visible()
    assert_no_axe_violations(page)
