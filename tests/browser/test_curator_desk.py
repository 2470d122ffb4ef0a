"""A curator verifies an enterprise from the admin index in at most four clicks, in Latvian
and in English: the desk's queue, the enterprise, its Verify (or Reject) button."""

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from enterprises.models import SocialEnterprise, Verification

from ..factories import SocialEnterpriseFactory, representative_of, verified_user
from ..test_accounts import PASSWORD

MAX_CLICKS = 4


@pytest.fixture
def live_db(django_db_serialized_rollback, live_server):
    """The live server's database, with the reference data reloaded before each test."""


def text(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


class Clicks:
    """Counts the clicks a person makes, so the test can hold the page to a budget."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, locator) -> None:
        self.count += 1
        locator.click()


def log_in_as_curator(page, language: str) -> None:
    curator = verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    curator.set_password(PASSWORD)
    curator.save()
    # /admin/ has no language prefix: Django admin goes by the browser's language.
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"/{language}/auth/login/")
    main = page.get_by_role("main")
    main.get_by_label(text(language, "Email")).fill("kurators@kopa.example")
    main.get_by_label(f"{text(language, 'Password')}:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name=text(language, "Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text(language, "My account"))


@pytest.fixture
def waiting():
    enterprise = SocialEnterpriseFactory(
        name="Saules Darbnīca",
        registration_number="40203123456",
        verification=Verification.PENDING,
        checked_at=None,
    )
    SocialEnterpriseFactory(name="Ābeļu Dārzs", verification=Verification.PENDING, checked_at=None)
    representative_of(enterprise, "janis@saulesdarbnica.lv")
    return enterprise


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_curator_verifies_an_enterprise_from_the_desk_in_four_clicks(
    page, live_db, waiting, language, keep_screenshot, assert_no_axe_violations
):
    log_in_as_curator(page, language)
    page.goto("/admin/")
    assert_no_axe_violations(page, "#content-main")
    click = Clicks()
    desk = page.get_by_role("table", name=text(language, "Waiting for a curator"))
    queue = desk.get_by_role("row", name=text(language, "Enterprises awaiting verification"))
    expect(queue).to_contain_text("2")
    click(queue.get_by_role("link"))
    click(page.get_by_role("link", name="Saules Darbnīca", exact=True))
    verification = page.locator("#verification")
    expect(
        verification.get_by_role(
            "heading", name=text(language, "Verification against the register")
        )
    ).to_be_visible()
    expect(verification).to_contain_text("40203123456")
    keep_screenshot(page, f"curator-verification-{language}")
    click(verification.get_by_role("button", name=text(language, "Verify"), exact=True))

    assert click.count <= MAX_CLICKS
    expect(page.locator(".messagelist")).to_contain_text("Saules Darbnīca")
    expect(page.locator("#verification strong").first).to_have_text(
        text(language, "verified").capitalize()
    )
    enterprise = SocialEnterprise.objects.get(pk=waiting.pk)
    assert enterprise.verification == Verification.VERIFIED
    assert enterprise.checked_by.email == "kurators@kopa.example"
    assert [message.to for message in mail.outbox] == [["janis@saulesdarbnica.lv"]]
    # The other enterprise still waits, and the desk says so.
    page.goto("/admin/")
    expect(queue).to_contain_text("1")
    keep_screenshot(page, f"curator-desk-{language}")


@pytest.mark.parametrize("language", ["lv", "en"])
def test_a_curator_rejects_an_enterprise_with_a_reason(page, live_db, waiting, language):
    log_in_as_curator(page, language)
    page.goto("/admin/")
    click = Clicks()
    click(page.get_by_role("link", name=text(language, "Enterprises awaiting verification")))
    click(page.get_by_role("link", name="Saules Darbnīca", exact=True))
    verification = page.locator("#verification")
    reason = "Reģistrā ar šo numuru ir cits uzņēmums; lūdzu, pārbaudiet reģistrācijas numuru."
    verification.get_by_label(
        text(language, "Reason for rejection, sent to the representatives")
    ).fill(reason)
    click(verification.get_by_role("button", name=text(language, "Reject"), exact=True))

    assert click.count <= MAX_CLICKS
    expect(verification).to_contain_text(reason)
    enterprise = SocialEnterprise.objects.get(pk=waiting.pk)
    assert (enterprise.verification, enterprise.verification_note) == (
        Verification.REJECTED,
        reason,
    )
    [message] = mail.outbox
    assert reason in message.body
