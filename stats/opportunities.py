"""The numbers behind the statistics page's figures on what municipalities offer social
enterprises (``opportunities.Opportunity``): support by municipality and form of
cooperation, money in grant calls, premises, and the municipalities offering nothing open.

Only published opportunities count (open, closed or awarded; never drafts), as on the
board. "Open" means open today: one whose last day to apply has passed is not, even before
the night's job closes it. An opportunity offered by several municipalities together
counts for each of them. Each read is one aggregate query, however many opportunities
there are; ``OpportunityData`` reads each at most once per request.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Q, Sum
from django.utils import timezone

from cooperation.models import CooperationKind, Instrument
from municipalities.models import Municipality
from opportunities.models import (
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
    PremisesTerms,
)


def open_now(prefix: str = "", today: datetime.date | None = None) -> Q:
    """``Opportunity.objects.open()`` as a condition, for counting inside an aggregate."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": OpportunityStatus.OPEN}) & (
        Q(**{f"{prefix}closes_on__isnull": True}) | Q(**{f"{prefix}closes_on__gte": today})
    )


@dataclass(frozen=True)
class MunicipalitySupport:
    key: str  # the municipality's slug
    label: str
    region: str
    light: int  # published opportunities using a light form of cooperation
    targeted: int
    open_now: int

    @property
    def published(self) -> int:
        return self.light + self.targeted


@dataclass(frozen=True)
class InstrumentSupport:
    key: str
    label: str
    kind: str
    published: int
    open_now: int


@dataclass(frozen=True)
class GrantMoney:
    key: str  # the municipality's slug
    label: str
    calls: int
    budget: Decimal  # the calls' total budgets, in euros
    open_budget: Decimal  # of the calls open today


@dataclass(frozen=True)
class PremisesOffered:
    key: str  # the terms
    label: str
    premises: int
    area_m2: Decimal
    open_now: int


class OpportunityData:
    def __init__(self, today: datetime.date | None = None) -> None:
        self.today = today or timezone.localdate()

    @cached_property
    def municipalities(self) -> list[Municipality]:
        return list(Municipality.objects.current().select_related("region"))

    @cached_property
    def by_municipality(self) -> list[MunicipalitySupport]:
        """Every current municipality with its published opportunities, light and targeted,
        and those open today; most first. Two queries: as the managing municipality, and
        as a partner."""
        counts: dict[int, dict[str, int]] = {}
        kind = {CooperationKind.LIGHT: "light", CooperationKind.TARGETED: "targeted"}
        managing = (
            Opportunity.objects.public()
            .values_list("municipality", "instrument__kind")
            .annotate(
                published=Count("pk"), open_now=Count("pk", filter=open_now(today=self.today))
            )
            .order_by()
        )
        partnering = (
            Opportunity.partners.through.objects.exclude(
                opportunity__status=OpportunityStatus.DRAFT
            )
            .values_list("municipality", "opportunity__instrument__kind")
            .annotate(
                published=Count("pk"),
                open_now=Count("pk", filter=open_now("opportunity__", self.today)),
            )
            .order_by()
        )
        for rows in (managing, partnering):
            for municipality_id, instrument_kind, published, open_count in rows:
                row = counts.setdefault(municipality_id, {"light": 0, "targeted": 0, "open": 0})
                row[kind[instrument_kind]] += published
                row["open"] += open_count
        empty = {"light": 0, "targeted": 0, "open": 0}
        rows = [
            MunicipalitySupport(
                m.slug,
                m.name,
                m.region.name,
                counts.get(m.pk, empty)["light"],
                counts.get(m.pk, empty)["targeted"],
                counts.get(m.pk, empty)["open"],
            )
            for m in self.municipalities
        ]
        order = {m.slug: index for index, m in enumerate(self.municipalities)}
        return sorted(rows, key=lambda row: (-row.published, -row.open_now, order[row.key]))

    @cached_property
    def without_open(self) -> list[MunicipalitySupport]:
        """Current municipalities that offer nothing open today, alone or with others: by
        planning region and name."""
        order = {m.slug: (m.region.position, m.sort_name) for m in self.municipalities}
        return sorted(
            (row for row in self.by_municipality if not row.open_now),
            key=lambda row: order[row.key],
        )

    @cached_property
    def by_instrument(self) -> list[InstrumentSupport]:
        instruments = Instrument.objects.annotate(
            published=Count(
                "opportunities", filter=~Q(opportunities__status=OpportunityStatus.DRAFT)
            ),
            open_count=Count("opportunities", filter=open_now("opportunities__", self.today)),
        )
        return [
            InstrumentSupport(item.slug, item.name, item.kind, item.published, item.open_count)
            for item in instruments
        ]

    @cached_property
    def grant_money(self) -> list[GrantMoney]:
        """Published grant calls by the municipality that manages them (and decides), with
        their total budgets: most money first."""
        rows = (
            Opportunity.objects.public()
            .filter(kind=OpportunityKind.GRANT_CALL)
            # A former municipality's calls still count, under its name.
            .values_list("municipality__slug", "municipality__name")
            .annotate(
                calls=Count("pk"),
                budget=Sum("budget_total"),
                open_budget=Sum("budget_total", filter=open_now(today=self.today)),
            )
            .order_by()
        )
        found = [
            GrantMoney(slug, name, calls, budget or Decimal(0), open_budget or Decimal(0))
            for slug, name, calls, budget, open_budget in rows
        ]
        return sorted(found, key=lambda row: (-row.budget, row.label))

    @cached_property
    def premises(self) -> list[PremisesOffered]:
        """Published premises by their terms, each terms once."""
        rows = {
            terms: (count, area, open_count)
            for terms, count, area, open_count in Opportunity.objects.public()
            .filter(kind=OpportunityKind.PREMISES)
            .values_list("terms")
            .annotate(
                count=Count("pk"),
                area=Sum("area_m2"),
                open_count=Count("pk", filter=open_now(today=self.today)),
            )
            .order_by()
        }
        return [
            PremisesOffered(
                terms.value,
                str(terms.label),
                rows.get(terms.value, (0, None, 0))[0],
                rows.get(terms.value, (0, None, 0))[1] or Decimal(0),
                rows.get(terms.value, (0, None, 0))[2],
            )
            for terms in PremisesTerms
        ]
