"""Two-factor authentication (allauth.mfa): anyone may turn on an authenticator app with
recovery codes, login then asks for a code, and with KOPA_REQUIRE_ADMIN_MFA (on in production)
administrators reach the admin only once they have turned it on."""

import base64
import hashlib
import hmac
import os
import re
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from .factories import (
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    representative_of,
    verified_user,
)
from .test_accounts import PASSWORD, heading, log_in, lv, main

pytestmark = pytest.mark.django_db

ACTIVATE = "/lv/auth/2fa/totp/activate/"
AUTHENTICATE = "/lv/auth/2fa/authenticate/"


def totp(secret: str, at: float) -> str:
    """RFC 6238, as an authenticator app computes it: HMAC-SHA1 over 30-second steps, 6 digits."""
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def current_code(secret: str) -> str:
    """The code the app shows now; waits out the last second of a step, so the server, which
    accepts only the current step, sees the same one."""
    if 30 - time.time() % 30 < 1:
        time.sleep(1.1)
    return totp(secret, time.time())


def wrong_code(secret: str) -> str:
    return f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"


def with_totp(user) -> tuple[str, list[str]]:
    """Give `user` an authenticator app and recovery codes, as the activation page does."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def open_enrolment_link(client) -> None:
    """A staff account asks to set up its app, and opens the link mailed to it."""
    assert client.get(ACTIVATE).status_code == 200  # "check your email"
    links = [re.search(r"https?://\S+/two-factor/confirm/\S+/", m.body) for m in mail.outbox]
    link = [found for found in links if found][-1].group()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert (response.status_code, response.url) == (302, ACTIVATE)


def messages_on(response) -> str:
    return " ".join(re.findall(r'<p class="message[^"]*">(.*?)</p>', response.content.decode()))


@pytest.fixture
def ilze():
    return verified_user("ilze@example.lv", language="lv")


@pytest.fixture
def curator():
    return verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)


@pytest.fixture
def require_admin_mfa(settings):
    settings.KOPA_REQUIRE_ADMIN_MFA = True


def test_the_code_helper_follows_rfc_6238():
    # RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at T = 59 s and 1111111109 s.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, 59) == "287082"
    assert totp(secret, 1111111109) == "081804"


# --- Turning it on ---------------------------------------------------------------------------


def confirm_password(client, next_url=ACTIVATE):
    """allauth asks for the password again before security settings change."""
    response = client.get(next_url)
    assert response.status_code == 302
    assert response.url.startswith(next_url[:4] + "auth/reauthenticate/")
    client.post(response.url, {"password": PASSWORD})


def test_turning_on_an_authenticator_app_with_a_code_from_its_secret(client, ilze):
    log_in(client, ilze.email, PASSWORD)
    confirm_password(client)
    page = client.get(ACTIVATE)
    html = main(page)
    assert heading(page) == lv("Activate Authenticator App")
    # The QR code is an image from a data: URI, which a strict CSP allows (img-src 'self' data:).
    qr = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"[^>]*>', html)
    assert f'alt="{lv("QR code for your authenticator app")}"' in qr.group()
    assert b"<svg" in base64.b64decode(qr.group(1))
    # Those who cannot scan copy the secret from a read-only field.
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"[^>]* readonly', html).group(
        1
    )

    wrong = client.post(ACTIVATE, {"code": wrong_code(secret)})
    assert lv("Incorrect code.") == "Nepareizs kods."
    assert "Nepareizs kods." in main(wrong)
    assert not Authenticator.objects.filter(user=ilze).exists()

    # (allauth confirms on screen and by mail once the transaction commits: see the browser test.)
    response = client.post(ACTIVATE, {"code": current_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == "/lv/auth/2fa/recovery-codes/"
    assert set(Authenticator.objects.filter(user=ilze).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    # The recovery codes are shown, and the way back leads to "My account" (not the admin).
    codes = re.search(r'<textarea id="recovery_codes"[^>]*>(.*?)</textarea>', main(response), re.S)
    assert len(codes.group(1).split()) == 10
    assert 'href="/lv/account/"' in main(response)
    assert 'href="/admin/"' not in main(response)


def test_turning_it_on_in_english_speaks_english(client, ilze):
    log_in(client, ilze.email, PASSWORD, language="en")
    confirm_password(client, "/en/auth/2fa/totp/activate/")
    page = client.get("/en/auth/2fa/totp/activate/")
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', main(page)).group(1)
    wrong = client.post("/en/auth/2fa/totp/activate/", {"code": wrong_code(secret)})
    assert "Incorrect code." in main(wrong)
    assert "QR code for your authenticator app" in main(wrong)


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    ],
)
def test_two_factor_pages_send_anonymous_visitors_to_log_in(client, name):
    response = client.get(reverse(name), follow=True)
    assert response.redirect_chain[-1][0].startswith("/lv/auth/login/")


# --- Logging in with it ----------------------------------------------------------------------


def test_login_then_asks_for_the_code_and_a_wrong_one_is_refused_in_latvian(client, ilze):
    secret, _codes = with_totp(ilze)
    response = log_in(client, ilze.email, PASSWORD)
    assert response.url == AUTHENTICATE
    assert not response.wsgi_request.user.is_authenticated
    # The password alone opens nothing.
    assert client.get("/lv/account/").url.startswith("/lv/auth/login/")

    page = client.get(AUTHENTICATE)
    assert heading(page) == lv("Two-Factor Authentication")
    assert '<label for="id_code">' in main(page)

    wrong = client.post(AUTHENTICATE, {"code": wrong_code(secret)})
    assert wrong.status_code == 200
    assert "Nepareizs kods." in main(wrong)
    assert 'aria-invalid="true"' in main(wrong)
    assert not wrong.wsgi_request.user.is_authenticated

    response = client.post(AUTHENTICATE, {"code": current_code(secret)})
    assert response.url == "/lv/account/"
    assert client.get("/lv/account/").status_code == 200


def test_a_recovery_code_logs_in_once(client, ilze):
    _secret, codes = with_totp(ilze)
    log_in(client, ilze.email, PASSWORD)
    response = client.post(AUTHENTICATE, {"code": codes[0]})
    assert response.url == "/lv/account/"
    assert (
        len(
            RecoveryCodes(
                Authenticator.objects.get(user=ilze, type="recovery_codes")
            ).get_unused_codes()
        )
        == 9
    )

    client.post("/lv/auth/logout/")
    log_in(client, ilze.email, PASSWORD)
    again = client.post(AUTHENTICATE, {"code": codes[0]})
    assert "Nepareizs kods." in main(again)
    assert not again.wsgi_request.user.is_authenticated
    # Another of the codes still works.
    assert client.post(AUTHENTICATE, {"code": codes[1]}).url == "/lv/account/"


# --- Administrators --------------------------------------------------------------------------


def test_admin_mfa_is_required_in_production_and_not_in_development():
    def required(env: dict) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "from portal import settings; print(settings.KOPA_REQUIRE_ADMIN_MFA)",
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env={**clean, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert required({"DJANGO_SECRET_KEY": "k" * 50}) == "True"
    assert required({"DJANGO_DEBUG": "1"}) == "False"
    assert required({"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_REQUIRE_ADMIN_MFA": "0"}) == "False"
    assert required({"DJANGO_DEBUG": "1", "DJANGO_REQUIRE_ADMIN_MFA": "1"}) == "True"


ADMIN_PAGES = ["/admin/", "/admin/enterprises/socialenterprise/", "/admin/accounts/user/"]


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, curator, require_admin_mfa):
    assert log_in(client, curator.email, PASSWORD, next="/admin/").url == "/admin/"
    for path in ADMIN_PAGES:
        response = client.get(path)
        assert (response.status_code, response.url) == (302, ACTIVATE), path

    response = client.get("/admin/", follow=True)
    assert lv(
        "Administrators must turn on two-factor authentication before they can use the "
        "administration. Set up an authenticator app on your phone to continue."
    ) in messages_on(response)

    # Setting up the app first needs the link mailed to the account's own address
    # (tests/test_mfa_staff.py), then the password again; once it is set up, the admin opens.
    open_enrolment_link(client)
    confirm_password(client)
    secret = re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', main(client.get(ACTIVATE)))
    response = client.post(ACTIVATE, {"code": current_code(secret.group(1))}, follow=True)
    assert 'href="/admin/"' in main(response)  # "Continue to the administration"
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_staff_may_still_log_out_of_the_admin(client, curator, require_admin_mfa):
    log_in(client, curator.email, PASSWORD)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_staff_with_an_authenticator_log_in_with_a_code_and_reach_the_admin(
    client, curator, require_admin_mfa
):
    secret, _codes = with_totp(curator)
    # The admin's login is allauth's, so it asks for the code too.
    response = client.get("/admin/", follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url == "/lv/auth/login/?next=%2Fadmin%2F"
    response = client.post(login_url, {"login": curator.email, "password": PASSWORD})
    assert response.url == AUTHENTICATE
    assert client.get("/admin/").status_code == 302
    response = client.post(AUTHENTICATE, {"code": current_code(secret)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_use_the_admin_without_mfa(client, curator, settings):
    settings.KOPA_REQUIRE_ADMIN_MFA = False
    log_in(client, curator.email, PASSWORD)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 200, path


def test_members_are_never_forced(client, require_admin_mfa):
    officer = officer_of(municipality(), "anna@gulbene.lv")
    log_in(client, officer.email, PASSWORD)
    for path in [
        "/lv/account/",
        "/lv/needs/",
        f"/lv/account/municipalities/{municipality().slug}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
    # The admin refuses them as before, rather than asking them to set up an app.
    response = client.get("/admin/")
    assert response.url.startswith("/admin/login/")
    assert client.get(response.url).status_code == 403


# --- "My account" ----------------------------------------------------------------------------


def test_my_account_urges_people_who_act_for_an_organisation_to_turn_it_on(client):
    representative = representative_of(SocialEnterpriseFactory(), "juris@uznemums.lv")
    client.force_login(representative)
    html = main(client.get("/lv/account/"))
    assert f'href="{reverse("mfa_index")}">{lv("Two-factor authentication")}</a>' in html
    assert f'<a class="button" href="{ACTIVATE}">' in html

    with_totp(representative)
    html = main(client.get("/lv/account/"))
    assert f'href="{ACTIVATE}"' not in html
    assert '<span class="badge">ieslēgta</span>' in html


def test_my_account_only_links_it_for_members_without_a_role(client, ilze):
    client.force_login(ilze)
    html = main(client.get("/lv/account/"))
    assert f'href="{reverse("mfa_index")}"' in html
    assert f'href="{ACTIVATE}"' not in html


def test_my_account_tells_administrators_it_is_required(client, curator, require_admin_mfa):
    client.force_login(curator)
    html = main(client.get("/lv/account/"))
    assert f'<a class="button" href="{ACTIVATE}">' in html
    assert lv("Administrators must turn it on before they can use the administration.") in html
