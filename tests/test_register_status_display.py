"""The register status is shown as the register says it, on every card, and the home page's
figures say what they count."""

import datetime
import re

import pytest

from enterprises.models import LegalForm, RegisterStatus, Verification

from .factories import SocialEnterpriseFactory

pytestmark = pytest.mark.django_db


def _card(page: str, name: str) -> str:
    """The directory card of the enterprise called ``name``."""
    for card in re.findall(r'<article class="card">.*?</article>', page, re.S):
        if f">{name}</a>" in card:
            return card
    raise AssertionError(f"no card for {name}")


def _ceased(**kwargs):
    return SocialEnterpriseFactory(
        register_status=RegisterStatus.CEASED,
        status_granted_on=datetime.date(2019, 5, 14),
        status_ended_on=datetime.date(2025, 11, 3),
        **kwargs,
    )


def test_each_card_says_what_the_register_says(client):
    SocialEnterpriseFactory(name="Gulbenes zaļā darbnīca")
    _ceased(name="Bijušais sociālais uzņēmums „Ausma”")
    SocialEnterpriseFactory(
        name="Biedrība „Tuvu”",
        register_status=RegisterStatus.NOT_REGISTERED,
        legal_form=LegalForm.ASSOCIATION,
        status_granted_on=None,
    )

    page = client.get("/lv/enterprises/").content.decode()

    active = _card(page, "Gulbenes zaļā darbnīca")
    assert "sociālā uzņēmuma statuss aktīvs" in active
    ceased = _card(page, "Bijušais sociālais uzņēmums „Ausma”")
    assert "sociālā uzņēmuma statuss beidzies 03.11.2025." in ceased
    assert "statuss aktīvs" not in ceased
    absent = _card(page, "Biedrība „Tuvu”")
    assert "nav sociālo uzņēmumu reģistrā" in absent
    assert "statuss aktīvs" not in absent


def test_the_english_card_says_it_in_english(client):
    _ceased(name="Ausma")
    card = _card(client.get("/en/enterprises/").content.decode(), "Ausma")
    assert "social enterprise status ended" in card


def test_home_counts_verified_organisations_and_active_statuses_apart(client):
    SocialEnterpriseFactory.create_batch(3)
    _ceased()
    SocialEnterpriseFactory(
        register_status=RegisterStatus.NOT_REGISTERED,
        legal_form=LegalForm.ASSOCIATION,
        status_granted_on=None,
    )
    # Not verified: in neither figure.
    SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)

    page = client.get("/lv/").content.decode()

    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", page))
    assert figures["Kopā pārbaudītās organizācijas"] == "5"
    assert figures["no tām reģistrā ar aktīvu sociālā uzņēmuma statusu"] == "3"
