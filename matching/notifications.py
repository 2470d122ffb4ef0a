"""Emails about new matches, without fatigue.

When a need opens, its best strong matches (the service where it is needed, see
``scoring.STRONG_REASONS``) are emailed once; related services and enterprises outside the
area never are. Each person chooses: at once (sent right after the commit that made the
match), a daily or weekly digest, or never, and can stop with one click. An enterprise hears
about at most WEEKLY_CAP needs a week. Among equally good matches the order differs from
need to need (``Match.fair_order``), so new enterprises are not always last.
The digests also list the municipalities' new opportunities that suit the person's
enterprises (``opportunities.services.claim_opportunities_for_digest``: the at-once email's
rule, caps and ``OpportunityNotice`` record), so a digest with only opportunities still goes.
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
from enterprises.models import Representative
from opportunities.models import Opportunity, OpportunityNotice
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


def _digest_opportunities(
    now: datetime.datetime,
) -> dict[User, list[tuple[Opportunity, list[str]]]]:
    """The new opportunities for each person whose daily or weekly digest is due, with the
    names of their enterprises each suits, claimed within the caps."""
    people = {
        person.pk: person
        for person in User.objects.filter(
            match_emails__in=list(DIGEST_EVERY),
            is_active=True,
            representatives__status=MembershipStatus.APPROVED,
        )
        .exclude(email="")
        .distinct()
        if _digest_due(person, now)
    }
    if not people:
        return {}
    period_start = {
        pk: person.last_digest_at or now - DIGEST_EVERY[person.match_emails]
        for pk, person in people.items()
    }
    enterprises_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    since: dict[int, datetime.datetime] = {}
    for user_id, enterprise_id, name in (
        Representative.objects.approved()
        .filter(user__in=people)
        .values_list("user", "enterprise", "enterprise__name")
    ):
        enterprises_of[user_id].append((enterprise_id, name))
        start = period_start[user_id]
        since[enterprise_id] = min(since.get(enterprise_id, start), start)
    # Imported here: opportunities.services reaches matching through cooperation's services.
    from opportunities.services import claim_opportunities_for_digest

    claimed = claim_opportunities_for_digest(since=since, now=now)
    result: dict[User, list[tuple[Opportunity, list[str]]]] = {}
    for user_id, enterprises in enterprises_of.items():
        # One opportunity suited to two of a person's enterprises is listed once, naming both.
        items: dict[int, tuple[Opportunity, list[str]]] = {}
        for enterprise_id, name in enterprises:
            for opportunity in claimed.get(enterprise_id, []):
                if opportunity.published_at <= period_start[user_id]:
                    continue
                items.setdefault(opportunity.pk, (opportunity, []))[1].append(name)
        if items:
            result[people[user_id]] = sorted(
                items.values(), key=lambda item: (item[0].published_at, item[0].pk)
            )
    return result


def _message(
    person: User,
    matches: list[Match],
    vocabulary: Vocabulary,
    opportunities: list[tuple[Opportunity, list[str]]] = (),
) -> EmailMessage:
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
            "opportunities": opportunities,
            "total": len(matches) + len(opportunities),
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
    """Tell people about new matches as each of them chose, and the digest readers also
    about new opportunities. Returns how many emails went. With ``only`` (right after the
    commit that made these matches), just those matches and just to the people who chose
    "at once"; digests wait for the scheduled run."""
    now = now or timezone.now()
    with transaction.atomic():
        due = due_matches(now, only)
        recipients = _recipients(due) if due else {}
        opportunities = _digest_opportunities(now) if only is None else {}
        if not recipients and not opportunities:
            return 0
        told: set[int] = set()
        messages = []
        vocabulary = Vocabulary.load()
        for person in {**recipients, **opportunities}:
            if person.match_emails == MatchEmails.NONE:
                continue
            if only is not None and person.match_emails != MatchEmails.IMMEDIATE:
                continue
            if not _digest_due(person, now):
                continue
            matches = recipients.get(person, [])
            offered = opportunities.get(person, [])
            messages.append(
                (
                    _message(person, matches, vocabulary, offered),
                    {m.pk for m in matches},
                    {opportunity.pk for opportunity, _names in offered},
                )
            )
            told.update(match.pk for match in matches)
            if person.match_emails != MatchEmails.IMMEDIATE:
                person.last_digest_at = now
                person.save(update_fields=["last_digest_at"])
        # Marked before sending, inside the transaction: a second run finds nothing to send.
        Match.objects.filter(pk__in=told).update(notified_at=now)
    delivered, sent, failed = 0, set(), set()
    offered_sent, offered_failed = set(), set()
    for message, ids, offered_ids in messages:
        try:
            message.send()
        except Exception:  # the mail server, not us: the next scheduled run tries again
            logger.exception("A match email to %s could not be sent.", message.to)
            failed |= ids
            offered_failed |= offered_ids
        else:
            delivered += 1
            sent |= ids
            offered_sent |= offered_ids
    # Told nobody after all: unmarked, unless someone else heard of them.
    if failed - sent:
        Match.objects.filter(pk__in=failed - sent, notified_at=now).update(notified_at=None)
    if offered_failed - offered_sent:
        OpportunityNotice.objects.filter(
            opportunity__in=offered_failed - offered_sent, sent_at=now
        ).delete()
    return delivered
