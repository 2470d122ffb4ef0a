"""A cooperation's life: proposed → in discussion → agreed → active → completed, or declined
or withdrawn. Each step is taken by the side allowed to take it, with a comment, recorded
with who and when, and emailed to the other side."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MembershipStatus, User
from portal.notifications import notify

from .models import Cooperation, CooperationEvent, CooperationMessage, CooperationStatus, Side

S = CooperationStatus
BOTH = {Side.MUNICIPALITY, Side.ENTERPRISE}


@dataclass(frozen=True)
class Step:
    """An action: from which statuses, by whom ("recipient"/"initiator" resolve per
    cooperation), and the status it leads to (None: decided by the action itself)."""

    from_statuses: frozenset
    by: str
    to: str | None


STEPS: dict[str, Step] = {
    "discuss": Step(frozenset({S.PROPOSED}), "recipient", S.IN_DISCUSSION),
    # Each side agrees for itself; the cooperation is agreed when both have.
    "agree": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION}), "either", None),
    "start": Step(frozenset({S.AGREED}), "either", S.ACTIVE),
    "decline": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION}), "recipient", S.DECLINED),
    "withdraw": Step(frozenset({S.PROPOSED, S.IN_DISCUSSION, S.AGREED}), "initiator", S.WITHDRAWN),
}


def _allowed_sides(step: Step, cooperation: Cooperation) -> set[str]:
    initiator = cooperation.initiated_by
    recipient = (BOTH - {initiator}).pop()
    return {"recipient": {recipient}, "initiator": {initiator}, "either": BOTH}[step.by]


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


def _people_of(cooperation: Cooperation, side: str):
    if side == Side.MUNICIPALITY:
        return User.objects.filter(
            officers__municipality=cooperation.municipality,
            officers__status=MembershipStatus.APPROVED,
        )
    return User.objects.filter(
        representatives__enterprise=cooperation.enterprise,
        representatives__status=MembershipStatus.APPROVED,
    )


def _tell_other_side(cooperation: Cooperation, side: str, event: CooperationEvent) -> None:
    other = (BOTH - {side}).pop()
    transaction.on_commit(
        lambda: notify(
            users=_people_of(cooperation, other),
            template="emails/cooperation_changed",
            context={"cooperation": cooperation, "event": event},
        )
    )


@transaction.atomic
def propose(*, cooperation: Cooperation, side: str, by: User, form=None) -> Cooperation:
    """Start a cooperation: an enterprise proposes, or an officer invites."""
    cooperation.initiated_by = side
    cooperation.status = S.PROPOSED
    cooperation.created_by = by
    cooperation.full_clean()
    cooperation.save()
    if form is not None:
        form.save_m2m()
    event = CooperationEvent.objects.create(
        cooperation=cooperation, action="propose", to_status=S.PROPOSED, side=side, by=by
    )
    _tell_other_side(cooperation, side, event)
    return cooperation


@transaction.atomic
def take_step(
    *, cooperation: Cooperation, action: str, side: str | None, by: User, comment: str = ""
) -> Cooperation:
    """Move the cooperation on, if this side may take this step from its current status."""
    step = STEPS.get(action)
    if step is None or action not in available_actions(cooperation, side):
        raise ValidationError(
            _("This step is not possible now, or not for your side of the cooperation.")
        )
    before = cooperation.status
    now = timezone.now()
    if action == "agree":
        setattr(cooperation, f"{side}_agreed_at", now)
        both = cooperation.municipality_agreed_at and cooperation.enterprise_agreed_at
        cooperation.status = S.AGREED if both else S.IN_DISCUSSION
    else:
        cooperation.status = step.to
    cooperation.save()
    event = CooperationEvent.objects.create(
        cooperation=cooperation,
        action=action,
        from_status=before,
        to_status=cooperation.status,
        side=side,
        by=by,
        comment=comment,
    )
    _tell_other_side(cooperation, side, event)
    return cooperation


@transaction.atomic
def complete(*, cooperation: Cooperation, side: str | None, by: User, form) -> Cooperation:
    """Record the results of an active cooperation and close it. Either side may."""
    if cooperation.status != S.ACTIVE or side is None:
        raise ValidationError(_("Only an active cooperation can be completed, by its parties."))
    cooperation = form.save(commit=False)
    cooperation.status = S.COMPLETED
    cooperation.completed_at = timezone.now()
    cooperation.full_clean()
    cooperation.save()
    event = CooperationEvent.objects.create(
        cooperation=cooperation,
        action="complete",
        from_status=S.ACTIVE,
        to_status=S.COMPLETED,
        side=side,
        by=by,
    )
    _tell_other_side(cooperation, side, event)
    return cooperation


@transaction.atomic
def set_publication(*, cooperation: Cooperation, side: str | None, publish: bool) -> Cooperation:
    """Each side agrees (or no longer agrees) to publish a completed cooperation as a story."""
    if cooperation.status != S.COMPLETED or side is None:
        raise ValidationError(_("Only a completed cooperation can be published, by its parties."))
    setattr(cooperation, f"{side}_publishes", publish)
    cooperation.save()
    return cooperation


@transaction.atomic
def post_message(*, cooperation: Cooperation, side: str | None, by: User, text: str):
    if side is None:
        raise ValidationError(_("Only the parties write in the cooperation's thread."))
    message = CooperationMessage.objects.create(
        cooperation=cooperation, side=side, author=by, text=text
    )
    transaction.on_commit(
        lambda: notify(
            users=_people_of(cooperation, (BOTH - {side}).pop()),
            template="emails/cooperation_message",
            context={"cooperation": cooperation, "message": message},
        )
    )
    return message
