from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matching.reasons import Vocabulary
from portal.pagination import paginate
from portal.permissions import get_object_with_perm
from portal.versioning import StaleEdit
from stats.models import Board
from stats.services import record_profile_view, record_search_miss

from .filters import EnterpriseFilter
from .forms import (
    EnterpriseProfileForm,
    EnterpriseRegistrationForm,
    JoinEnterpriseForm,
    OfferingForm,
    RepresentativeEvidenceForm,
)
from .models import Offering, Representative, SocialEnterprise
from .services import (
    decide_representative,
    pending_change_of,
    register_enterprise,
    request_to_represent,
    save_offering,
    save_profile,
    set_offering_active,
)

RELEVANT_NEEDS = 5


def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(
        request.GET, queryset=SocialEnterprise.objects.verified(), request=request
    )
    enterprises = filterset.qs if filterset.is_valid() else SocialEnterprise.objects.none()
    page = paginate(
        request, enterprises.for_listing(), count_with_page=filterset.ranks_by_relevance
    )
    suggestion = filterset.suggestion() if not page.paginator.count else None
    record_search_miss(
        request=request, board=Board.DIRECTORY, filterset=filterset, found=page.paginator.count
    )
    template = "enterprises/enterprise_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page, "suggestion": suggestion})


def enterprise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    enterprise = get_object_or_404(SocialEnterprise.objects.verified().for_profile(), slug=slug)
    record_profile_view(request=request, enterprise=enterprise)
    return render(request, "enterprises/enterprise_detail.html", {"enterprise": enterprise})


# Self-service for representatives, under "My account".


@login_required
def enterprise_register(request: HttpRequest) -> HttpResponse:
    form = EnterpriseRegistrationForm(request.POST or None)
    evidence_form = RepresentativeEvidenceForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), evidence_form.is_valid()]):
        enterprise = register_enterprise(
            enterprise=form.save(commit=False),
            by=request.user,
            form=form,
            evidence=evidence_form.evidence,
        )
        messages.success(
            request,
            _(
                "The enterprise is registered. An administrator checks it and you; it appears "
                "in the directory once verified. Meanwhile you can prepare its profile and "
                "offerings."
            ),
        )
        return redirect("enterprises:enterprise-manage", slug=enterprise.slug)
    return render(
        request,
        "enterprises/enterprise_register.html",
        {"form": form, "evidence_form": evidence_form},
    )


@login_required
def enterprise_join(request: HttpRequest) -> HttpResponse:
    form = JoinEnterpriseForm(request.POST or None)
    evidence_form = RepresentativeEvidenceForm(request.POST or None)
    if request.method == "POST" and all([form.is_valid(), evidence_form.is_valid()]):
        enterprise = form.cleaned_data["registration_number"]
        try:
            request_to_represent(
                enterprise=enterprise, by=request.user, evidence=evidence_form.evidence
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent to the enterprise's representatives.")
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "enterprises/enterprise_join.html",
        {"form": form, "evidence_form": evidence_form},
    )


@login_required
def enterprise_manage(request: HttpRequest, slug: str) -> HttpResponse:
    enterprise = get_object_with_perm(
        request,
        SocialEnterprise.objects.select_related("home_municipality"),
        "enterprises.change_socialenterprise",
        slug=slug,
    )
    missing = enterprise.missing_profile_items()
    speaks = request.user.has_perm("enterprises.speak_for_socialenterprise", enterprise)
    own_request = enterprise.representatives.pending().filter(user=request.user.pk).first()
    context = {
        "enterprise": enterprise,
        "missing": missing,
        "completeness": enterprise.profile_completeness(missing),
        "offerings": enterprise.offerings.select_related("category").order_by(
            "-is_active", "title"
        ),
        "speaks": speaks,
        "own_request": own_request,
        "pending_change": pending_change_of(enterprise),
        # Who else asks to join is for those who decide, not for another applicant.
        "pending_representatives": (
            enterprise.representatives.pending().select_related("user")
            if request.user.has_perm("enterprises.manage_representatives", enterprise)
            else []
        ),
        "top_matches": (
            enterprise.matches.open_needs().ranked().for_enterprise_page()[:RELEVANT_NEEDS]
            if speaks
            else []
        ),
        "vocabulary": Vocabulary.load(),
    }
    return render(request, "enterprises/enterprise_manage.html", context)


@login_required
def enterprise_edit(request: HttpRequest, slug: str) -> HttpResponse:
    enterprise = get_object_with_perm(
        request, SocialEnterprise.objects.all(), "enterprises.change_socialenterprise", slug=slug
    )
    pending_change = pending_change_of(enterprise)
    # The form shows what the enterprise asked for, not the public value it replaces.
    initial = pending_change.proposed_values() if pending_change else None
    form = EnterpriseProfileForm(request.POST or None, instance=enterprise, initial=initial)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_profile(form=form, version=form.read_version, by=request.user)
        except StaleEdit as error:
            form.show_conflict(error)
            conflict = True
        else:
            if pending_change_of(saved):
                messages.success(
                    request,
                    _(
                        "The profile is saved. The new name or staff figures wait for an "
                        "administrator's review; until then the public sees the verified ones."
                    ),
                )
            else:
                messages.success(request, _("The profile is saved."))
            return redirect("enterprises:enterprise-manage", slug=enterprise.slug)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "enterprise": enterprise, "pending_change": pending_change},
        status=409 if conflict else 200,
    )


@login_required
def offering_create(request: HttpRequest, slug: str) -> HttpResponse:
    enterprise = get_object_with_perm(
        request, SocialEnterprise.objects.all(), "enterprises.add_offering", slug=slug
    )
    form = OfferingForm(request.POST or None, instance=Offering(enterprise=enterprise))
    if request.method == "POST" and form.is_valid():
        save_offering(form=form)
        messages.success(request, _("The offering is added."))
        return redirect("enterprises:enterprise-manage", slug=enterprise.slug)
    return render(
        request, "enterprises/offering_form.html", {"form": form, "enterprise": enterprise}
    )


@login_required
def offering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_with_perm(
        request,
        Offering.objects.select_related("enterprise"),
        "enterprises.change_offering",
        pk=pk,
    )
    form = OfferingForm(request.POST or None, instance=offering)
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            save_offering(form=form, version=form.read_version)
        except StaleEdit as error:
            form.show_conflict(error)
            conflict = True
        else:
            messages.success(request, _("The offering is saved."))
            return redirect("enterprises:enterprise-manage", slug=offering.enterprise.slug)
    return render(
        request,
        "enterprises/offering_form.html",
        {"form": form, "enterprise": offering.enterprise, "offering": offering},
        status=409 if conflict else 200,
    )


@login_required
@require_POST
def offering_retire(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_with_perm(
        request,
        Offering.objects.select_related("enterprise"),
        "enterprises.change_offering",
        pk=pk,
    )
    active = request.POST.get("active") == "1"
    set_offering_active(offering=offering, active=active)
    if active:
        messages.success(request, _("The offering is shown again."))
    else:
        messages.success(request, _("The offering is retired and no longer shown."))
    return redirect("enterprises:enterprise-manage", slug=offering.enterprise.slug)


@login_required
@require_POST
def representative_decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Representative.objects.pending().select_related("enterprise", "user"), pk=pk
    )
    if not request.user.has_perm("enterprises.manage_representatives", membership.enterprise):
        raise Http404
    approve = request.POST.get("decision") == "approve"
    decide_representative(membership=membership, approve=approve, by=request.user)
    messages.success(request, _("Your decision is saved and the person is told by email."))
    return redirect("enterprises:enterprise-manage", slug=membership.enterprise.slug)
