from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.pagination import paginate

from .filters import EnterpriseFilter
from .models import SocialEnterprise


def enterprise_list(request: HttpRequest) -> HttpResponse:
    filterset = EnterpriseFilter(
        request.GET, queryset=SocialEnterprise.objects.verified(), request=request
    )
    enterprises = filterset.qs if filterset.is_valid() else SocialEnterprise.objects.none()
    page = paginate(request, enterprises.for_listing())
    template = "enterprises/enterprise_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page})


def enterprise_detail(request: HttpRequest, slug: str) -> HttpResponse:
    enterprise = get_object_or_404(SocialEnterprise.objects.verified().for_profile(), slug=slug)
    return render(request, "enterprises/enterprise_detail.html", {"enterprise": enterprise})
