"""Writes to shortlists with more to them than one form: adding an enterprise (only a
public one, once), keeping a note with who wrote it, and inviting a whole list to a need
through the same invitation an officer sends one enterprise at a time."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from cooperation.models import Cooperation, Side
from cooperation.services import people_of, propose
from enterprises.models import SocialEnterprise, Verification
from municipalities.models import Need, NeedStatus

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
