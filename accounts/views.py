from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.models import SocialEnterprise
from matching.forms import AnswerForm
from municipalities.models import Municipality

from . import mfa_enrolment
from .forms import AccountDeletionForm, EmailPreferencesForm
from .inbox import SHOWN_PER_GROUP, waiting_for
from .middleware import SECOND_FACTORS
from .personal_data import personal_data
from .services import delete_account


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """'My account': the enterprises and municipalities the person acts for, and requests."""
    # Staff whose powers wait for a second factor are still staff to be told so.
    is_staff = request.user.is_staff or request.user.staff_powers_withheld
    representatives = request.user.representatives.select_related("enterprise").order_by(
        "enterprise__sort_name"
    )
    officers = request.user.officers.select_related("municipality").order_by(
        "municipality__sort_name"
    )
    context = {
        "representatives": representatives,
        "officers": officers,
        "preferences": EmailPreferencesForm(instance=request.user),
        "mfa_enabled": is_mfa_enabled(request.user, SECOND_FACTORS),
        # Whoever acts for an organisation, or administers the portal, is urged to turn it on.
        "mfa_urged": is_staff or bool(representatives) or bool(officers),
        "mfa_required": is_staff and settings.KOPA_REQUIRE_ADMIN_MFA,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Everything that waits for the person's action, grouped, each item a link to where it
    is answered. Each group shows its first items; its count says how many there are."""
    waiting = waiting_for(request.user)
    groups = [
        (name, waiting.counts[name], getattr(waiting, name)[:SHOWN_PER_GROUP])
        for name in waiting.counts
        if waiting.counts[name]
    ]
    context = {
        "waiting": waiting,
        "groups": groups,
        "shown_per_group": SHOWN_PER_GROUP,
        "answer_form": AnswerForm(),
    }
    return render(request, "accounts/inbox.html", context)


@login_required
@require_POST
def email_preferences(request: HttpRequest) -> HttpResponse:
    form = EmailPreferencesForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your email preferences are saved."))
    else:
        messages.error(request, " ".join(form.errors.get("match_emails", [])))
    return redirect("accounts:dashboard")


@login_required
@require_POST
def personal_data_download(request: HttpRequest) -> JsonResponse:
    """The person's data as a JSON file (GDPR Art. 15 and 20). POST, so that no link, prefetch
    or cache ever fetches or keeps it."""
    response = JsonResponse(
        personal_data(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"kopa-personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    """Confirm with the password, then delete the account (GDPR Art. 17) and log out."""
    user = request.user
    form = AccountDeletionForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        # Each try costs one of the re-authentication attempts allauth allows a person.
        refused = ratelimit.consume_or_429(request, action="reauthenticate", user=user)
        if refused:
            return refused
        if form.is_valid():
            email = user.email
            delete_account(user=user)
            logout(request)
            messages.success(
                request,
                _("Your account is deleted. A confirmation is on its way to %(email)s.")
                % {"email": email},
            )
            return redirect("home")
    context = {
        "form": form,
        "sole_enterprises": SocialEnterprise.objects.only_represented_by(user).order_by(
            "sort_name"
        ),
        "sole_municipalities": Municipality.objects.only_acted_for_by(user).order_by("sort_name"),
    }
    return render(request, "accounts/account_delete.html", context)


@login_required
def mfa_enrolment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: opening it shows a button (mail scanners open links too); the
    button confirms this browser and continues to setting up the authenticator app."""
    if request.method == "POST":
        if mfa_enrolment.confirm(request, token):
            return redirect("mfa_activate_totp")
        return render(request, "accounts/mfa_enrolment_confirm.html", {"failed": True}, status=400)
    return render(request, "accounts/mfa_enrolment_confirm.html", {"failed": False})
