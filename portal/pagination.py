from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    """One page of results; a page number that is not a number or too large shows the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
