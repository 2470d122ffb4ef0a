"""Counting the portal's use: a public search that found nothing, a view of an enterprise's
page. Each is one increment of a counter row, safe when two requests count at once, and
skipped for robots; nothing identifies the visitor."""

import datetime
import re

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import MembershipStatus
from municipalities.models import Officer
from portal.search import fold

from .models import QUERY_MAX_LENGTH, VIEW_DAYS, OfficerProfileView, ProfileView, SearchMiss

# Crawlers, link previews, monitors and scripts name themselves; a browser always sends a
# user agent, so a request without one is not a person either.
ROBOT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|checker|curl|wget|python|httpx|go-http|java/|"
    r"okhttp|headless|lighthouse",
    re.IGNORECASE,
)


def is_robot(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(ROBOT.search(agent))


def _increment(model: type[Model], field: str, **key) -> None:
    """Add one to ``field`` of the row with ``key``, making the row if it is the first.
    The increment happens in the database (F()), so two requests at once both count; if
    both find no row, the second insert hits the unique constraint and increments instead."""
    rows = model.objects.filter(**key)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **{field: 1})
    except IntegrityError:
        rows.update(**{field: F(field) + 1})


def search_key(query: str | None) -> str:
    """The query as it is counted: folded like the search itself, words with digits left out
    (a personal code, a phone number or an address is nobody's demand), cut at a word."""
    words = [word for word in fold(query or "").split() if not any(ch.isdigit() for ch in word)]
    key = ""
    for word in words:
        longer = f"{key} {word}" if key else word
        if len(longer) > QUERY_MAX_LENGTH:
            break
        key = longer
    return key


def record_search_miss(*, request: HttpRequest, board: str, filterset, found: int) -> None:
    """Count a public search that found nothing: only when a query was typed and the list is
    empty, so a list with results costs nothing more."""
    if found or not filterset.is_valid() or is_robot(request):
        return
    key = search_key(filterset.form.cleaned_data.get("q"))
    if key:
        month = timezone.localdate().replace(day=1)
        _increment(SearchMiss, "count", board=board, query=key, month=month)


def record_profile_view(*, request: HttpRequest, enterprise) -> None:
    """Count a view of the enterprise's public page: by anyone but its own representatives
    (approved or asking to be) and robots; for a municipal officer, also that they looked
    today, so the enterprise can see how many officers did."""
    if is_robot(request):
        return
    user = request.user
    if (
        user.is_authenticated
        and enterprise.representatives.filter(user=user)
        .exclude(status=MembershipStatus.REJECTED)
        .exists()
    ):
        return
    today = timezone.localdate()
    _increment(ProfileView, "views", enterprise=enterprise, day=today)
    if (
        user.is_authenticated
        and Officer.objects.filter(user=user, status=MembershipStatus.APPROVED).exists()
    ):
        OfficerProfileView.objects.bulk_create(
            [OfficerProfileView(enterprise=enterprise, officer=user, day=today)],
            ignore_conflicts=True,
        )


def forget_officer_views(*, today: datetime.date | None = None) -> int:
    """Delete the record of which officer looked at which enterprise's page once it is older
    than the dashboard's window: it exists only to count officers over ``VIEW_DAYS`` days.
    The daily view totals name nobody and stay. Returns how many rows went."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=VIEW_DAYS - 1)
    deleted, _rows = OfficerProfileView.objects.filter(day__lt=since).delete()
    return deleted
