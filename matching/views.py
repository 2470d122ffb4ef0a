from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import MatchEmails
from enterprises.models import SocialEnterprise
from municipalities.models import Need
from portal.pagination import paginate
from portal.permissions import get_object_with_perm

from .filters import MatchFilter, OfficerMatchFilter
from .forms import AnswerForm
from .models import Match
from .reasons import Vocabulary
from .services import answer_match
from .tokens import read_answer_token, read_unsubscribe_token


def need_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprises that fit a need, best first, each with the reasons and what is missing.
    Everyone sees them; the need's officers also see the answers and invite. Enterprises with
    the service that do not work in the need's place are listed apart, on request."""
    need = get_object_with_perm(request, Need.objects.for_page(), "municipalities.view_need", pk=pk)
    is_officer = request.user.has_perm("municipalities.change_need", need)
    filter_class = OfficerMatchFilter if is_officer else MatchFilter
    filterset = filter_class(request.GET, queryset=need.matches.ranked(), request=request)
    matches = filterset.qs if filterset.is_valid() else Match.objects.none()
    if is_officer:
        matches = matches.with_cooperation()
    outside = need.matches.outside_area()
    shown_outside = None
    if filterset.show_outside:
        shown_outside = outside.ranked().with_cards()
        if is_officer:
            # The officer may still invite one: they are not told, but may be asked.
            shown_outside = shown_outside.with_cooperation()
    context = {
        "need": need,
        "filter": filterset,
        "page": paginate(request, matches.for_need_page()),
        "outside_count": outside.count(),
        "outside": shown_outside,
        "vocabulary": Vocabulary.load(),
        "is_officer": is_officer,
        "funnel": need.matches.listed().funnel() if is_officer else None,
    }
    template = "matching/need_matches.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
def needs_for_enterprise(request: HttpRequest, slug: str) -> HttpResponse:
    """Open needs ranked for the enterprise, with the same reasons the officer sees."""
    # Answering is speaking for the enterprise: only its approved representatives.
    enterprise = get_object_with_perm(
        request,
        SocialEnterprise.objects.all(),
        "enterprises.speak_for_socialenterprise",
        slug=slug,
    )
    matches = enterprise.matches.open_needs().ranked().for_enterprise_page()
    context = {
        "enterprise": enterprise,
        "page": paginate(request, matches),
        "vocabulary": Vocabulary.load(),
        "answer_form": AnswerForm(),
    }
    return render(request, "matching/needs_for_enterprise.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_object_or_404(Match.objects.select_related("enterprise", "need"), pk=pk)
    if not request.user.has_perm("enterprises.speak_for_socialenterprise", match.enterprise):
        raise Http404
    return _answer(request, match, redirect_to=request.POST.get("next"))


def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a match email: answer without logging in. Opening the link changes
    nothing (mail scanners open links too); the answer, posted, records that it was read."""
    match = read_answer_token(token)
    if match is None:
        return render(request, "matching/link_expired.html", status=410)
    if request.method == "POST":
        return _answer(request, match, redirect_to=request.path)
    context = {
        "match": match,
        "need": match.need,
        "answer_form": AnswerForm(),
        "vocabulary": Vocabulary.load(),
    }
    return render(request, "matching/answer.html", context)


def _answer(request: HttpRequest, match: Match, redirect_to: str | None) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) + form.errors.get("reason", []):
            messages.error(request, error)
    else:
        interested = form.cleaned_data["interested"]
        try:
            answer_match(
                match=match,
                interested=interested,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            _thank(request, interested)
    if redirect_to and url_has_allowed_host_and_scheme(redirect_to, allowed_hosts=None):
        # A URL, never a view name: redirect() would try to reverse "next=anything".
        return HttpResponseRedirect(redirect_to)
    return redirect(match.need.get_absolute_url())


def _thank(request: HttpRequest, interested: bool) -> None:
    if interested:
        messages.success(request, _("Thank you. The municipality sees that you are interested."))
    else:
        messages.success(request, _("Thank you. Your answer helps the municipality."))


@csrf_exempt  # the signed token is the credential; mail clients post here with no session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click away from match emails (RFC 8058 one-click posts here without a page)."""
    user = read_unsubscribe_token(token)
    if user is None:
        return render(request, "matching/link_expired.html", status=410)
    if request.method == "POST":
        user.match_emails = MatchEmails.NONE
        user.save(update_fields=["match_emails"])
        return render(request, "matching/unsubscribed.html")
    # The page names no address: whoever holds the link learns nothing about the account.
    return render(request, "matching/unsubscribe.html")
