from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# Recovery codes only back up a real authenticator, so they do not count on their own.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class AdminMFAMiddleware:
    """With KOPA_REQUIRE_ADMIN_MFA on, staff open no admin page before they have an
    authenticator app: they are sent to set one up, and the admin opens once it is active.

    Checked per view rather than per path, so every page of the admin site is covered,
    whatever prefix it is mounted under. Logging out of the admin stays possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            not settings.KOPA_REQUIRE_ADMIN_MFA
            or match is None
            or match.namespace != "admin"
            or match.url_name == "logout"
            or not request.user.is_authenticated
            or not request.user.is_staff
            or is_mfa_enabled(request.user, SECOND_FACTORS)
        ):
            return None
        messages.warning(
            request,
            _(
                "Administrators must turn on two-factor authentication before they can use the "
                "administration. Set up an authenticator app on your phone to continue."
            ),
        )
        return redirect("mfa_activate_totp")
