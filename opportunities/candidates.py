"""The facts ``scoring.score`` needs, read in a fixed number of queries, and the ranked
"Opportunities for you" of an enterprise."""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from cooperation.models import ServiceCategory
from enterprises.models import CategoryOffered, PlaceServed, RegisterStatus, SocialEnterprise
from municipalities.models import Municipality

from . import scoring
from .models import Opportunity
from .scoring import EnterpriseFacts, OpportunityFacts, Scored, score

FOR_YOU_SIZE = 5


def enterprise_facts(enterprise: SocialEnterprise) -> EnterpriseFacts:
    return EnterpriseFacts(
        home_municipality_id=enterprise.home_municipality_id,
        served_municipalities=frozenset(
            enterprise.served_municipalities.values_list("pk", flat=True)
        ),
        served_regions=frozenset(enterprise.served_regions.values_list("pk", flat=True)),
        nationwide=enterprise.serves_nationwide,
        status_active=enterprise.register_status == RegisterStatus.ACTIVE,
        categories=frozenset(
            CategoryOffered.objects.filter(enterprise=enterprise).values_list("category", flat=True)
        ),
        target_groups=frozenset(enterprise.target_groups.values_list("pk", flat=True)),
    )


def opportunity_facts(opportunity: Opportunity) -> OpportunityFacts:
    """From an opportunity read with ``with_scoring_facts()``: no further queries."""
    places = [opportunity.municipality, *opportunity.partners.all()]
    categories = list(opportunity.categories.all())
    return OpportunityFacts(
        municipalities={place.pk: place.name for place in places},
        regions={place.region_id: place.region.name for place in places},
        status_required=opportunity.status_required,
        categories={category.pk: category.name for category in categories},
        fields={
            category.parent_id: category.parent.name
            for category in categories
            if category.parent_id is not None
        },
        target_groups={group.pk: group.name for group in opportunity.target_groups.all()},
    )


def candidates_for(enterprise: SocialEnterprise):
    """Open opportunities the enterprise may apply for, offered where it works or favouring
    a service it offers: the only ones that can score above nothing."""
    places = PlaceServed.objects.filter(enterprise=enterprise).values("municipality")
    categories = CategoryOffered.objects.filter(enterprise=enterprise).values("category")
    return (
        Opportunity.objects.open()
        .open_to(enterprise)
        .filter(
            Q(municipality__in=places)
            | Exists(
                Opportunity.partners.through.objects.filter(
                    opportunity=OuterRef("pk"), municipality__in=places
                )
            )
            | Exists(
                Opportunity.categories.through.objects.filter(
                    opportunity=OuterRef("pk"), servicecategory__in=categories
                )
            )
        )
        .select_related("municipality__region", "instrument")
        .prefetch_related(
            Prefetch("partners", queryset=Municipality.objects.select_related("region")),
            Prefetch("categories", queryset=ServiceCategory.objects.select_related("parent")),
            "target_groups",
        )
    )


def _partner_in(**lookup) -> Exists:
    return Exists(Opportunity.partners.through.objects.filter(opportunity=OuterRef("pk"), **lookup))


def _favours(**lookup) -> Exists:
    return Exists(
        Opportunity.categories.through.objects.filter(opportunity=OuterRef("pk"), **lookup)
    )


def with_score(queryset, facts: EnterpriseFacts):
    """``scoring.score`` as SQL, so the database ranks every candidate and only the best few
    are read, however many opportunities there are. The same weights in the same order;
    ``opportunities_for`` scores the rows it reads again in Python for their reasons, and
    the tests hold both to the same order."""
    place = Case(
        When(
            Q(municipality=facts.home_municipality_id)
            | _partner_in(municipality=facts.home_municipality_id),
            then=Value(scoring.HOME_MUNICIPALITY),
        ),
        When(
            Q(municipality__in=facts.served_municipalities)
            | _partner_in(municipality__in=facts.served_municipalities),
            then=Value(scoring.SERVES_MUNICIPALITY),
        ),
        When(
            Q(municipality__region__in=facts.served_regions)
            | _partner_in(municipality__region__in=facts.served_regions),
            then=Value(scoring.SERVES_REGION),
        ),
        default=Value(scoring.NATIONWIDE if facts.nationwide else 0),
    )
    service = Case(
        When(~_favours(), then=Value(scoring.OPEN_TO_ANY_SERVICE)),
        When(_favours(servicecategory__in=facts.categories), then=Value(scoring.SAME_CATEGORY)),
        When(
            _favours(servicecategory__parent__in=facts.categories),
            then=Value(scoring.SAME_FIELD),
        ),
        default=Value(0),
    )
    shared_groups = Coalesce(
        Subquery(
            Opportunity.target_groups.through.objects.filter(
                opportunity=OuterRef("pk"), targetgroup__in=facts.target_groups
            )
            .values("opportunity")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        Value(0),
    )
    people = Least(shared_groups * Value(scoring.TARGET_GROUP), Value(scoring.TARGET_GROUP_MAX))
    return queryset.alias(
        place_points=place, service_points=service, people_points=people
    ).annotate(
        sql_score=ExpressionWrapper(
            F("place_points") + F("service_points") + F("people_points"),
            output_field=IntegerField(),
        )
    )


def _rank_key(pair: tuple[Opportunity, Scored]):
    opportunity, scored = pair
    return (
        -scored.score,
        opportunity.closes_on or datetime.date.max,
        -opportunity.published_at.timestamp(),
        opportunity.pk,
    )


def opportunities_for(
    enterprise: SocialEnterprise, *, limit: int = FOR_YOU_SIZE
) -> list[tuple[Opportunity, Scored]]:
    """The best open opportunities for the enterprise, best first; among equals the one
    closing first (then the newest). The database ranks the candidates (``with_score``)
    and hands over only the best ``limit``, so the work does not grow with the board."""
    facts = enterprise_facts(enterprise)
    best = (
        with_score(candidates_for(enterprise), facts)
        .filter(sql_score__gt=0)
        .order_by(
            F("sql_score").desc(),
            F("closes_on").asc(nulls_last=True),
            F("published_at").desc(),
            "pk",
        )[:limit]
    )
    ranked = []
    for opportunity in best:
        scored = score(facts, opportunity_facts(opportunity))
        if scored is not None and scored.score > 0:
            ranked.append((opportunity, scored))
    return sorted(ranked, key=_rank_key)
