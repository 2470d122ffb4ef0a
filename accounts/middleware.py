from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import mfa_enrolment

# Recovery codes only back up a real authenticator, so they do not count on their own.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def needs_second_factor(user) -> bool:
    """Whether the portal withholds this person's staff powers until they have a second
    factor: a stolen staff password alone must not do staff work."""
    return (
        settings.KOPA_REQUIRE_ADMIN_MFA
        and user.is_authenticated
        and (user.is_staff or user.is_superuser)
        and not is_mfa_enabled(user, SECOND_FACTORS)
    )


class AdminMFAMiddleware:
    """With KOPA_REQUIRE_ADMIN_MFA on, staff without an authenticator app have no staff
    powers anywhere: in the portal's own pages they are an ordinary member, admin pages send
    them to set one up, and setting one up first needs a link sent to their verified address.

    Checked per request, before any view, so every page and permission check is covered;
    admin pages are recognised per view, whatever prefix the admin is mounted under. Logging
    out of the admin stays possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request.user):
            request.user.withhold_staff_powers()
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not getattr(request.user, "staff_powers_withheld", False):
            return None
        if match.url_name == "mfa_activate_totp" and not match.namespace:
            return mfa_enrolment.require_confirmed_address(request)
        if match.namespace != "admin":
            return None
        if match.url_name == "logout":
            # The admin lets only staff log out of it; logging out grants nothing.
            request.user.restore_staff_powers()
            return None
        messages.warning(
            request,
            _(
                "Administrators must turn on two-factor authentication before they can use the "
                "administration. Set up an authenticator app on your phone to continue."
            ),
        )
        return redirect("mfa_activate_totp")
