"""Self-service journeys in a real browser, as a new person would make them, each ending in
an axe scan: a social enterprise registers, an administrator verifies it, an officer on the
municipality's domain posts a need at once, a private address waits, tampering is refused."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from municipalities.models import EmailDomain

from ..factories import (
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


def test_enterprise_registers_adds_offerings_and_appears_once_verified(
    page, browser, live_server, live_db, assert_no_axe_violations
):
    sign_up_and_confirm(page, "janis@saulesdarbnica.lv")
    page.get_by_role("link", name="Reģistrēt uzņēmumu").click()
    page.get_by_label("Nosaukums").fill("Saules Darbnīca")
    page.get_by_label("Reģistrācijas numurs").fill("40203123456")
    page.get_by_label("Statuss sociālo uzņēmumu reģistrā").select_option(label="aktīvs")
    page.get_by_label("Statuss piešķirts").fill("2023-05-02")
    page.get_by_label("Apraksts").fill("Šujam darba apģērbus, nodarbinot cilvēkus ar invaliditāti.")
    page.get_by_label("Juridiskās adreses pašvaldība").select_option(label="Cēsu novads")
    page.get_by_label("Personas ar invaliditāti").check()
    page.get_by_role("button", name="Reģistrēt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saules Darbnīca")
    expect(page.get_by_text("netiek rādīts publiski")).to_be_visible()

    for title, service in [
        ("Darba apģērbu šūšana", "Preces, ko ražo sociālās atstumtības riska grupu cilvēki"),
        ("Veļas mazgāšana skolām", "Veļas mazgāšana un gludināšana"),
    ]:
        page.get_by_role("link", name="Pievienot piedāvājumu").click()
        page.get_by_label("Nosaukums").fill(title)
        page.get_by_label("Pakalpojumu kategorija").select_option(label=service)
        page.get_by_label("Preču un pakalpojumu pirkšana").check()
        page.get_by_role("button", name="Saglabāt").click()
        expect(page.get_by_role("cell", name=title, exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # Not public yet.
    page.goto("/lv/enterprises/?q=saules")
    expect(page.get_by_text("Nav atrasts neviens uzņēmums")).to_be_visible()

    # An administrator verifies it in Django admin, in a session of their own.
    admin_user = verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    admin_user.set_password(PASSWORD)
    admin_user.save()
    curator = browser.new_context(base_url=live_server.url).new_page()
    curator.goto("/admin/")
    curator.locator("input[name=login]").fill("kurators@kopa.example")
    curator.locator("input[name=password]").fill(PASSWORD)
    curator.locator("main button[type=submit]").click()
    curator.goto("/admin/enterprises/socialenterprise/?verification__exact=pending")
    curator.get_by_role("row", name=re.compile("Saules Darbnīca")).get_by_role("checkbox").check()
    curator.locator("select[name=action]").select_option("mark_verified")
    curator.locator("button[name=index]").click()
    expect(curator.locator(".messagelist")).to_be_visible()
    curator.context.close()

    page.goto("/lv/enterprises/?q=saules")
    page.get_by_role("link", name="Saules Darbnīca").click()
    expect(page.get_by_role("heading", name="Darba apģērbu šūšana")).to_be_visible()
    expect(page.get_by_role("heading", name="Veļas mazgāšana skolām")).to_be_visible()
    assert_no_axe_violations(page)


def test_officer_on_the_municipal_domain_posts_a_need_without_help(
    page, live_db, assert_no_axe_violations
):
    EmailDomain.objects.create(municipality=municipality("gulbenes-novads"), domain="gulbene.lv")
    sign_up_and_confirm(page, "liga.ozola@gulbene.lv")
    page.get_by_role("link", name="Darboties pašvaldības vārdā").click()
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    page.get_by_role("button", name="Nosūtīt pieprasījumu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gulbenes novads")
    page.get_by_role("link", name="Publicēt vajadzību").click()
    page.get_by_label("Nosaukums").fill("Parku uzkopšana Gulbenē")
    page.get_by_label("Apraksts").fill("Vajadzīga parku uzkopšana no aprīļa līdz oktobrim.")
    page.get_by_label("Pakalpojumu kategorija").select_option(label="Parku uzkopšana")
    page.get_by_role("button", name="Saglabāt un publicēt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parku uzkopšana Gulbenē")
    expect(page.locator(".badge", has_text="atvērta")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto("/lv/needs/")
    expect(page.get_by_role("link", name="Parku uzkopšana Gulbenē")).to_be_visible()


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
