"""The opportunities board and "Opportunities for you" at growing sizes: the same number of
queries with 50 opportunities as with hundreds, and the database's ranking the same as the
scorer's, so reading only the best few loses nothing."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import MembershipStatus
from demo.seeding import DemoSize, demo_enterprises, seed_demo
from enterprises.models import Representative
from opportunities.candidates import (
    candidates_for,
    enterprise_facts,
    opportunities_for,
    opportunity_facts,
)
from opportunities.models import Opportunity
from opportunities.scoring import score

pytestmark = pytest.mark.django_db

BOARD = "/lv/opportunities/"


def representative(enterprise):
    return (
        Representative.objects.filter(enterprise=enterprise, status=MembershipStatus.APPROVED)
        .select_related("user")
        .first()
        .user
    )


def every_candidate_ranked(enterprise) -> list[tuple[int, int]]:
    """(opportunity, score) of every candidate, ranked by the scorer in Python alone."""
    facts = enterprise_facts(enterprise)
    ranked = []
    for opportunity in candidates_for(enterprise):
        scored = score(facts, opportunity_facts(opportunity))
        if scored is not None and scored.score > 0:
            ranked.append((opportunity, scored.score))
    ranked.sort(
        key=lambda pair: (
            -pair[1],
            pair[0].closes_on or datetime.date.max,
            -pair[0].published_at.timestamp(),
            pair[0].pk,
        )
    )
    return [(opportunity.pk, points) for opportunity, points in ranked]


def test_board_and_opportunities_for_you_keep_their_query_counts(
    client, django_assert_max_num_queries
):
    seed_demo(seed=4, size=DemoSize(enterprises=20, offerings=40, needs=10))
    assert Opportunity.objects.count() == 50
    enterprise = demo_enterprises().verified().order_by("registration_number").first()
    client.force_login(representative(enterprise))
    dashboard = reverse("accounts:dashboard")
    for url in (BOARD, dashboard):
        client.get(url)  # sessions and caches warm
    with django_assert_max_num_queries(30) as board:
        assert client.get(BOARD).status_code == 200
    with django_assert_max_num_queries(60) as mine:
        page = client.get(dashboard).content.decode()
    assert "Iespējas uzņēmumam" in page

    seed_demo(seed=5, size=DemoSize(enterprises=20, offerings=40, needs=42, opportunities=600))
    assert Opportunity.objects.count() == 650
    with django_assert_max_num_queries(len(board.captured_queries)):
        assert client.get(BOARD).status_code == 200
    with django_assert_max_num_queries(len(mine.captured_queries)):
        assert client.get(dashboard).status_code == 200


def test_the_database_ranks_as_the_scorer_does():
    seed_demo(seed=6, size=DemoSize(enterprises=40, offerings=80, needs=42, opportunities=500))
    compared = 0
    for enterprise in demo_enterprises().verified().order_by("registration_number")[:25]:
        expected = every_candidate_ranked(enterprise)
        found = [(item.pk, scored.score) for item, scored in opportunities_for(enterprise)]
        assert found == expected[:5], enterprise.name
        compared += bool(expected)
    assert compared > 10
