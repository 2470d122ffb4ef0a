from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import SocialEnterprise
from municipalities.models import Municipality, Need
from portal.pagination import paginate
from portal.permissions import get_object_with_perm

from .forms import CooperationForm, MessageForm, ProposalTargetForm, ResultsForm, StepForm
from .models import Cooperation, CooperationKind, CooperationStatus, Instrument, Side
from .rules import side_of
from .services import (
    available_actions,
    complete,
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
        request, SocialEnterprise.objects.all(), "enterprises.change_socialenterprise", slug=slug
    )
    target = ProposalTargetForm(request.GET)
    if not target.is_valid():
        raise Http404
    need = None
    if target.cleaned_data["need"] is not None:
        need = get_object_or_404(
            Need.objects.open().select_related("municipality"), pk=target.cleaned_data["need"]
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


def _plan(request: HttpRequest, cooperation: Cooperation, side: str) -> HttpResponse:
    form = CooperationForm(request.POST or None, instance=cooperation)
    if request.method == "POST" and form.is_valid():
        propose(cooperation=form.save(commit=False), side=side, by=request.user, form=form)
        messages.success(request, _("The proposal is sent. The other side is told by email."))
        return redirect(cooperation)
    return render(
        request,
        "cooperation/cooperation_form.html",
        {"form": form, "cooperation": cooperation, "side": side},
    )


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
    context = {
        "cooperation": cooperation,
        "side": side,
        "actions": available_actions(cooperation, side),
        "events": cooperation.events.select_related("by"),
        "thread": cooperation.messages.select_related("author"),
        "message_form": MessageForm(),
        "instruments": cooperation.instruments.all(),
        "offerings": cooperation.offerings.all(),
    }
    return render(request, "cooperation/cooperation_detail.html", context)


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
        messages.success(request, _("Saved. The other side is told by email."))
    return redirect(cooperation)


@login_required
def cooperation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation, side = _cooperation_for(request, pk, "cooperation.change_cooperation")
    if cooperation.status != CooperationStatus.ACTIVE:
        messages.error(request, _("Only an active cooperation can be completed, by its parties."))
        return redirect(cooperation)
    form = ResultsForm(request.POST or None, instance=cooperation)
    if request.method == "POST" and form.is_valid():
        complete(cooperation=cooperation, side=side, by=request.user, form=form)
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
            cooperation=cooperation, side=side, publish=request.POST.get("publish") == "1"
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
        post_message(
            cooperation=cooperation, side=side, by=request.user, text=form.cleaned_data["text"]
        )
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
