"""Writes to enterprises that have side effects: who did it, when, and who hears of it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import MembershipStatus, User
from matching.services import refresh_enterprise_matches
from portal.notifications import notify, staff_users
from portal.versioning import lock_current

from .filter_index import refresh_filter_index
from .models import (
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
def register_enterprise(*, enterprise: SocialEnterprise, by: User, form=None) -> SocialEnterprise:
    """A representative registers a new enterprise. It stays pending, hidden from the public,
    until an administrator verifies it against the Ministry of Welfare's register."""
    enterprise.slug = unique_slug(enterprise.name)
    enterprise.verification = Verification.PENDING
    enterprise.checked_by = None
    enterprise.checked_at = None
    enterprise.full_clean()
    enterprise.save()
    if form is not None:
        form.save_m2m()
    refresh_filter_index([enterprise.pk])
    Representative.objects.create(
        user=by,
        enterprise=enterprise,
        status=MembershipStatus.APPROVED,
        decided_by=by,
        decided_at=timezone.now(),
    )
    transaction.on_commit(
        lambda: notify(
            users=staff_users(),
            template="emails/enterprise_registered",
            context={"enterprise": enterprise, "by": by},
        )
    )
    return enterprise


@transaction.atomic
def request_to_represent(*, enterprise: SocialEnterprise, by: User) -> Representative:
    """Ask to join an enterprise; its representatives or an administrator decide."""
    membership = Representative(user=by, enterprise=enterprise)
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
    tell its representatives; a rejection's ``reason`` is kept and told to them."""
    enterprise.verification = verification
    enterprise.verification_note = reason.strip() if verification == Verification.REJECTED else ""
    enterprise.checked_by = by
    enterprise.checked_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    refresh_enterprise_matches(enterprise)
    representatives = User.objects.filter(
        representatives__enterprise=enterprise,
        representatives__status=MembershipStatus.APPROVED,
    )
    transaction.on_commit(
        lambda: notify(
            users=representatives,
            template="emails/enterprise_checked",
            context={"enterprise": enterprise},
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
def save_profile(*, form, version: int | None = None) -> SocialEnterprise:
    """Save the enterprise's profile; its index and matches (area, people, staff) follow."""
    _check_version(form, version)
    enterprise = form.save()
    refresh_derived(enterprise)
    return enterprise


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
