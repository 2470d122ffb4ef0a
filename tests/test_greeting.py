"""People are greeted by the name they gave, else their email address, never by the username
allauth made up from the address ("pieteicies kā ilze.berzina")."""

import re

import pytest

from .factories import verified_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def log_in(client, email: str, language: str = "lv"):
    return client.post(
        f"/{language}/auth/login/", {"login": email, "password": PASSWORD}, follow=True
    )


def test_a_person_with_a_name_is_greeted_by_it(client):
    verified_user("ilze.berzina@gulbene.lv", first_name="Ilze", last_name="Bērziņa")

    page = log_in(client, "ilze.berzina@gulbene.lv").content.decode()

    assert "Sveicināti, Ilze Bērziņa! Pieteikšanās izdevās." in page
    assert not re.search(r"ilze\.berzina(?!@)", page)


def test_a_person_without_a_name_is_greeted_by_their_email(client):
    verified_user("janis.ozols@ogre.lv")

    lv = log_in(client, "janis.ozols@ogre.lv").content.decode()
    client.logout()
    en = log_in(client, "janis.ozols@ogre.lv", language="en").content.decode()

    assert "Sveicināti, janis.ozols@ogre.lv! Pieteikšanās izdevās." in lv
    assert "Successfully signed in as janis.ozols@ogre.lv." in en
    assert "as janis.ozols." not in en
