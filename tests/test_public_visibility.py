"""What is no longer public disappears from every public page and export at once."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side
from enterprises.models import Verification

from .factories import NeedFactory, OfferingFactory, SocialEnterpriseFactory, municipality

pytestmark = pytest.mark.django_db

STORY_TITLE = "Skolu veļas mazgāšana Gulbenes novada izglītības iestādēm"


@pytest.fixture
def story():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja „Balta”", home_municipality=gulbene)
    OfferingFactory(enterprise=enterprise, title="Veļas mazgāšana un gludināšana")
    return Cooperation.objects.create(
        municipality=gulbene,
        enterprise=enterprise,
        need=NeedFactory(municipality=gulbene, title="Skolu veļa"),
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.COMPLETED,
        completed_at=timezone.now(),
        municipality_publishes=True,
        enterprise_publishes=True,
        title=STORY_TITLE,
        problem="Trīs skolām nebija, kas mazgā un gludina galdautus un darba apģērbu.",
        solution=(
            "Veļas māja mazgā un gludina reizi nedēļā, darbā iesaistot cilvēkus ar invaliditāti."
        ),
    )


def test_a_story_of_an_enterprise_no_longer_verified_leaves_every_public_page(client, story):
    detail = reverse("cooperation:story-detail", args=[story.pk])
    assert STORY_TITLE in client.get(reverse("cooperation:story-list")).content.decode()
    assert client.get(detail).status_code == 200

    story.enterprise.verification = Verification.PENDING
    story.enterprise.save()

    assert STORY_TITLE not in client.get(reverse("cooperation:story-list")).content.decode()
    assert client.get(detail).status_code == 404
    enterprises = client.get("/open-data/enterprises.json")
    records = json.loads(b"".join(enterprises.streaming_content))["organizations"]
    names = [record["name"] for record in records]
    assert "Veļas māja „Balta”" not in names
