"""The open-data files and their data dictionary: public, read-only, the same for everyone."""

from collections.abc import Iterator
from pathlib import Path

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import dictionary, exports

SCHEMAS = Path(__file__).resolve().parent / "schemas"
CSV = "text/csv; charset=utf-8"
JSON = "application/json"


@require_safe
def data_dictionary(request: HttpRequest) -> HttpResponse:
    context = {
        "files": dictionary.FILES,
        "objects": dictionary.JSON_OBJECTS,
        "hsds_mapping": dictionary.HSDS_MAPPING,
        "schema_version": exports.SCHEMA_VERSION,
        "licence": exports.LICENCE,
        "separator": exports.SEPARATOR,
        "example_url": request.build_absolute_uri(reverse("opendata_files:enterprises-json")),
    }
    return render(request, "opendata/data_dictionary.html", context)


@require_safe
def enterprises_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = map(exports.enterprise_row, exports.enterprise_records())
    return stream(exports.csv_lines(dictionary.ENTERPRISE_COLUMNS, rows), CSV, "enterprises.csv")


@require_safe
def enterprises_json(request: HttpRequest) -> StreamingHttpResponse:
    head = exports.metadata("enterprises")
    chunks = exports.json_chunks(head, "organizations", exports.enterprise_records())
    return stream(chunks, JSON)


@require_safe
def needs_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = map(exports.need_row, exports.need_records())
    return stream(exports.csv_lines(dictionary.NEED_COLUMNS, rows), CSV, "needs.csv")


@require_safe
def needs_json(request: HttpRequest) -> StreamingHttpResponse:
    chunks = exports.json_chunks(exports.metadata("needs"), "needs", exports.need_records())
    return stream(chunks, JSON)


@require_safe
def opportunities_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = map(exports.opportunity_row, exports.opportunity_records())
    columns = dictionary.OPPORTUNITY_COLUMNS
    return stream(exports.csv_lines(columns, rows), CSV, "opportunities.csv")


@require_safe
def opportunities_json(request: HttpRequest) -> StreamingHttpResponse:
    head = exports.metadata("opportunities")
    chunks = exports.json_chunks(head, "opportunities", exports.opportunity_records())
    return stream(chunks, JSON)


@require_safe
def statistics_json(request: HttpRequest) -> JsonResponse:
    # A few dozen counts: small enough to send whole.
    response = JsonResponse(exports.statistics(), json_dumps_params={"ensure_ascii": False})
    return open_to_all(response)


@require_safe
def schema(request: HttpRequest, name: str) -> FileResponse:
    path = SCHEMAS / f"{name}.json"
    if not path.is_file():
        raise Http404
    return open_to_all(FileResponse(path.open("rb"), content_type="application/schema+json"))


def stream(chunks: Iterator[str], content_type: str, filename: str = "") -> StreamingHttpResponse:
    """The file as it is written: the records are read from the database while it is sent."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return open_to_all(response)


def open_to_all(response: HttpResponseBase) -> HttpResponseBase:
    # Public data: any website's scripts may read it; the licence travels with the file.
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = (
        f'<{exports.LICENCE["url"]}>; rel="license", '
        f'<{exports.portal_url("opendata:data-dictionary")}>; rel="describedby"'
    )
    return response
