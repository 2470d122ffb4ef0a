from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from portal.spreadsheet import Writer

from . import figures

# The figures are kept in the shared cache for this long, in each language, and then counted
# afresh. A timer rather than a version bumped on every change: the figures read enterprises,
# offerings, needs, matches, cooperations and searches, changed by services, Django admin,
# the register import, nightly commands and seeding, and one door forgetting to bump the
# version would leave the page wrong until the next deploy; five minutes old misleads nobody
# about a year's cooperation, while the page costs one cache read instead of its ~30 queries.
CACHE_SECONDS = 5 * 60
CACHE_KEY = "stats:page:v1:{language}"


def cached_page() -> dict:
    """The summary and the sections of figures in the active language, from the cache when
    they were counted less than ``CACHE_SECONDS`` ago."""

    def count() -> dict:
        data = figures.Data()
        return {"summary": figures.summary(data), "sections": figures.sections(data)}

    return cache.get_or_set(CACHE_KEY.format(language=get_language()), count, CACHE_SECONDS)


def statistics(request: HttpRequest) -> HttpResponse:
    """A summary in sentences, the contents, then every figure with its chart, its data
    table and a link to its CSV."""
    return render(request, "stats/statistics.html", cached_page())


def statistics_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """One figure's data table as CSV, headed in the page's language: the page's own figure
    (so the two agree), or counted afresh for a figure the page leaves out."""
    figure = next(
        (
            figure
            for section in cached_page()["sections"]
            for figure in section.figures
            if figure.slug == chart
        ),
        None,
    ) or figures.figure(chart)
    if figure is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kopa-{figure.slug}-{get_language()}.csv"'
    )
    # A byte-order mark tells spreadsheet programs the file is UTF-8, so "ā" stays "ā".
    response.write("\ufeff")
    writer = Writer(response)
    writer.writerow(figure.columns)
    writer.writerows(figure.rows)
    return response
