from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
