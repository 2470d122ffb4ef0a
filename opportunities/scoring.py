"""How well an open opportunity suits a social enterprise, and why: one pure function.

The same kind of rule as ``matching/scoring.py``: named points, each with the reason for it,
and a ``Reason`` for every point. The law's reservation excludes instead of lowering the
score: an enterprise without an active register status is never offered real-estate tax
relief or property free of charge, however well it fits otherwise. Place dominates (a
municipality's premises or relief are of use where the enterprise works), then the service
and the people it works with. Nothing here touches the database; ``candidates.py`` gathers
the facts.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# --- Weights.
HOME_MUNICIPALITY = 30  # based in a municipality that offers it
SERVES_MUNICIPALITY = 25  # names that municipality in its service area
SERVES_REGION = 18  # covers the planning region it is in
NATIONWIDE = 10  # works anywhere, but is not local
SAME_CATEGORY = 25  # offers a service the opportunity favours
SAME_FIELD = 10  # offers a related service in the same field
TARGET_GROUP = 5  # per target group both name ...
TARGET_GROUP_MAX = 15  # ... up to this many points
OPEN_TO_ANY_SERVICE = 5  # favours no service in particular: any enterprise may use it


@dataclass(frozen=True)
class Reason:
    code: str
    points: int = 0
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The reason in the active language."""
        return REASON_TEXTS[self.code]() % self.params


REASON_TEXTS = {
    "home_municipality": lambda: _("Based where it is offered: %(place)s"),
    "serves_municipality": lambda: _("Works where it is offered: %(place)s"),
    "serves_region": lambda: _("Works in the planning region: %(place)s"),
    "nationwide": lambda: _("Works all over Latvia"),
    "not_in_area": lambda: _("Does not work where it is offered: %(place)s"),
    "same_category": lambda: _("Offers a service it favours: %(names)s"),
    "same_field": lambda: _("Offers related services in: %(names)s"),
    "any_service": lambda: _("Open to any service"),
    "other_service": lambda: _("Favours other services"),
    "target_groups": lambda: _("Works with the target groups it favours: %(names)s"),
    "status_active": lambda: _("Has the active status the law requires for it"),
}


@dataclass(frozen=True)
class EnterpriseFacts:
    home_municipality_id: int
    served_municipalities: frozenset[int]
    served_regions: frozenset[int]
    nationwide: bool
    status_active: bool
    categories: frozenset[int]  # of active offerings, with their parents
    target_groups: frozenset[int]


@dataclass(frozen=True)
class OpportunityFacts:
    municipalities: dict[int, str]  # id -> name: the one managing it and its partners
    regions: dict[int, str]  # region id -> a name of a municipality there
    status_required: bool
    categories: dict[int, str]  # id -> name
    fields: dict[int, str]  # the categories' parents: id -> name
    target_groups: dict[int, str]


@dataclass(frozen=True)
class Scored:
    score: int
    reasons: tuple[Reason, ...]


def score(enterprise: EnterpriseFacts, opportunity: OpportunityFacts) -> Scored | None:
    """The score with its reasons, or None when the enterprise may not apply."""
    if opportunity.status_required and not enterprise.status_active:
        return None
    reasons = [_place(enterprise, opportunity)]
    if opportunity.status_required:
        reasons.append(Reason("status_active"))
    reasons.append(_service(enterprise, opportunity))
    shared = sorted(
        name
        for group_id, name in opportunity.target_groups.items()
        if group_id in enterprise.target_groups
    )
    if shared:
        points = min(TARGET_GROUP * len(shared), TARGET_GROUP_MAX)
        reasons.append(Reason("target_groups", points, {"names": ", ".join(shared)}))
    return Scored(sum(reason.points for reason in reasons), tuple(reasons))


def _place(enterprise: EnterpriseFacts, opportunity: OpportunityFacts) -> Reason:
    places = opportunity.municipalities
    if enterprise.home_municipality_id in places:
        name = places[enterprise.home_municipality_id]
        return Reason("home_municipality", HOME_MUNICIPALITY, {"place": name})
    named = sorted(places[pk] for pk in places if pk in enterprise.served_municipalities)
    if named:
        return Reason("serves_municipality", SERVES_MUNICIPALITY, {"place": named[0]})
    regions = sorted(
        name for pk, name in opportunity.regions.items() if pk in enterprise.served_regions
    )
    if regions:
        return Reason("serves_region", SERVES_REGION, {"place": regions[0]})
    if enterprise.nationwide:
        return Reason("nationwide", NATIONWIDE)
    return Reason("not_in_area", 0, {"place": ", ".join(sorted(places.values()))})


def _service(enterprise: EnterpriseFacts, opportunity: OpportunityFacts) -> Reason:
    if not opportunity.categories:
        return Reason("any_service", OPEN_TO_ANY_SERVICE)
    same = sorted(
        name for pk, name in opportunity.categories.items() if pk in enterprise.categories
    )
    if same:
        return Reason("same_category", SAME_CATEGORY, {"names": ", ".join(same)})
    related = sorted(name for pk, name in opportunity.fields.items() if pk in enterprise.categories)
    if related:
        return Reason("same_field", SAME_FIELD, {"names": ", ".join(related)})
    return Reason("other_service")
