"""Keeping matches current, and what enterprises answer."""

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from enterprises.models import SocialEnterprise, Verification
from municipalities.models import Need, NeedStatus

from . import scoring
from .candidates import (
    annotated_place,
    candidate_facts,
    candidate_offerings,
    need_facts,
    place_in_python,
)
from .models import Match

# How many enterprises a need keeps as matches, and the least score worth showing.
MATCHES_PER_NEED = 50
MIN_SCORE = 20
BATCH = 200
LOCAL_REASONS = {"home_municipality", "serves_municipality"}


def best_scores(need: Need) -> dict[int, tuple[int, scoring.Score]]:
    """The best-scoring offering of each enterprise that can make the need's list:
    {enterprise id: (offering id, score)}."""
    facts = need_facts(need)
    today = timezone.localdate()
    best: dict[int, tuple[int, scoring.Score]] = {}
    offerings = candidate_offerings(need, facts)
    ranked: list[int] = []  # scores on the list so far, best first
    for offering in offerings.iterator(chunk_size=BATCH):
        # Candidates come best first: once one cannot reach the list, none can.
        floor = ranked[MATCHES_PER_NEED - 1] if len(ranked) >= MATCHES_PER_NEED else MIN_SCORE
        if offering.sql_score < floor:
            break
        result = scoring.score(facts, candidate_facts(offering, annotated_place(offering)), today)
        if result is None or result.total < MIN_SCORE:
            continue
        current = best.get(offering.enterprise_id)
        if current is None or result.total > current[1].total:
            best[offering.enterprise_id] = (offering.pk, result)
            ranked = sorted((score.total for _, score in best.values()), reverse=True)
    top = sorted(
        best.items(),
        key=lambda item: (-item[1][1].total, Match.fair_order_for(need.pk, item[0])),
    )[:MATCHES_PER_NEED]
    return dict(top)


def _save(need: Need, enterprise_id: int, offering_id: int, result: scoring.Score) -> None:
    Match.objects.update_or_create(
        need=need,
        enterprise_id=enterprise_id,
        defaults={
            "offering_id": offering_id,
            "score": result.total,
            "reasons": [reason.as_dict() for reason in result.reasons],
            "missing": [reason.as_dict() for reason in result.missing],
            "fair_order": Match.fair_order_for(need.pk, enterprise_id),
            "local": any(r.code in LOCAL_REASONS for r in result.reasons),
        },
    )


@transaction.atomic
def refresh_need_matches(need: Need) -> int:
    """Recompute an open need's matches; drop those that no longer hold unless the
    enterprise has already answered. Returns how many matches the need has."""
    if need.status != NeedStatus.OPEN:
        return need.matches.count()
    scores = best_scores(need)
    for enterprise_id, (offering_id, result) in scores.items():
        _save(need, enterprise_id, offering_id, result)
    need.matches.exclude(enterprise_id__in=scores).filter(
        interested_at__isnull=True, declined_at__isnull=True
    ).delete()
    return len(scores)


@transaction.atomic
def refresh_enterprise_matches(enterprise: SocialEnterprise) -> None:
    """After an enterprise or one of its offerings changed, rescore it against every open
    need it could fit or was matched with, and keep each need's list in order.

    Only this enterprise is rescored, with everything loaded up front, so the cost grows
    with the open needs in its fields, not with the number of enterprises.
    """
    offerings = list(
        enterprise.offerings.active()
        .select_related("category", "enterprise")
        .prefetch_related(
            "cpv_codes",
            "target_groups",
            "instruments",
            "served_municipalities",
            "served_regions",
            "enterprise__target_groups",
            "enterprise__served_municipalities",
            "enterprise__served_regions",
        )
    )
    fields = {o.category.parent_id for o in offerings} | {o.category_id for o in offerings}
    cpv = {code.code for o in offerings for code in o.cpv_codes.all()}
    needs = (
        Need.objects.open()
        .filter(
            Q(category__parent__in=fields)
            | Q(category__in=fields)
            | Q(cpv_codes__code__in=cpv)
            | Q(matches__enterprise=enterprise)
        )
        .distinct()
        .select_related("municipality__region", "category")
        .prefetch_related("cpv_codes", "target_groups", "instruments")
    )
    existing = {m.need_id: m for m in enterprise.matches.all()}
    listed = {
        row["need"]: row
        for row in Match.objects.filter(need__in=needs)
        .values("need")
        .annotate(count=Count("pk"), lowest=Min("score"))
    }
    today = timezone.localdate()
    eligible = enterprise.verification == Verification.VERIFIED
    for need in needs:
        facts = need_facts(need)
        results = [
            (
                offering.pk,
                scoring.score(
                    facts, candidate_facts(offering, place_in_python(offering, need)), today
                ),
            )
            for offering in offerings
            if eligible
            and (
                offering.category.parent_id == facts.field_id
                or offering.category_id == facts.category_id
                or facts.cpv_codes & {c.code for c in offering.cpv_codes.all()}
            )
        ]
        results = [(pk, r) for pk, r in results if r is not None and r.total >= MIN_SCORE]
        match = existing.get(need.pk)
        if not results:
            if match is not None and not match.answered:
                match.delete()
            continue
        offering_id, result = max(results, key=lambda item: item[1].total)
        stats = listed.get(need.pk, {"count": 0, "lowest": 0})
        if match is None and stats["count"] >= MATCHES_PER_NEED and result.total <= stats["lowest"]:
            continue  # not good enough to displace anyone on the need's list
        _save(need, enterprise.pk, offering_id, result)
        if match is None and stats["count"] >= MATCHES_PER_NEED:
            unanswered = need.matches.filter(interested_at__isnull=True, declined_at__isnull=True)
            lowest = unanswered.exclude(enterprise=enterprise).order_by("score", "-fair_order")
            if (dropped := lowest.first()) is not None:
                dropped.delete()


def mark_viewed(match: Match) -> None:
    if match.viewed_at is None:
        match.viewed_at = timezone.now()
        match.save(update_fields=["viewed_at"])


@transaction.atomic
def answer_match(*, match: Match, interested: bool, reason: str = "", note: str = "") -> Match:
    """The enterprise says whether it is interested; the latest answer counts."""
    now = timezone.now()
    match.viewed_at = match.viewed_at or now
    if interested:
        match.interested_at, match.declined_at = now, None
        match.decline_reason, match.decline_note = "", ""
    else:
        match.interested_at, match.declined_at = None, now
        match.decline_reason, match.decline_note = reason, note
    match.full_clean()
    match.save()
    return match
