"""The calendar of events and closing dates, and its iCalendar feeds."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import OpportunityKind

from .factories import OpportunityFactory, municipality

pytestmark = pytest.mark.django_db

RIGA_TIME = zoneinfo.ZoneInfo("Europe/Riga")


@pytest.fixture
def dates():
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=1)  # next month+
    event = OpportunityFactory(
        municipality=municipality("gulbenes-novads"),
        kind=OpportunityKind.EVENT,
        title_lv="Ideju darbnīca: sociālie uzņēmumi, skolas; un “jaunieši”",
        event_format="idea_lab",
        starts_at=datetime.datetime.combine(
            first + datetime.timedelta(days=9), datetime.time(10, 0), tzinfo=RIGA_TIME
        ),
        venue="Gulbenes novada kultūras centrs, Ābeļu iela 2, Gulbene",
        places=30,
        closes_on=first + datetime.timedelta(days=5),
    )
    call = OpportunityFactory(
        municipality=municipality("ludzas-novads"),
        kind=OpportunityKind.GRANT_CALL,
        title_lv="Ludzas novada sociālās uzņēmējdarbības grantu konkurss",
        budget_total=20000,
        closes_on=first + datetime.timedelta(days=19),
    )
    OpportunityFactory(
        title_lv="Melnraksta pasākums",
        status="draft",
        closes_on=first + datetime.timedelta(days=3),
    )
    return first, event, call


def unfolded(body: str) -> list[str]:
    """The content lines of a feed, with folded lines joined again (RFC 5545, 3.1)."""
    assert body.endswith("\r\n")
    physical = body.split("\r\n")[:-1]
    for line in physical:
        assert len(line.encode()) <= 75, line
        assert "\n" not in line and "\r" not in line
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_month_view_shows_events_and_closing_days(client, dates):
    first = dates[0]
    response = client.get(reverse("opportunities:calendar"), {"month": first.strftime("%Y-%m")})
    page = response.content.decode()
    assert page.count("Ideju darbnīca") == 2  # the event and its last day to register
    assert "Pieteikšanās beidzas: Ludzas novada sociālās uzņēmējdarbības grantu konkurss" in page
    assert "Melnraksta pasākums" not in page
    only_ludza = client.get(
        reverse("opportunities:calendar"),
        {"month": first.strftime("%Y-%m"), "municipality": "ludzas-novads"},
    ).content.decode()
    assert "Ideju darbnīca" not in only_ludza
    assert "Ludzas novada" in only_ludza


def test_a_wrong_month_shows_this_month(client):
    response = client.get(reverse("opportunities:calendar"), {"month": "2027-13"})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_the_feed_is_valid_icalendar(client, dates):
    first = dates[0]
    response = client.get(reverse("opportunities:calendar-feed"))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfolded(response.content.decode())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    events = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and ":" in line and line != "END:VEVENT":
            key, value = line.split(":", 1)
            events[-1][key] = value
    assert len(events) == 3
    assert len({item["UID"] for item in events}) == 3
    for item in events:
        assert {"UID", "DTSTAMP", "SUMMARY", "URL"} <= item.keys()
        assert "DTSTART" in item or "DTSTART;VALUE=DATE" in item
    (timed,) = [item for item in events if "DTSTART" in item]
    # 10:00 in Riga is 08:00 or 07:00 UTC, written in UTC.
    assert timed["DTSTART"].endswith("Z")
    assert timed["SUMMARY"] == "Ideju darbnīca: sociālie uzņēmumi\\, skolas\\; un “jaunieši”"
    assert timed["LOCATION"].startswith("Gulbenes novada kultūras centrs\\, Ābeļu iela 2")
    closing = {item["DTSTART;VALUE=DATE"] for item in events if "DTSTART;VALUE=DATE" in item}
    assert closing == {
        (first + datetime.timedelta(days=5)).strftime("%Y%m%d"),
        (first + datetime.timedelta(days=19)).strftime("%Y%m%d"),
    }


def test_a_municipalitys_feed_has_only_its_opportunities(client, dates):
    response = client.get(
        reverse("opportunities:municipality-calendar-feed", args=["ludzas-novads"])
    )
    body = "".join(line for line in unfolded(response.content.decode()))
    assert body.count("BEGIN:VEVENT") == 1
    assert "Ludzas novada sociālās uzņēmējdarbības grantu konkurss" in body
    assert (
        client.get(
            reverse("opportunities:municipality-calendar-feed", args=["nav-tadas"])
        ).status_code
        == 404
    )
