"""Django admin in Latvian a curator can read: Django's own Latvian declines our model names
as if they were its own ("Atlasīt sociālais uzņēmums, lai mainītu"), puts counts in the wrong
form ("15 iznākums", "3 ieraksts") and calls permission groups "kopas", the portal's name."""

import re

import pytest
from django.contrib.auth.models import Group

from .factories import SocialEnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = UserFactory(
        username="ilze.berzina",
        email="i.berzina@lm.gov.lv",
        first_name="Ilze",
        last_name="Bērziņa",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(user)
    return user


def text(response) -> str:
    """The page's words with tags and line breaks taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_the_enterprise_list_names_the_record_not_a_misdeclined_model(client, curator):
    SocialEnterpriseFactory(name="Zaļā darbnīca Gulbenē")
    SocialEnterpriseFactory(name="Zaļā darbnīca Ogrē")
    SocialEnterpriseFactory(name="Siltās rokas")

    page = text(client.get("/admin/enterprises/socialenterprise/?q=darbnica"))

    assert "Atlasiet ierakstu, ko labot (sociālais uzņēmums)" in page
    assert "2 rezultāti" in page
    assert "Sociālie uzņēmumi: 2" in page
    assert "Dzēst atlasītos ierakstus (sociālie uzņēmumi)" in page
    for wrong in ("Atlasīt sociālais uzņēmums", "2 iznākums", "izvēlēto sociālie"):
        assert wrong not in page


def test_one_and_twenty_one_results_take_the_singular(client, curator):
    for number in range(21):
        SocialEnterpriseFactory(name=f"Darbnīca {number + 1}")
    SocialEnterpriseFactory(name="Siltās rokas")

    page = text(client.get("/admin/enterprises/socialenterprise/?q=darbnica"))

    assert "21 rezultāts" in page
    assert "Sociālie uzņēmumi: 21" in page
    assert "21 rezultāti" not in page
    assert "21 sociālie uzņēmumi" not in page


def test_the_change_page_needs_no_declension(client, curator):
    enterprise = SocialEnterpriseFactory(name="Siltās rokas")

    page = text(client.get(f"/admin/enterprises/socialenterprise/{enterprise.pk}/change/"))

    assert "Labot ierakstu: sociālais uzņēmums" in page
    assert "Labot sociālais uzņēmums" not in page


def test_permission_groups_are_not_called_kopas(client, curator):
    page = text(client.get("/admin/"))

    assert "Lietotāju grupas" in page
    assert not re.search(r"\bKopas\b", page)


def test_saving_and_deleting_report_the_record_in_words_that_agree(client, curator):
    added = client.post("/admin/auth/group/add/", {"name": "Kuratori"}, follow=True)
    assert "Ieraksts “Kuratori” (lietotāju grupa) ir pievienots." in text(added)

    Group.objects.create(name="Pašvaldību darbinieki")
    deleted = client.post(
        "/admin/auth/group/",
        {
            "action": "delete_selected",
            "_selected_action": list(Group.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
        follow=True,
    )
    assert "Izdzēsto ierakstu skaits: 2 (lietotāju grupas)." in text(deleted)
    assert not Group.objects.exists()


def test_the_curator_is_greeted_by_name_or_email_never_by_username(client, curator):
    assert "Laipni lūdzam, Ilze." in text(client.get("/admin/"))

    curator.first_name = ""
    curator.save()
    page = text(client.get("/admin/"))
    assert "Laipni lūdzam, i.berzina@lm.gov.lv." in page
    assert "ilze.berzina" not in page
