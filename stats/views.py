from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from portal.spreadsheet import Writer

from . import figures


def statistics(request: HttpRequest) -> HttpResponse:
    """A summary in sentences, the contents, then every figure with its chart, its data
    table and a link to its CSV."""
    data = figures.Data()
    context = {"summary": figures.summary(data), "sections": figures.sections(data)}
    return render(request, "stats/statistics.html", context)


def statistics_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """One figure's data table as CSV, headed in the page's language."""
    figure = figures.figure(chart)
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
