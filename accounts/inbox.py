"""What waits for a person: the items of their enterprises and municipalities that need their
action, and nobody else's. One definition serves the count in the header and the inbox page.

An item waits for a person when their side has to act for it to move on:

- **a proposal to answer**: a cooperation proposed by the other side that their side has not
  agreed to (the page offers "agree", "discuss" and "decline");
- **a plan to agree to**: a cooperation in discussion whose current plan lacks their side's
  agreement, e.g. after the other side changed it (``cooperation.services.edit_plan`` clears
  the other side's agreement);
- **a message to reply to**: Kopā keeps no record of who has read what, so a cooperation
  still going whose latest message is from the other side, with nothing from their side
  since (no message, no step), waits for a reply. A cooperation already counted above is not
  counted again: its page answers both;
- **a need to answer** (representatives): a need that fits their enterprise, listed and
  still open, that the enterprise has answered neither "interested" nor "not interested",
  and on which the two have no cooperation yet (a proposal or invitation answers it);
- **an interested enterprise** (officers): an enterprise that said it is interested in one
  of their municipality's open needs, with no cooperation on it yet: the municipality's next
  step is to invite it (or to pass). Kopā keeps no "seen" mark for officers, so it waits
  until a cooperation starts or the need is no longer open;
- **a request to represent their enterprise**, which its representatives decide. Requests to
  act for a municipality are decided by administrators only, so they wait for no officer.

A person's side in a cooperation is read as ``cooperation.rules.side_of`` reads it: the
municipality's when they act for both parties.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from cooperation.models import (
    ONGOING_STATUSES,
    Cooperation,
    CooperationEvent,
    CooperationMessage,
    CooperationStatus,
    Side,
)
from enterprises.models import Representative, SocialEnterprise
from matching.models import LISTED_FITS, Fit, Match
from municipalities.models import Municipality, Officer

# How many items of a group the inbox page lists; the rest are a link away.
SHOWN_PER_GROUP = 20

GROUPS = ["proposals", "plans", "messages", "needs_to_answer", "interested", "requests"]


@dataclass(frozen=True)
class Roles:
    """The enterprises and municipalities a person acts for (approved memberships)."""

    enterprise_ids: frozenset[int]
    municipality_ids: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.enterprise_ids or self.municipality_ids)


def roles_of(user) -> Roles:
    """One query for both kinds of membership."""
    if not user.is_authenticated:
        return Roles(frozenset(), frozenset())
    enterprises = (
        Representative.objects.approved()
        .filter(user=user)
        .annotate(kind=Value(Side.ENTERPRISE))
        .values_list("kind", "enterprise_id")
        .order_by()
    )
    municipalities = (
        Officer.objects.approved()
        .filter(user=user)
        .annotate(kind=Value(Side.MUNICIPALITY))
        .values_list("kind", "municipality_id")
        .order_by()
    )
    rows = list(enterprises.union(municipalities, all=True))
    return Roles(
        frozenset(pk for kind, pk in rows if kind == Side.ENTERPRISE),
        frozenset(pk for kind, pk in rows if kind == Side.MUNICIPALITY),
    )


class Inbox:
    """The groups of items waiting for one person, as querysets for the inbox page, and
    their counts in a fixed number of queries (at most four for a representative or an
    officer, five for someone who is both, one when the person acts for nobody) for the
    header."""

    def __init__(self, user, roles: Roles) -> None:
        self.user = user
        self.roles = roles

    # Conditions, shared by the lists and the counts so the two always agree.

    def _as_municipality(self) -> Q:
        return Q(municipality__in=self.roles.municipality_ids)

    def _as_enterprise(self) -> Q:
        # Someone acting for both parties speaks for the municipality (``side_of``).
        return Q(enterprise__in=self.roles.enterprise_ids) & ~self._as_municipality()

    def _agreement_missing(self) -> Q:
        return (self._as_municipality() & Q(municipality_agreed_at__isnull=True)) | (
            self._as_enterprise() & Q(enterprise_agreed_at__isnull=True)
        )

    def _proposal_condition(self) -> Q:
        return Q(status=CooperationStatus.PROPOSED) & self._agreement_missing()

    def _plan_condition(self) -> Q:
        return Q(status=CooperationStatus.IN_DISCUSSION) & self._agreement_missing()

    def _message_condition(self) -> Q:
        unanswered = (
            self._as_municipality() & Q(last_side=Side.ENTERPRISE, municipality_since=False)
        ) | (self._as_enterprise() & Q(last_side=Side.MUNICIPALITY, enterprise_since=False))
        return (
            Q(status__in=ONGOING_STATUSES)
            & unanswered
            & ~self._proposal_condition()
            & ~self._plan_condition()
        )

    def _cooperations(self) -> QuerySet:
        """The person's cooperations, each with its latest message and whether each side
        has said or done anything since."""
        latest = CooperationMessage.objects.filter(cooperation=OuterRef("pk")).order_by(
            "-at", "-pk"
        )

        def since(side: str) -> Exists:
            """The side took a step after the latest message (a later message of theirs
            would itself be the latest)."""
            return Exists(
                CooperationEvent.objects.filter(
                    cooperation=OuterRef("pk"), side=side, at__gt=OuterRef("last_at")
                )
            )

        return (
            Cooperation.objects.filter(self._as_municipality() | self._as_enterprise())
            .alias(
                last_side=Subquery(latest.values("side")[:1]),
                last_at=Subquery(latest.values("at")[:1]),
            )
            .alias(
                municipality_since=since(Side.MUNICIPALITY),
                enterprise_since=since(Side.ENTERPRISE),
            )
        )

    def _matches(self) -> QuerySet:
        """Public matches of open needs on which the two have no cooperation. Each group
        narrows them to the person's side with its own condition: an OR of the two sides
        made the database read every match (50 ms at 100,000 of them instead of 2)."""
        cooperating = Cooperation.objects.filter(
            need=OuterRef("need"), enterprise=OuterRef("enterprise")
        )
        return (
            Match.objects.public()
            .open_needs()
            .alias(cooperating=Exists(cooperating))
            .filter(cooperating=False)
        )

    def _needs_to_answer_condition(self) -> Q:
        return Q(
            enterprise__in=self.roles.enterprise_ids,
            fit__in=LISTED_FITS,
            interested_at__isnull=True,
            declined_at__isnull=True,
        )

    def _interested_condition(self) -> Q:
        return Q(need__municipality__in=self.roles.municipality_ids, interested_at__isnull=False)

    # The groups, for the inbox page.

    def _cooperation_list(self, condition: Q) -> QuerySet:
        return (
            self._cooperations()
            .filter(condition)
            .select_related("municipality", "enterprise", "need")
            .order_by("-updated_at", "-pk")
        )

    @property
    def proposals(self) -> QuerySet:
        return self._cooperation_list(self._proposal_condition())

    @property
    def plans(self) -> QuerySet:
        return self._cooperation_list(self._plan_condition())

    @property
    def messages(self) -> QuerySet:
        latest = CooperationMessage.objects.filter(cooperation=OuterRef("pk")).order_by(
            "-at", "-pk"
        )
        return self._cooperation_list(self._message_condition()).annotate(
            last_text=Subquery(latest.values("text")[:1]),
            last_message_at=Subquery(latest.values("at")[:1]),
        )

    @property
    def needs_to_answer(self) -> QuerySet:
        return (
            self._matches()
            .filter(self._needs_to_answer_condition())
            .select_related("need__municipality", "enterprise")
            .order_by("-score", "need__deadline", "pk")
        )

    @property
    def interested(self) -> QuerySet:
        return (
            self._matches()
            .filter(self._interested_condition())
            .exclude(fit=Fit.NONE)
            .select_related("need__municipality", "enterprise")
            .order_by("-interested_at", "-pk")
        )

    @property
    def requests(self) -> QuerySet:
        return (
            Representative.objects.pending()
            .filter(enterprise__in=self.roles.enterprise_ids)
            .exclude(user=self.user)
            .select_related("enterprise", "user")
            .order_by("requested_at", "pk")
        )

    # The organisations, for links to their own pages.

    @cached_property
    def enterprises(self) -> list[SocialEnterprise]:
        return list(
            SocialEnterprise.objects.filter(pk__in=self.roles.enterprise_ids).order_by("sort_name")
        )

    @cached_property
    def municipalities(self) -> list[Municipality]:
        return list(
            Municipality.objects.filter(pk__in=self.roles.municipality_ids).order_by("sort_name")
        )

    # The counts, for the header.

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many items wait in each group: nothing to ask when the person acts for nobody,
        else one query for the cooperations and one per group of the person's side (needs
        to answer and requests for a representative, interested enterprises for an
        officer)."""
        counts = dict.fromkeys(GROUPS, 0)
        if not self.roles:
            return counts
        counts.update(
            self._cooperations().aggregate(
                proposals=Count("pk", filter=self._proposal_condition()),
                plans=Count("pk", filter=self._plan_condition()),
                messages=Count("pk", filter=self._message_condition()),
            )
        )
        if self.roles.enterprise_ids:
            counts["needs_to_answer"] = self.needs_to_answer.count()
            counts["requests"] = self.requests.count()
        if self.roles.municipality_ids:
            counts["interested"] = self.interested.count()
        return counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def waiting_for(user) -> Inbox:
    """What waits for this person's action; empty for anonymous visitors."""
    return Inbox(user, roles_of(user))
