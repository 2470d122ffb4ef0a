from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cooperation.models import Cooperation
from matching.reasons import Vocabulary
from municipalities.models import Need
from portal.permissions import get_object_with_perm

from .forms import SurveyForm
from .models import FollowUp, FollowUpKind
from .services import confirm_profile, next_best, remind_enterprise, save_survey
from .tokens import read_confirm_token, read_survey_token, read_unsubscribe_token, side_of

EXPIRED = "followups/link_expired.html"


def need_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """The need's next best matches with a "remind them" button each, for its officers."""
    need = get_object_with_perm(
        request, Need.objects.select_related("municipality"), "municipalities.change_need", pk=pk
    )
    if request.method == "POST":
        chosen = request.POST.get("match", "")
        if not (chosen.isascii() and chosen.isdigit()):
            raise Http404  # a forged or mangled form: no such match
        match = get_object_or_404(next_best(need), pk=chosen)
        try:
            sent = remind_enterprise(match=match, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if sent:
                messages.success(request, _("%(name)s is reminded.") % {"name": match.enterprise})
            else:
                messages.info(
                    request,
                    _("Nobody at %(name)s takes reminders by email now.")
                    % {"name": match.enterprise},
                )
        return redirect("followups:need-followup", pk=need.pk)
    matches = list(next_best(need)[:10])
    reminded = set(
        FollowUp.objects.filter(
            kind=FollowUpKind.OFFICER_REMINDER, object_id__in=[m.pk for m in matches]
        ).values_list("object_id", flat=True)
    )
    context = {
        "need": need,
        "matches": [(match, match.pk in reminded) for match in matches],
        "vocabulary": Vocabulary.load(),
    }
    return render(request, "followups/need_followup.html", context)


def _survey(request, cooperation: Cooperation, side: str, person) -> HttpResponse:
    survey = cooperation.surveys.filter(side=side).first()
    form = SurveyForm(request.POST if request.method == "POST" else None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            save_survey(cooperation=cooperation, side=side, by=person, data=form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. Your answer is saved."))
            return redirect(request.path)
    context = {"cooperation": cooperation, "form": form, "survey": survey, "side": side}
    return render(request, "followups/survey.html", context)


def survey_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The survey from the email: one side's answer, no login. Opening it records nothing."""
    found = read_survey_token(token)
    if found is None or not found[0].is_surveyable(timezone.localdate()):
        return render(request, EXPIRED, status=410)
    return _survey(request, *found)


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    """The same survey in the portal, for the parties of a completed cooperation (or one
    past its planned end)."""
    cooperation = get_object_or_404(
        Cooperation.objects.surveyable(timezone.localdate()).select_related(
            "municipality", "enterprise"
        ),
        pk=pk,
    )
    side = side_of(cooperation, request.user)
    if side is None:
        raise Http404
    return _survey(request, cooperation, side, request.user)


def confirm_profile_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """ "Is this still right?": opening shows the profile's date; the button confirms."""
    found = read_confirm_token(token)
    if found is None:
        return render(request, EXPIRED, status=410)
    enterprise, person = found
    if request.method == "POST":
        enterprise = confirm_profile(enterprise=enterprise, by=person)
        messages.success(request, _("Thank you. The profile is confirmed."))
        return redirect(request.path)
    return render(request, "followups/confirm_profile.html", {"enterprise": enterprise})


@csrf_exempt  # the signed token is the credential; mail clients post here with no session
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click away from reminders and surveys (RFC 8058 one-click posts here)."""
    user = read_unsubscribe_token(token)
    if user is None:
        return render(request, EXPIRED, status=410)
    if request.method == "POST":
        user.reminder_emails = False
        user.save(update_fields=["reminder_emails"])
        return render(request, "followups/unsubscribed.html")
    return render(request, "followups/unsubscribe.html")
