"""The five journeys of issue 7, end to end in a real browser.

Each starts cold: a fresh browser context with nobody logged in, the reference data the
migrations load, and only the rows the journey needs made by the factories. Every step goes
through the pages as a person would take it (typing, choosing, clicking by role and label,
following the link in the confirmation email); each journey ends in an axe scan and keeps a
screenshot of its last page under test-artifacts/.
"""

import re

from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import MembershipStatus, User
from cooperation.models import Cooperation, CooperationStatus, Side
from cooperation.services import propose
from enterprises.models import Representative, SocialEnterprise, Verification
from matching.services import refresh_need_matches

from ..factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
    verified_user,
)
from ..test_accounts import lv

PASSWORD = "Zaļā pļava 2026 rudenī"


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_up_and_confirm(page: Page, email: str, assert_no_axe_violations=None) -> None:
    """Sign up in Latvian from the home page and confirm the address from the email."""
    page.goto("/lv/")
    page.get_by_role("navigation", name="Konts").get_by_role("link", name="Reģistrēties").click()
    main = page.get_by_role("main")
    main.get_by_label("E-pasts").fill(email)
    main.get_by_label("Parole:", exact=True).fill(PASSWORD)
    main.get_by_label("Parole (vēlreiz)").fill(PASSWORD)
    main.get_by_role("button", name="Reģistrēties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apstipriniet savu e-pasta adresi")
    sent = lv("Confirmation email sent to %(email)s.", email=email)
    expect(page.get_by_text(sent)).to_be_visible()
    if assert_no_axe_violations:
        assert_no_axe_violations(page)

    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    assert message.subject == "Kopā: " + lv("Please Confirm Your Email Address")
    link = re.search(r"http://\S+/lv/auth/confirm-email/\S+", message.body).group()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Apstipriniet e-pasta adresi")
    if assert_no_axe_violations:
        assert_no_axe_violations(page)
    page.get_by_role("button", name="Apstiprināt").click()
    expect(page).to_have_url(re.compile(r"/lv/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")
    expect(page.get_by_role("main")).to_contain_text(email)
    expect(page.get_by_role("button", name="Iziet")).to_be_visible()
    # Emails to them will speak the language they signed up in.
    assert User.objects.get(email=email).language == "lv"


def log_in(page: Page, email: str) -> None:
    page.goto("/lv/")
    page.get_by_role("navigation", name="Konts").get_by_role("link", name="Pieteikties").click()
    main = page.get_by_role("main")
    main.get_by_label("E-pasts").fill(email)
    main.get_by_label("Parole:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Pieteikties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")


def open_cooperation(page: Page, title: str) -> None:
    """From "My account", through the list of the person's cooperations."""
    page.get_by_role("navigation", name="Konts").get_by_role("link", name="Mans konts").click()
    page.get_by_role("main").get_by_role("link", name="Sadarbības", exact=True).click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def status_badge(page: Page, status: str):
    return page.locator(".card__meta .badge", has_text=status)


def completed_with(page: Page, form_name: str) -> int:
    """From the statistics page: how many completed cooperations used this form."""
    page.goto("/lv/")
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Statistika"
    ).click()
    figure = page.get_by_role("article", name="Sadarbības pa sadarbības formām")
    figure.get_by_text("Skaitļi tabulā").click()
    table = figure.get_by_role("table")
    column = table.get_by_role("columnheader").all_inner_texts().index("Pabeigtas")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=form_name))
    return int(row.locator("th, td").nth(column).inner_text())


def test_journey_1_officer_signs_up_posts_a_need_and_invites_a_matching_enterprise(
    page, live_server, assert_no_axe_violations, keep_screenshot
):
    gulbene = municipality("gulbenes-novads")
    laundry = SocialEnterpriseFactory(name="Baltā Veļas Māja", home_municipality=gulbene)
    OfferingFactory(
        enterprise=laundry, title="Veļas mazgāšana skolām", category=category("laundry")
    )
    representative_of(laundry, "ilze@baltavela.lv")

    sign_up_and_confirm(page, "liga.ozola@gulbene.lv", assert_no_axe_violations)

    # The address is on the municipality's official domain: she may act for it at once.
    page.get_by_role("link", name="Darboties pašvaldības vārdā").click()
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    page.get_by_role("button", name="Nosūtīt pieprasījumu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gulbenes novads")

    page.get_by_role("link", name="Publicēt vajadzību").click()
    page.get_by_label("Nosaukums").fill("Skolu veļas mazgāšana Gulbenē")
    page.get_by_label("Apraksts").fill("Trīs skolām vajadzīga veļas mazgāšana reizi nedēļā.")
    page.get_by_label("Pakalpojumu kategorija").select_option(
        label="Veļas mazgāšana un gludināšana"
    )
    page.get_by_role("button", name="Saglabāt un publicēt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skolu veļas mazgāšana Gulbenē")
    expect(status_badge(page, "atvērta")).to_be_visible()
    # It is on the public board at once.
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Vajadzības"
    ).click()
    page.get_by_role("link", name="Skolu veļas mazgāšana Gulbenē").click()
    matches = page.get_by_role("region", name="Piemērotie uzņēmumi")
    expect(matches.get_by_role("link", name="Baltā Veļas Māja")).to_be_visible()

    matches.get_by_role("link", name="Visi piemērotie uzņēmumi ar filtriem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Piemērotie uzņēmumi")
    page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Baltā Veļas Māja")
    ).get_by_role("link", name="Aicināt sadarboties").click()
    page.get_by_label("Kādu problēmu tā risina").fill("Trim skolām nav, kas mazgā veļu.")
    page.get_by_label("Konkrētais risinājums").fill("Baltā Veļas Māja mazgā un gludina veļu.")
    page.get_by_label("Preču un pakalpojumu pirkšana").check()
    page.get_by_role("button", name="Nosūtīt priekšlikumu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Skolu veļas mazgāšana Gulbenē")
    expect(status_badge(page, "piedāvāta")).to_be_visible()
    expect(page.get_by_role("link", name="Baltā Veļas Māja")).to_be_visible()
    # The enterprise hears of the invitation.
    assert any(m.to == ["ilze@baltavela.lv"] for m in mail.outbox)
    assert_no_axe_violations(page)
    keep_screenshot(page, "journey-1-officer-invites")


def test_journey_2_enterprise_signs_up_registers_and_proposes_cooperation_on_a_need(
    page, live_server, assert_no_axe_violations, keep_screenshot
):
    cesis = municipality("cesu-novads")
    officer_of(cesis, "anna@cesis.lv")
    NeedFactory(
        title="Veļas mazgāšana Cēsu skolām", municipality=cesis, category=category("laundry")
    )
    NeedFactory(title="Parku uzkopšana Cēsīs", municipality=cesis, category=category())

    sign_up_and_confirm(page, "janis@saulesdarbnica.lv")

    page.get_by_role("link", name="Reģistrēt uzņēmumu").click()
    page.get_by_label("Nosaukums").fill("Saules Darbnīca")
    page.get_by_label("Reģistrācijas numurs").fill("40203123456")
    # The register status is not asked: curators read it from the Ministry's register.
    expect(page.get_by_label("Statuss sociālo uzņēmumu reģistrā")).to_have_count(0)
    page.get_by_label("Apraksts").fill("Mazgājam veļu, nodarbinot cilvēkus ar invaliditāti.")
    page.get_by_label("Juridiskās adreses pašvaldība").select_option(label="Cēsu novads")
    page.get_by_label("Personas ar invaliditāti").check()
    page.get_by_label("Jūsu amats vai loma").fill("valdes loceklis")
    page.get_by_label("Kā esat saistīts ar uzņēmumu").fill("Dibināju darbnīcu 2019. gadā.")
    page.get_by_role("button", name="Reģistrēt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saules Darbnīca")
    expect(page.get_by_text("netiek rādīts publiski")).to_be_visible()
    expect(page.get_by_text("Jūsu pieprasījums pārstāvēt uzņēmumu Saules Darbnīca")).to_be_visible()

    page.get_by_role("link", name="Pievienot piedāvājumu").click()
    page.get_by_label("Nosaukums").fill("Veļas mazgāšana iestādēm")
    page.get_by_label("Pakalpojumu kategorija").select_option(
        label="Veļas mazgāšana un gludināšana"
    )
    page.get_by_label("Preču un pakalpojumu pirkšana").check()
    page.get_by_role("button", name="Saglabāt").click()
    expect(page.get_by_role("cell", name="Veļas mazgāšana iestādēm", exact=True)).to_be_visible()

    # Matches wait for approval; meanwhile the needs board shows what fits.
    needs = page.get_by_role("region", name="Jums piemērotās vajadzības")
    expect(needs).to_contain_text("kad jūsu pieprasījums pārstāvēt uzņēmumu būs apstiprināts")
    needs.get_by_role("link", name="Apskatīt pašvaldību vajadzības").click()
    page.get_by_label("Pakalpojums").select_option(label="Veļas mazgāšana un gludināšana")
    expect(page).to_have_url(re.compile(r"/lv/needs/\?.*category=laundry"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Parku uzkopšana Cēsīs")).to_have_count(0)
    results.get_by_role("link", name="Veļas mazgāšana Cēsu skolām").click()

    # Waiting for approval, the person cannot propose on the enterprise's behalf.
    propose_link = page.get_by_role("link", name=re.compile("Piedāvāt sadarbību uzņēmuma"))
    expect(propose_link).to_have_count(0)
    # A curator approves the person (journey 3 shows the admin); the enterprise is not
    # verified yet.
    Representative.objects.filter(enterprise__registration_number="40203123456").update(
        status=MembershipStatus.APPROVED, decided_at=timezone.now()
    )
    page.reload()

    page.get_by_role("link", name="Piedāvāt sadarbību uzņēmuma “Saules Darbnīca” vārdā").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Piedāvāt sadarbību")
    page.get_by_label("Kādu problēmu tā risina").fill("Skolām vajag tīru veļu katru nedēļu.")
    page.get_by_label("Konkrētais risinājums").fill("Savācam, mazgājam un piegādājam pirmdienās.")
    page.get_by_label("Preču un pakalpojumu pirkšana").check()
    page.get_by_label("Veļas mazgāšana iestādēm").check()
    page.get_by_role("button", name="Nosūtīt priekšlikumu").click()

    # Not yet verified: the proposal is refused, saying why, and nobody is emailed.
    expect(page.get_by_text("vēl nav pārbaudīts")).to_be_visible()
    assert not any(m.to == ["anna@cesis.lv"] for m in mail.outbox)

    # A curator verifies it (journey 3); the same form, sent again, goes through.
    SocialEnterprise.objects.filter(registration_number="40203123456").update(
        verification=Verification.VERIFIED, checked_at=timezone.now()
    )
    page.get_by_role("button", name="Nosūtīt priekšlikumu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veļas mazgāšana Cēsu skolām")
    expect(status_badge(page, "piedāvāta")).to_be_visible()
    expect(page.get_by_text("Savācam, mazgājam un piegādājam pirmdienās.")).to_be_visible()
    # The municipality's officer hears of the proposal.
    assert any(m.to == ["anna@cesis.lv"] for m in mail.outbox)
    assert_no_axe_violations(page)
    keep_screenshot(page, "journey-2-enterprise-proposes")


def test_journey_3_administrator_verifies_an_enterprise_and_it_appears_in_the_directory(
    page, live_server, assert_no_axe_violations, keep_screenshot
):
    enterprise = SocialEnterpriseFactory(
        name="Saules Darbnīca", verification=Verification.PENDING, checked_at=None
    )
    for title, service in [
        ("Darba apģērbu šūšana", "inclusive-production"),
        ("Veļas mazgāšana", "laundry"),
    ]:
        OfferingFactory(enterprise=enterprise, title=title, category=category(service))
    representative_of(enterprise, "janis@saulesdarbnica.lv")
    with_password(verified_user("kurators@kopa.example", is_staff=True, is_superuser=True))

    # The curator's browser asks for Latvian, which Django admin (outside /lv/) goes by.
    page.context.set_extra_http_headers({"Accept-Language": "lv-LV,lv"})

    # Not public while pending.
    page.goto("/lv/enterprises/")
    page.get_by_label("Meklēt").fill("saules")
    page.get_by_role("button", name="Rādīt rezultātus").click()
    expect(page.get_by_text("Nav atrasts neviens uzņēmums")).to_be_visible()

    page.goto("/admin/")
    main = page.get_by_role("main")
    main.get_by_label("E-pasts").fill("kurators@kopa.example")
    main.get_by_label("Parole:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Pieteikties").click()
    page.get_by_role("rowheader", name="Sociālie uzņēmumi").get_by_role("link").click()
    page.get_by_role("link", name="gaida pārbaudi", exact=True).click()
    page.get_by_role("checkbox", name="Atlasīt šo objektu darbībai - Saules Darbnīca").check()
    page.get_by_role("combobox", name="Darbība").select_option(
        label="Atzīmēt kā pārbaudītu reģistrā"
    )
    page.get_by_role("button", name="Aiziet!").click()
    expect(page.get_by_text("Atjaunināts 1 uzņēmums.")).to_be_visible()
    # The representative is told.
    assert any(m.to == ["janis@saulesdarbnica.lv"] for m in mail.outbox)

    page.get_by_role("link", name="Apskatīt lapu").click()
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Sociālie uzņēmumi"
    ).click()
    page.get_by_label("Meklēt").fill("saules")
    page.get_by_role("button", name="Rādīt rezultātus").click()
    page.locator("#results").get_by_role("link", name="Saules Darbnīca").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saules Darbnīca")
    expect(page.get_by_role("heading", name="Darba apģērbu šūšana")).to_be_visible()
    expect(page.get_by_role("heading", name="Veļas mazgāšana")).to_be_visible()
    assert_no_axe_violations(page)
    keep_screenshot(page, "journey-3-enterprise-verified")


def test_journey_4_both_sides_complete_a_cooperation_and_publish_the_story(
    page, browser, live_server, assert_no_axe_violations, keep_screenshot
):
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    offering = OfferingFactory(enterprise=enterprise, category=category("laundry"))
    need = NeedFactory(title="Skolu veļa", municipality=gulbene, category=category("laundry"))
    refresh_need_matches(need)
    officer = with_password(officer_of(gulbene, "liga@gulbene.lv"))
    with_password(representative_of(enterprise, "ilze@velasmaja.lv"))
    # The officer invited the enterprise (journey 1 ends here).
    invitation = propose(
        cooperation=Cooperation(
            municipality=gulbene,
            enterprise=enterprise,
            need=need,
            title=need.title,
            problem="Trim skolām nav, kas mazgā veļu.",
            solution="Veļas māja mazgā un gludina reizi nedēļā.",
        ),
        side=Side.MUNICIPALITY,
        by=officer,
    )
    invitation.instruments.add(instrument("purchasing"))
    invitation.offerings.add(offering)
    # An earlier story of others, so the figure counts rather than merely appears.
    earlier = Cooperation.objects.create(
        municipality=municipality("cesu-novads"),
        enterprise=SocialEnterpriseFactory(name="Cēsu Maiznīca"),
        title="Maize Cēsu bērnudārziem",
        problem="Bērnudārziem vajadzēja svaigu maizi.",
        solution="Maiznīca cep katru rītu.",
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.COMPLETED,
        completed_at=timezone.now(),
        municipality_publishes=True,
        enterprise_publishes=True,
    )
    earlier.instruments.add(instrument("purchasing"))

    completed_before = completed_with(page, "Preču un pakalpojumu pirkšana")
    assert completed_before == 1

    # The enterprise agrees to the invitation; the municipality agreed by inviting, so the
    # plan is agreed at once.
    enterprise_page = browser.new_context(base_url=live_server.url).new_page()
    log_in(enterprise_page, "ilze@velasmaja.lv")
    open_cooperation(enterprise_page, "Skolu veļa")
    expect(status_badge(enterprise_page, "piedāvāta")).to_be_visible()
    enterprise_page.get_by_role("button", name="Mēs piekrītam").click()
    expect(status_badge(enterprise_page, "saskaņota")).to_be_visible()

    # The municipality starts it.
    log_in(page, "liga@gulbene.lv")
    open_cooperation(page, "Skolu veļa")
    expect(page.get_by_role("button", name="Mēs piekrītam")).to_have_count(0)
    page.get_by_role("button", name="Sākt sadarbību").click()
    expect(status_badge(page, "aktīva")).to_be_visible()

    # The enterprise completes it with the results and agrees to publish.
    enterprise_page.reload()
    enterprise_page.get_by_role("link", name="Pabeigt un ierakstīt rezultātus").click()
    enterprise_page.get_by_label("Iesaistītie cilvēki no mērķa grupām").fill("4")
    enterprise_page.get_by_label("Radītās darba vietas").fill("2")
    enterprise_page.get_by_label("Kas izdevās").fill("Veļa tīra katru pirmdienu.")
    enterprise_page.get_by_role("button", name="Pabeigt").click()
    expect(status_badge(enterprise_page, "pabeigta")).to_be_visible()
    enterprise_page.get_by_role("button", name="Piekrist publicēt kā veiksmes stāstu").click()
    expect(enterprise_page.get_by_text("Jūsu puse piekrīt")).to_be_visible()
    enterprise_page.context.close()

    # Not a story until the municipality agrees as well.
    stories = page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Veiksmes stāsti"
    )
    stories.click()
    expect(page.get_by_role("link", name="Maize Cēsu bērnudārziem")).to_be_visible()
    expect(page.get_by_role("link", name="Skolu veļa")).to_have_count(0)
    open_cooperation(page, "Skolu veļa")
    expect(page.get_by_text("Veļa tīra katru pirmdienu.")).to_be_visible()
    page.get_by_role("button", name="Piekrist publicēt kā veiksmes stāstu").click()
    page.get_by_role("link", name="Skatīt publicēto stāstu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skolu veļa")

    stories.click()
    page.get_by_role("link", name="Skolu veļa").click()
    expect(page.get_by_text("Trim skolām nav, kas mazgā veļu.")).to_be_visible()
    expect(page.get_by_text("Veļa tīra katru pirmdienu.")).to_be_visible()

    cache.clear()  # the statistics page counts afresh at most five minutes later
    assert completed_with(page, "Preču un pakalpojumu pirkšana") == completed_before + 1
    assert_no_axe_violations(page)
    keep_screenshot(page, "journey-4-story-counted")


def test_journey_5_visitor_switches_to_english_and_stays_on_the_same_page(
    page, live_server, assert_no_axe_violations, keep_screenshot
):
    gulbene = municipality("gulbenes-novads")
    laundry = SocialEnterpriseFactory(name="Baltā Veļas Māja", home_municipality=gulbene)
    OfferingFactory(enterprise=laundry, title="Veļas mazgāšana", category=category("laundry"))
    SocialEnterpriseFactory(name="Rēzeknes Maiznīca", home_municipality=municipality("rezekne"))

    page.goto("/lv/")
    page.get_by_role("navigation", name="Galvenā navigācija").get_by_role(
        "link", name="Sociālie uzņēmumi"
    ).click()
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    expect(page).to_have_url(re.compile(r"/lv/enterprises/\?municipality=gulbenes-novads"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Rēzeknes Maiznīca")).to_have_count(0)
    latvian_url = page.url

    page.get_by_role("navigation", name="Valoda").get_by_role("link", name="English").click()
    expect(page).to_have_url(latvian_url.replace("/lv/", "/en/", 1))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Social enterprise directory")
    expect(page.get_by_label("Municipality")).to_have_value("gulbenes-novads")
    expect(results.get_by_role("link", name="Rēzeknes Maiznīca")).to_have_count(0)

    results.get_by_role("link", name="Baltā Veļas Māja").click()
    expect(page).to_have_url(f"{live_server.url}/en/enterprises/{laundry.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Baltā Veļas Māja")
    expect(page.get_by_role("heading", name="What it offers")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_no_axe_violations(page)
    keep_screenshot(page, "journey-5-english")
