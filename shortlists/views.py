"""The officers' shortlists, under "My account". Every view fetches the list through
``get_object_with_perm``, so anyone but its municipality's officers (and curators) gets 404."""

import re

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import SocialEnterprise
from municipalities.models import Municipality
from portal.permissions import get_object_with_perm
from portal.spreadsheet import Writer

from .forms import (
    InvitationPlanForm,
    NeedChoiceForm,
    NoteForm,
    OpportunityChoiceForm,
    OpportunityInvitationForm,
    ShortlistForm,
)
from .models import Shortlist, ShortlistEntry
from .services import (
    add_to_shortlist,
    invitation_preview,
    invite_shortlist,
    invite_shortlist_to_opportunity,
    opportunity_invitation_preview,
    save_note,
)

CHANGE = "shortlists.change_shortlist"


def _verified_enterprise(slug: str) -> SocialEnterprise:
    """The public enterprise a form or link names, or 404 (also for text that is no slug,
    which PostgreSQL may refuse outright, e.g. a NUL byte)."""
    if not re.fullmatch(r"[-\w]+", slug):
        raise Http404
    return get_object_or_404(SocialEnterprise.objects.verified(), slug=slug)


def _shortlist(request: HttpRequest, pk: int, perm: str = CHANGE) -> Shortlist:
    return get_object_with_perm(
        request, Shortlist.objects.select_related("municipality"), perm, pk=pk
    )


def _municipality(request: HttpRequest, slug: str) -> Municipality:
    return get_object_with_perm(
        request, Municipality.objects.all(), "municipalities.change_municipality", slug=slug
    )


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def shortlist_list(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    shortlists = municipality.shortlists.with_counts()
    return render(
        request,
        "shortlists/shortlist_list.html",
        {"municipality": municipality, "shortlists": shortlists},
    )


@login_required
def shortlist_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A new list; from an enterprise's card or page (``?enterprise=``) with it on it."""
    municipality = _municipality(request, slug)
    enterprise = None
    if enterprise_slug := request.GET.get("enterprise"):
        enterprise = _verified_enterprise(enterprise_slug)
    form = ShortlistForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.instance.created_by = request.user
                shortlist = form.save()
                if enterprise is not None:
                    add_to_shortlist(shortlist=shortlist, enterprise=enterprise, by=request.user)
        except IntegrityError:
            # A colleague created a list of the same name a moment ago.
            form.add_error("name", Shortlist._meta.constraints[0].violation_error_message)
        else:
            messages.success(request, _("The list “%(name)s” is created.") % {"name": shortlist})
            return redirect(shortlist)
    return render(
        request,
        "shortlists/shortlist_form.html",
        {"form": form, "municipality": municipality, "enterprise": enterprise},
    )


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk, "shortlists.view_shortlist")
    entries = [
        (entry, NoteForm(instance=entry, prefix=f"entry-{entry.pk}"))
        for entry in shortlist.entries.for_page()
    ]
    return render(
        request,
        "shortlists/shortlist_detail.html",
        {"shortlist": shortlist, "municipality": shortlist.municipality, "entries": entries},
    )


@login_required
def shortlist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk)
    form = ShortlistForm(request.POST or None, instance=shortlist)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The list is saved."))
        return redirect(shortlist)
    return render(
        request,
        "shortlists/shortlist_form.html",
        {"form": form, "municipality": shortlist.municipality, "shortlist": shortlist},
    )


@login_required
def shortlist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _shortlist(request, pk)
    if request.method == "POST":
        shortlist.delete()
        messages.success(request, _("The list “%(name)s” is deleted.") % {"name": shortlist})
        return redirect("shortlists:shortlist-list", slug=shortlist.municipality.slug)
    return render(
        request,
        "shortlists/shortlist_confirm_delete.html",
        {"shortlist": shortlist, "municipality": shortlist.municipality},
    )


@login_required
@require_POST
def entry_add(request: HttpRequest) -> HttpResponse:
    """Add an enterprise to one of the officer's lists, from its card or page."""
    shortlist = _shortlist(request, _pk(request.POST.get("shortlist")))
    enterprise = _verified_enterprise(request.POST.get("enterprise", ""))
    _entry, created = add_to_shortlist(shortlist=shortlist, enterprise=enterprise, by=request.user)
    if created:
        text = _("%(enterprise)s is added to the list “%(list)s”.")
    else:
        text = _("%(enterprise)s is already on the list “%(list)s”.")
    text %= {"enterprise": enterprise.name, "list": shortlist.name}
    if request.htmx:
        return render(
            request,
            "shortlists/includes/added.html",
            {"text": text, "shortlist": shortlist, "enterprise": enterprise},
        )
    messages.success(request, text)
    return redirect(_safe_next(request, shortlist.get_absolute_url()))


def _pk(value) -> int:
    """A primary key from a form, or 0, which no row has (so the lookup answers 404)."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _entry(request: HttpRequest, pk: int, entry_pk: int) -> ShortlistEntry:
    shortlist = _shortlist(request, pk)
    entry = get_object_or_404(shortlist.entries.select_related("enterprise"), pk=entry_pk)
    entry.shortlist = shortlist
    return entry


@login_required
@require_POST
def entry_note(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = _entry(request, pk, entry_pk)
    form = NoteForm(request.POST, instance=entry, prefix=f"entry-{entry.pk}")
    if form.is_valid():
        save_note(entry=entry, note=form.cleaned_data["note"], by=request.user)
        text = _("The note on %(enterprise)s is saved.") % {"enterprise": entry.enterprise.name}
        if not request.htmx:
            messages.success(request, text)
            return redirect(f"{entry.shortlist.get_absolute_url()}#entry-{entry.pk}")
        return render(
            request,
            "shortlists/shortlist_detail.html#note",
            {"entry": entry, "form": form, "shortlist": entry.shortlist, "saved": text},
        )
    template = (
        "shortlists/shortlist_detail.html#note" if request.htmx else "shortlists/note_form.html"
    )
    return render(
        request,
        template,
        {
            "entry": entry,
            "form": form,
            "shortlist": entry.shortlist,
            "municipality": entry.shortlist.municipality,
        },
    )


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    entry = _entry(request, pk, entry_pk)
    entry.delete()
    messages.success(
        request,
        _("%(enterprise)s is removed from the list.") % {"enterprise": entry.enterprise.name},
    )
    return redirect(entry.shortlist)


@login_required
def shortlist_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as a spreadsheet: each enterprise as the public sees it, and the note."""
    shortlist = _shortlist(request, pk, "shortlists.view_shortlist")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="saraksts-{shortlist.pk}.csv"'
    # A byte-order mark, so a spreadsheet opens the Latvian letters as UTF-8.
    response.write("\ufeff")
    writer = Writer(response)
    writer.writerow(
        [
            capfirst(_("name")),
            _("Registration number"),
            _("Municipality"),
            _("Services"),
            _("Email"),
            _("Phone"),
            _("Website"),
            _("Verified in Kopā"),
            _("Note"),
        ]
    )
    for entry in shortlist.entries.for_page():
        enterprise = entry.enterprise
        public = entry.is_invitable
        # An enterprise no longer verified is not public: only what identifies it stays.
        writer.writerow(
            [
                enterprise.name,
                enterprise.registration_number,
                enterprise.home_municipality.name,
                "; ".join(entry.services) if public else "",
                enterprise.public_email if public else "",
                enterprise.public_phone if public else "",
                enterprise.website if public else "",
                _("yes") if public else _("no longer"),
                entry.note,
            ]
        )
    return response


@login_required
def shortlist_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the whole list to one of the municipality's open needs: choose the need, see
    who would be invited and who skipped, write the plan once, send."""
    shortlist = _shortlist(request, pk)
    choice = NeedChoiceForm(request.GET or None, municipality=shortlist.municipality)
    context = {"shortlist": shortlist, "municipality": shortlist.municipality, "choice": choice}
    if not choice.is_valid():
        return render(request, "shortlists/shortlist_invite.html", context)
    need = choice.cleaned_data["need"]
    initial = {
        "title": need.title,
        "problem": need.description[:2000],
        "instruments": list(need.instruments.values_list("pk", flat=True)),
    }
    form = InvitationPlanForm(request.POST or None, initial=initial)
    context.update(need=need, form=form)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes = invite_shortlist(
                shortlist=shortlist,
                need=need,
                plan=form.plan,
                instruments=form.cleaned_data["instruments"],
                by=request.user,
                may_send=lambda: ratelimit.consume(request, action="cooperation_propose"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            context["outcomes"] = outcomes
            context["invited"] = [outcome for outcome in outcomes if outcome.invited]
            context["skipped"] = [outcome for outcome in outcomes if not outcome.invited]
            return render(request, "shortlists/shortlist_invited.html", context)
    preview = invitation_preview(shortlist=shortlist, need=need)
    context["to_invite"] = [planned for planned in preview if not planned.reason]
    context["to_skip"] = [planned for planned in preview if planned.reason]
    return render(request, "shortlists/shortlist_invite.html", context)


@login_required
def shortlist_invite_opportunity(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the whole list to apply for one of the municipality's open opportunities:
    choose it, see who would be invited and who skipped, add a note, send."""
    shortlist = _shortlist(request, pk)
    choice = OpportunityChoiceForm(request.GET or None, municipality=shortlist.municipality)
    context = {"shortlist": shortlist, "municipality": shortlist.municipality, "choice": choice}
    if not choice.is_valid():
        return render(request, "shortlists/shortlist_invite_opportunity.html", context)
    opportunity = choice.cleaned_data["opportunity"]
    form = OpportunityInvitationForm(request.POST or None)
    context.update(opportunity=opportunity, form=form)
    if request.method == "POST" and form.is_valid():
        try:
            outcomes = invite_shortlist_to_opportunity(
                shortlist=shortlist,
                opportunity=opportunity,
                note=form.cleaned_data["note"],
                by=request.user,
                may_send=lambda: ratelimit.consume(request, action="cooperation_propose"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            context["invited"] = [outcome for outcome in outcomes if outcome.invited]
            context["skipped"] = [outcome for outcome in outcomes if not outcome.invited]
            return render(request, "shortlists/shortlist_invited_opportunity.html", context)
    preview = opportunity_invitation_preview(shortlist=shortlist, opportunity=opportunity)
    context["to_invite"] = [planned for planned in preview if not planned.reason]
    context["to_skip"] = [planned for planned in preview if planned.reason]
    return render(request, "shortlists/shortlist_invite_opportunity.html", context)
