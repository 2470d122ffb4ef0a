import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import MembershipStatus
from enterprises.models import SocialEnterprise
from municipalities.models import Municipality
from portal.pagination import paginate
from portal.permissions import get_object_with_perm
from portal.versioning import StaleEdit
from stats.models import Board
from stats.services import record_search_miss

from . import calendar
from .filters import OpportunityFilter
from .forms import ApplicationForm, DecisionForm, MonthForm, RegistrationForm, opportunity_form
from .models import (
    Application,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
)
from .services import (
    DECISIONS,
    OPPORTUNITY_TRANSITIONS,
    apply_for_opportunity,
    change_opportunity_status,
    check_may_apply,
    decide_application,
    save_opportunity,
)


def opportunity_list(request: HttpRequest) -> HttpResponse:
    filterset = OpportunityFilter(
        request.GET, queryset=Opportunity.objects.public(), request=request
    )
    opportunities = filterset.qs if filterset.is_valid() else Opportunity.objects.none()
    page = paginate(request, opportunities.for_listing())
    record_search_miss(
        request=request, board=Board.OPPORTUNITIES, filterset=filterset, found=page.paginator.count
    )
    template = "opportunities/opportunity_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page})


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An opportunity for everyone; a draft only for its municipality's officers."""
    opportunity = get_object_with_perm(
        request, Opportunity.objects.for_page(), "opportunities.view_opportunity", pk=pk
    )
    can_change = request.user.has_perm("opportunities.change_opportunity", opportunity)
    context = {
        "opportunity": opportunity,
        "can_change": can_change,
        "next_statuses": [OpportunityStatus(s) for s in OPPORTUNITY_TRANSITIONS[opportunity.status]]
        if can_change
        else [],
        "places_taken": opportunity.places_taken()
        if opportunity.is_event and opportunity.places
        else None,
        "my_enterprises": _my_enterprises(request, opportunity),
    }
    return render(request, "opportunities/opportunity_detail.html", context)


def _my_enterprises(request: HttpRequest, opportunity: Opportunity) -> list[dict]:
    """The enterprises the user represents, each with its application or why it may not
    apply, so the page says plainly what they can do."""
    if not request.user.is_authenticated:
        return []
    enterprises = _represented_by(request.user).order_by("sort_name", "pk")
    applied = {
        application.enterprise_id: application
        for application in opportunity.applications.filter(enterprise__in=enterprises)
    }
    rows = []
    for enterprise in enterprises:
        refusal = None
        if enterprise.pk not in applied:
            try:
                check_may_apply(opportunity=opportunity, enterprise=enterprise)
            except ValidationError as error:
                refusal = " ".join(error.messages)
        rows.append(
            {
                "enterprise": enterprise,
                "application": applied.get(enterprise.pk),
                "refusal": refusal,
            }
        )
    return rows


def _represented_by(user):
    return SocialEnterprise.objects.filter(
        representatives__user=user, representatives__status=MembershipStatus.APPROVED
    )


# Self-service for municipal officers.


@login_required
def opportunity_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_with_perm(
        request, Municipality.objects.all(), "opportunities.add_opportunity", slug=slug
    )
    kind = request.GET.get("kind", "")
    if kind not in OpportunityKind.values:
        # First the kind: each has its own facts to fill in.
        return render(
            request,
            "opportunities/opportunity_kind.html",
            {"municipality": municipality, "kinds": OpportunityKind.choices},
        )
    return _opportunity_form(request, Opportunity(municipality=municipality, kind=kind))


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_with_perm(
        request,
        Opportunity.objects.select_related("municipality", "instrument"),
        "opportunities.change_opportunity",
        pk=pk,
    )
    return _opportunity_form(request, opportunity)


def _opportunity_form(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    publish = "publish" in request.POST
    publishing = publish and opportunity.status == OpportunityStatus.DRAFT
    form_class = opportunity_form(opportunity.kind)
    form = form_class(request.POST or None, instance=opportunity, publish=publish)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = save_opportunity(
                opportunity=form.save(commit=False),
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
                messages.success(
                    request, _("The opportunity is published: it is on the opportunities board.")
                )
            else:
                messages.success(request, _("The opportunity is saved."))
            return redirect(opportunity)
    context = {
        "form": form,
        "municipality": opportunity.municipality,
        "opportunity": opportunity if opportunity.pk else None,
        "kind_label": OpportunityKind(opportunity.kind).label,
        "current": current,
    }
    return render(
        request, "opportunities/opportunity_form.html", context, status=409 if current else 200
    )


@login_required
@require_POST
def opportunity_transition(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_object_with_perm(
        request, Opportunity.objects.all(), "opportunities.change_opportunity", pk=pk
    )
    try:
        change_opportunity_status(
            opportunity=opportunity, status=request.POST.get("status", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The opportunity is now “%(status)s”.")
            % {"status": opportunity.get_status_display()},
        )
    return redirect(opportunity)


@login_required
def application_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Who applied, with their proposals and profiles: for the managing municipality's
    officers (and administrators) only."""
    opportunity = get_object_with_perm(
        request,
        Opportunity.objects.select_related("municipality"),
        "opportunities.view_applications",
        pk=pk,
    )
    applications = opportunity.applications.for_officer()
    context = {
        "opportunity": opportunity,
        "applications": applications,
        "decisions": DECISIONS,
        # Who applied after the municipality invited them from a shortlist.
        "invited": set(opportunity.invitations.values_list("enterprise_id", flat=True)),
    }
    return render(request, "opportunities/application_list.html", context)


@login_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_with_perm(
        request,
        Application.objects.select_related("opportunity__municipality"),
        "opportunities.change_application",
        pk=pk,
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        try:
            decide_application(
                application=application,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(enterprise)s: “%(status)s”.")
                % {
                    "enterprise": application.enterprise.name,
                    "status": application.get_status_display(),
                },
            )
    return redirect("opportunities:application-list", pk=application.opportunity_id)


# Applying, for enterprises' representatives.


@login_required
def application_create(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    opportunity = get_object_with_perm(
        request,
        Opportunity.objects.select_related("municipality", "instrument"),
        "opportunities.view_opportunity",
        pk=pk,
    )
    # Not a permission a superuser holds anyway: an application speaks for the enterprise,
    # so only its own approved representatives find it here.
    enterprise = get_object_or_404(_represented_by(request.user), slug=slug)
    if opportunity.status == OpportunityStatus.DRAFT:
        raise Http404
    form_class = RegistrationForm if opportunity.is_event else ApplicationForm
    form = form_class(request.POST or None)
    refusal = None
    try:
        check_may_apply(opportunity=opportunity, enterprise=enterprise)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            apply_for_opportunity(
                opportunity=opportunity,
                enterprise=enterprise,
                by=request.user,
                application=form.save(commit=False),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if opportunity.is_event:
                messages.success(request, _("You are registered. The organisers will confirm it."))
            else:
                messages.success(
                    request, _("Your application is sent. The municipality will reply by email.")
                )
            return redirect(opportunity)
    context = {
        "opportunity": opportunity,
        "enterprise": enterprise,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "opportunities/application_form.html", context)


# The calendar of events and closing dates, and its iCalendar feeds.


def calendar_month(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET)
    today = timezone.localdate()
    month = form.cleaned_data.get("month") if form.is_valid() else None
    month = (month or today).replace(day=1)
    municipality = form.cleaned_data.get("municipality") if form.is_valid() else None
    opportunities = Opportunity.objects.all()
    if municipality is not None:
        opportunities = opportunities.offered_by(municipality)
    last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    found = calendar.entries(opportunities, month, last)
    context = {
        "month": month,
        "weeks": calendar.month_weeks(month.year, month.month, found),
        "entries": found,
        "previous": (month - datetime.timedelta(days=1)).replace(day=1),
        "next": last + datetime.timedelta(days=1),
        "municipality": municipality,
        "today": today,
    }
    return render(request, "opportunities/calendar.html", context)


def calendar_feed(request: HttpRequest) -> HttpResponse:
    return _feed(Opportunity.objects.all(), _("Kopā: opportunities from municipalities"))


def municipality_calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    return _feed(
        Opportunity.objects.offered_by(municipality),
        _("Kopā: opportunities from %(municipality)s") % {"municipality": municipality.name},
    )


def _feed(queryset, name: str) -> HttpResponse:
    response = HttpResponse(
        calendar.ical_feed(queryset, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="kopa.ics"'
    return response
