"""Security headers on real responses, HTTPS behind the proxy, templates the Content-Security-
Policy can live with, and `check --deploy` clean with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from .factories import SocialEnterpriseFactory, verified_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
# What the reverse proxy tells us about a visitor on https.
VIA_HTTPS = {"headers": {"x-forwarded-proto": "https"}}
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def policy(response) -> dict[str, str]:
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return {name: value for name, value in directives}


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def security_headers(response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in SECURITY_HEADERS}


@pytest.fixture
def pages(client):
    """Responses to a visitor on https: pages of every kind the portal serves."""
    enterprise = SocialEnterpriseFactory()
    login_form = client.post("/lv/auth/login/", {"login": "", "password": ""}, **VIA_HTTPS)
    assert login_form.status_code == 200  # the form again, with its errors
    return {
        "home": client.get("/lv/", **VIA_HTTPS),
        "enterprise": client.get(f"/en/enterprises/{enterprise.slug}/", **VIA_HTTPS),
        "login form after POST": login_form,
        "admin login": client.get("/admin/login/", follow=True, **VIA_HTTPS),
        "not found": client.get("/lv/no-such-page/", **VIA_HTTPS),
    }


def test_every_kind_of_page_carries_the_security_headers(pages):
    for name, response in pages.items():
        assert security_headers(response) == SECURITY_HEADERS, name


def test_public_pages_allow_only_our_own_scripts_and_styles(pages):
    for name, response in pages.items():
        assert policy(response) == POLICY, name
    assert pages["not found"].status_code == 404


def test_admin_allows_inline_style_attributes_and_nothing_more(client):
    admin = verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get("/admin/", **VIA_HTTPS)
    assert response.status_code == 200
    assert security_headers(response) == SECURITY_HEADERS
    assert policy(response) == {**POLICY, "style-src-attr": "'unsafe-inline'"}


def test_cookies_travel_only_over_https_and_stay_hidden_from_scripts(client):
    user = verified_user("ilze@example.lv")
    user.set_password("Saulains-rits-2026")
    user.save()
    csrf = client.get("/lv/auth/login/", **VIA_HTTPS).cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(
        "/lv/auth/login/",
        {"login": "ilze@example.lv", "password": "Saulains-rits-2026"},
        **VIA_HTTPS,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]


def test_plain_http_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True  # on in production; the suite speaks plain http
    response = client.get("/lv/enterprises/?q=vela")
    assert response.status_code == 301
    assert response.url == "https://testserver/lv/enterprises/?q=vela"
    # Behind the proxy, a visitor already on https is served.
    assert client.get("/lv/", **VIA_HTTPS).status_code == 200


def test_hsts_is_sent_only_over_https(client):
    # Browsers ignore it over http; sending it there would only mislead.
    assert "Strict-Transport-Security" not in client.get("/lv/")


# Inline code the policy blocks: <script> without src, <style> blocks, style="..." and
# on...="..." attributes. Emails are plain text and never reach a browser.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_no_template_carries_inline_script_or_style():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in INLINE.finditer(path.read_text())
    ]
    assert found == []


def run_deploy_check(**env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "kopa.example",
        "SITE_URL": "https://kopa.example",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean_env, **production, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    result = run_deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checklist_notices_weakened_settings():
    result = run_deploy_check(DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_SSL_REDIRECT="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr
