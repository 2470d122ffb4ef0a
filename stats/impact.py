"""The reads behind the statistics of what cooperation changed and what people look for:
results of completed cooperations (value in euros, jobs, people from target groups) by year,
place, form and kind; how fast a published need gets its first interested answer; how needs
end; and the searches that found nothing. Each function runs a fixed number of queries.

Beside what was delivered stands what was planned: the value, jobs and people a plan names,
counted for every cooperation both sides agreed to (``PLANNED_STATUSES``), while delivered
results count completed cooperations only.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from statistics import median

from django.apps import apps
from django.db.models import Count, DateField, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncYear
from django.utils import timezone

from accounts.models import MembershipStatus
from cooperation.models import Cooperation, CooperationKind, CooperationStatus, Instrument
from enterprises.models import SocialEnterprise, Verification
from municipalities.models import Municipality, Need, NeedStatus, PlanningRegion

from .models import VIEW_DAYS, OfficerProfileView, ProfileView, SearchMiss
from .queries import _quarter, _uses

# A plan counts once both sides agreed to it, whatever became of the cooperation since:
# it was a commitment. A proposal declined or withdrawn was never one, and one still being
# discussed may change.
PLANNED_STATUSES = [
    CooperationStatus.AGREED,
    CooperationStatus.ACTIVE,
    CooperationStatus.PAUSED,
    CooperationStatus.COMPLETED,
    CooperationStatus.ENDED,
]

# The months of searches that found nothing shown, and the queries shown for each.
MISS_MONTHS = 12
MISSES_PER_MONTH = 10
# A search is shown only once this many searches for it found nothing in a month: what one
# person typed once (a name, a typo) is nobody's demand and may be theirs alone.
MISS_SHOWN_FROM = 3


@dataclass(frozen=True)
class Results:
    """Completed cooperations and the results they recorded; a result left empty adds
    nothing to its total."""

    key: str
    label: str
    completed: int
    reported: int  # completed with at least one of the three numbers recorded
    value_eur: int  # whole euros
    jobs: int
    people: int
    kind: str = ""  # a form of cooperation's kind, light or targeted
    planned: int = 0  # cooperations agreed or later, see PLANNED_STATUSES
    planned_value_eur: int = 0  # whole euros
    planned_jobs: int = 0
    planned_people: int = 0


@dataclass(frozen=True)
class ResponseTimes:
    year: int
    quarter: int
    published: int  # needs published in the quarter
    answered: int  # of them, with at least one interested answer
    median_days: float | None  # from publication to the first interested answer


@dataclass(frozen=True)
class NeedOutcomes:
    year: int
    published: int
    fulfilled: int
    closed_unfilled: int
    still_open: int  # open or in progress


@dataclass(frozen=True)
class Miss:
    month: datetime.date
    board: str
    query: str
    count: int


@dataclass(frozen=True)
class SurveyAnswers:
    """What follow-up surveys reported, one answer per cooperation (the municipality's when
    both sides answered: it is the side that pays and counts)."""

    cooperations: int
    as_planned: int  # said it happened as planned
    value_eur: int
    jobs: int
    people: int
    would_not_have_found: int  # said they would not have found each other without Kopā


def _completed() -> QuerySet:
    return Cooperation.objects.filter(status=CooperationStatus.COMPLETED)


def _planned() -> QuerySet:
    return Cooperation.objects.filter(status__in=PLANNED_STATUSES)


def _planned_sums(prefix: str = "", condition: Q | None = None) -> dict:
    """The planned aggregates of a ``Results`` row, over cooperations reached through
    ``prefix``."""
    planned = Q(**{f"{prefix}status__in": PLANNED_STATUSES})
    if condition is not None:
        planned &= condition
    return {
        "planned": Count(f"{prefix}pk", filter=planned, distinct=bool(prefix)),
        "planned_value": Coalesce(
            Sum(f"{prefix}planned_value_eur", filter=planned), Value(Decimal(0))
        ),
        "planned_jobs": Coalesce(Sum(f"{prefix}planned_jobs", filter=planned), 0),
        "planned_people": Coalesce(Sum(f"{prefix}planned_people", filter=planned), 0),
    }


def _sums(prefix: str = "", condition: Q | None = None) -> dict:
    """The aggregates of a ``Results`` row, delivered and planned, over cooperations reached
    through ``prefix``."""
    return {**_delivered_sums(prefix, condition), **_planned_sums(prefix, condition)}


def _delivered_sums(prefix: str = "", condition: Q | None = None) -> dict:
    completed = Q(**{f"{prefix}status": CooperationStatus.COMPLETED})
    if condition is not None:
        completed &= condition
    reported = (
        Q(**{f"{prefix}value_eur__isnull": False})
        | Q(**{f"{prefix}jobs_created__isnull": False})
        | Q(**{f"{prefix}people_involved__isnull": False})
    )
    return {
        "completed": Count(f"{prefix}pk", filter=completed, distinct=bool(prefix)),
        "reported": Count(f"{prefix}pk", filter=completed & reported, distinct=bool(prefix)),
        "value": Coalesce(Sum(f"{prefix}value_eur", filter=completed), Value(Decimal(0))),
        "jobs": Coalesce(Sum(f"{prefix}jobs_created", filter=completed), 0),
        "people": Coalesce(Sum(f"{prefix}people_involved", filter=completed), 0),
    }


def _results(key: str, label: str, row, kind: str = "") -> Results:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return Results(
        key,
        label,
        get("completed"),
        get("reported"),
        int(get("value").quantize(Decimal(1))),
        get("jobs"),
        get("people"),
        kind,
        get("planned"),
        int(get("planned_value").quantize(Decimal(1))),
        get("planned_jobs"),
        get("planned_people"),
    )


def results_by_year() -> list[Results]:
    """Results of completed cooperations by the year they were completed, and plans by the
    year they were proposed (an open plan has no completion year), every year from the first
    to the last with either."""
    delivered = {
        row["year"].year: row
        for row in _completed()
        .annotate(year=TruncYear("completed_at", output_field=DateField()))
        .values("year")
        .annotate(**_delivered_sums())
        .order_by()
    }
    planned = {
        row["year"].year: row
        for row in _planned()
        .annotate(year=TruncYear("created_at", output_field=DateField()))
        .values("year")
        .annotate(**_planned_sums())
        .order_by()
    }
    if not delivered and not planned:
        return []
    empty = {"completed": 0, "reported": 0, "value": Decimal(0), "jobs": 0, "people": 0}
    empty_plan = {"planned": 0, "planned_value": Decimal(0), "planned_jobs": 0, "planned_people": 0}
    years = delivered.keys() | planned.keys()
    return [
        _results(
            str(year),
            str(year),
            {**delivered.get(year, empty), **planned.get(year, empty_plan)},
        )
        for year in range(min(years), max(years) + 1)
    ]


def results_by_region() -> list[Results]:
    """By the planning region of the cooperation's municipality."""
    regions = PlanningRegion.objects.annotate(**_sums("municipalities__cooperations__")).order_by(
        "position"
    )
    return [_results(region.slug, region.name, region) for region in regions]


def results_by_municipality() -> list[Results]:
    """Municipalities with at least one completed or planned cooperation, the most valuable
    delivered first."""
    municipalities = (
        Municipality.objects.annotate(**_sums("cooperations__"))
        .filter(Q(completed__gt=0) | Q(planned__gt=0))
        .only("slug", "name", "sort_name")
        .order_by("-value", "-completed", "sort_name")
    )
    return [_results(m.slug, m.name, m) for m in municipalities]


def results_by_instrument() -> list[Results]:
    """Each form of cooperation with the results of the completed cooperations using it; a
    cooperation using several forms counts under each."""
    instruments = Instrument.objects.annotate(**_sums("cooperations__"))
    return [_results(i.slug, i.name, i, i.kind) for i in instruments]


def results_by_kind() -> dict[str, Results]:
    """Light only, targeted only, both, and neither (no form recorded): each cooperation
    once."""
    kinds = {
        "light": Q(light=True, targeted=False),
        "targeted": Q(light=False, targeted=True),
        "both": Q(light=True, targeted=True),
        "neither": Q(light=False, targeted=False),
    }
    # Completed cooperations are among the planned ones; _sums tells them apart.
    agreed = _planned().alias(
        light=_uses(CooperationKind.LIGHT), targeted=_uses(CooperationKind.TARGETED)
    )
    aggregates = {}
    for name, condition in kinds.items():
        for field, aggregate in _sums(condition=condition).items():
            aggregates[f"{name}_{field}"] = aggregate
    totals = agreed.aggregate(**aggregates)
    return {
        name: _results(
            name,
            name,
            {field: totals[f"{name}_{field}"] for field in _sums()},
        )
        for name in kinds
    }


def response_times(*, today: datetime.date | None = None) -> list[ResponseTimes]:
    """Per quarter of publication, from the first with a published need to the current one:
    needs published, how many had an interested answer from an enterprise, and the median
    days from publication to the first one."""
    needs = (
        Need.objects.filter(published_at__isnull=False)
        .annotate(first=Min("matches__interested_at"))
        .values_list("published_at", "first")
        .order_by()
    )
    published: dict[tuple[int, int], int] = defaultdict(int)
    waits: dict[tuple[int, int], list[float]] = defaultdict(list)
    for published_at, first in needs:
        quarter = _quarter(timezone.localtime(published_at).date())
        published[quarter] += 1
        if first is not None:
            waits[quarter].append(max(0.0, (first - published_at).total_seconds() / 86400))
    if not published:
        return []
    year, quarter = min(published)
    last = max(*published, _quarter(today or timezone.localdate()))
    rows = []
    while (year, quarter) <= last:
        days = waits.get((year, quarter), [])
        rows.append(
            ResponseTimes(
                year,
                quarter,
                published.get((year, quarter), 0),
                len(days),
                round(median(days), 1) if days else None,
            )
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return rows


def need_outcomes() -> list[NeedOutcomes]:
    """Published needs by the year they were published, and how they stand now."""
    rows = {
        row["year"].year: row
        for row in Need.objects.filter(published_at__isnull=False)
        .annotate(year=TruncYear("published_at", output_field=DateField()))
        .values("year")
        .annotate(
            published=Count("pk"),
            fulfilled=Count("pk", filter=Q(status=NeedStatus.FULFILLED)),
            closed_unfilled=Count("pk", filter=Q(status=NeedStatus.CLOSED)),
            still_open=Count("pk", filter=Q(status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])),
        )
        .order_by()
    }
    if not rows:
        return []
    empty = {"published": 0, "fulfilled": 0, "closed_unfilled": 0, "still_open": 0}
    return [
        NeedOutcomes(
            year,
            **{name: rows.get(year, empty)[name] for name in empty},
        )
        for year in range(min(rows), max(rows) + 1)
    ]


def frequent_misses(*, today: datetime.date | None = None) -> list[Miss]:
    """The searches that most often found nothing, per month, newest month first: up to
    ``MISSES_PER_MONTH`` a month over the last ``MISS_MONTHS`` months, each searched at
    least ``MISS_SHOWN_FROM`` times."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    for _month in range(MISS_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        SearchMiss.objects.filter(month__gte=first, count__gte=MISS_SHOWN_FROM)
        .order_by("-month", "-count", "query", "board")
        .values_list("month", "board", "query", "count")
    )
    shown: dict[datetime.date, int] = defaultdict(int)
    misses = []
    for month, board, query, count in rows:
        if shown[month] < MISSES_PER_MONTH:
            shown[month] += 1
            misses.append(Miss(month, board, query, count))
    return misses


def survey_model():
    """The follow-up survey model, or None while the portal does not ask surveys."""
    try:
        return apps.get_model("cooperation", "CooperationSurvey")
    except LookupError:
        return None


def survey_answers() -> SurveyAnswers:
    """What the follow-up surveys reported."""
    survey = survey_model()
    answers = (
        survey.objects.filter(answered_at__isnull=False)
        .order_by("cooperation_id", "side")
        .values_list(
            "cooperation_id",
            "side",
            "happened_as_planned",
            "value_eur",
            "jobs_created",
            "target_group_people",
            "would_have_found_without_portal",
        )
    )
    chosen: dict[int, tuple] = {}
    for row in answers:
        cooperation_id, side = row[0], row[1]
        if cooperation_id not in chosen or side == "municipality":
            chosen[cooperation_id] = row
    rows = chosen.values()
    return SurveyAnswers(
        cooperations=len(chosen),
        as_planned=sum(1 for row in rows if row[2] is True),
        value_eur=int(sum((row[3] or Decimal(0) for row in rows), Decimal(0)).quantize(Decimal(1))),
        jobs=sum(row[4] or 0 for row in rows),
        people=sum(row[5] or 0 for row in rows),
        would_not_have_found=sum(1 for row in rows if row[6] is False),
    )


class ImpactData:
    """The impact reads, each at most once per request, like ``figures.Data``."""

    @cached_property
    def by_year(self) -> list[Results]:
        return results_by_year()

    @cached_property
    def by_region(self) -> list[Results]:
        return results_by_region()

    @cached_property
    def by_municipality(self) -> list[Results]:
        return results_by_municipality()

    @cached_property
    def by_instrument(self) -> list[Results]:
        return results_by_instrument()

    @cached_property
    def by_kind(self) -> dict[str, Results]:
        return results_by_kind()

    @cached_property
    def response_times(self) -> list[ResponseTimes]:
        return response_times()

    @cached_property
    def need_outcomes(self) -> list[NeedOutcomes]:
        return need_outcomes()

    @cached_property
    def misses(self) -> list[Miss]:
        return frequent_misses()

    @cached_property
    def surveys(self) -> SurveyAnswers:
        return survey_answers()


@dataclass(frozen=True)
class ProfileViews:
    name: str
    slug: str
    views: int
    officers: int  # distinct municipal officers


def profile_views_for(user, *, today: datetime.date | None = None) -> list[ProfileViews]:
    """For each verified enterprise the user represents (approved): views of its public page
    in the last ``VIEW_DAYS`` days, and by how many municipal officers. One query."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=VIEW_DAYS - 1)
    views = (
        ProfileView.objects.filter(enterprise=OuterRef("pk"), day__gte=since)
        .values("enterprise")
        .annotate(total=Sum("views"))
        .values("total")
    )
    officers = (
        OfficerProfileView.objects.filter(enterprise=OuterRef("pk"), day__gte=since)
        .values("enterprise")
        .annotate(total=Count("officer", distinct=True))
        .values("total")
    )
    enterprises = (
        SocialEnterprise.objects.filter(
            verification=Verification.VERIFIED,
            representatives__user=user,
            representatives__status=MembershipStatus.APPROVED,
        )
        .annotate(
            views=Coalesce(Subquery(views), 0),
            officers=Coalesce(Subquery(officers), 0),
        )
        .order_by("sort_name", "pk")
        .values_list("name", "slug", "views", "officers")
    )
    return [ProfileViews(*row) for row in enterprises]
