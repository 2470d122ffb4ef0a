"""Saving searches, confirming them, and sending what is new on them."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from portal.notifications import render_text

from .lists import LISTS
from .models import Frequency, SavedSearch, SearchKind
from .tokens import CONFIRM_SALT, MANAGE_SALT, UNSUBSCRIBE_SALT, make_token

logger = logging.getLogger(__name__)

# An alert lists this many items and links to the list for the rest.
MAX_ITEMS = 20


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _link(name: str, search: SavedSearch, salt: str) -> str:
    """A signed link in the search's language (its URL carries the language prefix)."""
    with translation.override(search.language):
        return _absolute(reverse(name, args=[make_token(search, salt)]))


@transaction.atomic
def save_search(
    *,
    kind: SearchKind,
    querystring: str,
    name: str,
    frequency: Frequency,
    language: str,
    description: str,
    user: User | None = None,
    email: str = "",
    now: datetime.datetime | None = None,
) -> SavedSearch:
    """Keep a search. A signed-in person's is confirmed at once, and what is new counts from
    now. Anyone else's waits, sending nothing, until they follow the link mailed to the
    address (double opt-in); that mail is the portal's own words (``description``, the
    filters in words), never the name typed in the form, so the form cannot carry a
    stranger's message to somebody's inbox."""
    now = now or timezone.now()
    search = SavedSearch(
        user=user,
        email="" if user else email,
        kind=kind,
        querystring=querystring,
        name=name,
        frequency=frequency,
        language=language,
        created_at=now,
        confirmed_at=now if user else None,
        last_sent_at=now if user else None,
    )
    search.full_clean()
    search.save()
    if user is None:
        transaction.on_commit(lambda: _send_confirmation(search, description))
    return search


def _send_confirmation(search: SavedSearch, description: str) -> None:
    with translation.override(search.language):
        context = {
            "description": description,
            "confirm_url": _link("alerts:search-confirm", search, CONFIRM_SALT),
            "frequency": search.get_frequency_display(),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_text("alerts/emails/confirm_subject.txt", context).split())
        body = render_text("alerts/emails/confirm.txt", context)
    try:
        send_mail(subject, body, None, [search.email])
    except Exception:
        logger.exception("Could not send the confirmation of saved search %s", search.pk)


@transaction.atomic
def confirm_search(*, search: SavedSearch, now: datetime.datetime | None = None) -> SavedSearch:
    """Turn the alerts on; what is new counts from the confirmation. Confirming again
    changes nothing (a second click must not skip what is new meanwhile)."""
    now = now or timezone.now()
    SavedSearch.objects.filter(pk=search.pk, confirmed_at__isnull=True).update(
        confirmed_at=now, last_sent_at=now
    )
    search.refresh_from_db()
    return search


def delete_expired_searches(*, now: datetime.datetime | None = None) -> int:
    """Forget unconfirmed searches whose confirmation link has expired."""
    deleted, _ = SavedSearch.objects.expired(now or timezone.now()).delete()
    return deleted


def send_due_alerts(*, now: datetime.datetime | None = None) -> int:
    """Email each due search what became new since its last alert. Safe to run twice and on
    several machines at once: each search is claimed before its mail goes out. Returns how
    many alerts were sent."""
    now = now or timezone.now()
    sent = 0
    for pk in list(SavedSearch.objects.due(now).order_by("pk").values_list("pk", flat=True)):
        try:
            sent += send_alert(pk=pk, now=now)
        except Exception:
            # The claim was rolled back with the failed mail: the next run tries again.
            logger.exception("Could not send the alert of saved search %s", pk)
    return sent


@transaction.atomic
def send_alert(*, pk: int, now: datetime.datetime) -> bool:
    """Send one search's alert if it is still due and anything is new; True if sent.

    The row is locked, skipping it if another run holds it (PostgreSQL), and ``last_sent_at``
    is moved by compare-and-set, so of two runs exactly one sends; a mail that fails raises
    and rolls the claim back. Nothing new: nothing sent and nothing moved, so the next
    alert still lists everything since the last one."""
    search = (
        SavedSearch.objects.due(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=pk)
        .first()
    )
    if search is None or not search.recipient or (search.user and not search.user.is_active):
        return False
    since = search.last_sent_at
    search_list = LISTS[search.kind]
    found = search_list.new_items(search.querystring, since, now)
    items = list(found[:MAX_ITEMS])
    if not items:
        return False
    total = found.count() if len(items) == MAX_ITEMS else len(items)
    if not SavedSearch.objects.filter(pk=pk, last_sent_at=since).update(last_sent_at=now):
        return False  # another run sent it meanwhile
    _alert_message(search, items, total, since).send()
    return True


def _alert_message(search: SavedSearch, items: list, total: int, since) -> EmailMessage:
    search_list = LISTS[search.kind]
    unsubscribe_url = _link("alerts:unsubscribe", search, UNSUBSCRIBE_SALT)
    with translation.override(search.language):
        context = {
            "search": search,
            "items": items,
            "total": total,
            "more": total - len(items),
            "kind": search.kind,
            "list_url": _absolute(search_list.url(search.querystring, since=since)),
            "manage_url": _link("alerts:search-manage", search, MANAGE_SALT),
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_text("alerts/emails/alert_subject.txt", context).split())
        body = render_text("alerts/emails/alert.txt", context)
    return EmailMessage(
        subject,
        body,
        to=[search.recipient],
        # RFC 8058: mail clients offer one-click unsubscribe, which POSTs to the link.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
