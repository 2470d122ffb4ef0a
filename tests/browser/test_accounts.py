"""Accounts in a real browser: logging in, and the account pages free of WCAG 2.1 AA
violations (axe) in both languages, with errors shown too. Signing up and confirming from the
mail is the start of journeys 1 and 2 (test_journeys.py)."""

import pytest
from playwright.sync_api import expect

from ..factories import verified_user
from ..test_accounts import lv

ACCOUNT_PAGES = [
    "/{language}/auth/login/",
    "/{language}/auth/signup/",
    "/{language}/auth/password/reset/",
]


@pytest.mark.parametrize("language", ["lv", "en"])
def test_account_pages_are_accessible(page, assert_no_axe_violations, language):
    for template in ACCOUNT_PAGES:
        path = template.format(language=language)
        response = page.goto(path)
        assert response.ok, path
        assert page.locator("html").get_attribute("lang") == language
        assert_no_axe_violations(page)
        # Submitted empty: the error summary and the fields' errors must pass too.
        page.locator("form.auth-form button[type=submit]").click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert_no_axe_violations(page)


def test_error_summary_links_take_keyboard_users_to_the_field(page):
    page.goto("/en/auth/signup/")
    page.get_by_role("button", name="Sign Up").click()
    page.locator(".error-summary").get_by_role("link").first.click()
    expect(page.get_by_label("Email")).to_be_focused()


@pytest.mark.parametrize("language", ["lv", "en"])
def test_log_in_and_the_signed_in_account_pages_are_accessible(
    page, live_server, assert_no_axe_violations, language
):
    user = verified_user("ilze@example.lv")
    page.goto(f"/{language}/auth/login/?next=/{language}/auth/password/change/")
    text = lv if language == "lv" else str
    main = page.get_by_role("main")
    main.get_by_label(text("Email")).fill(user.email)
    main.get_by_label(f"{text('Password')}:", exact=True).fill("correct horse battery staple")
    main.get_by_role("button", name=text("Log in")).click()
    expect(page).to_have_url(f"{live_server.url}/{language}/auth/password/change/")
    for path in ["auth/password/change/", "auth/email/", "auth/logout/"]:
        page.goto(f"/{language}/{path}")
        assert_no_axe_violations(page)
