"""Writes to enterprises that have side effects: who did it, when, and who hears of it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import MembershipStatus, User
from matching.services import refresh_enterprise_matches
from portal.notifications import notify, staff_users
from portal.versioning import lock_current

from .filter_index import refresh_filter_index
from .models import (
    REVIEWED_FIELDS,
    ChangeStatus,
    EnterpriseChangeRequest,
    Offering,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)

# Words the account pages use after /account/enterprises/.
RESERVED_SLUGS = {"new", "join"}


def unique_slug(name: str, taken: set[str] | None = None) -> str:
    """A slug for a new enterprise's URL. ``taken``, when given, holds every slug in use
    (and gets the new one), so many new enterprises are named without a query each."""
    base = slugify(name)[:200] or "uznemums"
    slug, counter = base, 2

    def in_use(slug: str) -> bool:
        if taken is not None:
            return slug in taken
        return SocialEnterprise.objects.filter(slug=slug).exists()

    while slug in RESERVED_SLUGS or in_use(slug):
        slug, counter = f"{base}-{counter}", counter + 1
    if taken is not None:
        taken.add(slug)
    return slug


@transaction.atomic
def register_enterprise(
    *, enterprise: SocialEnterprise, by: User, form=None, evidence: dict | None = None
) -> SocialEnterprise:
    """A person registers a new enterprise. It stays pending, hidden from the public, until
    an administrator verifies it against the Ministry of Welfare's register; the person is a
    pending representative until a curator approves them too (they may prepare the profile
    and offerings meanwhile). The register status is the curators' and the register
    import's to set, whatever the form held."""
    enterprise.slug = unique_slug(enterprise.name)
    enterprise.verification = Verification.PENDING
    enterprise.checked_by = None
    enterprise.checked_at = None
    enterprise.register_status = RegisterStatus.NOT_REGISTERED
    enterprise.status_granted_on = None
    enterprise.status_ended_on = None
    enterprise.full_clean()
    enterprise.save()
    if form is not None:
        form.save_m2m()
    refresh_filter_index([enterprise.pk])
    membership = Representative(user=by, enterprise=enterprise, **(evidence or {}))
    membership.full_clean()
    membership.save()
    transaction.on_commit(
        lambda: notify(
            users=staff_users(),
            template="emails/enterprise_registered",
            context={"enterprise": enterprise, "by": by, "membership": membership},
        )
    )
    return enterprise


@transaction.atomic
def request_to_represent(
    *, enterprise: SocialEnterprise, by: User, evidence: dict | None = None
) -> Representative:
    """Ask to join an enterprise, saying who one is; its approved representatives or an
    administrator decide."""
    membership = Representative(user=by, enterprise=enterprise, **(evidence or {}))
    membership.full_clean()
    membership.save()
    deciders = list(
        User.objects.filter(
            representatives__enterprise=enterprise,
            representatives__status=MembershipStatus.APPROVED,
        )
    ) or list(staff_users())
    transaction.on_commit(
        lambda: notify(
            users=deciders,
            template="emails/representative_requested",
            context={"membership": membership},
        )
    )
    return membership


@transaction.atomic
def decide_representative(*, membership: Representative, approve: bool, by: User) -> Representative:
    """A curator or an approved representative of the same enterprise approves or rejects a
    request to represent it; the person is told. Anyone else is refused, whichever door
    they came through."""
    if not by.has_perm("enterprises.manage_representatives", membership.enterprise):
        raise PermissionDenied
    current = Representative.objects.select_for_update().get(pk=membership.pk)
    if current.status != MembershipStatus.PENDING:
        raise ValidationError(_("This request has been decided already."), code="decided")
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save()
    transaction.on_commit(
        lambda: notify(
            users=[membership.user],
            template="emails/representative_decided",
            context={"membership": membership},
        )
    )
    return membership


@transaction.atomic
def record_verification(
    *, enterprise: SocialEnterprise, verification: Verification, by: User, reason: str = ""
) -> SocialEnterprise:
    """Record the outcome of checking the enterprise against the Ministry's register and
    tell its people; a rejection needs a ``reason``, which is kept and told to them.

    The people still waiting to be approved as its representatives (often the person who
    registered it) are told too, with the words that their own request is still being
    checked: verifying the enterprise checks the register, not the person, so it never
    approves them (``decide_representative`` does). Those refused are not told."""
    reason = reason.strip()
    if verification == Verification.REJECTED and not reason:
        raise ValidationError(
            {"verification_note": _("Say why the enterprise is rejected: its people read it.")}
        )
    enterprise.verification = verification
    enterprise.verification_note = reason if verification == Verification.REJECTED else ""
    enterprise.checked_by = by
    enterprise.checked_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    refresh_enterprise_matches(enterprise)

    def people(status: MembershipStatus):
        return User.objects.filter(
            representatives__enterprise=enterprise, representatives__status=status
        )

    for status in (MembershipStatus.APPROVED, MembershipStatus.PENDING):
        transaction.on_commit(
            lambda status=status: notify(
                users=people(status),
                template="emails/enterprise_checked",
                context={"enterprise": enterprise, "pending": status == MembershipStatus.PENDING},
            )
        )
    return enterprise


@transaction.atomic
def mark_status_ceased(
    *, enterprise: SocialEnterprise, ended_on: datetime.date, by: User
) -> SocialEnterprise:
    """Record that the enterprise lost its social enterprise status in the register."""
    enterprise.register_status = RegisterStatus.CEASED
    if enterprise.status_ended_on is None:
        enterprise.status_ended_on = ended_on
    enterprise.checked_by = by
    enterprise.checked_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    refresh_enterprise_matches(enterprise)
    return enterprise


def _check_version(form, version: int | None) -> None:
    """Lock the edited row; ``StaleEdit`` when someone saved it after the form was read."""
    if form.instance.pk is not None:
        form.instance.version = lock_current(form.instance, version).version


@transaction.atomic
def save_offering(*, form, version: int | None = None) -> Offering:
    """Save an offering from its form; its enterprise's index and matches follow."""
    _check_version(form, version)
    offering = form.save()
    refresh_derived(offering.enterprise)
    return offering


@transaction.atomic
def save_profile(*, form, version: int | None = None, by: User | None = None) -> SocialEnterprise:
    """Save the enterprise's profile; its index and matches (area, people, staff) follow.

    Of a verified enterprise, new values for the reviewed fields (name, registration number,
    register status, staff figures) are not put in place: they wait for a curator as an
    ``EnterpriseChangeRequest``, and the public keeps seeing the verified values."""
    current = lock_current(form.instance, version)
    form.instance.version = current.version
    proposed = {}
    if current.verification == Verification.VERIFIED:
        for name in REVIEWED_FIELDS:
            value = getattr(form.instance, name)
            if name in form.fields and value != getattr(current, name):
                proposed[name] = value
            setattr(form.instance, name, getattr(current, name))
        _propose_changes(enterprise=current, proposed=proposed, by=by)
    if by is not None and not by.is_staff:
        # A representative who saved the profile has said it is right (followups asks again
        # after 12 months).
        form.instance.profile_confirmed_at = timezone.now()
    enterprise = form.save()
    refresh_derived(enterprise)
    return enterprise


def _propose_changes(*, enterprise: SocialEnterprise, proposed: dict, by: User | None) -> None:
    """Put the proposal in place of any still waiting (the form showed that one), or withdraw
    it when the person set the public values again. Curators hear of a new one."""
    waiting = enterprise.change_requests.pending().select_for_update().first()
    if not proposed:
        if waiting is not None:
            waiting.status = ChangeStatus.WITHDRAWN
            waiting.save(update_fields=["status"])
        return
    change = waiting or EnterpriseChangeRequest(enterprise=enterprise)
    change.proposed = proposed
    change.previous = {name: getattr(enterprise, name) for name in proposed}
    change.requested_by = by
    change.requested_at = timezone.now()
    change.save()
    if waiting is None:
        transaction.on_commit(
            lambda: notify(
                users=staff_users(),
                template="emails/enterprise_change_requested",
                context={"change": change, "enterprise": enterprise},
            )
        )


def pending_change_of(enterprise: SocialEnterprise) -> EnterpriseChangeRequest | None:
    return enterprise.change_requests.pending().select_related("requested_by").first()


@transaction.atomic
def approve_enterprise_change(*, change: EnterpriseChangeRequest, by: User) -> SocialEnterprise:
    """A curator puts the proposed values in place: recorded in the enterprise's history
    with the curator as its author, the directory and matches refreshed, and the
    representatives told."""
    change = _lock_pending(change)
    enterprise = SocialEnterprise.objects.select_for_update().get(pk=change.enterprise_id)
    for name, value in change.proposed_values().items():
        setattr(enterprise, name, value)
    enterprise.full_clean()
    enterprise._history_user = by
    enterprise._change_reason = "Change approved by a curator"
    enterprise.save()
    refresh_derived(enterprise)
    _decide_change(change, status=ChangeStatus.APPROVED, by=by)
    return enterprise


@transaction.atomic
def reject_enterprise_change(
    *, change: EnterpriseChangeRequest, by: User, reason: str
) -> EnterpriseChangeRequest:
    """A curator keeps the verified values and says why; the representatives are told."""
    change = _lock_pending(change)
    change.reason = reason.strip()
    if not change.reason:
        raise ValidationError({"reason": _("Say why the change is rejected.")})
    _decide_change(change, status=ChangeStatus.REJECTED, by=by)
    return change


def _lock_pending(change: EnterpriseChangeRequest) -> EnterpriseChangeRequest:
    current = (
        EnterpriseChangeRequest.objects.select_for_update()
        .select_related("enterprise")
        .get(pk=change.pk)
    )
    if current.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change has been decided already."), code="decided")
    return current


def _decide_change(change: EnterpriseChangeRequest, *, status: str, by: User) -> None:
    change.status = status
    change.decided_by = by
    change.decided_at = timezone.now()
    change.full_clean()
    change.save()
    representatives = User.objects.filter(
        representatives__enterprise=change.enterprise_id,
        representatives__status=MembershipStatus.APPROVED,
    )
    transaction.on_commit(
        lambda: notify(
            users=representatives,
            template="emails/enterprise_change_decided",
            context={"change": change, "enterprise": change.enterprise},
        )
    )


@transaction.atomic
def set_offering_active(*, offering: Offering, active: bool) -> Offering:
    """Retire an offering (hidden, kept for history) or bring it back."""
    offering.version = lock_current(offering, None).version
    offering.is_active = active
    offering.save(update_fields=["is_active", "updated_at"])
    refresh_derived(offering.enterprise)
    return offering


def refresh_derived(enterprise: SocialEnterprise) -> None:
    """Bring what follows from the enterprise's profile and offerings up to date: the
    directory's search words and filter index (``filter_index``) and its matches."""
    refresh_filter_index([enterprise.pk])
    refresh_enterprise_matches(enterprise)


@transaction.atomic
def refresh_after_curation(enterprise_ids) -> None:
    """Django admin saves enterprises and offerings directly, past the services above."""
    for enterprise in SocialEnterprise.objects.filter(pk__in=set(enterprise_ids)):
        refresh_derived(enterprise)
