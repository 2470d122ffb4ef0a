from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import FrequencyForm, ManageSearchForm, SaveSearchForm
from .lists import LISTS, describe, normalised_querystring
from .models import Frequency, SavedSearch, SearchKind
from .services import confirm_search, save_search
from .tokens import CONFIRM_SALT, MANAGE_SALT, UNSUBSCRIBE_SALT, make_token, read_token


@require_http_methods(["GET", "POST"])
def search_create(request: HttpRequest, kind: str) -> HttpResponse:
    """The "Save this search" page of a list: GET carries the list's filters, POST saves them."""
    if kind not in SearchKind.values:
        raise Http404
    search_list = LISTS[kind]
    user = request.user if request.user.is_authenticated else None
    filterset = search_list.filterset(request.GET)
    context = {"search_list": search_list, "list_url": search_list.url("")}
    if request.method == "POST":
        form = SaveSearchForm(request.POST, kind=kind, signed_in=user is not None)
        if form.is_valid():
            email = "" if user else form.cleaned_data["email"]
            # One confirmation mail per save: limited per visitor and per address, so the
            # form cannot be used to flood somebody's inbox.
            if user is None and (
                refused := ratelimit.consume_or_429(request, action="alert_save", key=email.lower())
            ):
                return refused
            search = save_search(
                kind=kind,
                querystring=form.cleaned_data["querystring"],
                name=form.cleaned_data["name"],
                frequency=form.cleaned_data["frequency"],
                language=(user.language if user else "") or translation.get_language(),
                description=form.description,
                user=user,
                email=email,
            )
            if user is not None:
                messages.success(request, _("The search is saved. New results come by email."))
                return redirect("alerts:search-list")
            return render(request, "alerts/search_saved.html", {**context, "search": search})
        context["list_url"] = search_list.url(form.data.get("querystring", ""))
    elif filterset.is_valid():
        querystring = normalised_querystring(filterset)
        form = SaveSearchForm(
            initial={"name": describe(filterset), "querystring": querystring},
            kind=kind,
            signed_in=user is not None,
        )
        context["list_url"] = search_list.url(querystring)
    else:
        form = None
    return render(request, "alerts/search_form.html", {**context, "form": form})


@login_required
def search_list(request: HttpRequest) -> HttpResponse:
    """The person's saved searches under "My account": change how often, or delete."""
    searches = list(SavedSearch.objects.filter(user=request.user))
    form = None
    if request.method == "POST":
        form = ManageSearchForm(request.POST, user=request.user)
        if form.is_valid():
            search = form.cleaned_data["search"]
            if form.cleaned_data["delete"]:
                search.delete()
                messages.success(request, _("The saved search is deleted."))
            else:
                search.frequency = form.cleaned_data["frequency"]
                search.save(update_fields=["frequency"])
                messages.success(request, _("Saved."))
            return redirect("alerts:search-list")
    for search in searches:
        search.list_url = LISTS[search.kind].url(search.querystring)
    return render(
        request,
        "alerts/search_list.html",
        {"searches": searches, "form": form, "frequencies": Frequency.choices},
    )


def _search_from(token: str, salt: str) -> SavedSearch:
    search = read_token(token, salt)
    if search is None:
        raise Http404
    return search


@require_http_methods(["GET", "POST"])
def search_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation mail. A GET only shows a button: mail scanners that
    open links must not confirm for the person."""
    search = _search_from(token, CONFIRM_SALT)
    if request.method == "POST":
        confirm_search(search=search)
        messages.success(request, _("Confirmed. New results come by email."))
        return redirect("alerts:search-manage", token=make_token(search, MANAGE_SALT))
    return render(request, "alerts/search_confirm.html", {"search": search})


@require_http_methods(["GET", "POST"])
def search_manage(request: HttpRequest, token: str) -> HttpResponse:
    """One search, managed from the signed link in its mails, with no account."""
    search = _search_from(token, MANAGE_SALT)
    form = FrequencyForm(request.POST or None, instance=search)
    if request.method == "POST":
        if "delete" in request.POST:
            search.delete()
            return render(request, "alerts/search_deleted.html")
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(request.path)
    list_url = LISTS[search.kind].url(search.querystring)
    return render(
        request, "alerts/search_manage.html", {"search": search, "form": form, "list_url": list_url}
    )


@csrf_exempt  # the signed token is the credential; mail clients post here with no session
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click unsubscribe: a mail client POSTs here; a person opening the link
    sees a button that POSTs. Stopping twice is not an error."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise Http404 from None
    search = SavedSearch.objects.filter(pk=pk).first()
    if request.method == "POST" or search is None:
        SavedSearch.objects.filter(pk=pk).delete()
        return render(request, "alerts/search_deleted.html")
    return render(request, "alerts/unsubscribe.html", {"search": search})
