"""Personal data in a real browser: the privacy notice from the footer, downloading one's
data, and deleting one's account after confirming with the password, each page free of
WCAG 2.1 AA violations (axe)."""

import json

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from enterprises.models import SocialEnterprise

from ..factories import SocialEnterpriseFactory, representative_of
from ..test_accounts import PASSWORD, lv


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def log_in(page, email: str, language: str = "lv") -> None:
    text = lv if language == "lv" else str
    page.goto(f"/{language}/auth/login/")
    main = page.get_by_role("main")
    main.get_by_label(text("Email")).fill(email)
    main.get_by_label(f"{text('Password')}:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name=text("Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("My account"))


@pytest.mark.parametrize(("language", "name"), [("lv", "Privātums"), ("en", "Privacy")])
def test_privacy_notice_from_the_footer_is_accessible(
    page, live_db, assert_no_axe_violations, language, name
):
    page.goto(f"/{language}/")
    page.get_by_role("contentinfo").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("cell", name="sessionid")).to_be_visible()
    assert_no_axe_violations(page)


def test_a_representative_downloads_their_data_then_deletes_the_account(
    page, live_db, assert_no_axe_violations
):
    enterprise = SocialEnterpriseFactory(name="Ilzes darbnīca")
    representative_of(enterprise, "ilze@example.lv")
    log_in(page, "ilze@example.lv")

    main = page.get_by_role("main")
    with page.expect_download() as download:
        main.get_by_role("button", name="Lejupielādēt manus datus").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["account"]["email"] == "ilze@example.lv"
    assert [m["enterprise"] for m in data["enterprise_memberships"]] == ["Ilzes darbnīca"]

    main.get_by_role("link", name="Dzēst manu kontu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzēst manu kontu")
    # She is the enterprise's only representative: the page says so before anything goes.
    expect(page.get_by_role("note")).to_contain_text("Ilzes darbnīca")
    assert_no_axe_violations(page)

    delete = page.get_by_role("button", name="Dzēst manu kontu neatgriezeniski")
    page.get_by_label("Jūsu parole").fill("nepareiza parole")
    delete.click()
    expect(page.get_by_text("Parole nav pareiza.")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Jūsu parole").fill(PASSWORD)
    page.get_by_role("button", name="Dzēst manu kontu neatgriezeniski").click()
    expect(page.get_by_role("status")).to_contain_text("Jūsu konts ir dzēsts.")
    expect(page.locator(".account-nav").get_by_role("link", name="Pieteikties")).to_be_visible()
    assert_no_axe_violations(page)

    assert not User.objects.filter(email="ilze@example.lv").exists()
    assert SocialEnterprise.objects.filter(name="Ilzes darbnīca").exists()
    (message,) = [m for m in mail.outbox if m.to == ["ilze@example.lv"]]
    assert message.subject == "Jūsu Kopā konts ir dzēsts"
    page.goto(enterprise.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Ilzes darbnīca")
