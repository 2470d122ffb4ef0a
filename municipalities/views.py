from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import MembershipStatus
from cooperation.models import Cooperation
from enterprises.models import SocialEnterprise
from matching.reasons import Vocabulary
from matching.services import mark_viewed
from portal.pagination import paginate
from portal.permissions import get_object_with_perm
from portal.versioning import StaleEdit
from stats.models import Board
from stats.services import record_search_miss

from .filters import MunicipalityFilter, NeedFilter
from .forms import MunicipalityForm, NeedForm, OfficerRequestForm, SupportFormSet
from .models import Municipality, MunicipalitySupport, Need, NeedStatus, PlanningRegion
from .services import NEED_TRANSITIONS, change_need_status, request_officer_role, save_need

PREVIEW_SIZE = 10
TOP_MATCHES = 5
FINISHED_NEEDS = 10


def municipality_list(request: HttpRequest) -> HttpResponse:
    filterset = MunicipalityFilter(
        request.GET, queryset=Municipality.objects.current(), request=request
    )
    municipalities = filterset.qs if filterset.is_valid() else Municipality.objects.none()
    regions = PlanningRegion.objects.order_by("position", "pk").prefetch_related(
        Prefetch(
            "municipalities",
            queryset=municipalities.with_open_need_count().order_by("sort_name", "pk"),
            to_attr="current_municipalities",
        )
    )
    regions = [region for region in regions if region.current_municipalities]
    context = {
        "filter": filterset,
        "regions": regions,
        "count": sum(len(region.current_municipalities) for region in regions),
    }
    template = "municipalities/municipality_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(
        Municipality.objects.select_related("region").prefetch_related(
            Prefetch("support", queryset=MunicipalitySupport.objects.select_related("instrument"))
        ),
        slug=slug,
    )
    open_needs = Need.objects.open().filter(municipality=municipality)
    enterprises = SocialEnterprise.objects.verified().serving(municipality)
    context = {
        "municipality": municipality,
        "open_needs": open_needs.for_listing()[:PREVIEW_SIZE],
        "open_need_count": open_needs.count(),
        "enterprises": enterprises.for_listing().order_by("sort_name", "pk")[:PREVIEW_SIZE],
        "enterprise_count": enterprises.count(),
    }
    return render(request, "municipalities/municipality_detail.html", context)


def need_list(request: HttpRequest) -> HttpResponse:
    filterset = NeedFilter(request.GET, queryset=Need.objects.public(), request=request)
    needs = filterset.qs if filterset.is_valid() else Need.objects.none()
    page = paginate(request, needs.for_listing())
    suggestion = filterset.suggestion() if not page.paginator.count else None
    record_search_miss(
        request=request, board=Board.NEEDS, filterset=filterset, found=page.paginator.count
    )
    template = "municipalities/need_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page, "suggestion": suggestion})


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A need for everyone; a draft only for its municipality's officers."""
    need = get_object_with_perm(request, Need.objects.for_page(), "municipalities.view_need", pk=pk)
    can_change = request.user.has_perm("municipalities.change_need", need)
    signed_in = request.user.is_authenticated
    context = {
        "need": need,
        "can_change": can_change,
        "top_matches": need.matches.ranked().for_need_page()[:TOP_MATCHES],
        # A visitor represents no enterprise: no need to ask the database.
        "my_matches": need.matches.filter(
            enterprise__representatives__user=request.user.pk,
            enterprise__representatives__status=MembershipStatus.APPROVED,
        ).select_related("enterprise")
        if signed_in
        else [],
        "vocabulary": Vocabulary.load(),
        "my_enterprises": SocialEnterprise.objects.filter(
            representatives__user=request.user.pk,
            representatives__status=MembershipStatus.APPROVED,
        )
        if signed_in
        else [],
        "next_statuses": [NeedStatus(s) for s in NEED_TRANSITIONS[need.status]]
        if can_change
        else [],
    }
    context["cooperations"] = _cooperations_on(request, need)
    for match in context["my_matches"]:
        mark_viewed(match)
    return render(request, "municipalities/need_detail.html", context)


def _cooperations_on(request: HttpRequest, need: Need) -> list[tuple[Cooperation, str]]:
    """The need's cooperations the user may see, each with its link: the parties (and
    administrators) open the cooperation, everyone else its published story."""
    cooperations = (
        Cooperation.objects.visible_to(request.user)
        .filter(need=need)
        .select_related("enterprise")
        .order_by("-created_at", "-pk")
    )
    if request.user.is_staff:
        parties_of = {cooperation.pk for cooperation in cooperations}
    elif request.user.is_authenticated:
        parties_of = set(
            Cooperation.objects.involving(request.user)
            .filter(need=need)
            .values_list("pk", flat=True)
        )
    else:
        parties_of = set()
    return [
        (
            cooperation,
            cooperation.get_absolute_url()
            if cooperation.pk in parties_of
            else reverse("cooperation:story-detail", args=[cooperation.pk]),
        )
        for cooperation in cooperations
    ]


# Self-service for municipal officers, under "My account".


@login_required
def officer_request(request: HttpRequest) -> HttpResponse:
    form = OfficerRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            officer = request_officer_role(
                municipality=form.cleaned_data["municipality"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if officer.is_approved:
                messages.success(
                    request,
                    _("You can now act for %(municipality)s.")
                    % {"municipality": officer.municipality},
                )
                return redirect(
                    "municipalities:municipality-manage", slug=officer.municipality.slug
                )
            messages.success(
                request, _("Your request is sent. An administrator will confirm it by email.")
            )
            return redirect("accounts:dashboard")
    return render(request, "municipalities/officer_request.html", {"form": form})


@login_required
def municipality_manage(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_with_perm(
        request, Municipality.objects.all(), "municipalities.change_municipality", slug=slug
    )
    needs = municipality.needs.select_related("category")
    context = {
        "municipality": municipality,
        "drafts": needs.filter(status=NeedStatus.DRAFT).order_by("-created_at"),
        "open_longest": needs.filter(status=NeedStatus.OPEN).order_by("published_at"),
        "in_progress": needs.filter(status=NeedStatus.IN_PROGRESS).order_by("published_at"),
        "finished": needs.filter(status__in=[NeedStatus.FULFILLED, NeedStatus.CLOSED]).order_by(
            "-updated_at"
        )[:FINISHED_NEEDS],
    }
    return render(request, "municipalities/municipality_manage.html", context)


@login_required
def municipality_edit(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_with_perm(
        request, Municipality.objects.all(), "municipalities.change_municipality", slug=slug
    )
    form = MunicipalityForm(request.POST or None, instance=municipality)
    support = SupportFormSet(request.POST or None, instance=municipality)
    if request.method == "POST" and form.is_valid() and support.is_valid():
        with transaction.atomic():
            form.save()
            support.save()
        messages.success(request, _("The municipality's page is saved."))
        return redirect("municipalities:municipality-manage", slug=municipality.slug)
    return render(
        request,
        "municipalities/municipality_form.html",
        {"form": form, "support": support, "municipality": municipality},
    )


@login_required
def need_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_with_perm(
        request, Municipality.objects.all(), "municipalities.add_need", slug=slug
    )
    return _need_form(request, Need(municipality=municipality))


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_with_perm(
        request, Need.objects.select_related("municipality"), "municipalities.change_need", pk=pk
    )
    return _need_form(request, need)


def _need_form(request: HttpRequest, need: Need) -> HttpResponse:
    publish = "publish" in request.POST
    publishing = publish and need.status == NeedStatus.DRAFT
    form = NeedForm(request.POST or None, instance=need, publish=publish)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            need = save_need(
                need=form.save(commit=False),
                by=request.user,
                form=form,
                publish=publish,
                version=form.read_version,
            )
        except StaleEdit as conflict:
            form.show_conflict(conflict)
            current = conflict.current
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if publishing:
                messages.success(request, _("The need is published: it is on the needs board."))
            else:
                messages.success(request, _("The need is saved."))
            return redirect("municipalities:need-detail", pk=need.pk)
    context = {
        "form": form,
        "municipality": need.municipality,
        "need": need if need.pk else None,
        "current": current,
    }
    return render(request, "municipalities/need_form.html", context, status=409 if current else 200)


@login_required
@require_POST
def need_transition(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_with_perm(
        request, Need.objects.select_related("municipality"), "municipalities.change_need", pk=pk
    )
    try:
        change_need_status(need=need, status=request.POST.get("status", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The need is now “%(status)s”.") % {"status": need.get_status_display()}
        )
    return redirect("municipalities:need-detail", pk=need.pk)
