"""Sign-up, login and password reset cost the same whether or not an address has an account,
so response times tell nobody which addresses are registered. Timing itself is noisy, so the
tests count what makes the difference: password hashes, the mail each path renders and sends,
and the answer the page gives. Login and reset need nothing of ours: allauth hashes the password
for an unknown address and mails an unknown one too; these tests keep it that way."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.test.signals import template_rendered

from .factories import UserFactory, verified_user

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


# Every kind of address a login or reset may name, the first four with an account.
ADDRESSES = {
    "verified": "ilze.berzina@velasmaja.lv",
    "not yet verified": "andris.kalnins@saulesdarbnica.lv",
    "switched off": "marta.liepa@kafejnicakopa.lv",
    "without a password": "peteris.ozols@gulbene.lv",
    "unknown": "nav.tads@example.lv",
}


@pytest.fixture
def accounts(hashes):
    """Accounts behind all but the unknown address, made before anything is counted."""
    EmailAddress.objects.create(
        user=UserFactory(username="andris", email=ADDRESSES["not yet verified"]),
        email=ADDRESSES["not yet verified"],
        verified=False,
        primary=True,
    )
    verified_user(ADDRESSES["switched off"], is_active=False)
    verified_user(ADDRESSES["without a password"]).set_unusable_password()
    return hashes


def what_it_costs(count, request) -> dict:
    """What the request cost (hashes, mails, templates rendered) and what it answered."""
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        hashes = count(request)
    finally:
        template_rendered.disconnect(record)
    response = request.response
    return {
        "hashes": hashes,
        "mails": len(mail.outbox),
        "templates": len(rendered),
        "status": response.status_code,
        "answer": response.get("Location") or page_without(response, request.email),
    }


def page_without(response, email: str) -> str:
    """The page's content, without the address the person typed (shown back in its field) or
    the CSRF token (masked afresh for every page)."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)
    return page[page.index("<main") :].replace(email, "")


class Post:
    """A POST the counting fixture can run, keeping its response."""

    def __init__(self, client, path, data):
        self.client, self.path, self.data = client, path, data
        self.email = data.get("login") or data["email"]

    def __call__(self):
        self.response = self.client.post(self.path, self.data)


def test_login_costs_the_same_for_every_kind_of_address(client, accounts):
    """allauth hashes the password for an unknown address too (its backend's timing
    mitigation), and Django hashes it for an account without a usable password: each wrong
    password costs one hash whoever the address belongs to, and gets the same answer."""
    costs = {
        kind: what_it_costs(
            accounts, Post(client, "/lv/auth/login/", {"login": email, "password": "nepareiza1"})
        )
        for kind, email in ADDRESSES.items()
    }
    assert costs["unknown"]["hashes"] == 1
    assert costs["unknown"]["mails"] == 0
    assert "Nepareizs e-pasts un/vai parole." in costs["unknown"]["answer"]
    for kind, cost in costs.items():
        assert cost == costs["unknown"], kind


def test_password_reset_costs_the_same_for_every_kind_of_address(client, accounts):
    """An account gets the reset link, an unknown or switched-off one a mail saying there is
    no account: either way one mail is rendered and sent within the request, and the page
    answers the same."""
    costs = {
        kind: what_it_costs(accounts, Post(client, "/lv/auth/password/reset/", {"email": email}))
        for kind, email in ADDRESSES.items()
    }
    assert costs["unknown"] == {
        "hashes": 0,
        "mails": 1,
        "templates": costs["unknown"]["templates"],
        "status": 302,
        "answer": "/lv/auth/password/reset/done/",
    }
    for kind, cost in costs.items():
        assert cost == costs["unknown"], kind


def test_a_rate_limited_login_costs_the_same_for_a_known_and_an_unknown_address(client, accounts):
    """After five wrong passwords for one address allauth refuses before checking any
    password, for an account and for an unknown address alike."""
    cache.clear()
    costs = {}
    for kind in ["verified", "unknown"]:
        login = Post(
            client, "/lv/auth/login/", {"login": ADDRESSES[kind], "password": "nepareiza1"}
        )
        for _ in range(5):
            login()
        costs[kind] = what_it_costs(accounts, login)
    assert costs["unknown"]["hashes"] == 0
    assert "Pārāk daudz" in costs["unknown"]["answer"]
    assert costs["verified"] == costs["unknown"]
