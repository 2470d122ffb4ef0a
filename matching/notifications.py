"""Emails about new matches, without fatigue.

When a need opens, its best strong matches (the service where it is needed, see
``scoring.STRONG_REASONS``) are emailed once; related services and enterprises outside the
area never are. Each person chooses: at once (sent right after the commit that made the
match), a daily or weekly digest, or never, and can stop with one click. An enterprise hears
about at most WEEKLY_CAP needs a week. Among equally good matches the order differs from
need to need (``Match.fair_order``), so new enterprises are not always last.
``send_match_emails`` is also run by a scheduler for the digests; a match is claimed (row
lock, then ``notified_at``) before its email is written, so no two runs send it twice.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import MatchEmails, MembershipStatus, User
from portal.notifications import render_text

from .models import Fit, Match
from .reasons import Vocabulary
from .tokens import answer_token, unsubscribe_token

logger = logging.getLogger(__name__)

NOTIFY_PER_NEED = 10  # the best this many strong matches of a need are told
WEEKLY_CAP = 5  # needs an enterprise hears about in seven days
DIGEST_EVERY = {
    MatchEmails.DAILY: datetime.timedelta(days=1),
    MatchEmails.WEEKLY: datetime.timedelta(days=7),
}


def due_matches(now: datetime.datetime, only: list[int] | None = None) -> list[Match]:
    """Open needs' best strong matches nobody has been told about, within the caps, locked
    until the caller's transaction ends (rows another run has locked are left to it).
    ``only`` narrows them to these matches."""
    week_ago = now - datetime.timedelta(days=7)
    told_this_week: dict[int, int] = defaultdict(int)
    for enterprise_id in Match.objects.filter(notified_at__gte=week_ago).values_list(
        "enterprise_id", flat=True
    ):
        told_this_week[enterprise_id] += 1
    candidates = (
        Match.objects.open_needs()
        .public()
        .filter(fit=Fit.STRONG, notified_at__isnull=True)
        .select_related("need__municipality", "need__category", "enterprise")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("need__published_at", "need_id", "-score", "fair_order")
    )
    if only is not None:
        candidates = candidates.filter(pk__in=only)
    candidates = list(candidates)
    # A need's matches told before (by an earlier run) count towards its NOTIFY_PER_NEED.
    per_need: dict[int, int] = defaultdict(
        int,
        Match.objects.filter(
            need__in={match.need_id for match in candidates}, notified_at__isnull=False
        )
        .values("need")
        .annotate(count=Count("pk"))
        .values_list("need", "count"),
    )
    due = []
    for match in candidates:
        if per_need[match.need_id] >= NOTIFY_PER_NEED:
            continue
        if told_this_week[match.enterprise_id] >= WEEKLY_CAP:
            continue
        per_need[match.need_id] += 1
        told_this_week[match.enterprise_id] += 1
        due.append(match)
    return due


def _recipients(matches: list[Match]) -> dict[User, list[Match]]:
    by_enterprise: dict[int, list[Match]] = defaultdict(list)
    for match in matches:
        by_enterprise[match.enterprise_id].append(match)
    people = User.objects.filter(
        representatives__enterprise__in=by_enterprise,
        representatives__status=MembershipStatus.APPROVED,
        is_active=True,
    ).exclude(email="")
    result: dict[User, list[Match]] = defaultdict(list)
    for person in people.distinct():
        for representative in person.representatives.approved():
            result[person].extend(by_enterprise.get(representative.enterprise_id, []))
    return result


def _digest_due(person: User, now: datetime.datetime) -> bool:
    if person.match_emails == MatchEmails.IMMEDIATE:
        return True
    every = DIGEST_EVERY.get(person.match_emails)
    return every is not None and (
        person.last_digest_at is None or now - person.last_digest_at >= every
    )


def _message(person: User, matches: list[Match], vocabulary: Vocabulary) -> EmailMessage:
    unsubscribe_url = settings.SITE_URL + reverse(
        "matching:unsubscribe", args=[unsubscribe_token(person)]
    )
    with translation.override(person.language):
        context = {
            "recipient": person,
            "items": [
                (
                    match,
                    settings.SITE_URL
                    + reverse("matching:answer-by-link", args=[answer_token(match, person)]),
                )
                for match in matches
            ],
            "vocabulary": vocabulary,
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
        }
        subject = render_text("emails/matches_subject.txt", context).strip()
        body = render_text("emails/matches.txt", context)
    return EmailMessage(
        subject,
        body,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_match_emails(
    now: datetime.datetime | None = None, *, only: list[int] | None = None
) -> int:
    """Tell people about new matches as each of them chose. Returns how many emails went.
    With ``only`` (right after the commit that made these matches), just those matches and
    just to the people who chose "at once"; digests wait for the scheduled run."""
    now = now or timezone.now()
    with transaction.atomic():
        due = due_matches(now, only)
        if not due:
            return 0
        recipients = _recipients(due)
        told: set[int] = set()
        messages = []
        vocabulary = Vocabulary.load()
        for person, matches in recipients.items():
            if person.match_emails == MatchEmails.NONE:
                continue
            if only is not None and person.match_emails != MatchEmails.IMMEDIATE:
                continue
            if not _digest_due(person, now):
                continue
            messages.append((_message(person, matches, vocabulary), {m.pk for m in matches}))
            told.update(match.pk for match in matches)
            if person.match_emails != MatchEmails.IMMEDIATE:
                person.last_digest_at = now
                person.save(update_fields=["last_digest_at"])
        # Marked before sending, inside the transaction: a second run finds nothing to send.
        Match.objects.filter(pk__in=told).update(notified_at=now)
    delivered, sent, failed = 0, set(), set()
    for message, ids in messages:
        try:
            message.send()
        except Exception:  # the mail server, not us: the next scheduled run tries again
            logger.exception("A match email to %s could not be sent.", message.to)
            failed |= ids
        else:
            delivered += 1
            sent |= ids
    # Told nobody after all: unmarked, unless someone else heard of them.
    if failed - sent:
        Match.objects.filter(pk__in=failed - sent, notified_at=now).update(notified_at=None)
    return delivered
