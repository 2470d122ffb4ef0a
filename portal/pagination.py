from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OrderBy, QuerySet, Window
from django.http import HttpRequest

PAGE_SIZE = 20
TOTAL = "_paginator_total"
# Past this page the paginator counts first, so an absurd ?page= never reaches the OFFSET.
MAX_COUNTED_WITH_PAGE = 10_000


def unique_order(queryset: QuerySet) -> QuerySet:
    """The queryset in its order with the primary key last, unless it ends with it already.

    Rows with equal sort values (two needs published at the same moment) come back from
    the database in any order it likes, and a different one for each page's query: one row
    shows on two pages and another on none. The primary key decides between them."""
    query = queryset.query
    ordering = list(query.order_by or (query.get_meta().ordering if query.default_ordering else []))
    if ordering and _is_primary_key(queryset, ordering[-1]):
        return queryset
    return queryset.order_by(*ordering, "pk")


def _is_primary_key(queryset: QuerySet, item) -> bool:
    if isinstance(item, OrderBy):
        item = item.expression
    if isinstance(item, F):
        item = item.name
    if not isinstance(item, str):
        return False
    name = item.lstrip("-")
    return name == "pk" or name == queryset.model._meta.pk.name


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int = PAGE_SIZE,
    *,
    count_with_page: bool = False,
) -> Page:
    """One page of results; a page number that is not a number or too large shows the nearest.

    ``count_with_page`` reads the number of results along with the page, in one query (a
    window count), instead of a COUNT and then the page. Ask for it when the order is
    computed for every result (search relevance): the database finds them all for the page
    anyway, and the filters then run once instead of twice. Where an index serves the order,
    the page stops after its rows and a separate COUNT is cheaper.

    Every list ends its order with the primary key (``unique_order``), so walking the pages
    shows each row exactly once."""
    queryset = unique_order(queryset)
    paginator = Paginator(queryset, per_page)
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    if (
        not count_with_page
        or not 1 <= number <= MAX_COUNTED_WITH_PAGE
        # A window counts the rows before DISTINCT or a set operation.
        or queryset.query.distinct
        or queryset.query.combinator
    ):
        return paginator.get_page(number)
    bottom = (number - 1) * per_page
    rows = list(queryset.annotate(**{TOTAL: Window(Count("*"))})[bottom : bottom + per_page])
    if not rows and number > 1:
        # Past the last page: count, and show the last one.
        return paginator.get_page(number)
    # Setting the cached property spares the paginator its own COUNT.
    paginator.count = getattr(rows[0], TOTAL) if rows else 0
    return Page(rows, number, paginator)
