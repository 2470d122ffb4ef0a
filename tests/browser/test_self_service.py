"""Self-service in a real browser, each ending in an axe scan: an officer with a private
address waits, tampering with an address is refused, an enterprise answers a fitting need.
Registering an enterprise, verifying it and posting a need are journeys 1–3
(test_journeys.py)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from ..factories import (
    OfferingFactory,
    SocialEnterpriseFactory,
    municipality,
    representative_of,
)

PASSWORD = "Saulains-rits-2026"


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def sign_up_and_confirm(page, email: str) -> None:
    page.goto("/lv/")
    page.get_by_role("link", name="Reģistrēties").first.click()
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://\S+/auth/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")


def test_officer_with_a_private_address_waits_for_approval(page, live_db, assert_no_axe_violations):
    sign_up_and_confirm(page, "liga@pasts.example")
    page.get_by_role("link", name="Darboties pašvaldības vārdā").click()
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    page.get_by_role("button", name="Nosūtīt pieprasījumu").click()
    expect(page.get_by_text("Administrators to apstiprinās")).to_be_visible()
    expect(page.get_by_text("gaida apstiprinājumu")).to_be_visible()
    assert_no_axe_violations(page)


def test_changing_the_id_in_the_address_does_not_reach_another_enterprise(
    page, live_db, assert_no_axe_violations
):
    mine = SocialEnterpriseFactory(name="Mans uzņēmums")
    theirs = OfferingFactory(enterprise=SocialEnterpriseFactory(name="Svešs uzņēmums"))
    person = representative_of(mine, "es@mans.lv")
    person.set_password(PASSWORD)
    person.save()
    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill("es@mans.lv")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")
    response = page.goto(f"/lv/account/offerings/{theirs.pk}/edit/")
    assert response.status == 404
    expect(page.get_by_text(theirs.title)).to_have_count(0)
    assert_no_axe_violations(page)


def test_enterprise_answers_a_fitting_need(page, live_db, assert_no_axe_violations):
    from matching.services import refresh_need_matches

    from ..factories import NeedFactory, category

    enterprise = SocialEnterpriseFactory(
        name="Veļas māja", home_municipality=municipality("gulbenes-novads")
    )
    OfferingFactory(enterprise=enterprise, category=category("laundry"))
    need = NeedFactory(
        title="Skolu veļa",
        municipality=municipality("gulbenes-novads"),
        category=category("laundry"),
    )
    refresh_need_matches(need)
    person = representative_of(enterprise, "ilze@velasmaja.lv")
    person.set_password(PASSWORD)
    person.save()
    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill("ilze@velasmaja.lv")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"/lv/account/enterprises/{enterprise.slug}/needs/")
    expect(page.get_by_role("link", name="Skolu veļa")).to_be_visible()
    expect(page.get_by_text("atrodas: Gulbenes novads")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_text("Mums tas neder").click()
    page.get_by_label("Kāpēc ne?").select_option(label="pašlaik nav jaudas")
    page.get_by_role("button", name="Nosūtīt: neinteresē").click()
    expect(page.get_by_text("Paldies! Jūsu atbilde palīdz pašvaldībai.")).to_be_visible()
    expect(page.get_by_text("nav ieinteresēts: pašlaik nav jaudas")).to_be_visible()
    assert_no_axe_violations(page)
