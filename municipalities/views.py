from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from enterprises.models import SocialEnterprise
from portal.pagination import paginate

from .filters import NeedFilter
from .models import Municipality, MunicipalitySupport, Need, PlanningRegion

PREVIEW_SIZE = 10


def municipality_list(request: HttpRequest) -> HttpResponse:
    regions = PlanningRegion.objects.prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.current().with_open_need_count().order_by("sort_name"),
            to_attr="current_municipalities",
        )
    )
    return render(request, "municipalities/municipality_list.html", {"regions": regions})


def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(
        Municipality.objects.select_related("region").prefetch_related(
            Prefetch("support", queryset=MunicipalitySupport.objects.select_related("instrument"))
        ),
        slug=slug,
    )
    open_needs = Need.objects.open().filter(municipality=municipality)
    enterprises = SocialEnterprise.objects.verified().serving(municipality)
    context = {
        "municipality": municipality,
        "open_needs": open_needs.for_listing()[:PREVIEW_SIZE],
        "open_need_count": open_needs.count(),
        "enterprises": enterprises.for_listing().order_by("sort_name", "pk")[:PREVIEW_SIZE],
        "enterprise_count": enterprises.count(),
    }
    return render(request, "municipalities/municipality_detail.html", context)


def need_list(request: HttpRequest) -> HttpResponse:
    filterset = NeedFilter(request.GET, queryset=Need.objects.public(), request=request)
    needs = filterset.qs if filterset.is_valid() else Need.objects.none()
    page = paginate(request, needs.for_listing())
    template = "municipalities/need_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, {"filter": filterset, "page": page})


def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.public().for_page(), pk=pk)
    return render(request, "municipalities/need_detail.html", {"need": need})
