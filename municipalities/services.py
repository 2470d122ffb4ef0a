"""Writes to municipalities and needs that have side effects."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MembershipStatus, User
from matching.services import refresh_need_matches
from portal.notifications import notify, staff_users

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
def save_need(*, need: Need, by: User, form=None, publish: bool = False) -> Need:
    """Create or edit a need; ``publish`` opens a draft in the same step."""
    if need.pk is None:
        need.created_by = by
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
    if status not in NEED_TRANSITIONS.get(need.status, set()):
        raise ValidationError(
            _("A need cannot move from “%(current)s” to “%(new)s”.")
            % {
                "current": need.get_status_display(),
                "new": NeedStatus(status).label if status in NeedStatus.values else status,
            }
        )
    need.status = status
    need.full_clean()
    need.save()
    refresh_need_matches(need)
    return need
