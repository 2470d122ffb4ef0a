import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from enterprises.models import RegisterStatus, SocialEnterprise
from municipalities.models import Municipality, Need

LATEST_NEEDS = 5

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    open_needs = Need.objects.open()
    # Verified by Kopā is not the same as holding the status: say both, each for what it is.
    enterprises = SocialEnterprise.objects.verified().aggregate(
        verified=Count("pk"),
        active=Count("pk", filter=Q(register_status=RegisterStatus.ACTIVE)),
    )
    context = {
        "enterprise_count": enterprises["verified"],
        "active_status_count": enterprises["active"],
        "municipality_count": Municipality.objects.current().count(),
        "open_need_count": open_needs.count(),
        "latest_needs": open_needs.for_listing().order_by("-published_at")[:LATEST_NEEDS],
    }
    return render(request, "home.html", context)


def _database_works() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def _cache_works() -> None:
    # A value of this process's own, so another process writing the same key at the same time
    # cannot make a broken cache look healthy.
    value = secrets.token_hex(8)
    cache.set("health-check", value, timeout=10)
    if cache.get("health-check") != value:
        raise RuntimeError("the cache did not return what was just written")


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For the reverse proxy and monitoring: 200 when the database and the cache answer, 503
    naming the part that failed. The details of a failure go to the log, never to the caller."""
    body = {"status": "ok"}
    for part, check in (("database", _database_works), ("cache", _cache_works)):
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", part)
            body[part] = body["status"] = "error"
        else:
            body[part] = "ok"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


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


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the visitor's language, as LocaleMiddleware would choose it (the
    address's /lv/ or /en/, else their cookie or browser, else Latvian): the failure may come
    before that middleware ran. Rendered without the request, so no context processor or
    database query runs: either may be what failed."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        page = loader.get_template("500.html").render()
    return HttpResponseServerError(page)
