"""Writes to municipalities and needs that have side effects."""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MembershipStatus, User
from matching.services import refresh_need_matches
from portal.notifications import notify, staff_users
from portal.versioning import lock_current

from .models import (
    EmailDomain,
    Municipality,
    Need,
    NeedStatus,
    Officer,
    is_shared_email_domain,
)

# Which status a need may move to from each status. Fulfilled and closed are final.
NEED_TRANSITIONS: dict[str, set[str]] = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.OPEN: {NeedStatus.IN_PROGRESS, NeedStatus.FULFILLED, NeedStatus.CLOSED},
    NeedStatus.IN_PROGRESS: {NeedStatus.OPEN, NeedStatus.FULFILLED, NeedStatus.CLOSED},
    NeedStatus.FULFILLED: set(),
    NeedStatus.CLOSED: set(),
}


def verified_email_domain(user: User) -> str | None:
    """The domain of the user's verified primary email address, if any, in lower case and
    without a trailing dot (which DNS allows and means the same)."""
    address = EmailAddress.objects.filter(user=user, verified=True, primary=True).first()
    return address.email.rsplit("@", 1)[1].lower().rstrip(".") if address else None


def _parent_domains(domain: str) -> list[str]:
    """The domain and every domain above it that could be registered: dome.gulbene.lv →
    dome.gulbene.lv, gulbene.lv (never the bare top-level lv)."""
    labels = domain.split(".")
    return [".".join(labels[start:]) for start in range(len(labels) - 1)]


@transaction.atomic
def request_officer_role(*, municipality: Municipality, by: User) -> Officer:
    """Ask to act for a municipality. An address on one of its official domains, or on a
    subdomain of one (dome.gulbene.lv), is proof enough; anyone else waits for an
    administrator. The client-service centres' shared domain proves nothing."""
    officer = Officer(user=by, municipality=municipality)
    officer.full_clean()
    domain = verified_email_domain(by)
    official = (
        domain is not None
        and not is_shared_email_domain(domain)
        # Whole labels only: evilgulbene.lv is not under gulbene.lv.
        and EmailDomain.objects.filter(
            municipality=municipality, domain__in=_parent_domains(domain)
        ).exists()
    )
    if official:
        officer.status = MembershipStatus.APPROVED
        officer.approved_by_domain = True
        officer.decided_at = timezone.now()
        officer.save()
        return officer
    officer.save()
    transaction.on_commit(
        lambda: notify(
            users=staff_users(),
            template="emails/officer_requested",
            context={"officer": officer},
        )
    )
    return officer


@transaction.atomic
def decide_officer(*, officer: Officer, approve: bool, by: User) -> Officer:
    officer.status = MembershipStatus.APPROVED if approve else MembershipStatus.REJECTED
    officer.decided_by = by
    officer.decided_at = timezone.now()
    officer.save()
    transaction.on_commit(
        lambda: notify(
            users=[officer.user], template="emails/officer_decided", context={"officer": officer}
        )
    )
    return officer


@transaction.atomic
def save_need(
    *, need: Need, by: User, form=None, publish: bool = False, version: int | None = None
) -> Need:
    """Create or edit a need; ``publish`` opens a draft in the same step.

    An edit names the ``version`` it was read at and is refused (``StaleEdit``) when someone
    saved the need since. The status is never written from the edited copy: it is taken from
    the locked row, so an edit racing "close" cannot reopen the need.
    """
    if need.pk is None:
        need.created_by = by
    else:
        current = lock_current(need, version)
        need.status = current.status
        need.published_at = current.published_at
        need.version = current.version
    if publish and need.status == NeedStatus.DRAFT:
        need.status = NeedStatus.OPEN
    need.full_clean()
    need.save()
    if form is not None:
        form.save_m2m()
    refresh_need_matches(need)
    return need


@transaction.atomic
def change_need_status(*, need: Need, status: str, by: User) -> Need:
    """Move a need along ``NEED_TRANSITIONS``. The row is locked and read afresh, so two
    officers pressing different buttons at once end in one valid status."""
    current = lock_current(need, None)
    if status not in NEED_TRANSITIONS.get(current.status, set()):
        raise ValidationError(
            _("A need cannot move from “%(current)s” to “%(new)s”.")
            % {
                "current": current.get_status_display(),
                "new": NeedStatus(status).label if status in NeedStatus.values else status,
            }
        )
    current.status = status
    current.full_clean()
    current.save()
    refresh_need_matches(current)
    # The caller's copy shows what was saved.
    need.status, need.published_at, need.version = (
        current.status,
        current.published_at,
        current.version,
    )
    return need


@transaction.atomic
def start_work_on_need(*, need: Need) -> bool:
    """A cooperation on the need was agreed: it leaves the needs board as "in progress".
    Returns whether the need moved (it may already be in progress, or closed)."""
    current = lock_current(need, None)
    if current.status != NeedStatus.OPEN:
        return False
    current.status = NeedStatus.IN_PROGRESS
    current.save(update_fields=["status", "updated_at"])
    refresh_need_matches(current)
    need.status, need.version = current.status, current.version
    return True


def officers_of(municipality: Municipality | int):
    """The people who act for the municipality and so hear about its needs."""
    return User.objects.filter(
        officers__municipality=municipality, officers__status=MembershipStatus.APPROVED
    )


def close_expired_needs(*, today: datetime.date | None = None) -> list[Need]:
    """Close the open needs whose deadline has passed and tell their officers.

    Each need closes in its own transaction, locked and checked again, so a need an
    officer has just extended or moved on is left alone; running it twice closes nothing
    twice."""
    today = today or timezone.localdate()
    closed = []
    for need in Need.objects.expired(today).order_by("pk"):
        with transaction.atomic():
            current = lock_current(need, None)
            if current.status != NeedStatus.OPEN or not (
                current.deadline and current.deadline < today
            ):
                continue
            current.status = NeedStatus.CLOSED
            current.save(update_fields=["status", "updated_at"])
            refresh_need_matches(current)
            recipients = list(officers_of(current.municipality_id))
            transaction.on_commit(
                lambda need=current, recipients=recipients: notify(
                    users=recipients, template="emails/need_expired", context={"need": need}
                )
            )
            closed.append(current)
    return closed
