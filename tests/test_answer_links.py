"""An answer counts only from someone who may give it, about a need that is still open, and
opening an emailed link is not yet an answer (mail scanners open links too)."""

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import MembershipStatus
from enterprises.models import Representative, Verification
from matching.models import Match
from matching.services import refresh_need_matches
from matching.tokens import ANSWER_SALT, answer_token
from municipalities.models import NeedStatus

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def match():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Gulbenes parku kopēji", home_municipality=gulbene)
    OfferingFactory(
        enterprise=enterprise,
        category=category("park-maintenance"),
        title="Parku un skvēru uzkopšana",
        description="Pļaujam zālienus, grābjam lapas un kopjam apstādījumus Gulbenes parkos.",
    )
    need = NeedFactory(
        municipality=gulbene,
        category=category("park-maintenance"),
        title="Pilsētas parka uzkopšana 2027. gada sezonā",
        description=(
            "Gulbenes pilsētas parkam vajadzīga regulāra zāliena pļaušana, lapu grābšana un "
            "celiņu tīrīšana no aprīļa līdz oktobrim.\nDarbā vēlams iesaistīt cilvēkus ar "
            "invaliditāti."
        ),
    )
    officer_of(gulbene, "liga.ozola@gulbene.lv")
    refresh_need_matches(need)
    return Match.objects.get(need=need, enterprise=enterprise)


@pytest.fixture
def person(match):
    return representative_of(match.enterprise, "janis@parkukopeji.lv")


def link(match, person) -> str:
    return reverse("matching:answer-by-link", args=[answer_token(match, person)])


def answer(client, url: str):
    return client.post(url, {"interested": "yes"}, follow=True)


def test_opening_the_link_records_nothing_and_posting_the_answer_records_it(client, match, person):
    url = link(match, person)
    page = client.get(url).content.decode()
    assert match.need.title in page
    match.refresh_from_db()
    assert match.viewed_at is None  # a mail scanner's visit is not a reader
    answer(client, url)
    match.refresh_from_db()
    assert match.interested_at is not None and match.viewed_at is not None


def test_a_link_stops_working_when_its_person_stops_representing(client, match, person):
    url = link(match, person)
    Representative.objects.filter(user=person).update(status=MembershipStatus.REJECTED)
    assert client.get(url).status_code == 410
    assert client.post(url, {"interested": "yes"}).status_code == 410
    match.refresh_from_db()
    assert match.interested_at is None


def test_a_link_of_the_old_kind_without_a_person_is_refused(client, match, person):
    old = signing.dumps(match.pk, salt=ANSWER_SALT, compress=True)
    assert client.get(reverse("matching:answer-by-link", args=[old])).status_code == 410


def test_no_answer_is_recorded_for_a_need_that_is_no_longer_open(client, match, person):
    match.need.status = NeedStatus.CLOSED
    match.need.save()
    page = answer(client, link(match, person)).content.decode()
    assert "vairs nav atvērta" in page
    match.refresh_from_db()
    assert match.interested_at is None

    client.force_login(person)
    page = answer(client, reverse("matching:answer", args=[match.pk])).content.decode()
    assert "vairs nav atvērta" in page
    match.refresh_from_db()
    assert match.interested_at is None


def test_no_answer_is_recorded_for_an_enterprise_no_longer_verified(client, match, person):
    match.enterprise.verification = Verification.PENDING
    match.enterprise.checked_at = timezone.now()
    match.enterprise.save()
    answer(client, link(match, person))
    match.refresh_from_db()
    assert match.interested_at is None
