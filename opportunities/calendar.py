"""Events and closing dates of opportunities: the entries of the month view, and the same
entries as an iCalendar feed (RFC 5545) that calendar apps subscribe to.

The feed is written by hand — a dozen properties do not need a dependency — but by the
rules calendar apps enforce: CRLF line ends, lines folded at 75 octets without splitting a
UTF-8 character, text escaped, times in UTC, all-day closing dates as DATE values."""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Opportunity, OpportunityKind

# How far back the feed reaches: subscribers keep what they have already seen.
FEED_PAST_DAYS = 90


@dataclass(frozen=True)
class Entry:
    opportunity: Opportunity
    day: datetime.date
    is_closing: bool  # the last day to apply, rather than the event itself

    @property
    def label(self) -> str:
        if self.is_closing:
            return _("Applications close: %(title)s") % {"title": self.opportunity.title}
        return self.opportunity.title


def _dated(queryset, first: datetime.date, last: datetime.date):
    """Public opportunities with an event or a closing date between the days."""
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    return (
        queryset.public()
        .filter(
            Q(kind=OpportunityKind.EVENT, starts_at__range=(start, end))
            | Q(closes_on__range=(first, last))
        )
        .select_related("municipality")
        .order_by("pk")
    )


def entries(queryset, first: datetime.date, last: datetime.date) -> list[Entry]:
    found = []
    for opportunity in _dated(queryset, first, last):
        if opportunity.is_event and opportunity.starts_at:
            day = timezone.localtime(opportunity.starts_at).date()
            if first <= day <= last:
                found.append(Entry(opportunity, day, is_closing=False))
        if opportunity.closes_on and first <= opportunity.closes_on <= last:
            found.append(Entry(opportunity, opportunity.closes_on, is_closing=True))
    return sorted(
        found,
        key=lambda entry: (
            entry.day,
            entry.is_closing,
            entry.opportunity.starts_at or timezone.now(),
            entry.opportunity.pk,
        ),
    )


def month_weeks(year: int, month: int, found: list[Entry]) -> list[list[tuple]]:
    """The month as weeks from Monday, each day with its entries (days of the neighbouring
    months are None)."""
    by_day: dict[datetime.date, list[Entry]] = {}
    for entry in found:
        by_day.setdefault(entry.day, []).append(entry)
    return [
        [(day, by_day.get(day, [])) if day.month == month else (None, []) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


# --- iCalendar.


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets; continuation lines start with a space."""
    parts, current, size = [], "", 0
    for character in line:
        width = len(character.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += character
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_feed(queryset, *, name: str, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    first = today - datetime.timedelta(days=FEED_PAST_DAYS)
    last = today + datetime.timedelta(days=3650)
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "kopa"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kopa//Opportunities//LV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for entry in entries(queryset, first, last):
        opportunity = entry.opportunity
        url = settings.SITE_URL + opportunity.get_absolute_url()
        lines += [
            "BEGIN:VEVENT",
            f"UID:opportunity-{opportunity.pk}-{'closes' if entry.is_closing else 'event'}@{host}",
            f"DTSTAMP:{_utc(opportunity.updated_at)}",
        ]
        if entry.is_closing:
            lines += [
                f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{entry.day + datetime.timedelta(days=1):%Y%m%d}",
            ]
        else:
            end = opportunity.ends_at or opportunity.starts_at + datetime.timedelta(hours=2)
            lines += [f"DTSTART:{_utc(opportunity.starts_at)}", f"DTEND:{_utc(end)}"]
            place = opportunity.venue or opportunity.online_url
            if place:
                lines.append(f"LOCATION:{_escape(place)}")
        lines += [
            f"SUMMARY:{_escape(entry.label)}",
            f"DESCRIPTION:{_escape(opportunity.municipality.name + ' · ' + url)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
