from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import EmailPreferencesForm
from .middleware import SECOND_FACTORS


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """'My account': the enterprises and municipalities the person acts for, and requests."""
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
        "mfa_urged": request.user.is_staff or bool(representatives) or bool(officers),
        "mfa_required": request.user.is_staff and settings.KOPA_REQUIRE_ADMIN_MFA,
    }
    return render(request, "accounts/dashboard.html", context)


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
