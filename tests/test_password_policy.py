"""Passwords of at least 12 characters (OWASP ASVS 5.0 level 2), said in the person's language."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, password: str, language: str = "lv"):
    return client.post(
        f"/{language}/auth/signup/",
        {"email": "anna.kalnina@example.lv", "password1": password, "password2": password},
    )


def test_an_eleven_character_password_is_refused_in_latvian(client):
    page = sign_up(client, "Zaļš-ozols1").content.decode()
    assert "vismaz 12 rakstzīm" in page
    assert not User.objects.filter(email="anna.kalnina@example.lv").exists()


def test_the_rule_reads_in_english_too(client):
    page = sign_up(client, "Zaļš-ozols1", language="en").content.decode()
    assert "at least 12 characters" in page


def test_twelve_characters_are_enough(client):
    response = sign_up(client, "Zaļš-ozols12")
    assert response.status_code == 302
    assert User.objects.filter(email="anna.kalnina@example.lv").exists()
