from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from enterprises.models import SocialEnterprise
from municipalities.models import Municipality, Need

LATEST_NEEDS = 5


def home(request: HttpRequest) -> HttpResponse:
    open_needs = Need.objects.open()
    context = {
        "enterprise_count": SocialEnterprise.objects.verified().count(),
        "municipality_count": Municipality.objects.current().count(),
        "open_need_count": open_needs.count(),
        "latest_needs": open_needs.for_listing().order_by("-published_at")[:LATEST_NEEDS],
    }
    return render(request, "home.html", context)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (GDPR Art. 13): who holds which personal data, why and how long."""
    context = {
        "operator_name": settings.KOPA_OPERATOR_NAME,
        "operator_email": settings.KOPA_OPERATOR_EMAIL,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "remember_days": settings.SESSION_COOKIE_AGE // (60 * 60 * 24),
        # Without CSRF_USE_SESSIONS the token travels in a cookie of its own.
        "csrf_cookie": "" if settings.CSRF_USE_SESSIONS else settings.CSRF_COOKIE_NAME,
        "csrf_cookie_days": settings.CSRF_COOKIE_AGE // (60 * 60 * 24),
        # The default message storage keeps a notice in a cookie until the next page shows it.
        "messages_cookie": "messages" if "Session" not in settings.MESSAGE_STORAGE else "",
    }
    return render(request, "privacy.html", context)
