"""The calendar of events and closing dates, and its iCalendar feeds."""

import datetime
import zoneinfo

import icalendar
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


def parsed(response) -> icalendar.Calendar:
    """The feed as a calendar app reads it, after checking what the parser forgives: CRLF
    line ends and lines of at most 75 octets (RFC 5545, 3.1)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.endswith(b"\r\n")
    for line in body.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
        line.decode()  # folding never splits a character
    calendar = icalendar.Calendar.from_ical(body.decode())
    assert calendar.errors == []
    for component in calendar.walk():
        assert component.errors == [], component.name
    return calendar


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return calendar.walk("VEVENT")


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
    first, event, call = dates
    calendar = parsed(client.get(reverse("opportunities:calendar-feed")))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    found = events(calendar)
    assert len(found) == 3  # the event, its last day to register, the call's last day
    assert len({str(item["UID"]) for item in found}) == 3
    for item in found:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL"} <= set(item)
        assert item.decoded("DTEND") > item.decoded("DTSTART")
    (timed,) = [item for item in found if isinstance(item.decoded("DTSTART"), datetime.datetime)]
    # 10:00 in Riga, written in UTC: the same moment in every calendar.
    start = timed.decoded("DTSTART")
    assert start == event.starts_at
    assert start.utcoffset() == datetime.timedelta(0)
    assert "DTSTART:" in timed.to_ical().decode() and "Z\r\n" in timed.to_ical().decode()
    # Commas and semicolons escaped in the feed, read back as they were typed.
    assert str(timed["SUMMARY"]) == "Ideju darbnīca: sociālie uzņēmumi, skolas; un “jaunieši”"
    assert str(timed["LOCATION"]) == "Gulbenes novada kultūras centrs, Ābeļu iela 2, Gulbene"
    assert str(timed["URL"]).endswith(f"/opportunities/{event.pk}/")
    closing = {
        item.decoded("DTSTART"): str(item["SUMMARY"])
        for item in found
        if not isinstance(item.decoded("DTSTART"), datetime.datetime)
    }
    # Last days to apply are all-day dates, not moments.
    assert closing == {
        first + datetime.timedelta(days=5): f"Pieteikšanās beidzas: {event.title_lv}",
        first + datetime.timedelta(days=19): f"Pieteikšanās beidzas: {call.title_lv}",
    }
    assert "Melnraksta pasākums" not in response_text(client)


def response_text(client) -> str:
    return client.get(reverse("opportunities:calendar-feed")).content.decode()


def test_long_latvian_titles_fold_and_read_back_whole(client):
    title = (
        "Ģimeņu atbalsta centra “Ķiršu dārzs” ēkas pirmā stāva telpas bezatlīdzības "
        "lietošanā: šūšanas, ēdināšanas un žāvēšanas darbnīcai Čiekuru ielā 14, Ļaudonā"
    )
    OpportunityFactory(
        municipality=municipality("madonas-novads"),
        kind=OpportunityKind.PREMISES,
        title_lv=title,
        address="Čiekuru iela 14, Ļaudona, Madonas novads",
        terms="free_use",
        closes_on=timezone.localdate() + datetime.timedelta(days=12),
    )
    response = client.get(
        reverse("opportunities:municipality-calendar-feed", args=["madonas-novads"])
    )
    # Folded: continuation lines start with a space.
    assert b"\r\n " in response.content
    (item,) = events(parsed(response))
    assert str(item["SUMMARY"]) == f"Pieteikšanās beidzas: {title}"
    assert "Madonas novads" in str(item["DESCRIPTION"])


def test_a_municipalitys_feed_has_only_its_opportunities(client, dates):
    first, event, call = dates
    calendar = parsed(
        client.get(reverse("opportunities:municipality-calendar-feed", args=["ludzas-novads"]))
    )
    assert "Ludzas novads" in str(calendar["X-WR-CALNAME"])
    (item,) = events(calendar)
    assert str(item["SUMMARY"]) == f"Pieteikšanās beidzas: {call.title_lv}"
    assert item.decoded("DTSTART") == first + datetime.timedelta(days=19)
    gulbene = parsed(
        client.get(reverse("opportunities:municipality-calendar-feed", args=["gulbenes-novads"]))
    )
    assert {str(item["SUMMARY"]) for item in events(gulbene)} == {
        event.title_lv,
        f"Pieteikšanās beidzas: {event.title_lv}",
    }
    assert (
        client.get(
            reverse("opportunities:municipality-calendar-feed", args=["nav-tadas"])
        ).status_code
        == 404
    )
