"""Statistics count every cooperation that got under way, paused or ended early included;
declined and withdrawn proposals never became cooperations."""

import pytest
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side
from stats.queries import cooperations_by_instrument, cooperations_by_kind

from .factories import SocialEnterpriseFactory, instrument, municipality

pytestmark = pytest.mark.django_db


def test_paused_and_ended_cooperations_are_counted_declined_ones_are_not():
    gulbene = municipality("gulbenes-novads")
    for n, status in enumerate(
        [
            CooperationStatus.ACTIVE,
            CooperationStatus.PAUSED,
            CooperationStatus.ENDED,
            CooperationStatus.DECLINED,
            CooperationStatus.WITHDRAWN,
        ]
    ):
        cooperation = Cooperation.objects.create(
            municipality=gulbene,
            enterprise=SocialEnterpriseFactory(name=f"Veļas māja {n}"),
            initiated_by=Side.ENTERPRISE,
            status=status,
            title=f"Skolu veļas mazgāšana, {n}. līgums",
            problem="Skolām nav, kas mazgā un gludina galdautus.",
            solution="Mazgājam un gludinām reizi nedēļā.",
            created_at=timezone.now(),
        )
        cooperation.instruments.add(instrument("purchasing"))
    counts = cooperations_by_kind()
    assert counts.targeted_only == 3
    [purchasing] = [row for row in cooperations_by_instrument() if row.key == "purchasing"]
    assert purchasing.cooperations == 3
