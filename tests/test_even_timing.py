"""Sign-up, login and password reset cost the same whether or not an address has an account,
so response times tell nobody which addresses are registered. Timing itself is noisy, so the
tests count what makes the difference: password hashes, and the mail each path sends."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from .factories import verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "Zaļā pļava 2026 rudenī"


class CountingHasher(MD5PasswordHasher):
    """The test's hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = ["tests.test_even_timing.CountingHasher"]
    verified_user("ilze.berzina@velasmaja.lv")  # hashed before counting starts

    def count(action) -> int:
        CountingHasher.calls = 0
        mail.outbox.clear()
        action()
        return CountingHasher.calls

    return count


def sign_up(client, email: str):
    response = client.post(
        "/lv/auth/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302  # the same answer: "check your email"
    return response


def test_sign_up_hashes_once_and_mails_once_for_a_new_and_a_taken_address(client, hashes):
    new = hashes(lambda: sign_up(client, "janis.ozols@saulesdarbnica.lv"))
    new_mail = len(mail.outbox)
    taken = hashes(lambda: sign_up(client, "ilze.berzina@velasmaja.lv"))
    assert new == taken == 1
    assert new_mail == len(mail.outbox) == 1


def test_login_hashes_once_for_a_known_and_an_unknown_address(client, hashes):
    def log_in(email):
        return lambda: client.post("/lv/auth/login/", {"login": email, "password": "nepareiza1"})

    assert hashes(log_in("ilze.berzina@velasmaja.lv")) == hashes(log_in("nav.tads@example.lv"))


def test_password_reset_mails_once_for_a_known_and_an_unknown_address(client, hashes):
    def reset(email):
        return lambda: client.post("/lv/auth/password/reset/", {"email": email})

    known = hashes(reset("ilze.berzina@velasmaja.lv"))
    known_mail = len(mail.outbox)
    unknown = hashes(reset("nav.tads@example.lv"))
    assert known == unknown
    assert known_mail == len(mail.outbox) == 1
