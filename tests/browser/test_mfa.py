"""Two-factor authentication in a real browser: an administrator, who must use it, logs in, is
sent to set up an authenticator app, enters its code and reaches the admin; next time the login
asks for a code. Every two-factor page passes axe, and works under a strict
Content-Security-Policy: the QR code is a data: image, and no page needs an inline script."""

import re

from django.core import mail
from playwright.sync_api import expect

from ..factories import verified_user
from ..test_accounts import PASSWORD, lv
from ..test_mfa import current_code, wrong_code

STRICT_CSP = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def serve_with_strict_csp(page) -> list[str]:
    """Serve every page with STRICT_CSP, whatever the portal's own headers; return the list
    of what the browser refuses under it."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def add_csp(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        # Redirects go back to the browser as they are. It follows them without routing, so a
        # page reached by a redirect is checked by reloading it.
        response = route.fetch(max_redirects=0)
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/*", add_csp)
    return refused


def test_administrator_is_made_to_set_up_two_factor_authentication(
    page, live_server, settings, assert_no_axe_violations
):
    settings.KOPA_REQUIRE_ADMIN_MFA = True
    verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    refused = serve_with_strict_csp(page)
    page.set_extra_http_headers({"Accept-Language": "lv"})  # /admin/ has no language prefix
    main = page.get_by_role("main")

    # The admin sends them to allauth's login...
    page.goto("/admin/")
    main.get_by_label(lv("Email")).fill("kurators@kopa.example")
    main.get_by_label(f"{lv('Password')}:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name=lv("Log in")).click()

    # ...and, without an authenticator app, on to set one up, saying why. A staff account's
    # first app needs the link mailed to the account's own address, opened in this browser.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pārbaudiet e-pastu")
    expect(page.locator(".message--warning")).to_have_text(
        lv(
            "Administrators must turn on two-factor authentication before they can use the "
            "administration. Set up an authenticator app on your phone to continue."
        )
    )
    assert_no_axe_violations(page)
    [message] = [m for m in mail.outbox if m.to == ["kurators@kopa.example"]]
    link = re.search(r"https?://[^/\s]+(/\S+/two-factor/confirm/\S+/)", message.body).group(1)
    page.goto(link)
    assert_no_axe_violations(page)
    main.get_by_role("button", name="Turpināt").click()

    # allauth then asks for the password again, as before any change to how the account is
    # protected.
    expect(page.get_by_role("heading", level=1)).to_have_text(lv("Confirm Access"))
    page.reload()
    assert_no_axe_violations(page)
    main.get_by_label(f"{lv('Password')}:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name=lv("Confirm")).click()

    expect(page).to_have_url(f"{live_server.url}/lv/auth/2fa/totp/activate/")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(lv("Activate Authenticator App"))
    qr = page.get_by_role("img", name=lv("QR code for your authenticator app"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    assert_no_axe_violations(page)

    # The app is set up from the secret; a mistyped code is refused, in Latvian.
    secret = main.get_by_label(lv("Authenticator secret")).input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    code_field = main.get_by_label(f"{lv('Authenticator code')}:")
    code_field.fill(wrong_code(secret))
    main.get_by_role("button", name=lv("Activate")).click()
    expect(page.locator(".error-summary")).to_contain_text("Nepareizs kods.")
    assert_no_axe_violations(page)
    # A fresh secret comes with every new form; the page shows the one it checks against.
    secret = main.get_by_label(lv("Authenticator secret")).input_value()
    code_field.fill(current_code(secret))
    main.get_by_role("button", name=lv("Activate")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(lv("Recovery Codes"))
    expect(page.get_by_text(lv("Authenticator app activated."))).to_be_visible()
    assert len(main.get_by_label(lv("Unused codes")).input_value().split()) == 10
    page.reload()
    assert_no_axe_violations(page)
    notice = mail.outbox[-1]
    assert notice.to == ["kurators@kopa.example"]
    assert notice.subject == "Kopā: " + lv("Authenticator App Activated")

    main.get_by_role("link", name=lv("Continue to the administration")).click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()

    # Next time, the login asks for a code from the app.
    page.context.clear_cookies()
    page.goto("/admin/")
    main.get_by_label(lv("Email")).fill("kurators@kopa.example")
    main.get_by_label(f"{lv('Password')}:", exact=True).fill(PASSWORD)
    main.get_by_role("button", name=lv("Log in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lv("Two-Factor Authentication"))
    page.reload()
    assert_no_axe_violations(page)
    main.get_by_label(f"{lv('Code')}:").fill(current_code(secret))
    main.get_by_role("button", name=lv("Log in")).click()
    expect(page).to_have_url(f"{live_server.url}/admin/")

    assert refused == []
