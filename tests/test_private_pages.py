"""Pages of a signed-in person are never stored by the browser or a shared cache."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side

from .factories import (
    NeedFactory,
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db


def stored(response) -> bool:
    return "no-store" not in response.get("Cache-Control", "")


@pytest.fixture
def cooperation():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    return Cooperation.objects.create(
        municipality=gulbene,
        enterprise=enterprise,
        need=NeedFactory(municipality=gulbene),
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Skolu veļas mazgāšana",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina reizi nedēļā.",
        created_at=timezone.now(),
    )


def test_every_page_a_signed_in_person_sees_is_no_store(client, cooperation):
    officer = officer_of(cooperation.municipality, "liga.ozola@gulbene.lv")
    client.force_login(officer)
    for url in [
        reverse("accounts:dashboard"),
        cooperation.get_absolute_url(),
        reverse("municipalities:municipality-manage", args=[cooperation.municipality.slug]),
        "/lv/",  # even a public page: it shows who is signed in
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not stored(response), url
        assert "private" in response["Cache-Control"], url

    client.force_login(representative_of(cooperation.enterprise, "ilze@velasmaja.lv"))
    assert not stored(client.get(cooperation.get_absolute_url()))


def test_public_pages_for_visitors_may_be_stored(client):
    assert stored(client.get("/lv/"))
    assert stored(client.get("/lv/enterprises/"))
