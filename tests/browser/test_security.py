"""The Content-Security-Policy in a real browser: public pages, htmx filtering, account pages
and Django admin run with no violation and no script error."""

import re

import pytest
from playwright.sync_api import expect

from demo.seeding import DemoSize, seed_demo
from municipalities.models import Need

from ..factories import (
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    representative_of,
    verified_user,
)

PASSWORD = "Saulains-rits-2026"


@pytest.fixture
def portal_data(django_db_serialized_rollback, live_server):
    seed_demo(seed=3, size=DemoSize(enterprises=12, offerings=24, needs=8))
    laundry = SocialEnterpriseFactory(
        name="Baltā Veļas Māja", home_municipality=municipality("gulbenes-novads")
    )
    OfferingFactory(enterprise=laundry, title="Veļas mazgāšana", category=category("laundry"))
    return {"enterprise": laundry, "need": Need.objects.open().order_by("pk").first()}


def log_in(page, email: str) -> None:
    page.goto("/lv/auth/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def visit(page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, path
    assert "Content-Security-Policy" in {name.title() for name in response.headers}, path
    page.wait_for_load_state("networkidle")


def test_public_pages_and_htmx_filtering_run_under_the_policy(page, portal_data):
    enterprise, need = portal_data["enterprise"], portal_data["need"]
    for path in [
        "/lv/",
        "/en/enterprises/",
        f"/lv/enterprises/{enterprise.slug}/",
        "/lv/municipalities/gulbenes-novads/",
        "/lv/needs/",
        f"/lv/needs/{need.pk}/",
        f"/lv/needs/{need.pk}/matches/",
        "/lv/stories/",
        "/lv/statistics/",
        "/lv/open-data/",
        "/lv/auth/login/",
        "/lv/auth/signup/",
        "/lv/auth/password/reset/",
    ]:
        visit(page, path)

    # htmx swaps the results in place: the request, the swap and the pushed address all work.
    visit(page, "/lv/enterprises/")
    page.get_by_label("Pašvaldība").select_option(label="Gulbenes novads")
    page.get_by_label("Pakalpojums").select_option(label="Veļas mazgāšana un gludināšana")
    expect(page).to_have_url(re.compile(r"municipality=gulbenes-novads&category=laundry"))
    expect(page.locator("#results").get_by_role("link", name="Baltā Veļas Māja")).to_be_visible()
    page.get_by_label("Meklēt").fill("velas")
    expect(page).to_have_url(re.compile(r"q=velas"))
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []
    assert page.script_errors == []

    # The 404 page (the browser reports the 404 itself as a console error).
    visit(page, "/lv/no-such-page/", status=404)
    assert page.csp_violations == []


def test_account_pages_run_under_the_policy(page, portal_data):
    user = representative_of(portal_data["enterprise"], "janis@baltavela.lv")
    user.set_password(PASSWORD)
    user.save()
    log_in(page, "janis@baltavela.lv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mans konts")
    for path in [
        "/lv/account/",
        "/lv/auth/email/",
        "/lv/auth/password/change/",
        f"/lv/account/enterprises/{portal_data['enterprise'].slug}/",
        f"/lv/account/offerings/{portal_data['enterprise'].offerings.get().pk}/edit/",
    ]:
        visit(page, path)
    assert page.csp_violations == []
    assert page.script_errors == []


def test_django_admin_runs_under_the_policy(page, portal_data):
    admin_user = verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    admin_user.set_password(PASSWORD)
    admin_user.save()
    enterprise, need = portal_data["enterprise"], portal_data["need"]
    visit(page, "/admin/")
    page.locator("input[name=login]").fill("kurators@kopa.example")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for path in [
        "/admin/",
        "/admin/enterprises/socialenterprise/",
        f"/admin/enterprises/socialenterprise/{enterprise.pk}/change/",
        f"/admin/enterprises/socialenterprise/{enterprise.pk}/history/",
        "/admin/enterprises/socialenterprise/import-register/",
        "/admin/municipalities/need/",
        f"/admin/municipalities/need/{need.pk}/change/",
        "/admin/cooperation/cooperation/add/",
        "/admin/accounts/user/",
    ]:
        visit(page, path)

    # An autocomplete widget (select2) opens and loads its choices.
    visit(page, f"/admin/enterprises/socialenterprise/{enterprise.pk}/change/")
    page.locator("#id_home_municipality + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("gulb")
    expect(page.locator(".select2-results__option", has_text="Gulbenes novads")).to_be_visible()

    assert page.csp_violations == []
    assert page.script_errors == []
