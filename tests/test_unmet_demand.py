"""Public searches that find nothing are counted per month, folded like the search and with
nothing about who searched, and the statistics show the most frequent ones."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stats.models import QUERY_MAX_LENGTH, Board, SearchMiss
from stats.services import search_key

from .factories import NeedFactory, SocialEnterpriseFactory
from .test_stats import page_tables

pytestmark = pytest.mark.django_db

BROWSER = {"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}
DIRECTORY, NEEDS, OPPORTUNITIES = "/lv/enterprises/", "/lv/needs/", "/lv/opportunities/"


@pytest.fixture(autouse=True)
def _no_cache_left():
    cache.clear()


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def misses() -> list[tuple[str, str, int]]:
    return list(
        SearchMiss.objects.order_by("board", "query").values_list("board", "query", "count")
    )


def test_a_search_that_finds_nothing_is_counted_folded_once_a_month(client):
    assert client.get(DIRECTORY, {"q": "Atskurbtuve Ogrē"}, headers=BROWSER).status_code == 200
    # The same words however they were typed: one row, counted twice.
    client.get(DIRECTORY, {"q": "  ATSKURBTUVE,   ogre "}, headers=BROWSER)
    client.get(NEEDS, {"q": "krīzes istabas"}, headers=BROWSER)
    client.get(OPPORTUNITIES, {"q": "Dāvanas un reprezentatīvie materiāli"}, headers=BROWSER)

    assert misses() == [
        (Board.DIRECTORY, "atskurbtuve ogre", 2),
        (Board.NEEDS, "krizes istabas", 1),
        (Board.OPPORTUNITIES, "davanas un reprezentativie materiali", 1),
    ]
    assert set(SearchMiss.objects.values_list("month", flat=True)) == {this_month()}


def test_what_is_not_counted(client):
    SocialEnterpriseFactory(name="Zaļā darbnīca Gulbenē")
    NeedFactory(title="Parku uzkopšana Gulbenē", published_at=timezone.now())
    # A search that finds something, a list without a search, filters alone that find
    # nothing, an empty query and robots.
    client.get(DIRECTORY, {"q": "zaļā darbnīca"}, headers=BROWSER)
    client.get(NEEDS, {"q": "parku uzkopšana"}, headers=BROWSER)
    client.get(DIRECTORY, headers=BROWSER)
    client.get(DIRECTORY, {"municipality": "ludzas-novads"}, headers=BROWSER)
    client.get(DIRECTORY, {"q": "   "}, headers=BROWSER)
    client.get(DIRECTORY, {"q": "atskurbtuve"}, headers={"user-agent": "Googlebot/2.1"})
    client.get(DIRECTORY, {"q": "atskurbtuve"})  # no user agent: a script, not a person
    assert misses() == []


def test_nothing_personal_is_kept():
    # Words with digits go (a personal code, a phone number, a house number), and the row
    # has no place for an address, a browser or a user.
    assert search_key("Jānis Bērziņš 010190-12345 tel. +371 29123456") == "janis berzins tel"
    assert search_key("29123456") == ""
    assert {field.name for field in SearchMiss._meta.get_fields()} == {
        "id",
        "board",
        "query",
        "month",
        "count",
    }


def test_a_long_query_is_cut_at_a_word(client):
    long_query = "sociālā uzņēmuma pakalpojumi senioriem " * 10
    client.get(DIRECTORY, {"q": long_query}, headers=BROWSER)
    (query,) = SearchMiss.objects.values_list("query", flat=True)
    assert len(query) <= QUERY_MAX_LENGTH
    assert search_key(long_query).startswith(query) and not query.endswith(" ")
    assert query.split()[-1] in {"sociala", "uznemuma", "pakalpojumi", "senioriem"}


def test_a_search_with_results_costs_no_query_more(client):
    SocialEnterpriseFactory(name="Zaļā darbnīca Gulbenē")
    with CaptureQueriesContext(connection) as found:
        client.get(DIRECTORY, {"q": "zaļā"}, headers=BROWSER)
    assert not [q for q in found.captured_queries if "stats_searchmiss" in q["sql"]]
    with CaptureQueriesContext(connection) as missed:
        client.get(DIRECTORY, {"q": "atskurbtuve"}, headers=BROWSER)
    # The first miss of the month: an update that finds no row, then the insert.
    assert len([q for q in missed.captured_queries if "stats_searchmiss" in q["sql"]]) == 2
    with CaptureQueriesContext(connection) as again:
        client.get(DIRECTORY, {"q": "atskurbtuve"}, headers=BROWSER)
    assert len([q for q in again.captured_queries if "stats_searchmiss" in q["sql"]]) == 1


def test_counting_continues_when_the_row_appeared_meanwhile(client, monkeypatch):
    """Two first searches at once: both find no row to update, one inserts, the other's
    insert hits the unique constraint and it increments instead; nothing is lost."""
    from django.db.models import QuerySet

    original = QuerySet.update
    raced = []

    def update_after_another_request_inserted(self, **kwargs):
        if self.model is SearchMiss and not raced:
            raced.append(True)
            result = original(self, **kwargs)  # finds no row...
            SearchMiss.objects.create(  # ...while another request makes it
                board=Board.DIRECTORY, query="atskurbtuve", month=this_month(), count=1
            )
            return result
        return original(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_after_another_request_inserted)
    client.get(DIRECTORY, {"q": "atskurbtuve"}, headers=BROWSER)
    assert misses() == [(Board.DIRECTORY, "atskurbtuve", 2)]


def test_the_statistics_show_the_most_frequent_per_month(client):
    month = this_month()
    last_month = (month - datetime.timedelta(days=1)).replace(day=1)
    long_ago = month.replace(year=month.year - 2)
    for count, query in enumerate(
        ["dzirnavas", "velas mazgasana", "atskurbtuve", "ziedi", "suns"], start=1
    ):
        SearchMiss.objects.create(board=Board.DIRECTORY, query=query, month=month, count=count)
    for index in range(12):
        SearchMiss.objects.create(
            board=Board.NEEDS, query=f"krizes istaba {chr(97 + index)}", month=last_month, count=5
        )
    SearchMiss.objects.create(board=Board.DIRECTORY, query="vecs", month=long_ago, count=50)

    rows = page_tables(client)["unmet-demand"]
    assert rows[0] == ["Month", "Where", "Searched for", "Searches"]
    this = [row for row in rows[1:] if row[0] == month.strftime("%Y-%m")]
    # Most frequent first; searched fewer than three times a month is not shown.
    assert this == [
        [month.strftime("%Y-%m"), "directory of social enterprises", "suns", "5"],
        [month.strftime("%Y-%m"), "directory of social enterprises", "ziedi", "4"],
        [month.strftime("%Y-%m"), "directory of social enterprises", "atskurbtuve", "3"],
    ]
    previous = [row for row in rows[1:] if row[0] == last_month.strftime("%Y-%m")]
    assert len(previous) == 10  # at most ten a month
    assert previous[0][1:] == ["needs board", "krizes istaba a", "5"]
    assert "vecs" not in {row[2] for row in rows[1:]}  # older than a year
