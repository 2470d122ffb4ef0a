"""Writes to opportunities and applications that have side effects."""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, OuterRef, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MatchEmails, MembershipStatus, User
from cooperation.models import Cooperation, Side
from cooperation.services import propose, take_step
from enterprises.models import (
    CategoryOffered,
    PlaceServed,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)
from municipalities.services import officers_of
from portal.notifications import notify
from portal.versioning import lock_current

from .models import (
    Application,
    ApplicationStatus,
    Opportunity,
    OpportunityNotice,
    OpportunityStatus,
)

# Which status an opportunity may move to from each. An awarded opportunity is final; a
# closed one may still be marked awarded once the decisions are made.
OPPORTUNITY_TRANSITIONS: dict[str, set[str]] = {
    OpportunityStatus.DRAFT: {OpportunityStatus.OPEN, OpportunityStatus.CLOSED},
    OpportunityStatus.OPEN: {OpportunityStatus.CLOSED, OpportunityStatus.AWARDED},
    OpportunityStatus.CLOSED: {OpportunityStatus.AWARDED},
    OpportunityStatus.AWARDED: set(),
}

# What an officer may do with an application in each status.
DECISIONS: dict[str, dict[str, str]] = {
    ApplicationStatus.SUBMITTED: {
        "shortlist": ApplicationStatus.SHORTLISTED,
        "accept": ApplicationStatus.ACCEPTED,
        "decline": ApplicationStatus.DECLINED,
    },
    ApplicationStatus.SHORTLISTED: {
        "accept": ApplicationStatus.ACCEPTED,
        "decline": ApplicationStatus.DECLINED,
    },
    ApplicationStatus.ACCEPTED: {},
    ApplicationStatus.DECLINED: {},
}

NOT_OPEN = gettext_lazy("This opportunity is not open for applications any more.")
NOT_VERIFIED = gettext_lazy(
    "%(name)s is not verified in Kopā yet, so it cannot apply. A curator checks new "
    "enterprises against the register first."
)
STATUS_REQUIRED = gettext_lazy(
    "Only social enterprises with an active status in the Ministry of Welfare register may "
    "apply for this opportunity, and %(name)s does not have one."
)
ALREADY_APPLIED = gettext_lazy("%(name)s has already applied for this opportunity.")
FULL = gettext_lazy("There are not enough free places: %(free)s left, and you asked for %(asked)s.")


@transaction.atomic
def save_opportunity(
    *,
    opportunity: Opportunity,
    by: User,
    form=None,
    publish: bool = False,
    version: int | None = None,
) -> Opportunity:
    """Create or edit an opportunity; ``publish`` opens a draft in the same step.

    An edit names the ``version`` it was read at and is refused (``StaleEdit``) when someone
    saved it since; the status comes from the locked row, never from the edited copy."""
    if opportunity.pk is None:
        opportunity.created_by = by
    else:
        current = lock_current(opportunity, version)
        opportunity.status = current.status
        opportunity.published_at = current.published_at
        opportunity.version = current.version
    opening = publish and opportunity.status == OpportunityStatus.DRAFT
    if opening:
        opportunity.status = OpportunityStatus.OPEN
    opportunity.full_clean()
    opportunity.save()
    if form is not None:
        form.save_m2m()
    if opening:
        _tell_after_commit(opportunity)
    return opportunity


def _tell_after_commit(opportunity: Opportunity) -> None:
    # After the commit: the mails name a saved opportunity, with its services and partners.
    transaction.on_commit(lambda: tell_suited_enterprises(opportunity=opportunity))


@transaction.atomic
def change_opportunity_status(*, opportunity: Opportunity, status: str, by: User) -> Opportunity:
    """Move an opportunity along ``OPPORTUNITY_TRANSITIONS``, on the locked row."""
    current = lock_current(opportunity, None)
    if status not in OPPORTUNITY_TRANSITIONS.get(current.status, set()):
        raise ValidationError(
            _("An opportunity cannot move from “%(current)s” to “%(new)s”.")
            % {
                "current": current.get_status_display(),
                "new": OpportunityStatus(status).label
                if status in OpportunityStatus.values
                else status,
            }
        )
    opening = current.status == OpportunityStatus.DRAFT and status == OpportunityStatus.OPEN
    current.status = status
    current.full_clean()
    current.save()
    if opening:
        _tell_after_commit(current)
    opportunity.status, opportunity.published_at, opportunity.version = (
        current.status,
        current.published_at,
        current.version,
    )
    return opportunity


def check_may_apply(*, opportunity: Opportunity, enterprise: SocialEnterprise) -> None:
    """Refuse with the reason the enterprise would read: the opportunity is not open, the
    enterprise is not verified, or the law reserves the instrument for an active status."""
    if not opportunity.is_open:
        raise ValidationError(NOT_OPEN, code="not_open")
    if enterprise.verification != Verification.VERIFIED:
        raise ValidationError(NOT_VERIFIED % {"name": enterprise.name}, code="not_verified")
    if opportunity.status_required and enterprise.register_status != RegisterStatus.ACTIVE:
        raise ValidationError(STATUS_REQUIRED % {"name": enterprise.name}, code="status_required")


@transaction.atomic
def apply_for_opportunity(
    *, opportunity: Opportunity, enterprise: SocialEnterprise, by: User, application: Application
) -> Application:
    """Send an enterprise's application (or event registration).

    The opportunity's row is locked first, so two registrations for the last place of an
    event are counted one after the other and the second finds it taken; the unique
    constraint keeps an enterprise to one application however the requests interleave."""
    if not Representative.objects.approved().filter(user=by, enterprise=enterprise).exists():
        raise ValidationError(_("Only the enterprise's approved representatives may apply."))
    current = lock_current(opportunity, None)
    check_may_apply(opportunity=current, enterprise=enterprise)
    if Application.objects.filter(opportunity=current, enterprise=enterprise).exists():
        raise ValidationError(ALREADY_APPLIED % {"name": enterprise.name})
    application.opportunity = current
    application.enterprise = enterprise
    application.created_by = by
    application.status = ApplicationStatus.SUBMITTED
    if current.is_event:
        application.problem = application.solution = application.resources = ""
        if current.places is not None:
            taken = (
                current.applications.holding_places().aggregate(taken=Sum("places"))["taken"] or 0
            )
            free = max(current.places - taken, 0)
            if application.places > free:
                raise ValidationError(FULL % {"free": free, "asked": application.places})
    else:
        application.places = 1
        if not application.problem.strip() or not application.solution.strip():
            raise ValidationError(
                _("Say which problem you would solve and how: the municipality decides on it.")
            )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_APPLIED % {"name": enterprise.name}) from error
    recipients = list(officers_of(current.municipality_id).exclude(email=""))
    transaction.on_commit(
        lambda: notify(
            users=recipients,
            template="opportunities/emails/application_received",
            context={"application": application, "opportunity": current},
        )
    )
    return application


@transaction.atomic
def decide_application(
    *, application: Application, decision: str, by: User, reason: str = ""
) -> Application:
    """Shortlist, accept or decline an application. Declining needs a reason, which the
    enterprise reads. Accepting an application (not an event registration) starts a
    cooperation carrying the opportunity's instrument, agreed by both sides: the enterprise
    proposed its plan in the application, and the officer's acceptance is the agreement."""
    current = (
        Application.objects.select_for_update()
        .select_related("opportunity__instrument", "enterprise")
        .get(pk=application.pk)
    )
    new_status = DECISIONS.get(current.status, {}).get(decision)
    if new_status is None:
        raise ValidationError(
            _("This application is “%(status)s”: that decision is not possible now.")
            % {"status": current.get_status_display()}
        )
    reason = reason.strip()
    if new_status == ApplicationStatus.DECLINED and not reason:
        raise ValidationError(_("Say why the application is declined: the enterprise reads it."))
    current.status = new_status
    current.reason = reason
    current.decided_by = by
    current.decided_at = timezone.now()
    if new_status == ApplicationStatus.ACCEPTED and not current.opportunity.is_event:
        current.cooperation = _start_cooperation(current, by=by)
    current.full_clean()
    current.save()
    if new_status != ApplicationStatus.SHORTLISTED:
        recipients = list(
            User.objects.filter(
                representatives__enterprise=current.enterprise_id,
                representatives__status=MembershipStatus.APPROVED,
            ).exclude(email="")
        )
        transaction.on_commit(
            lambda: notify(
                users=recipients,
                template="opportunities/emails/application_decided",
                context={"application": current, "opportunity": current.opportunity},
            )
        )
    application.status, application.reason, application.cooperation = (
        current.status,
        current.reason,
        current.cooperation,
    )
    return current


def _start_cooperation(application: Application, *, by: User) -> Cooperation:
    opportunity = application.opportunity
    cooperation = Cooperation(
        municipality_id=opportunity.municipality_id,
        enterprise=application.enterprise,
        title=opportunity.title_lv,
        problem=application.problem,
        solution=application.solution,
        resources=application.resources,
    )
    # The mails of each step are left out: the enterprise hears of the acceptance, with the
    # link to the cooperation, in one mail.
    propose(cooperation=cooperation, side=Side.ENTERPRISE, by=application.created_by, tell=False)
    cooperation.instruments.add(opportunity.instrument)
    take_step(cooperation=cooperation, action="agree", side=Side.MUNICIPALITY, by=by, tell=False)
    return cooperation


# Emails about new opportunities, within the same preferences as matches: nobody who chose
# "never" hears of them, and an enterprise hears of at most NOTICES_PER_WEEK a week.
NOTICES_PER_OPPORTUNITY = 20
NOTICES_PER_WEEK = 3


def suited_enterprises(opportunity: Opportunity):
    """Verified enterprises an opportunity clearly suits: it is offered where they work,
    they may apply, and they offer a service it favours (if it favours any). Those based
    in an offering municipality come first."""
    places = [opportunity.municipality_id, *opportunity.partners.values_list("pk", flat=True)]
    enterprises = SocialEnterprise.objects.verified().filter(
        Exists(PlaceServed.objects.filter(enterprise=OuterRef("pk"), municipality__in=places))
    )
    if opportunity.status_required:
        enterprises = enterprises.filter(register_status=RegisterStatus.ACTIVE)
    categories = list(opportunity.categories.values_list("pk", flat=True))
    if categories:
        enterprises = enterprises.filter(
            Exists(
                CategoryOffered.objects.filter(enterprise=OuterRef("pk"), category__in=categories)
            )
        )
    return enterprises.annotate(
        is_local=Case(When(home_municipality__in=places, then=0), default=1)
    ).order_by("is_local", "pk")


def _told_this_week(now: datetime.datetime) -> dict[int, int]:
    return dict(
        OpportunityNotice.objects.filter(sent_at__gte=now - datetime.timedelta(days=7))
        .values("enterprise")
        .annotate(count=Count("pk"))
        .values_list("enterprise", "count")
    )


def tell_suited_enterprises(*, opportunity: Opportunity, now=None) -> int:
    """Email the representatives of the enterprises a newly opened opportunity suits (at
    once, to those who want matches at once). Returns how many enterprises were told."""
    now = now or timezone.now()
    told_this_week = _told_this_week(now)
    already = set(
        OpportunityNotice.objects.filter(opportunity=opportunity).values_list(
            "enterprise", flat=True
        )
    )
    told = 0
    for enterprise in suited_enterprises(opportunity).iterator():
        if told >= NOTICES_PER_OPPORTUNITY:
            break
        if enterprise.pk in already or told_this_week.get(enterprise.pk, 0) >= NOTICES_PER_WEEK:
            continue
        people = list(
            User.objects.filter(
                representatives__enterprise=enterprise,
                representatives__status=MembershipStatus.APPROVED,
                is_active=True,
                match_emails=MatchEmails.IMMEDIATE,
            ).exclude(email="")
        )
        if not people:
            continue
        try:
            with transaction.atomic():
                OpportunityNotice.objects.create(
                    opportunity=opportunity, enterprise=enterprise, sent_at=now
                )
        except IntegrityError:  # another run told them
            continue
        notify(
            users=people,
            template="opportunities/emails/opportunity_published",
            context={"opportunity": opportunity, "enterprise": enterprise},
        )
        told += 1
    return told


def claim_opportunities_for_digest(
    *, since: dict[int, datetime.datetime], now: datetime.datetime
) -> dict[int, list[Opportunity]]:
    """For the daily and weekly digests: per enterprise (id → start of its people's digest
    period), the open opportunities published since then that ``suited_enterprises`` finds
    for it and it has not been told about, within the caps of the at-once email. Each is
    recorded as an ``OpportunityNotice`` in the caller's transaction, so neither path tells
    the enterprise twice; the caller deletes the notices of mail that could not be sent."""
    if not since:
        return {}
    told_this_week = _told_this_week(now)
    claimed: dict[int, list[Opportunity]] = defaultdict(list)
    opportunities = (
        Opportunity.objects.open(timezone.localdate(now))
        .filter(published_at__gt=min(since.values()), published_at__lte=now)
        .select_related("municipality")
        .order_by("published_at", "pk")
    )
    for opportunity in opportunities:
        notices = set(
            OpportunityNotice.objects.filter(opportunity=opportunity).values_list(
                "enterprise", flat=True
            )
        )
        told = len(notices)
        for enterprise_id in (
            suited_enterprises(opportunity).filter(pk__in=since).values_list("pk", flat=True)
        ):
            if told >= NOTICES_PER_OPPORTUNITY:
                break
            if (
                enterprise_id in notices
                or opportunity.published_at <= since[enterprise_id]
                or told_this_week.get(enterprise_id, 0) >= NOTICES_PER_WEEK
            ):
                continue
            try:
                with transaction.atomic():
                    OpportunityNotice.objects.create(
                        opportunity=opportunity, enterprise_id=enterprise_id, sent_at=now
                    )
            except IntegrityError:  # the at-once email or another run told them
                continue
            told += 1
            told_this_week[enterprise_id] = told_this_week.get(enterprise_id, 0) + 1
            claimed[enterprise_id].append(opportunity)
    return claimed


def close_expired_opportunities(*, today: datetime.date | None = None) -> list[Opportunity]:
    """Close the open opportunities whose last day to apply has passed (the board already
    shows them as closed) and tell their officers what waits for a decision.

    Each closes in its own transaction, locked and checked again, so one an officer has
    just extended is left alone; running it twice closes nothing twice."""
    today = today or timezone.localdate()
    closed = []
    expired = Opportunity.objects.filter(status=OpportunityStatus.OPEN, closes_on__lt=today)
    for opportunity in expired.order_by("pk"):
        with transaction.atomic():
            current = lock_current(opportunity, None)
            if current.status != OpportunityStatus.OPEN or not (
                current.closes_on and current.closes_on < today
            ):
                continue
            current.status = OpportunityStatus.CLOSED
            current.save(update_fields=["status", "updated_at"])
            waiting = current.applications.filter(
                status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]
            ).count()
            recipients = list(officers_of(current.municipality_id).exclude(email=""))
            transaction.on_commit(
                lambda opportunity=current, waiting=waiting, recipients=recipients: notify(
                    users=recipients,
                    template="opportunities/emails/opportunity_closed",
                    context={"opportunity": opportunity, "waiting": waiting},
                )
            )
            closed.append(current)
    return closed
