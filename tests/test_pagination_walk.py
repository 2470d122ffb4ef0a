"""Walking the pages of a list shows each row exactly once (issue 13, observation 5).

Rows that sort equal (needs published at the same moment, enterprises with the same name)
come back from the database in whatever order it likes, and PostgreSQL's top-N sort picks a
different one for each page's query: one need showed twice and another never. Each list here
gets more than two pages of rows that are equal in everything it sorts by."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side
from enterprises.models import SocialEnterprise
from matching.models import Match
from municipalities.models import Municipality, Need

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    municipality,
    representative_of,
)

pytestmark = pytest.mark.django_db

# More than twice the rows of the second page's LIMIT + OFFSET (40): PostgreSQL then sorts
# every page with a bounded heap, which returns equal rows in an order that depends on the
# bound, and the pages overlap. Fewer rows would be sorted whole and pass by luck.
ROWS = 85
MOMENT = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))
DESCRIPTION = (
    "Pašvaldība meklē sociālo uzņēmumu, kas visu gadu uzkoptu parkus un skvērus.\n"
    "Darbos iesaistāmi cilvēki ar invaliditāti; inventāru nodrošina pašvaldība."
)


def walk(client, url: str, params: dict, row: str) -> list[str]:
    """The rows (``row`` is a regex with one group) on every page, following "Next"."""
    seen, pages = [], 0
    response = client.get(url, params)
    while True:
        assert response.status_code == 200
        text = response.content.decode()
        seen += list(dict.fromkeys(re.findall(row, text)))
        pages += 1
        following = re.search(r'<a href="([^"]+)"[^>]*rel="next"', text)
        if following is None:
            assert pages >= 3
            return seen
        response = client.get(url + html.unescape(following.group(1)))


def assert_each_once(seen: list[str], expected: set[str]) -> None:
    twice = {item for item in seen if seen.count(item) > 1}
    assert not twice, f"shown on two pages: {twice}"
    assert set(seen) == expected, f"never shown: {expected - set(seen)}"


@pytest.fixture
def equal_needs():
    needs = [
        NeedFactory(title="Parku uzkopšana Gulbenē", description=DESCRIPTION) for _ in range(ROWS)
    ]
    Need.objects.update(published_at=MOMENT, created_at=MOMENT, deadline=datetime.date(2027, 3, 31))
    return {str(need.pk) for need in needs}


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "-published"}, {"sort": "deadline"}, {"q": "parku uzkopšana"}],
    ids=["default", "newest", "deadline", "search"],
)
def test_the_needs_board_shows_each_need_once(client, equal_needs, params):
    seen = walk(client, "/lv/needs/", params, r'href="/lv/needs/(\d+)/"')
    assert_each_once(seen, equal_needs)


@pytest.fixture
def equal_enterprises():
    enterprises = [
        SocialEnterpriseFactory(name="Zaļā darbnīca", description=DESCRIPTION) for _ in range(ROWS)
    ]
    SocialEnterprise.objects.update(updated_at=MOMENT)
    return {enterprise.slug for enterprise in enterprises}


@pytest.mark.parametrize(
    "params",
    [{}, {"sort": "updated"}, {"q": "zaļā darbnīca"}, {"municipality": "gulbenes-novads"}],
    ids=["name", "updated", "search", "place"],
)
def test_the_directory_shows_each_enterprise_once(client, equal_enterprises, params):
    seen = walk(client, "/lv/enterprises/", params, r'href="/lv/enterprises/([^/"]+)/"')
    assert_each_once(seen, equal_enterprises)


def test_the_stories_show_each_story_once(client):
    enterprise = SocialEnterpriseFactory(name="Zaļā darbnīca")
    stories = Cooperation.objects.bulk_create(
        Cooperation(
            municipality=municipality("gulbenes-novads"),
            enterprise=enterprise,
            initiated_by=Side.MUNICIPALITY,
            status=CooperationStatus.COMPLETED,
            title="Parku uzkopšana kopā ar jauniešiem",
            problem=DESCRIPTION,
            solution="Jaunieši ar invaliditāti strādā algotu darbu mentora vadībā.",
            completed_at=MOMENT,
            municipality_publishes=True,
            enterprise_publishes=True,
        )
        for _ in range(ROWS)
    )
    seen = walk(client, "/lv/stories/", {}, r'href="/lv/stories/(\d+)/"')
    assert_each_once(seen, {str(story.pk) for story in stories})


def test_the_municipality_list_shows_each_municipality_once(client):
    text = client.get("/lv/municipalities/").content.decode()
    seen = re.findall(r'href="/lv/municipalities/([^/"]+)/"', text)
    assert_each_once(seen, set(Municipality.objects.current().values_list("slug", flat=True)))


def test_the_matches_of_a_need_and_the_needs_that_fit_show_each_row_once(client):
    need = NeedFactory(title="Parku uzkopšana Gulbenē", description=DESCRIPTION)
    offerings = [
        OfferingFactory(enterprise=SocialEnterpriseFactory(name="Zaļā darbnīca"))
        for _ in range(ROWS)
    ]
    Match.objects.bulk_create(
        Match(need=need, enterprise=offering.enterprise, offering=offering, score=40)
        for offering in offerings
    )
    seen = walk(client, f"/lv/needs/{need.pk}/matches/", {}, r'href="/lv/enterprises/([^/"]+)/"')
    assert_each_once(seen, {offering.enterprise.slug for offering in offerings})

    enterprise, offering = offerings[0].enterprise, offerings[0]
    needs = [NeedFactory(title="Parku uzkopšana", description=DESCRIPTION) for _ in range(ROWS)]
    Match.objects.bulk_create(
        Match(need=other, enterprise=enterprise, offering=offering, score=40) for other in needs
    )
    client.force_login(representative_of(enterprise, "ilze@zala-darbnica.lv"))
    seen = walk(
        client, f"/lv/account/enterprises/{enterprise.slug}/needs/", {}, r'href="/lv/needs/(\d+)/"'
    )
    assert_each_once(seen, {str(other.pk) for other in [need, *needs]})
