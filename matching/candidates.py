"""Facts for the scorer, gathered in a fixed number of queries per batch.

``candidate_offerings(need)`` narrows the candidates in the database (verified enterprises'
active offerings in the need's field or with one of its CPV codes, minus those the law rules
out) and orders them by an upper bound of their score, computed in SQL from the same weights
the scorer uses (service and place exactly, the rest at most). Reading stops as soon as no
later candidate could make the list.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone

from enterprises.models import Offering, RegisterStatus, SocialEnterprise
from municipalities.models import ContractReservation, Need
from portal.search import keywords

from . import scoring


def need_facts(need: Need) -> scoring.NeedFacts:
    instruments = list(need.instruments.all())
    return scoring.NeedFacts(
        municipality_id=need.municipality_id,
        municipality_name=need.municipality.name,
        region_id=need.municipality.region_id,
        region_slug=need.municipality.region.slug,
        category_id=need.category_id,
        field_id=need.category.parent_id or need.category_id,
        cpv_codes=frozenset(code.code for code in need.cpv_codes.all()),
        target_groups=frozenset(group.slug for group in need.target_groups.all()),
        instruments=frozenset(i.slug for i in instruments),
        se_law_instruments=frozenset(i.slug for i in instruments if i.requires_register_status),
        reservation=need.reservation,
        terms=keywords(need.title, need.description),
    )


def _in_area(offering_through, enterprise_through, **lookup) -> Case:
    """Whether the offering (its own area) or else its enterprise serves a place."""
    return Case(
        When(
            has_own_area=True,
            then=Exists(offering_through.objects.filter(offering=OuterRef("pk"), **lookup)),
        ),
        default=Exists(
            enterprise_through.objects.filter(socialenterprise=OuterRef("enterprise"), **lookup)
        ),
        output_field=BooleanField(),
    )


def _points(flag: str, points: int) -> Case:
    return Case(When(**{flag: True}, then=Value(points)), default=Value(0))


def candidate_offerings(need: Need, facts: scoring.NeedFacts):
    cpv_overlap = Exists(
        Offering.cpv_codes.through.objects.filter(
            offering=OuterRef("pk"), cpvcode__code__in=facts.cpv_codes
        )
    )
    offerings = (
        Offering.objects.public()
        .annotate(
            cpv_overlap=cpv_overlap,
            home_here=Q(enterprise__home_municipality=facts.municipality_id),
            serves_municipality=_in_area(
                Offering.served_municipalities.through,
                SocialEnterprise.served_municipalities.through,
                municipality=facts.municipality_id,
            ),
            serves_region=_in_area(
                Offering.served_regions.through,
                SocialEnterprise.served_regions.through,
                planningregion=facts.region_id,
            ),
            nationwide=Case(
                When(has_own_area=True, then=F("serves_nationwide")),
                default=F("enterprise__serves_nationwide"),
                output_field=BooleanField(),
            ),
        )
        .filter(
            Q(category__parent=facts.field_id) | Q(category=facts.category_id) | Q(cpv_overlap=True)
        )
    )
    if facts.reservation == ContractReservation.ART20:
        offerings = offerings.filter(
            enterprise__in=SocialEnterprise.objects.reserved_contract_eligible()
        )
    if facts.reservation == ContractReservation.ART77 or (
        facts.instruments and facts.instruments == facts.se_law_instruments
    ):
        offerings = offerings.filter(enterprise__register_status=RegisterStatus.ACTIVE)

    # Service and place points, the same sums scoring.service_points/place_points make.
    service = Case(
        When(category=facts.category_id, then=Value(scoring.SAME_CATEGORY)),
        When(category__parent=facts.field_id, then=Value(scoring.SAME_FIELD)),
        default=Value(0),
    ) + _points("cpv_overlap", scoring.CPV_CODE)
    place = Case(
        When(home_here=True, then=Value(scoring.HOME_MUNICIPALITY)),
        When(serves_municipality=True, then=Value(scoring.SERVES_MUNICIPALITY)),
        When(serves_region=True, then=Value(scoring.SERVES_REGION)),
        When(nationwide=True, then=Value(scoring.NATIONWIDE)),
        default=Value(0),
    )
    # What the other factors can add at most, from cheap checks: some target group or some
    # instrument in common earns at most their maximum; trust is exact; keywords are not
    # checked here, so their maximum is assumed.
    shares_group = Exists(
        Offering.target_groups.through.objects.filter(
            offering=OuterRef("pk"), targetgroup__slug__in=facts.target_groups
        )
    ) | Exists(
        SocialEnterprise.target_groups.through.objects.filter(
            socialenterprise=OuterRef("enterprise"), targetgroup__slug__in=facts.target_groups
        )
    )
    shares_instrument = Exists(
        Offering.instruments.through.objects.filter(
            offering=OuterRef("pk"), instrument__slug__in=facts.instruments
        )
    )
    fresh = timezone.now() - datetime.timedelta(days=scoring.CHECK_FRESH_DAYS + 1)
    others = (
        Case(When(shares_group, then=Value(scoring.TARGET_GROUP_MAX)), default=Value(0))
        + Case(When(shares_instrument, then=Value(scoring.INSTRUMENTS_MAX)), default=Value(0))
        + Case(
            When(enterprise__checked_at__gte=fresh, then=Value(scoring.RECENTLY_CHECKED)),
            default=Value(0),
        )
        + Value(scoring.COMPLETE_PROFILE + scoring.KEYWORD_MAX)
    )
    return (
        offerings.annotate(
            partial_points=ExpressionWrapper(service + place, IntegerField()),
            upper_bound=ExpressionWrapper(service + place + others, IntegerField()),
        )
        .select_related("enterprise", "category")
        .prefetch_related("cpv_codes", "target_groups", "instruments", "enterprise__target_groups")
        .order_by("-upper_bound", "pk")
    )


def annotated_place(offering: Offering) -> dict[str, bool]:
    """Place flags ``candidate_offerings`` computed in SQL."""
    return {
        "home_here": offering.home_here,
        "serves_municipality": offering.serves_municipality,
        "serves_region": offering.serves_region,
        "nationwide": offering.nationwide,
    }


def place_in_python(offering: Offering, need: Need) -> dict[str, bool]:
    """The same flags as ``candidate_offerings`` computes in SQL, from prefetched areas:
    the offering's own area if it has one, else its enterprise's."""
    area = offering if offering.has_own_area else offering.enterprise
    return {
        "home_here": offering.enterprise.home_municipality_id == need.municipality_id,
        "serves_municipality": any(
            m.pk == need.municipality_id for m in area.served_municipalities.all()
        ),
        "serves_region": any(
            r.pk == need.municipality.region_id for r in area.served_regions.all()
        ),
        "nationwide": area.serves_nationwide,
    }


def candidate_facts(offering: Offering, place: dict[str, bool]) -> scoring.CandidateFacts:
    enterprise = offering.enterprise
    # Judged from the enterprise's own fields, so a batch costs no extra queries.
    complete = bool(
        enterprise.description
        and (enterprise.email or enterprise.phone)
        and enterprise.website
        and enterprise.employees_total
        and enterprise.founded_year
    )
    return scoring.CandidateFacts(
        enterprise_id=enterprise.pk,
        offering_id=offering.pk,
        category_id=offering.category_id,
        field_id=offering.category.parent_id or offering.category_id,
        cpv_codes=frozenset(code.code for code in offering.cpv_codes.all()),
        **place,
        target_groups=frozenset(
            group.slug for group in [*offering.target_groups.all(), *enterprise.target_groups.all()]
        ),
        instruments=frozenset(i.slug for i in offering.instruments.all()),
        register_active=enterprise.register_status == RegisterStatus.ACTIVE,
        employees_total=enterprise.employees_total,
        employees_target_group=enterprise.employees_target_group,
        checked_at=enterprise.checked_at,
        complete_profile=complete,
        words=keywords(offering.title, offering.description),
    )
