"""Accounts through django-allauth: sign-up with mandatory email verification, mail in the
recipient's language, no account enumeration, rate limits kept in the shared cache, the admin
behind allauth's login, password reset and change, and production cookies."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User

from .factories import UserFactory, verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
NEW_PASSWORD = "Zaļā pļava 2025 rudenī"
TOO_MANY_FAILURES = "Too many failed login attempts. Try again later."


@pytest.fixture
def ilze():
    """A Latvian-speaking member whose address is verified."""
    return verified_user("ilze@example.lv", language="lv")


@pytest.fixture
def john():
    """An English-speaking member whose address is verified."""
    return verified_user("john@example.lv", language="en")


def lv(message: str, **values) -> str:
    """`message` as Latvian pages show it, from whichever catalogue translates it (ours
    corrects some of allauth's)."""
    with translation.override("lv"):
        translated = gettext(message)
    assert translated != message, f"not translated into Latvian: {message!r}"
    return translated % values if values else translated


def heading(response) -> str:
    return " ".join(re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).split())


def main(response, *, anonymise: str = "") -> str:
    """The page's <main>, without the per-request CSRF token and with `anonymise` blanked."""
    html = response.content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(anonymise, "EMAIL") if anonymise else html


def link_in(message) -> str:
    """The path of the first portal link in a mail."""
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def log_in(client, email, password, language="lv", **extra):
    return client.post(f"/{language}/auth/login/", {"login": email, "password": password, **extra})


def signup(client, email, language="lv", **kwargs):
    data = {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post(f"/{language}/auth/signup/", data, **kwargs)


# --- Pages and forms -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize(
    ("page", "title"),
    [("login", "Log in"), ("signup", "Sign Up"), ("password/reset", "Password Reset")],
)
def test_account_pages_use_the_portal_layout_with_a_label_for_every_field(
    client, language, page, title
):
    response = client.get(f"/{language}/auth/{page}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html  # our base.html, not allauth's bare page
    assert heading(response) == (lv(title) if language == "lv" else title)
    inputs = re.findall(r'<input type="(?!hidden)[^"]+"[^>]*id="([^"]+)"', main(response))
    assert inputs
    for input_id in inputs:
        assert f'<label for="{input_id}">' in html


def test_form_errors_are_summarised_and_tied_to_their_field(client):
    response = client.post(
        "/en/auth/signup/", {"email": "anna@example.lv", "password1": "123", "password2": "123"}
    )
    html = main(response)
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary" role="alert">.*?</div>', html, re.S).group()
    assert '<a href="#id_password1">Password: This password is too short.' in summary
    password = re.search(r'<input type="password" name="password1"[^>]*>', html).group()
    assert 'aria-invalid="true"' in password
    described_by = re.search(r'aria-describedby="([^"]+)"', password).group(1).split()
    assert "id_password1_error" in described_by
    error = re.search(r'id="id_password1_error">(.*?)</div>', html, re.S).group(1)
    assert "This password is too short." in error


def test_wrong_password_is_reported_in_latvian(client, ilze):
    response = log_in(client, ilze.email, "nepareiza parole")
    assert lv("The email address and/or password you specified are not correct.") in main(response)
    assert not response.wsgi_request.user.is_authenticated


# --- Sign-up, verification and mail language ------------------------------------------------


def test_signup_in_latvian_verifies_the_email_then_lands_on_the_dashboard(client):
    response = signup(client, "anna@example.lv", follow=True)
    assert response.redirect_chain[-1][0] == "/lv/auth/confirm-email/"
    assert heading(response) == lv("Verify Your Email Address")
    anna = User.objects.get(email="anna@example.lv")
    assert anna.language == "lv"

    # Not in before the address is verified.
    assert not response.wsgi_request.user.is_authenticated
    response = log_in(client, "anna@example.lv", NEW_PASSWORD, follow=True)
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("accounts:dashboard")).status_code == 302

    (message,) = mail.outbox
    assert message.to == ["anna@example.lv"]
    assert message.subject == "Kopā: " + lv("Please Confirm Your Email Address")
    assert lv("Hello from %(site_name)s!", site_name="testserver") in message.body
    confirm_url = link_in(message)
    assert confirm_url.startswith("/lv/auth/confirm-email/")

    response = client.get(confirm_url)
    assert heading(response) == lv("Confirm Email Address")
    response = client.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == "/lv/account/"
    assert response.wsgi_request.user == anna
    assert "anna@example.lv" in main(response)
    assert EmailAddress.objects.get(email="anna@example.lv").verified


def test_signup_in_english_gets_english_mail_and_remembers_english(client):
    signup(client, "anna@example.lv", language="en")
    assert User.objects.get(email="anna@example.lv").language == "en"
    (message,) = mail.outbox
    assert message.subject == "Kopā: Please Confirm Your Email Address"
    assert link_in(message).startswith("/en/auth/confirm-email/")


def test_mail_speaks_the_recipients_language_whatever_page_sent_it(client, john):
    # John signed up in English; someone asks for his password reset from a Latvian page.
    response = client.post("/lv/auth/password/reset/", {"email": john.email}, follow=True)
    assert heading(response) == lv("Password Reset")
    (message,) = mail.outbox
    assert message.subject == "Kopā: Password Reset Email"
    assert "requested a password reset for your user account" in message.body
    assert link_in(message).startswith("/en/auth/password/reset/key/")

    # The same for the notice that someone tried to sign up with his address.
    mail.outbox.clear()
    signup(client, john.email, language="lv")
    (message,) = mail.outbox
    assert message.subject == "Kopā: Account Already Exists"
    assert "/en/auth/password/reset/" in message.body


# --- No account enumeration ------------------------------------------------------------------


def test_login_answers_the_same_whether_or_not_the_account_exists(client, ilze):
    unverified = UserFactory(email="unverified@example.lv")
    answers = [
        log_in(client, email, "nepareiza parole")
        for email in [ilze.email, unverified.email, "nobody@example.lv"]
    ]
    assert {answer.status_code for answer in answers} == {200}
    pages = {
        main(answer, anonymise=email)
        for answer, email in zip(
            answers, [ilze.email, unverified.email, "nobody@example.lv"], strict=True
        )
    }
    assert len(pages) == 1
    assert lv("The email address and/or password you specified are not correct.") in pages.pop()
    assert mail.outbox == []


def test_signup_with_a_registered_email_looks_like_a_new_signup(client, ilze):
    new = signup(client, "anna@example.lv", follow=True)
    client.logout()
    taken = signup(client, ilze.email, follow=True)

    assert new.redirect_chain == taken.redirect_chain == [("/lv/auth/confirm-email/", 302)]
    assert main(new, anonymise="anna@example.lv") == main(taken, anonymise=ilze.email)
    # Each address got one mail: the newcomer a confirmation link, Ilze a notice.
    confirmation, notice = mail.outbox
    assert confirmation.to == ["anna@example.lv"]
    assert notice.to == [ilze.email]
    assert notice.subject == "Kopā: " + lv("Account Already Exists")
    # Ilze's account is untouched: no second account, her password still works.
    assert User.objects.filter(email=ilze.email).count() == 1
    client.logout()
    log_in(client, ilze.email, PASSWORD)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_password_reset_answers_the_same_for_unknown_addresses(client, ilze):
    known = client.post("/lv/auth/password/reset/", {"email": ilze.email}, follow=True)
    unknown = client.post("/lv/auth/password/reset/", {"email": "nobody@example.lv"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == "/lv/auth/password/reset/done/"
    assert main(known) == main(unknown)
    # Both addresses get a mail, so the page reveals nothing; only the owner gets a link.
    reset, notice = mail.outbox
    assert reset.to == [ilze.email]
    assert "/lv/auth/password/reset/key/" in reset.body
    assert notice.to == ["nobody@example.lv"]
    assert notice.subject == "Kopā: " + lv("Unknown Account")
    assert "/auth/password/reset/key/" not in notice.body


# --- Rate limits -----------------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_in_the_shared_cache(client, ilze, john):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    for _ in range(5):
        log_in(client, ilze.email, "nepareiza parole")

    # Even the right password is refused now, and the form says why.
    response = log_in(client, ilze.email, PASSWORD)
    assert lv(TOO_MANY_FAILURES) in main(response)
    assert not response.wsgi_request.user.is_authenticated
    # Only that account: John logs in from the same address.
    response = log_in(client, john.email, PASSWORD)
    assert response.status_code == 302
    client.logout()

    # The attempts are counted in the database cache that every server process shares...
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608
        keys = [key for (key,) in cursor.fetchall()]
    assert any("allauth:rl:allauth.account:login_failed" in key for key in keys)
    # ...and the lock lifts when they expire from it.
    cache.clear()
    assert log_in(client, ilze.email, PASSWORD).status_code == 302


def test_locking_also_happens_for_addresses_without_an_account(client):
    for _ in range(5):
        log_in(client, "nobody@example.lv", "nepareiza parole")
    response = log_in(client, "nobody@example.lv", "nepareiza parole")
    assert lv(TOO_MANY_FAILURES) in main(response)


def test_at_most_three_reset_mails_an_hour_go_to_one_address(client, ilze):
    for _ in range(3):
        response = client.post("/en/auth/password/reset/", {"email": ilze.email})
        assert response.status_code == 302
    response = client.post("/en/auth/password/reset/", {"email": ilze.email})
    assert response.status_code == 429
    assert '<html lang="en">' in response.content.decode()
    assert "Too many attempts" in main(response)
    assert len(mail.outbox) == 3


# --- Django admin behind allauth -------------------------------------------------------------


def test_admin_sends_anonymous_visitors_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/lv/auth/login/?next=%2Fadmin%2F"
    assert heading(response) == lv("Log in")
    # Django's own login form is gone: posting to it logs nobody in.
    curator = UserFactory(is_staff=True)
    response = client.post("/admin/login/", {"username": curator.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/lv/auth/login/")
    assert not response.wsgi_request.user.is_authenticated


def test_staff_log_in_through_allauth_and_reach_the_admin(client, ilze):
    ilze.is_staff = True
    ilze.save()
    response = log_in(client, ilze.email, PASSWORD, next="/admin/")
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_members_who_are_not_staff_are_refused_the_admin(client, ilze):
    log_in(client, ilze.email, PASSWORD)
    assert client.get("/admin/login/").status_code == 403


# --- Password reset and change ---------------------------------------------------------------


def test_password_reset_end_to_end(client, ilze):
    client.post("/lv/auth/password/reset/", {"email": ilze.email})
    (message,) = mail.outbox
    assert message.subject == "Kopā: " + lv("Password Reset Email")

    # The link swaps its key for the session and shows the new-password form.
    response = client.get(link_in(message), follow=True)
    assert heading(response) == lv("Change Password")
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert lv("Your password is now changed.") in main(response)
    # Ilze is told in her language; the old password no longer works, the new one does.
    assert mail.outbox[-1].to == [ilze.email]
    assert mail.outbox[-1].subject == "Kopā: " + lv("Password Reset")
    assert not log_in(client, ilze.email, PASSWORD).wsgi_request.user.is_authenticated
    assert log_in(client, ilze.email, NEW_PASSWORD).status_code == 302


def test_a_used_reset_link_does_not_work_twice(client, ilze):
    client.post("/lv/auth/password/reset/", {"email": ilze.email})
    link = link_in(mail.outbox[0])
    form_url = client.get(link).url
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert heading(response) == lv("Bad Token")


def test_password_change_end_to_end(client, ilze):
    log_in(client, ilze.email, PASSWORD)
    assert client.get("/lv/auth/password/change/").status_code == 200

    wrong = client.post(
        "/lv/auth/password/change/",
        {"oldpassword": "nepareiza", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert 'id="id_oldpassword_error"' in main(wrong)

    response = client.post(
        "/lv/auth/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert lv("Password successfully changed.") in main(response)
    assert response.wsgi_request.user.is_authenticated  # still logged in on this device
    (notice,) = mail.outbox
    assert notice.to == [ilze.email]
    assert notice.subject == "Kopā: " + lv("Password Changed")

    client.logout()
    assert not log_in(client, ilze.email, PASSWORD).wsgi_request.user.is_authenticated
    assert log_in(client, ilze.email, NEW_PASSWORD).status_code == 302


# --- Cookies ---------------------------------------------------------------------------------


def test_production_cookies_are_secure_and_hidden_from_scripts(client, ilze):
    # The suite runs with DEBUG off, as production does.
    assert client.get("/lv/auth/login/").cookies["csrftoken"]["secure"]
    session = log_in(client, ilze.email, PASSWORD).cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["max-age"] == ""  # without "Remember me" it ends with the browser session


def test_remember_me_keeps_the_session_for_two_weeks(client, ilze):
    session = log_in(client, ilze.email, PASSWORD, remember="on").cookies["sessionid"]
    assert session["max-age"] == 14 * 24 * 60 * 60


def test_development_cookies_work_over_plain_http():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from portal import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["False", "False"]
