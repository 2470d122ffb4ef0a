from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import SocialEnterprise
from municipalities.models import Municipality, Need, NeedStatus
from municipalities.services import NEED_TRANSITIONS
from portal.pagination import paginate
from portal.permissions import get_object_with_perm
from portal.versioning import StaleEdit

from .forms import CooperationForm, MessageForm, ProposalTargetForm, ResultsForm, StepForm
from .models import Cooperation, CooperationKind, CooperationStatus, Instrument, Side
from .rules import side_of
from .services import (
    ALREADY_ONGOING,
    NEED_NOT_OPEN,
    available_actions,
    can_edit_plan,
    complete,
    edit_plan,
    other_side,
    people_of,
    post_message,
    propose,
    set_publication,
    take_step,
)


def cooperation_forms(request: HttpRequest) -> HttpResponse:
    """The guide to light and targeted cooperation, each instrument with who uses it."""
    instruments = Instrument.objects.all()
    kinds = [
        (kind, [instrument for instrument in instruments if instrument.kind == kind])
        for kind in CooperationKind
    ]
    return render(request, "cooperation/cooperation_forms.html", {"kinds": kinds})


# Cooperation records, for the parties (and administrators, who may read them).


@login_required
def cooperation_list(request: HttpRequest) -> HttpResponse:
    cooperations = Cooperation.objects.involving(request.user).select_related(
        "municipality", "enterprise"
    )
    return render(request, "cooperation/cooperation_list.html", {"cooperations": cooperations})


@login_required
def cooperation_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """A social enterprise proposes cooperation on an open need, or to a municipality."""
    enterprise = get_object_with_perm(
        request,
        SocialEnterprise.objects.all(),
        "enterprises.speak_for_socialenterprise",
        slug=slug,
    )
    target = ProposalTargetForm(request.GET)
    if not target.is_valid():
        raise Http404
    need = None
    if target.cleaned_data["need"] is not None:
        need = get_object_with_perm(
            request,
            Need.objects.select_related("municipality"),
            "municipalities.view_need",
            pk=target.cleaned_data["need"],
        )
        municipality = need.municipality
    else:
        municipality = get_object_or_404(
            Municipality.objects.current(), slug=target.cleaned_data["municipality"]
        )
    cooperation = Cooperation(
        enterprise=enterprise,
        municipality=municipality,
        need=need,
        title=need.title if need else "",
    )
    return _plan(request, cooperation, Side.ENTERPRISE)


@login_required
def cooperation_invite(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """An officer invites an enterprise to cooperate on the municipality's need."""
    need = get_object_with_perm(
        request, Need.objects.select_related("municipality"), "municipalities.change_need", pk=pk
    )
    enterprise = get_object_or_404(SocialEnterprise.objects.verified(), slug=slug)
    cooperation = Cooperation(
        enterprise=enterprise, municipality=need.municipality, need=need, title=need.title
    )
    return _plan(request, cooperation, Side.MUNICIPALITY)


def _refusal(cooperation: Cooperation) -> tuple[str, Cooperation | None] | None:
    """Why no proposal can start on this need now, and the cooperation to go to instead."""
    need = cooperation.need
    if need is None:
        return None
    if need.status != NeedStatus.OPEN:
        return NEED_NOT_OPEN % {"status": need.get_status_display()}, None
    ongoing = (
        Cooperation.objects.ongoing().filter(need=need, enterprise=cooperation.enterprise).first()
    )
    if ongoing is not None:
        return ALREADY_ONGOING % {"enterprise": cooperation.enterprise}, ongoing
    return None


def _plan(request: HttpRequest, cooperation: Cooperation, side: str) -> HttpResponse:
    refusal = _refusal(cooperation)
    if refusal is not None:
        message, ongoing = refusal
        messages.error(request, message)
        # Only a party may open the cooperation that is already under way.
        if ongoing is not None and side_of(request.user, ongoing) is not None:
            return redirect(ongoing)
        return redirect(cooperation.need)
    form = CooperationForm(request.POST or None, instance=cooperation)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimit.consume_or_429(request, action="cooperation_propose"):
            return refused
        try:
            propose(cooperation=form.save(commit=False), side=side, by=request.user, form=form)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _proposal_sent(cooperation, side))
            return redirect(cooperation)
    return render(
        request,
        "cooperation/cooperation_form.html",
        {
            "form": form,
            "cooperation": cooperation,
            "side": side,
            "reachable": people_of(cooperation, other_side(side)).exists(),
        },
    )


def _proposal_sent(cooperation: Cooperation, side: str) -> str:
    """Say "emailed" only when someone will be, and otherwise how to reach the other side."""
    if people_of(cooperation, other_side(side)).exists():
        return _("The proposal is sent. The other side is told by email.")
    if side == Side.MUNICIPALITY:
        name = cooperation.enterprise.name
        contacts = [cooperation.enterprise.public_email, cooperation.enterprise.public_phone]
        unrepresented = _(
            "The proposal is saved, but nobody represents %(name)s in Kopā yet, "
            "so nobody is emailed."
        )
    else:
        name = cooperation.municipality.name
        contacts = [
            cooperation.municipality.public_contact_email,
            cooperation.municipality.public_contact_phone,
        ]
        unrepresented = _(
            "The proposal is saved, but no officer acts for %(name)s in Kopā yet, "
            "so nobody is emailed."
        )
    text = unrepresented % {"name": name}
    contacts = [contact for contact in contacts if contact]
    if contacts:
        return (
            text
            + " "
            + _("Contact them directly: %(contacts)s.") % {"contacts": ", ".join(contacts)}
        )
    return text + " " + _("They have published no email or phone number.")


def _cooperation_for(request: HttpRequest, pk: int, perm: str) -> tuple[Cooperation, str | None]:
    """The cooperation and the user's side in it. Administrators may read any cooperation,
    but only the parties act in one."""
    cooperation = get_object_with_perm(
        request,
        Cooperation.objects.select_related("municipality", "enterprise", "need"),
        perm,
        pk=pk,
    )
    side = side_of(request.user, cooperation)
    if side is None and perm != "cooperation.view_cooperation":
        raise Http404
    return cooperation, side


@login_required
def cooperation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.view_cooperation")
    need = cooperation.need
    context = {
        "cooperation": cooperation,
        "side": side,
        "actions": available_actions(cooperation, side),
        "can_edit_plan": can_edit_plan(cooperation, side),
        "events": cooperation.events.select_related("by"),
        "thread": cooperation.messages.select_related("author"),
        "message_form": MessageForm(),
        "instruments": cooperation.instruments.all(),
        "offerings": cooperation.offerings.all(),
        "final_event": cooperation.events.order_by("-at", "-pk").first()
        if cooperation.is_final
        else None,
        # Completing the work is the moment to say whether the need is met.
        "offer_fulfilment": side == Side.MUNICIPALITY
        and cooperation.status == CooperationStatus.COMPLETED
        and need is not None
        and NeedStatus.FULFILLED in NEED_TRANSITIONS[need.status],
        # Ended early, the need may be worth offering to other enterprises again.
        "offer_reopening": side == Side.MUNICIPALITY
        and cooperation.status == CooperationStatus.ENDED
        and need is not None
        and NeedStatus.OPEN in NEED_TRANSITIONS[need.status]
        and not need.deadline_has_passed,
        "reachable": side is not None and people_of(cooperation, other_side(side)).exists(),
        # Past its planned end, the parties may say how it went before anyone completes it.
        "survey_open": side is not None
        and cooperation.status != CooperationStatus.COMPLETED
        and cooperation.is_surveyable(timezone.localdate()),
    }
    return render(request, "cooperation/cooperation_detail.html", context)


@login_required
def cooperation_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """Either side changes the plan until the work starts."""
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    if not can_edit_plan(cooperation, side):
        messages.error(
            request, _("The plan can be changed only until the cooperation starts, by its parties.")
        )
        return redirect(cooperation)
    form = CooperationForm(request.POST or None, instance=cooperation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            edit_plan(
                cooperation=cooperation,
                side=side,
                by=request.user,
                form=form,
                version=form.read_version,
            )
        except StaleEdit as error:
            form.show_conflict(error)
            conflict = error.current
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _plan_saved(cooperation, side))
            return redirect(cooperation)
    return render(
        request,
        "cooperation/cooperation_form.html",
        {"form": form, "cooperation": cooperation, "side": side, "editing": True},
        status=409 if conflict else 200,
    )


def _told(cooperation: Cooperation, side: str) -> str:
    if people_of(cooperation, other_side(side)).exists():
        return _("The other side is told by email.")
    return _("Nobody on the other side can be emailed yet: contact them directly.")


def _plan_saved(cooperation: Cooperation, side: str) -> str:
    if cooperation.status == CooperationStatus.IN_DISCUSSION and not getattr(
        cooperation, f"{other_side(side)}_agreed_at"
    ):
        return (
            _("The plan is changed; the other side has to agree to it again.")
            + " "
            + _told(cooperation, side)
        )
    return _("The plan is changed.") + " " + _told(cooperation, side)


@login_required
@require_POST
def cooperation_step(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    form = StepForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                _("This step is not possible now, or not for your side of the cooperation.")
            )
        take_step(
            cooperation=cooperation,
            action=form.cleaned_data["action"],
            side=side,
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved.") + " " + _told(cooperation, side))
    return redirect(cooperation)


@login_required
def cooperation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    if cooperation.status != CooperationStatus.ACTIVE:
        messages.error(request, _("Only an active cooperation can be completed, by its parties."))
        return redirect(cooperation)
    form = ResultsForm(request.POST or None, instance=cooperation)
    if request.method == "POST" and form.is_valid():
        try:
            complete(cooperation=cooperation, side=side, by=request.user, form=form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(cooperation)
        messages.success(request, _("The cooperation is completed and its results recorded."))
        return redirect(cooperation)
    return render(
        request, "cooperation/cooperation_complete.html", {"form": form, "cooperation": cooperation}
    )


@login_required
@require_POST
def cooperation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    try:
        set_publication(
            cooperation=cooperation,
            side=side,
            publish=request.POST.get("publish") == "1",
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your choice about publishing is saved."))
    return redirect(cooperation)


@login_required
@require_POST
def cooperation_message(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    form = MessageForm(request.POST)
    if form.is_valid():
        if refused := ratelimit.consume_or_429(request, action="cooperation_message"):
            return refused
        try:
            post_message(
                cooperation=cooperation, side=side, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(form.errors.get("text", [])))
    return redirect(f"{cooperation.get_absolute_url()}#thread")


# Success stories, for everyone.


def story_list(request: HttpRequest) -> HttpResponse:
    stories = (
        Cooperation.objects.stories()
        .select_related("municipality", "enterprise")
        .prefetch_related("instruments")
        .order_by("-completed_at", "-pk")
    )
    return render(request, "cooperation/story_list.html", {"page": paginate(request, stories)})


def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(
        Cooperation.objects.stories().select_related("municipality", "enterprise", "need"), pk=pk
    )
    return render(
        request,
        "cooperation/story_detail.html",
        {"story": story, "instruments": story.instruments.all()},
    )
