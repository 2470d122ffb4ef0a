"""Writes to shortlists with more to them than one form: adding an enterprise (only a
public one, once), keeping a note with who wrote it, inviting a whole list to a need
through the same invitation an officer sends one enterprise at a time, and inviting a whole
list to apply for one of the municipality's open opportunities."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MembershipStatus, User
from cooperation.models import Cooperation, Side
from cooperation.services import people_of, propose
from enterprises.models import RegisterStatus, SocialEnterprise, Verification
from municipalities.models import Need, NeedStatus
from opportunities.models import Application, Opportunity, OpportunityInvitation
from portal.notifications import notify
from portal.versioning import lock_current

from .models import Shortlist, ShortlistEntry

NOT_VERIFIED = gettext_lazy("no longer verified in Kopā, so it cannot be invited")
ALREADY_ON_NEED = gettext_lazy("already in a cooperation on this need")
LIMIT_REACHED = gettext_lazy(
    "you have sent as many invitations as Kopā allows for now; invite it later"
)


@transaction.atomic
def add_to_shortlist(
    *, shortlist: Shortlist, enterprise: SocialEnterprise, by: User
) -> tuple[ShortlistEntry, bool]:
    """Put a verified enterprise on the list; the entry and whether it is new."""
    if enterprise.verification != Verification.VERIFIED:
        raise ValidationError(
            _("Only enterprises verified in Kopā can be added to a list."), code="not_verified"
        )
    entry = ShortlistEntry(shortlist=shortlist, enterprise=enterprise, added_by=by)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # Two officers adding it at once, or one pressing twice: it is on the list.
        return ShortlistEntry.objects.get(shortlist=shortlist, enterprise=enterprise), False
    Shortlist.objects.filter(pk=shortlist.pk).update(updated_at=timezone.now())
    return entry, True


def save_note(*, entry: ShortlistEntry, note: str, by: User) -> ShortlistEntry:
    entry.note = note
    entry.note_by = by if note else None
    entry.note_updated_at = timezone.now() if note else None
    entry.full_clean()
    entry.save(update_fields=["note", "note_by", "note_updated_at"])
    return entry


@dataclass(frozen=True)
class Invitation:
    """What happened, or would happen, to one enterprise of the list."""

    enterprise: SocialEnterprise
    reason: str = ""  # why it is skipped; empty when it is (to be) invited
    cooperation: Cooperation | None = None
    emailed: bool = False

    @property
    def invited(self) -> bool:
        return self.cooperation is not None


def invitation_preview(*, shortlist: Shortlist, need: Need) -> list[Invitation]:
    """Who inviting the list to the need would reach, and who it would skip and why."""
    ongoing = set(
        Cooperation.objects.ongoing().filter(need=need).values_list("enterprise_id", flat=True)
    )
    preview = []
    for entry in shortlist.entries.select_related("enterprise"):
        if entry.enterprise.verification != Verification.VERIFIED:
            reason = str(NOT_VERIFIED)
        elif entry.enterprise_id in ongoing:
            reason = str(ALREADY_ON_NEED)
        else:
            reason = ""
        preview.append(Invitation(entry.enterprise, reason))
    return preview


def invite_shortlist(
    *,
    shortlist: Shortlist,
    need: Need,
    plan: dict,
    instruments,
    by: User,
    may_send: Callable[[], bool],
) -> list[Invitation]:
    """Invite every enterprise of the list to cooperate on the municipality's open need,
    with the same plan, each through ``cooperation.services.propose`` (the need locked and
    checked, one cooperation per need and enterprise, the enterprise's people emailed).

    ``may_send`` is asked before each invitation and says whether the officer may send one
    more (the rate limit on proposals); the enterprises left once it says no are skipped
    with that reason, and inviting the list again later reaches them and skips the ones
    already invited. Each invitation is its own transaction: one refused does not take back
    the others, already on their way."""
    if need.municipality_id != shortlist.municipality_id:
        raise ValidationError(_("Choose a need of the list's municipality."))
    if need.status != NeedStatus.OPEN:
        raise ValidationError(
            _("Only an open need can be invited to. This one is “%(status)s”.")
            % {"status": need.get_status_display()}
        )
    outcomes = []
    limited = False
    for planned in invitation_preview(shortlist=shortlist, need=need):
        if planned.reason:
            outcomes.append(planned)
            continue
        if limited or not may_send():
            limited = True
            outcomes.append(Invitation(planned.enterprise, str(LIMIT_REACHED)))
            continue
        cooperation = Cooperation(
            enterprise=planned.enterprise,
            municipality=need.municipality,
            need=need,
            **plan,
        )
        try:
            with transaction.atomic():
                propose(cooperation=cooperation, side=Side.MUNICIPALITY, by=by)
                cooperation.instruments.set(instruments)
        except ValidationError as error:
            outcomes.append(Invitation(planned.enterprise, " ".join(error.messages)))
            continue
        emailed = people_of(cooperation, Side.ENTERPRISE).exists()
        outcomes.append(Invitation(planned.enterprise, "", cooperation, emailed))
    return outcomes


NOT_ELIGIBLE = gettext_lazy(
    "the opportunity is only for enterprises with an active status in the register, and it has none"
)
ALREADY_APPLIED_HERE = gettext_lazy("has already applied for this opportunity")
ALREADY_INVITED = gettext_lazy("already invited to this opportunity")


@dataclass(frozen=True)
class OpportunityInvite:
    """What happened, or would happen, to one enterprise of the list invited to apply."""

    enterprise: SocialEnterprise
    reason: str = ""  # why it is skipped; empty when it is (to be) invited
    invitation: OpportunityInvitation | None = None
    emailed: bool = False

    @property
    def invited(self) -> bool:
        return self.invitation is not None


def opportunity_invitation_preview(
    *, shortlist: Shortlist, opportunity: Opportunity
) -> list[OpportunityInvite]:
    """Who inviting the list to apply would reach, and who it would skip and why: the
    opportunity's own rule of who may apply (``check_may_apply``), then anyone who has
    applied or was invited already. Three queries, however long the list."""
    applied = set(
        Application.objects.filter(opportunity=opportunity).values_list("enterprise_id", flat=True)
    )
    invited = set(
        OpportunityInvitation.objects.filter(opportunity=opportunity).values_list(
            "enterprise_id", flat=True
        )
    )
    preview = []
    for entry in shortlist.entries.select_related("enterprise").order_by("enterprise__name"):
        enterprise = entry.enterprise
        if enterprise.verification != Verification.VERIFIED:
            reason = str(NOT_VERIFIED)
        elif opportunity.status_required and enterprise.register_status != RegisterStatus.ACTIVE:
            reason = str(NOT_ELIGIBLE)
        elif enterprise.pk in applied:
            reason = str(ALREADY_APPLIED_HERE)
        elif enterprise.pk in invited:
            reason = str(ALREADY_INVITED)
        else:
            reason = ""
        preview.append(OpportunityInvite(enterprise, reason))
    return preview


def check_may_invite(*, shortlist: Shortlist, opportunity: Opportunity) -> None:
    """Refuse unless the opportunity is the list's municipality's (managed or offered
    together with others) and open for applications."""
    ours = Opportunity.objects.offered_by(shortlist.municipality_id).filter(pk=opportunity.pk)
    if not ours.exists():
        raise ValidationError(_("Choose an opportunity your municipality offers."))
    if not opportunity.is_open:
        raise ValidationError(_("Only an open opportunity can be invited to."))


def _representatives(enterprise: SocialEnterprise):
    return User.objects.filter(
        representatives__enterprise=enterprise,
        representatives__status=MembershipStatus.APPROVED,
        is_active=True,
    ).exclude(email="")


def invite_shortlist_to_opportunity(
    *,
    shortlist: Shortlist,
    opportunity: Opportunity,
    note: str,
    by: User,
    may_send: Callable[[], bool],
) -> list[OpportunityInvite]:
    """Invite every enterprise of the list that may apply to apply for the opportunity:
    record each invitation (once per opportunity and enterprise) and email the enterprise's
    approved representatives, each in their language, after the invitation is saved.

    ``may_send`` is asked before each invitation (the rate limit on proposals); those left
    once it says no are skipped with that reason and reached by inviting the list again."""
    with transaction.atomic():
        # Locked and read again, so an opportunity closed a moment ago is not invited to.
        current = lock_current(opportunity, None)
        check_may_invite(shortlist=shortlist, opportunity=current)
    outcomes = []
    limited = False
    for planned in opportunity_invitation_preview(shortlist=shortlist, opportunity=current):
        if planned.reason:
            outcomes.append(planned)
            continue
        if limited or not may_send():
            limited = True
            outcomes.append(OpportunityInvite(planned.enterprise, str(LIMIT_REACHED)))
            continue
        invitation = OpportunityInvitation(
            opportunity=current, enterprise=planned.enterprise, invited_by=by, note=note
        )
        invitation.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            # A colleague invited the same list (or this enterprise) a moment ago.
            outcomes.append(OpportunityInvite(planned.enterprise, str(ALREADY_INVITED)))
            continue
        people = list(_representatives(planned.enterprise))
        context = {
            "opportunity": current,
            "enterprise": planned.enterprise,
            "note": note,
            "municipality": shortlist.municipality,
        }
        transaction.on_commit(
            lambda people=people, context=context: notify(
                users=people, template="emails/opportunity_invitation", context=context
            )
        )
        outcomes.append(OpportunityInvite(planned.enterprise, "", invitation, bool(people)))
    return outcomes
