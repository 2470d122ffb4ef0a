"""The facts ``scoring.score`` needs, read in a fixed number of queries, and the ranked
"Opportunities for you" of an enterprise."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q

from cooperation.models import ServiceCategory
from enterprises.models import CategoryOffered, PlaceServed, RegisterStatus, SocialEnterprise
from municipalities.models import Municipality

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


def opportunities_for(
    enterprise: SocialEnterprise, *, limit: int = FOR_YOU_SIZE
) -> list[tuple[Opportunity, Scored]]:
    """The best open opportunities for the enterprise, best first; among equals the one
    closing first (then the newest)."""
    facts = enterprise_facts(enterprise)
    ranked = []
    for opportunity in candidates_for(enterprise):
        scored = score(facts, opportunity_facts(opportunity))
        if scored is not None and scored.score > 0:
            ranked.append((opportunity, scored))
    ranked.sort(
        key=lambda pair: (
            -pair[1].score,
            pair[0].closes_on or datetime.date.max,
            -pair[0].published_at.timestamp(),
            pair[0].pk,
        )
    )
    return ranked[:limit]
