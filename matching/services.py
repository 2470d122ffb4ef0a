"""Keeping matches current, and what enterprises answer."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
from .models import LISTED_FITS, Fit, Match
from .notifications import send_match_emails

# How many enterprises a need keeps as matches where it is needed, and outside its area.
MATCHES_PER_NEED = 50
OUTSIDE_PER_NEED = 20
BATCH = 200
LOCAL_REASONS = {"home_municipality", "serves_municipality"}


def best_scores(
    need: Need, *, outside: bool = False, limit: int = MATCHES_PER_NEED, skip=frozenset()
) -> dict[int, tuple[int, scoring.Score]]:
    """The best-scoring offering of each enterprise that can make the need's list (or, with
    ``outside``, its list of those outside the area): {enterprise id: (offering id, score)}.
    Enterprises in ``skip`` are left out."""
    facts = need_facts(need)
    today = timezone.localdate()
    best: dict[int, tuple[int, scoring.Score]] = {}
    offerings = candidate_offerings(need, facts, outside=outside)
    ranked: list[int] = []  # scores on the list so far, best first
    for offering in offerings.iterator(chunk_size=BATCH):
        # Candidates come best first with their exact score: once one cannot reach the
        # list, none can.
        if len(ranked) >= limit and offering.sql_score < ranked[limit - 1]:
            break
        if offering.enterprise_id in skip:
            continue
        result = scoring.score(facts, candidate_facts(offering, annotated_place(offering)), today)
        if result is None or result.listed == outside:
            continue  # the SQL and the scorer agree (tests/test_matching.py); never listed
        current = best.get(offering.enterprise_id)
        if current is None or result.total > current[1].total:
            best[offering.enterprise_id] = (offering.pk, result)
            ranked = sorted((score.total for _, score in best.values()), reverse=True)
    top = sorted(
        best.items(),
        key=lambda item: (-item[1][1].total, Match.fair_order_for(need.pk, item[0])),
    )[:limit]
    return dict(top)


def _fields(need: Need, enterprise_id: int, offering_id: int, result: scoring.Score) -> dict:
    return {
        "offering_id": offering_id,
        "score": result.total,
        "reasons": [reason.as_dict() for reason in result.reasons],
        "missing": [reason.as_dict() for reason in result.missing],
        "fair_order": Match.fair_order_for(need.pk, enterprise_id),
        "local": any(r.code in LOCAL_REASONS for r in result.reasons),
        "fit": result.fit,
    }


def _save(need: Need, enterprise_id: int, offering_id: int, result: scoring.Score) -> None:
    Match.objects.update_or_create(
        need=need,
        enterprise_id=enterprise_id,
        defaults=_fields(need, enterprise_id, offering_id, result),
    )


SCORED_FIELDS = ["offering", "score", "reasons", "missing", "fair_order", "local", "fit"]


def _save_all(need: Need, scores: dict[int, tuple[int, scoring.Score]]) -> None:
    """Write a need's matches in one statement per batch (insert, or update the scores of a
    pair already matched, keeping its answers and when it was told), so saving a need costs
    the same queries with 5 matches or 70."""
    now = timezone.now()
    rows = [
        Match(
            need=need,
            enterprise_id=enterprise_id,
            updated_at=now,
            **_fields(need, enterprise_id, offering_id, result),
        )
        for enterprise_id, (offering_id, result) in scores.items()
    ]
    Match.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["need", "enterprise"],
        update_fields=[*SCORED_FIELDS, "updated_at"],
    )


def _drop(matches) -> None:
    """Delete matches nobody answered; keep answered ones, hidden, for the answer."""
    matches.filter(interested_at__isnull=True, declined_at__isnull=True).delete()
    matches.exclude(fit=Fit.NONE).update(fit=Fit.NONE)


def _email_new_strong_matches(matches) -> None:
    """Strong matches nobody was told about go out right after this commit to those who
    chose "at once" (the others wait for their digest in ``send_match_emails``)."""
    ids = list(
        matches.filter(fit=Fit.STRONG, notified_at__isnull=True).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: send_match_emails(only=ids), robust=True)


@transaction.atomic
def refresh_need_matches(need: Need, *, email: bool = True) -> int:
    """Recompute an open need's matches; drop those that no longer hold unless the
    enterprise has already answered. Returns how many listed matches the need has. A need
    that is not open is neither rescored nor emailed about. ``email=False`` (seeding demo
    data) leaves new strong matches to the scheduled digest instead of mailing at once."""
    if need.status != NeedStatus.OPEN:
        return need.matches.listed().count()
    listed = best_scores(need)
    outside = best_scores(need, outside=True, limit=OUTSIDE_PER_NEED, skip=listed.keys())
    _save_all(need, listed | outside)
    _drop(need.matches.exclude(enterprise_id__in=[*listed, *outside]))
    if email:
        _email_new_strong_matches(need.matches.all())
    return len(listed)


@transaction.atomic
def refresh_enterprise_matches(enterprise: SocialEnterprise) -> None:
    """After an enterprise or one of its offerings changed, rescore it against every open
    need it could fit or was matched with, and keep each need's lists in order.

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
    # Each need's two lists: how long, and the lowest score on each.
    in_area, outside_area = Q(fit__in=LISTED_FITS), Q(fit=Fit.OUTSIDE)
    lists = {
        row["need"]: row
        for row in Match.objects.filter(need__in=needs)
        .values("need")
        .annotate(
            listed=Count("pk", filter=in_area),
            listed_lowest=Min("score", filter=in_area),
            outside=Count("pk", filter=outside_area),
            outside_lowest=Min("score", filter=outside_area),
        )
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
        ]
        results = [(pk, r) for pk, r in results if r is not None]
        match = existing.get(need.pk)
        if not results:
            if match is not None:
                _drop(Match.objects.filter(pk=match.pk))
            continue
        # Where the need is beats outside it; then the higher score.
        offering_id, result = max(results, key=lambda item: (item[1].listed, item[1].total))
        outside = not result.listed
        limit = OUTSIDE_PER_NEED if outside else MATCHES_PER_NEED
        key = "outside" if outside else "listed"
        row = lists.get(need.pk, {})
        count, lowest = row.get(key, 0), row.get(f"{key}_lowest") or 0
        joining = match is None or (match.fit == Fit.OUTSIDE) != outside or match.fit == Fit.NONE
        if joining and count >= limit and result.total <= lowest:
            if match is not None:
                _drop(Match.objects.filter(pk=match.pk))
            continue  # not good enough to displace anyone on the need's list
        _save(need, enterprise.pk, offering_id, result)
        if joining and count >= limit:
            group = Match.objects.filter(need=need).exclude(enterprise=enterprise)
            group = group.filter(fit=Fit.OUTSIDE) if outside else group.filter(fit__in=LISTED_FITS)
            unanswered = group.filter(interested_at__isnull=True, declined_at__isnull=True)
            if (dropped := unanswered.order_by("score", "-fair_order").first()) is not None:
                dropped.delete()
    _email_new_strong_matches(enterprise.matches.all())


def mark_viewed(match: Match) -> None:
    if match.viewed_at is None:
        match.viewed_at = timezone.now()
        match.save(update_fields=["viewed_at"])


@transaction.atomic
def answer_match(*, match: Match, interested: bool, reason: str = "", note: str = "") -> Match:
    """The enterprise says whether it is interested; the latest answer counts. Only while the
    need is open and the match public: an answer to a closed need or from an enterprise no
    longer verified would tell the municipality nothing it can act on."""
    match = Match.objects.select_for_update().select_related("need", "enterprise").get(pk=match.pk)
    if match.need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("This need is no longer open, so your answer was not recorded."), code="not_open"
        )
    if match.enterprise.verification != Verification.VERIFIED or match.fit == Fit.NONE:
        raise ValidationError(
            _("This match is no longer shown, so your answer was not recorded."), code="hidden"
        )
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
