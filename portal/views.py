from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from enterprises.models import SocialEnterprise
from municipalities.models import Municipality, Need


def home(request: HttpRequest) -> HttpResponse:
    figures = {
        "enterprises": SocialEnterprise.objects.verified().count(),
        "municipalities": Municipality.objects.current().count(),
        "open_needs": Need.objects.open().count(),
    }
    return render(request, "home.html", {"figures": figures})
