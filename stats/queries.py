"""The numbers behind the statistics page, each a small function returning plain data.

Every function runs a fixed number of aggregate queries, however many enterprises, needs and
cooperations there are; what is left (at most 43 municipalities × 5 fields) is set logic in
Python. Names come in the active language.
"""

import datetime
from dataclasses import dataclass
from statistics import fmean

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce, TruncQuarter
from django.utils import timezone

from cooperation.models import (
    Cooperation,
    CooperationKind,
    CooperationStatus,
    Instrument,
    ServiceCategory,
)
from enterprises.models import Offering, Verification
from matching.models import Match
from municipalities.models import Municipality, Need, NeedStatus, PlanningRegion

# Declined and withdrawn proposals never became cooperations, so they are not counted.
COOPERATING = [
    CooperationStatus.PROPOSED,
    CooperationStatus.IN_DISCUSSION,
    CooperationStatus.AGREED,
    CooperationStatus.ACTIVE,
    # A pause and an early end still followed a cooperation that was under way.
    CooperationStatus.PAUSED,
    CooperationStatus.ENDED,
    CooperationStatus.COMPLETED,
]
# Open needs have been open for: up to 30 days, 31–90, 91–180, 181–365, more than a year.
AGE_BOUNDS = [(0, 30), (31, 90), (91, 180), (181, 365), (366, None)]
# How long a need stays open is measured to today while it is open or in progress, and to
# its last change once it is fulfilled or closed (Need keeps no date of the status change).
STILL_OPEN = [NeedStatus.OPEN, NeedStatus.IN_PROGRESS]
FINISHED = [NeedStatus.FULFILLED, NeedStatus.CLOSED]


@dataclass(frozen=True)
class Tally:
    """A labelled count: one bar of a chart, one row of its table."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class FieldNeeds:
    key: str
    label: str
    open_needs: int
    matched: int  # open needs with at least one match


@dataclass(frozen=True)
class AgeBand:
    low_days: int
    high_days: int | None  # None: no upper end
    open_needs: int


@dataclass(frozen=True)
class NeedDuration:
    status: str
    label: str
    needs: int
    median_days: int | None  # None without needs
    until_today: bool  # False: until the need's last change


@dataclass(frozen=True)
class KindCounts:
    light_only: int
    targeted_only: int
    both: int
    neither: int  # no form of cooperation recorded


@dataclass(frozen=True)
class InstrumentCount:
    key: str
    label: str
    kind: str
    cooperations: int
    completed: int


@dataclass(frozen=True)
class QuarterCount:
    year: int
    quarter: int
    light: int  # started in the quarter, with at least one light instrument
    targeted: int  # started in the quarter, with at least one targeted instrument
    completed: int
    # All started in the quarter, whatever their forms (those with none recorded too).
    started: int = 0


@dataclass(frozen=True)
class CoverageGap:
    municipality: str
    municipality_slug: str
    region: str
    field_key: str
    field: str
    open_needs: int


def _field() -> Coalesce:
    """The service field (top-level category) of a row with a ``category``."""
    return Coalesce("category__parent_id", "category_id")


def service_fields() -> list[ServiceCategory]:
    return list(ServiceCategory.objects.filter(parent__isnull=True))


def verified_enterprises_by_region() -> list[Tally]:
    """Verified enterprises by the planning region of their home municipality."""
    regions = PlanningRegion.objects.annotate(
        enterprises=Count(
            "municipalities__home_enterprises",
            filter=Q(municipalities__home_enterprises__verification=Verification.VERIFIED),
        )
    ).order_by("position")
    return [Tally(region.slug, region.name, region.enterprises) for region in regions]


def verified_enterprises_by_municipality() -> list[Tally]:
    """Verified enterprises by home municipality, most first: every current municipality,
    and a merged one only while an enterprise still names it as home."""
    municipalities = (
        Municipality.objects.annotate(
            enterprises=Count(
                "home_enterprises", filter=Q(home_enterprises__verification=Verification.VERIFIED)
            )
        )
        .filter(Q(valid_to__isnull=True) | Q(enterprises__gt=0))
        .only("slug", "name", "sort_name")
        .order_by("-enterprises", "sort_name")
    )
    return [Tally(m.slug, m.name, m.enterprises) for m in municipalities]


def open_needs_by_field() -> list[FieldNeeds]:
    """Open needs in each service field, and how many of them have at least one match."""
    counts = {
        row["field"]: row
        for row in Need.objects.open()
        .annotate(field=_field())
        .values("field")
        .annotate(
            open_needs=Count("pk"),
            matched=Count("pk", filter=Exists(Match.objects.listed().filter(need=OuterRef("pk")))),
        )
        .order_by()
    }
    empty = {"open_needs": 0, "matched": 0}
    return [
        FieldNeeds(
            field.slug,
            field.name,
            counts.get(field.pk, empty)["open_needs"],
            counts.get(field.pk, empty)["matched"],
        )
        for field in service_fields()
    ]


def open_need_ages(*, now: datetime.datetime | None = None) -> list[AgeBand]:
    """Open needs by whole days since publication, in the bands of ``AGE_BOUNDS``."""
    now = now or timezone.now()
    filters = {}
    for index, (low, high) in enumerate(AGE_BOUNDS):
        condition = Q(published_at__lte=now - datetime.timedelta(days=low)) if low else Q()
        if high is not None:
            condition &= Q(published_at__gt=now - datetime.timedelta(days=high + 1))
        filters[f"band{index}"] = Count("pk", filter=condition)
    counts = Need.objects.open().aggregate(**filters)
    return [
        AgeBand(low, high, counts[f"band{index}"]) for index, (low, high) in enumerate(AGE_BOUNDS)
    ]


def need_durations(*, now: datetime.datetime | None = None) -> list[NeedDuration]:
    """The median number of days needs have been open, by status: since publication until
    today for open and in-progress needs, until their last change for fulfilled and closed
    ones. One query for the counts, then one per status reads only the middle rows."""
    now = now or timezone.now()
    counts = dict(
        Need.objects.filter(status__in=STILL_OPEN + FINISHED)
        .values_list("status")
        .annotate(needs=Count("pk"))
        .order_by()
    )
    open_for = ExpressionWrapper(F("updated_at") - F("published_at"), output_field=DurationField())
    durations = []
    for status in STILL_OPEN + FINISHED:
        needs = counts.get(status, 0)
        middle = slice(max(0, (needs - 1) // 2), needs // 2 + 1)
        rows = Need.objects.filter(status=status)
        if status in STILL_OPEN:
            published = rows.order_by("-published_at").values_list("published_at", flat=True)
            spans = [now - moment for moment in published[middle]]
        else:
            spans = list(rows.order_by(open_for).values_list(open_for, flat=True)[middle])
        median = round(fmean(span.total_seconds() for span in spans) / 86400) if spans else None
        durations.append(
            NeedDuration(status, str(NeedStatus(status).label), needs, median, status in STILL_OPEN)
        )
    return durations


def _uses(kind: str) -> Exists:
    """The cooperation uses at least one instrument of the kind."""
    return Exists(
        Cooperation.instruments.through.objects.filter(
            cooperation=OuterRef("pk"), instrument__kind=kind
        )
    )


def cooperations_by_kind() -> KindCounts:
    """Cooperations (not declined or withdrawn) by the kinds of their instruments."""
    counts = (
        Cooperation.objects.filter(status__in=COOPERATING)
        .alias(light=_uses(CooperationKind.LIGHT), targeted=_uses(CooperationKind.TARGETED))
        .aggregate(
            light_only=Count("pk", filter=Q(light=True, targeted=False)),
            targeted_only=Count("pk", filter=Q(light=False, targeted=True)),
            both=Count("pk", filter=Q(light=True, targeted=True)),
            neither=Count("pk", filter=Q(light=False, targeted=False)),
        )
    )
    return KindCounts(**counts)


def cooperations_by_instrument() -> list[InstrumentCount]:
    """Each instrument with the cooperations (not declined or withdrawn) that use it."""
    instruments = Instrument.objects.annotate(
        cooperation_count=Count("cooperations", filter=Q(cooperations__status__in=COOPERATING)),
        completed_count=Count(
            "cooperations", filter=Q(cooperations__status=CooperationStatus.COMPLETED)
        ),
    )
    return [
        InstrumentCount(
            instrument.slug,
            instrument.name,
            instrument.kind,
            instrument.cooperation_count,
            instrument.completed_count,
        )
        for instrument in instruments
    ]


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def cooperations_per_quarter(*, today: datetime.date | None = None) -> list[QuarterCount]:
    """Per quarter, from the first with a cooperation to the current one: cooperations
    started (not declined or withdrawn) in all and using light and targeted instruments,
    and cooperations completed. A cooperation using both kinds counts in both."""
    started = {
        _quarter(row["quarter"]): row
        for row in Cooperation.objects.filter(status__in=COOPERATING)
        .annotate(quarter=TruncQuarter("created_at", output_field=DateField()))
        .values("quarter")
        .annotate(
            started=Count("pk"),
            light=Count("pk", filter=_uses(CooperationKind.LIGHT)),
            targeted=Count("pk", filter=_uses(CooperationKind.TARGETED)),
        )
        .order_by()
    }
    completed = {
        _quarter(quarter): count
        for quarter, count in Cooperation.objects.filter(
            status=CooperationStatus.COMPLETED, completed_at__isnull=False
        )
        .annotate(quarter=TruncQuarter("completed_at", output_field=DateField()))
        .values_list("quarter")
        .annotate(count=Count("pk"))
        .order_by()
    }
    seen = started.keys() | completed.keys()
    if not seen:
        return []
    year, quarter = min(seen)
    last = max(*seen, _quarter(today or timezone.localdate()))
    quarters = []
    while (year, quarter) <= last:
        row = started.get((year, quarter), {"light": 0, "targeted": 0, "started": 0})
        quarters.append(
            QuarterCount(
                year,
                quarter,
                row["light"],
                row["targeted"],
                completed.get((year, quarter), 0),
                row["started"],
            )
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def coverage_gaps() -> list[CoverageGap]:
    """Current municipalities with open needs in a service field where no verified
    enterprise with an active offering in that field works: none is based there, names the
    municipality or its planning region, or serves all of Latvia. The same rule as
    ``SocialEnterprise.objects.verified().serving(m).offering_in(field)``, read for every
    municipality and field at once."""
    municipalities = {m.pk: m for m in Municipality.objects.current().select_related("region")}
    fields = {field.pk: field for field in service_fields()}
    demand = (
        Need.objects.open()
        .filter(municipality__valid_to__isnull=True)
        .annotate(field=_field())
        .values_list("municipality_id", "field")
        .annotate(needs=Count("pk"))
        .order_by()
    )
    offerings = (
        Offering.objects.active()
        .filter(enterprise__verification=Verification.VERIFIED)
        .annotate(field=_field())
        .order_by()
    )
    nationwide = set(
        offerings.filter(enterprise__serves_nationwide=True)
        .values_list("field", flat=True)
        .distinct()
    )
    based = set(offerings.values_list("enterprise__home_municipality_id", "field").distinct())
    named = set(offerings.values_list("enterprise__served_municipalities", "field").distinct())
    regions = set(offerings.values_list("enterprise__served_regions", "field").distinct())

    gaps = []
    for municipality_id, field_id, needs in demand:
        municipality = municipalities[municipality_id]
        covered = (
            field_id in nationwide
            or (municipality_id, field_id) in based
            or (municipality_id, field_id) in named
            or (municipality.region_id, field_id) in regions
        )
        if not covered:
            field = fields[field_id]
            gaps.append((municipality, field, needs))
    gaps.sort(key=lambda gap: (gap[0].region.position, gap[0].sort_name, gap[1].position))
    return [
        CoverageGap(m.name, m.slug, m.region.name, field.slug, field.name, needs)
        for m, field, needs in gaps
    ]
