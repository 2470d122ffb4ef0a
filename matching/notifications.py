"""Emails about new matches, without fatigue.

When a need opens, its best matches are emailed once. Each person chooses: at once, a daily
or weekly digest, or never, and can stop with one click. An enterprise hears about at most
WEEKLY_CAP needs a week. Among equally good matches the order differs from need to need
(``Match.fair_order``), so new enterprises are not always last. ``send_match_emails`` is run
by a scheduler; running it twice sends nothing twice.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import MatchEmails, MembershipStatus, User
from portal.notifications import render_text

from .models import Match
from .reasons import Vocabulary
from .tokens import answer_token, unsubscribe_token

NOTIFY_PER_NEED = 10  # the best this many matches of a need are told
NOTIFY_MIN_SCORE = 40  # a match worth an email: e.g. the right service in the right place
WEEKLY_CAP = 5  # needs an enterprise hears about in seven days
DIGEST_EVERY = {
    MatchEmails.DAILY: datetime.timedelta(days=1),
    MatchEmails.WEEKLY: datetime.timedelta(days=7),
}


def due_matches(now: datetime.datetime) -> list[Match]:
    """Open needs' best matches nobody has been told about, within the weekly cap."""
    week_ago = now - datetime.timedelta(days=7)
    told_this_week: dict[int, int] = defaultdict(int)
    for enterprise_id in Match.objects.filter(notified_at__gte=week_ago).values_list(
        "enterprise_id", flat=True
    ):
        told_this_week[enterprise_id] += 1
    due, per_need = [], defaultdict(int)
    candidates = (
        Match.objects.open_needs()
        .filter(notified_at__isnull=True, score__gte=NOTIFY_MIN_SCORE)
        .select_related("need__municipality", "need__category", "enterprise")
        .order_by("need__published_at", "need_id", "-score", "fair_order")
    )
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
                    + reverse("matching:answer-by-link", args=[answer_token(match)]),
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


def send_match_emails(now: datetime.datetime | None = None) -> int:
    """Tell people about new matches as each of them chose. Returns how many emails went."""
    now = now or timezone.now()
    with transaction.atomic():
        due = due_matches(now)
        recipients = _recipients(due)
        told: set[int] = set()
        messages = []
        vocabulary = Vocabulary.load()
        for person, matches in recipients.items():
            if person.match_emails == MatchEmails.NONE:
                continue
            if not _digest_due(person, now):
                continue
            messages.append(_message(person, matches, vocabulary))
            told.update(match.pk for match in matches)
            if person.match_emails != MatchEmails.IMMEDIATE:
                person.last_digest_at = now
                person.save(update_fields=["last_digest_at"])
        # Marked before sending, inside the transaction: a second run finds nothing to send.
        Match.objects.filter(pk__in=told).update(notified_at=now)
    for message in messages:
        message.send()
    return len(messages)
