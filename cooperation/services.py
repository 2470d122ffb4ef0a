"""A cooperation's life: proposed → in discussion → agreed → active (⇄ paused) → completed,
or declined, withdrawn or ended early. Each step is taken by the side allowed to take it,
with a comment, recorded with who and when, and emailed to the other side.

Every write locks the cooperation's row and reads it afresh first, so two people acting at
once (both pressing "agree", one editing the plan while the other starts the work) each see
the other's change instead of overwriting it."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import MembershipStatus, User
from enterprises.models import Verification
from municipalities.models import NeedStatus
from municipalities.services import start_work_on_need
from portal.notifications import notify
from portal.versioning import lock_current

from .models import (
    AGREED_STATUSES,
    Cooperation,
    CooperationEvent,
    CooperationMessage,
    CooperationStatus,
    Side,
)

S = CooperationStatus
BOTH = {Side.MUNICIPALITY, Side.ENTERPRISE}

NEED_NOT_OPEN = gettext_lazy(
    "This need is no longer open, so nobody can be invited to it or propose on it. "
    "Its status is “%(status)s”."
)
ALREADY_ONGOING = gettext_lazy(
    "%(enterprise)s already has a cooperation on this need that is not over. "
    "Continue it instead of starting another."
)


@dataclass(frozen=True)
class Step:
    """An action: from which statuses, by whom ("recipient"/"initiator" resolve per
    cooperation), and the status it leads to (None: decided by the action itself)."""

    from_statuses: frozenset
    by: str
    to: str | None
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    "discuss": Step(frozenset({S.PROPOSED}), "recipient", S.IN_DISCUSSION),
    # Each side agrees for itself; the cooperation is agreed when both have.
    "agree": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION}), "either", None),
    "start": Step(frozenset({S.AGREED}), "either", S.ACTIVE),
    "pause": Step(frozenset({S.ACTIVE}), "either", S.PAUSED),
    "resume": Step(frozenset({S.PAUSED}), "either", S.ACTIVE),
    # Ending early is final, so the other side deserves to know why.
    "end": Step(frozenset({S.ACTIVE, S.PAUSED}), "either", S.ENDED, needs_reason=True),
    "decline": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION}), "recipient", S.DECLINED),
    "withdraw": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION, S.AGREED}), "initiator", S.WITHDRAWN),
}

# The plan is the parties' to change until the work starts; a change after both agreed
# needs the other side's agreement again.
PLAN_EDITABLE = frozenset({S.PROPOSED, S.IN_DISCUSSION, S.AGREED})
PLAN_FIELDS = [
    "title",
    "problem",
    "solution",
    "communication",
    "resources",
    "planned_results",
    "sustainability",
    "planned_value_eur",
    "planned_jobs",
    "planned_people",
    "planned_end",
]
RESULT_FIELDS = ["people_involved", "jobs_created", "value_eur", "what_worked", "what_did_not"]


def other_side(side: str) -> str:
    return (BOTH - {side}).pop()


def _allowed_sides(step: Step, cooperation: Cooperation) -> set[str]:
    initiator = cooperation.initiated_by
    return {"recipient": {other_side(initiator)}, "initiator": {initiator}, "either": BOTH}[step.by]


def available_actions(cooperation: Cooperation, side: str | None) -> list[str]:
    """The actions this side may take now, for the buttons on the page."""
    if side is None:
        return []
    actions = [
        name
        for name, step in STEPS.items()
        if cooperation.status in step.from_statuses and side in _allowed_sides(step, cooperation)
    ]
    agreed_field = f"{side}_agreed_at"
    if "agree" in actions and getattr(cooperation, agreed_field):
        actions.remove("agree")
    return actions


def can_edit_plan(cooperation: Cooperation, side: str | None) -> bool:
    return side is not None and cooperation.status in PLAN_EDITABLE


def people_of(cooperation: Cooperation, side: str):
    """The approved people of one side, who hear of the cooperation by email."""
    if side == Side.MUNICIPALITY:
        return User.objects.filter(
            officers__municipality=cooperation.municipality_id,
            officers__status=MembershipStatus.APPROVED,
        ).exclude(email="")
    return User.objects.filter(
        representatives__enterprise=cooperation.enterprise_id,
        representatives__status=MembershipStatus.APPROVED,
    ).exclude(email="")


def _tell_other_side(cooperation: Cooperation, side: str, template: str, context: dict) -> None:
    recipients = people_of(cooperation, other_side(side))
    transaction.on_commit(
        lambda: notify(
            users=recipients, template=template, context={"cooperation": cooperation, **context}
        )
    )


def _lock(cooperation: Cooperation, version: int | None = None) -> None:
    """Lock the row and bring the caller's copy up to date with it."""
    lock_current(cooperation, version)
    cooperation.refresh_from_db()


def _record(cooperation, *, action, before, side, by, comment="", changes=()):
    return CooperationEvent.objects.create(
        cooperation=cooperation,
        action=action,
        from_status=before,
        to_status=cooperation.status,
        side=side,
        by=by,
        comment=comment,
        changes=list(changes),
    )


@transaction.atomic
def propose(
    *, cooperation: Cooperation, side: str, by: User | None, form=None, tell: bool = True
) -> Cooperation:
    """Start a cooperation: an enterprise proposes, or an officer invites.

    A cooperation on a need needs the need open, and at most one cooperation per need and
    enterprise is under way. The need's row is locked, so two proposals sent at once are
    checked one after the other; the database constraint backs this up."""
    _check_enterprise_may_speak(cooperation, side=side, by=by)
    if cooperation.need_id is not None:
        need = lock_current(cooperation.need, None)
        if need.status != NeedStatus.OPEN:
            raise ValidationError(NEED_NOT_OPEN % {"status": need.get_status_display()})
        if (
            Cooperation.objects.ongoing()
            .filter(need=need, enterprise=cooperation.enterprise_id)
            .exists()
        ):
            raise ValidationError(ALREADY_ONGOING % {"enterprise": cooperation.enterprise})
    cooperation.initiated_by = side
    cooperation.status = S.PROPOSED
    cooperation.created_by = by
    # Proposing a plan is agreeing to it: the other side's "agree" then settles it, and the
    # proposer is not offered to agree with itself (a change of the plan asks both again).
    setattr(cooperation, f"{side}_agreed_at", timezone.now())
    cooperation.full_clean()
    try:
        with transaction.atomic():
            cooperation.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_ONGOING % {"enterprise": cooperation.enterprise}) from error
    if form is not None:
        form.save_m2m()
    event = _record(cooperation, action="propose", before="", side=side, by=by)
    # ``tell=False``: the caller sends its own, fuller mail (an accepted application).
    if tell:
        _tell_other_side(cooperation, side, "emails/cooperation_changed", {"event": event})
    return cooperation


@transaction.atomic
def take_step(
    *,
    cooperation: Cooperation,
    action: str,
    side: str | None,
    by: User,
    comment: str = "",
    tell: bool = True,
) -> Cooperation:
    """Move the cooperation on, if this side may take this step from its current status."""
    _lock(cooperation)
    step = STEPS.get(action)
    if step is None or action not in available_actions(cooperation, side):
        raise ValidationError(
            _("This step is not possible now, or not for your side of the cooperation.")
        )
    if step.needs_reason and not comment.strip():
        raise ValidationError(_("Say why the cooperation ends early: the other side reads it."))
    before = cooperation.status
    if action == "agree":
        setattr(cooperation, f"{side}_agreed_at", timezone.now())
        both = cooperation.municipality_agreed_at and cooperation.enterprise_agreed_at
        cooperation.status = S.AGREED if both else S.IN_DISCUSSION
    else:
        cooperation.status = step.to
    cooperation.save()
    if cooperation.status in AGREED_STATUSES and cooperation.need_id is not None:
        start_work_on_need(need=cooperation.need)
    event = _record(cooperation, action=action, before=before, side=side, by=by, comment=comment)
    if tell:
        _tell_other_side(cooperation, side, "emails/cooperation_changed", {"event": event})
    return cooperation


@transaction.atomic
def edit_plan(
    *, cooperation: Cooperation, side: str | None, by: User, form, version: int | None
) -> Cooperation:
    """Change the plan. Whatever the other side agreed to before no longer holds: their
    agreement is cleared, and an agreed cooperation goes back to discussion with the
    editor's agreement to their own change. ``StaleEdit`` when someone saved it since."""
    current = lock_current(cooperation, version)
    if side is None or current.status not in PLAN_EDITABLE:
        raise ValidationError(
            _("The plan can be changed only until the cooperation starts, by its parties.")
        )
    changes = [name for name in form.changed_data if name != "version"]
    if not changes:
        return current
    edited = form.save(commit=False)
    before = current.status
    edited.status = before
    edited.municipality_agreed_at = current.municipality_agreed_at
    edited.enterprise_agreed_at = current.enterprise_agreed_at
    edited.version = current.version
    setattr(edited, f"{other_side(side)}_agreed_at", None)
    if before == S.AGREED:
        setattr(edited, f"{side}_agreed_at", timezone.now())
        edited.status = S.IN_DISCUSSION
    elif before == S.PROPOSED and side != current.initiated_by:
        edited.status = S.IN_DISCUSSION
    edited.full_clean()
    edited.save(
        update_fields=[
            *PLAN_FIELDS,
            "status",
            "municipality_agreed_at",
            "enterprise_agreed_at",
            "updated_at",
        ]
    )
    form.save_m2m()
    event = _record(edited, action="edit_plan", before=before, side=side, by=by, changes=changes)
    _tell_other_side(edited, side, "emails/cooperation_plan_changed", {"event": event})
    return edited


@transaction.atomic
def complete(*, cooperation: Cooperation, side: str | None, by: User, form) -> Cooperation:
    """Record the results of an active cooperation and close it. Either side may."""
    current = lock_current(cooperation, None)
    if current.status != S.ACTIVE or side is None:
        raise ValidationError(_("Only an active cooperation can be completed, by its parties."))
    cooperation = form.save(commit=False)
    cooperation.status = S.COMPLETED
    cooperation.completed_at = timezone.now()
    cooperation.version = current.version
    cooperation.full_clean()
    cooperation.save(update_fields=[*RESULT_FIELDS, "status", "completed_at", "updated_at"])
    event = _record(cooperation, action="complete", before=S.ACTIVE, side=side, by=by)
    _tell_other_side(cooperation, side, "emails/cooperation_changed", {"event": event})
    return cooperation


@transaction.atomic
def set_publication(
    *, cooperation: Cooperation, side: str | None, publish: bool, by: User | None = None
) -> Cooperation:
    """Each side agrees (or no longer agrees) to publish a completed cooperation as a story.
    Consent is news to the other side: it may be theirs to give now."""
    _lock(cooperation)
    if cooperation.status != S.COMPLETED or side is None:
        raise ValidationError(_("Only a completed cooperation can be published, by its parties."))
    field = f"{side}_publishes"
    if getattr(cooperation, field) == publish:
        return cooperation
    setattr(cooperation, field, publish)
    cooperation.save(update_fields=[field, "updated_at"])
    if publish:
        _tell_other_side(
            cooperation, side, "emails/cooperation_publication", {"side": side, "by": by}
        )
    return cooperation


@transaction.atomic
def _check_enterprise_may_speak(cooperation: Cooperation, *, side: str, by: User) -> None:
    """Only an enterprise a curator has verified starts a conversation or writes in one:
    anyone can register a name, and a municipality must know who it is talking to. On the
    enterprise's side, only an approved representative speaks for it: asking to join, or
    registering it, earns that only once a curator or a colleague approves."""
    if side == Side.ENTERPRISE and not (
        cooperation.enterprise.representatives.approved().filter(user=by.pk).exists()
    ):
        raise ValidationError(
            _(
                "Only an approved representative of %(name)s can propose cooperation or write "
                "messages for it. Your request to represent it is waiting for approval."
            )
            % {"name": cooperation.enterprise.name},
            code="not_approved",
        )
    if cooperation.enterprise.verification != Verification.VERIFIED:
        raise ValidationError(
            _(
                "%(name)s is not verified in Kopā, so it cannot propose cooperation or write "
                "messages yet. A curator checks new enterprises against the register first."
            )
            % {"name": cooperation.enterprise.name},
            code="not_verified",
        )


def post_message(*, cooperation: Cooperation, side: str | None, by: User, text: str):
    if side is None:
        raise ValidationError(_("Only the parties write in the cooperation's thread."))
    _check_enterprise_may_speak(cooperation, side=side, by=by)
    message = CooperationMessage.objects.create(
        cooperation=cooperation, side=side, author=by, text=text
    )
    _tell_other_side(cooperation, side, "emails/cooperation_message", {"message": message})
    return message
