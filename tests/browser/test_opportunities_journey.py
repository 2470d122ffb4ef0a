"""Issue 16's journey in a real browser, in Latvian: an officer publishes premises; a
matching enterprise sees them in "Opportunities for you" and applies; the officer accepts;
the cooperation carries the form of cooperation, and the statistics count it. Every
opportunity page on the way passes axe."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from cooperation.models import Cooperation

from ..factories import (
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    officer_of,
    representative_of,
    target_group,
)
from .test_journeys import log_in, with_password

TITLE = "Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā"
DESCRIPTION = (
    "Pašvaldība bezatlīdzības lietošanā uz pieciem gadiem nodod bijušās Stāmerienas "
    "pamatskolas pirmā stāva telpas (trīs klases, virtuve un sanitārais mezgls) sociālajam "
    "uzņēmumam, kas tajās ierīkos dienas centru senioriem vai darbnīcu cilvēkiem ar "
    "invaliditāti. Komunālos maksājumus sedz lietotājs."
)
FORM = "Mantas bezatlīdzības nodošana īpašumā vai lietošanā"


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Iziet").click()


def test_officer_publishes_premises_an_enterprise_applies_and_is_accepted(
    page: Page, assert_no_axe_violations
):
    gulbene = municipality("gulbenes-novads")
    with_password(officer_of(gulbene, "liga.berzina@gulbene.lv"))
    enterprise = SocialEnterpriseFactory(
        name="SIA “Gulbenes Dienas Centrs”", home_municipality=gulbene
    )
    OfferingFactory(
        enterprise=enterprise,
        title="Dienas centrs senioriem",
        category=category("catering"),
    )
    enterprise.target_groups.add(target_group("disability"))
    with_password(representative_of(enterprise, "ilze@dienas-centrs.lv"))

    # The officer publishes the premises from the municipality's self-service.
    log_in(page, "liga.berzina@gulbene.lv")
    page.goto(f"/lv/account/municipalities/{gulbene.slug}/opportunities/new/?kind=premises")
    assert_no_axe_violations(page)
    main = page.get_by_role("main")
    main.get_by_label("Nosaukums:", exact=True).fill(TITLE)
    main.get_by_label("Apraksts:", exact=True).fill(DESCRIPTION)
    main.get_by_label("Adrese:", exact=True).fill("Skolas iela 2, Stāmeriena, Gulbenes novads")
    main.get_by_label("Nosacījumi:", exact=True).select_option(label="bezatlīdzības lietošana")
    closes = timezone.localdate() + datetime.timedelta(days=30)
    main.get_by_label("Pieteikšanās līdz:", exact=True).fill(closes.isoformat())
    main.get_by_role("button", name="Saglabāt un publicēt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text("Tikai sociālie uzņēmumi ar aktīvu statusu")
    assert_no_axe_violations(page)
    page.goto("/lv/opportunities/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_no_axe_violations(page)
    log_out(page)

    # The enterprise finds them among its opportunities and applies.
    log_in(page, "ilze@dienas-centrs.lv")
    expect(page.get_by_role("main")).to_contain_text(
        "Iespējas uzņēmumam SIA “Gulbenes Dienas Centrs”"
    )
    page.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("link", name="Pieteikties SIA “Gulbenes Dienas Centrs” vārdā").click()
    assert_no_axe_violations(page)
    main = page.get_by_role("main")
    main.get_by_label(re.compile("^Kādu problēmu tā risina")).fill(
        "Stāmerienas pagastā nav vietas, kur vientuļi seniori var pavadīt dienu kopā."
    )
    main.get_by_label(re.compile("^Konkrētais risinājums")).fill(
        "Ierīkosim dienas centru ar siltām pusdienām; strādās divi darbinieki ar invaliditāti."
    )
    main.get_by_role("button", name="Nosūtīt pieteikumu").click()
    expect(page.get_by_role("main")).to_contain_text("iesniegts")
    log_out(page)

    # The officer accepts the application.
    log_in(page, "liga.berzina@gulbene.lv")
    page.goto("/lv/opportunities/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Pieteikumi").click()
    expect(page.get_by_role("main")).to_contain_text("SIA “Gulbenes Dienas Centrs”")
    assert_no_axe_violations(page)
    page.get_by_label("Pieņemt").check()
    page.get_by_role("button", name="Saglabāt lēmumu").click()
    expect(page.get_by_role("main")).to_contain_text("pieņemts")

    # The cooperation carries the form of cooperation, and the statistics count it.
    cooperation = Cooperation.objects.get()
    page.goto(cooperation.get_absolute_url())
    expect(page.get_by_role("main")).to_contain_text(FORM)
    page.goto("/lv/statistics/")
    row = page.locator("#cooperations-by-instrument tbody tr", has_text=FORM)
    expect(row.locator("td").nth(1)).to_have_text("1")
