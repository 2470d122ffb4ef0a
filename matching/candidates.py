"""Facts for the scorer, gathered in a fixed number of queries per batch.

``candidate_offerings(need, facts)`` narrows the candidates in the database to those the
scorer qualifies (verified enterprises' active offerings with service evidence, minus those
the law rules out; where the need is, or with ``outside=True`` only those that do not work
there) and ranks them by their score, computed in SQL from the same weights and rules as the
scorer. Python then scores only the candidates that can make the list, for the reasons.
The need's text takes part as at most ``scoring.NEED_TERMS_MAX`` words, so the SQL stays
the same size for a one-line need and for a 5,000-character one.
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
from django.db.models.functions import Coalesce, Least, NullIf
from django.utils import timezone

from cooperation.models import CpvCode, Instrument, ServiceCategory, TargetGroup
from enterprises.models import Offering, RegisterStatus, SocialEnterprise
from municipalities.models import ContractReservation, Need

from . import scoring


def need_facts(need: Need) -> scoring.NeedFacts:
    instruments = list(need.instruments.all())
    terms = scoring.need_terms(need.title, need.description, place=need.municipality.name)
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
        terms=terms,
        term_words=scoring.term_words(need.title, need.description, terms),
    )


# A profile complete enough for an officer to judge, as candidate_facts() judges it.
COMPLETE_PROFILE = (
    Q(enterprise__description__gt="")
    & (Q(enterprise__email__gt="") | Q(enterprise__phone__gt=""))
    & Q(enterprise__website__gt="")
    & Q(enterprise__employees_total__gt=0)
    & Q(enterprise__founded_year__isnull=False)
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


def _points(condition, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0))


def _capped(terms: list, cap: int):
    """The sum of ``terms``, at most ``cap``; 0 when there are none. Callers keep ``terms``
    bounded (vocabulary ids, the need's bounded words): each is one more nested SQL term."""
    if not terms:
        return Value(0)
    return Least(sum(terms[1:], terms[0]), Value(cap))


def _sum(terms: list):
    return sum(terms[1:], terms[0]) if terms else Value(0)


SERVES_PLACE = (
    Q(home_here=True) | Q(serves_municipality=True) | Q(serves_region=True) | Q(nationwide=True)
)


def candidate_offerings(need: Need, facts: scoring.NeedFacts, *, outside: bool = False):
    """Offerings that qualify for the need, best first, with ``sql_score``: those that work
    where the need is, or with ``outside`` those with the service that do not."""
    vocabulary = _VocabularyIds(facts)
    offerings_with_cpv = Offering.cpv_codes.through.objects.filter(
        cpvcode__in=vocabulary.cpv_codes
    ).values("offering")
    offerings = (
        Offering.objects.public()
        # Plain IN lists, so the database finds the few candidates through its indexes.
        .filter(Q(category__in=vocabulary.field_categories) | Q(pk__in=offerings_with_cpv))
        .annotate(
            cpv_overlap=Exists(
                Offering.cpv_codes.through.objects.filter(
                    offering=OuterRef("pk"), cpvcode__in=vocabulary.cpv_codes
                )
            ),
            home_here=Case(
                When(enterprise__home_municipality=facts.municipality_id, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
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
            # How many of the need's (bounded) words the offering's text shares.
            text_hits=_sum(
                [_points(Q(keywords__contains=f" {term} "), 1) for term in sorted(facts.terms)]
            ),
        )
        # Service evidence: the scorer's rule (scoring.RELATED_WORDS_MIN), in SQL.
        .filter(
            Q(category=facts.category_id)
            | Q(cpv_overlap=True)
            | Q(category__in=vocabulary.field_categories, text_hits__gte=scoring.RELATED_WORDS_MIN)
        )
    )
    offerings = offerings.filter(~SERVES_PLACE if outside else SERVES_PLACE)
    if facts.reservation == ContractReservation.ART20:
        offerings = offerings.filter(
            enterprise__in=SocialEnterprise.objects.reserved_contract_eligible()
        )
    if facts.reservation == ContractReservation.ART77 or (
        facts.instruments and facts.instruments == facts.se_law_instruments
    ):
        offerings = offerings.filter(enterprise__register_status=RegisterStatus.ACTIVE)
    return (
        offerings.annotate(
            sql_score=ExpressionWrapper(_sql_score(facts, vocabulary), IntegerField())
        )
        .select_related("enterprise", "category")
        .prefetch_related("cpv_codes", "target_groups", "instruments", "enterprise__target_groups")
        .order_by("-sql_score", "pk")
    )


class _VocabularyIds:
    """The ids behind the need's slugs and codes, so the score's subqueries probe the link
    tables' indexes directly."""

    def __init__(self, facts: scoring.NeedFacts) -> None:
        self.field_categories = list(
            ServiceCategory.objects.filter(
                Q(parent=facts.field_id) | Q(pk=facts.field_id) | Q(pk=facts.category_id)
            ).values_list("pk", flat=True)
        )
        self.cpv_codes = list(
            CpvCode.objects.filter(code__in=facts.cpv_codes).values_list("pk", flat=True)
        )
        self.target_groups = dict(
            TargetGroup.objects.filter(slug__in=facts.target_groups).values_list("slug", "pk")
        )
        self.instruments = dict(
            Instrument.objects.filter(slug__in=facts.instruments).values_list("slug", "pk")
        )


def _sql_score(facts: scoring.NeedFacts, vocabulary: _VocabularyIds):
    """The score ``scoring.score`` gives, factor by factor, as one SQL expression, so the
    database ranks every candidate and Python scores only the few that make the list.
    tests/test_matching.py checks that the two agree on every candidate."""
    service = Case(
        When(category=facts.category_id, then=Value(scoring.SAME_CATEGORY)),
        When(category__in=vocabulary.field_categories, then=Value(scoring.SAME_FIELD)),
        default=Value(0),
    ) + _points(Q(cpv_overlap=True), scoring.CPV_CODE)
    place = Case(
        When(home_here=True, then=Value(scoring.HOME_MUNICIPALITY)),
        When(serves_municipality=True, then=Value(scoring.SERVES_MUNICIPALITY)),
        When(serves_region=True, then=Value(scoring.SERVES_REGION)),
        When(nationwide=True, then=Value(scoring.NATIONWIDE)),
        default=Value(0),
    )
    # A target group counts when the offering or its enterprise names it.
    people = _capped(
        [
            _points(
                Exists(
                    Offering.target_groups.through.objects.filter(
                        offering=OuterRef("pk"), targetgroup=pk
                    )
                )
                | Exists(
                    SocialEnterprise.target_groups.through.objects.filter(
                        socialenterprise=OuterRef("enterprise"), targetgroup=pk
                    )
                ),
                scoring.TARGET_GROUP,
            )
            for pk in sorted(vocabulary.target_groups.values())
        ],
        scoring.TARGET_GROUP_MAX,
    )

    # Instruments in proportion to those the need prefers; without an active register
    # status only the instruments the law leaves open to anyone count. Each instrument's
    # check appears once, so PostgreSQL hashes each link list once.
    def accepted(slugs: frozenset[str]):
        return sum(
            (
                _points(
                    Exists(
                        Offering.instruments.through.objects.filter(
                            offering=OuterRef("pk"), instrument=vocabulary.instruments[slug]
                        )
                    ),
                    1,
                )
                for slug in sorted(slugs)
            ),
            Value(0),
        )

    active = Q(enterprise__register_status=RegisterStatus.ACTIVE)
    open_to_anyone = facts.instruments - facts.se_law_instruments
    usable = Case(
        When(active, then=Value(len(facts.instruments))), default=Value(len(open_to_anyone))
    )
    instruments = Coalesce(
        (
            accepted(open_to_anyone)
            + Case(When(active, then=accepted(facts.se_law_instruments)), default=Value(0))
        )
        * Value(scoring.INSTRUMENTS_MAX)
        / NullIf(usable, Value(0)),
        Value(0),
    )
    # The scorer compares dates: checked on or after this day, a year back, counts.
    fresh_day = timezone.localdate() - datetime.timedelta(days=scoring.CHECK_FRESH_DAYS)
    trust = _points(
        active
        & Q(
            enterprise__checked_at__gte=datetime.datetime.combine(
                fresh_day, datetime.time.min, datetime.UTC
            )
        ),
        scoring.RECENTLY_CHECKED,
    ) + _points(COMPLETE_PROFILE, scoring.COMPLETE_PROFILE)
    confirmed_day = timezone.localdate() - datetime.timedelta(days=scoring.CONFIRM_FRESH_DAYS)
    trust += _points(
        Q(
            enterprise__profile_confirmed_at__gte=datetime.datetime.combine(
                confirmed_day, datetime.time.min, datetime.UTC
            )
        ),
        scoring.PROFILE_CONFIRMED,
    )
    text = Least(F("text_hits") * Value(scoring.KEYWORD), Value(scoring.KEYWORD_MAX))
    return service + place + people + instruments + trust + text


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
    # Judged from the enterprise's own fields, so a batch costs no extra queries; the same
    # rule as COMPLETE_PROFILE.
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
        words=frozenset(offering.keywords.split()),
        profile_confirmed_at=enterprise.profile_confirmed_at,
    )
