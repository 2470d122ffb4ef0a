"""Errors: visitors see the friendly page in their language and never a traceback; the log gets one
JSON line with the request and the exception. Development keeps readable text logs."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.functional import SimpleLazyObject

import portal.urls
from portal.logs import JsonLogFormatter

from .factories import verified_user

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

ROOT = Path(__file__).resolve().parent.parent
SECRET_DETAIL = "connection string postgres://kopa:hunter2@db"


def broken_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:  # like any page that greets the person
        raise RuntimeError(SECRET_DETAIL)
    return HttpResponse("fine")


# This module is the URLconf of its tests: the portal's pages plus one that fails.
urlpatterns = [path("broken/", broken_view), *portal.urls.urlpatterns]


@pytest.fixture
def log_lines():
    """Reads what the production log handler has written so far, one parsed line each."""
    [handler] = [
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonLogFormatter)
    ]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


@pytest.fixture
def person(client):
    user = verified_user("ilze@example.lv")
    client.force_login(user)
    client.raise_request_exception = False  # answer as the server would, not re-raise
    return user


def test_a_failing_page_shows_the_friendly_page_in_latvian_by_default(client, person):
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Radās kļūda" in html
    assert 'href="/lv/"' in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html
    assert "hunter2" not in html
    # The error page obeys the Content-Security-Policy too: its styles come from a file.
    assert "style-src 'self'" in response["Content-Security-Policy"]


def test_a_failing_page_writes_one_json_line_with_the_exception(client, person, log_lines):
    client.get("/broken/")
    [line] = [line for line in log_lines() if line["level"] == "ERROR"]
    assert line["logger"] == "django.request"
    assert line["message"] == "Internal Server Error: /broken/"
    assert line["method"] == "GET"
    assert line["path"] == "/broken/"
    assert line["status"] == 500
    assert line["user_id"] == person.pk
    assert line["timestamp"].endswith("+00:00")
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert line["exception"].rstrip().endswith(f"RuntimeError: {SECRET_DETAIL}")


def test_an_anonymous_visitors_404_is_logged_with_the_request(client, log_lines):
    assert client.get("/lv/no-such-page/").status_code == 404
    [line] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line == {
        "timestamp": line["timestamp"],
        "level": "WARNING",
        "logger": "django.request",
        "message": "Not Found: /lv/no-such-page/",
        "method": "GET",
        "path": "/lv/no-such-page/",
        "status": 404,
    }


def test_logging_never_queries_the_database_for_the_user(client, rf, django_assert_num_queries):
    # When the database is what failed, looking the user up to log it would fail again.
    client.force_login(verified_user("ilze@example.lv"))
    request = rf.get("/lv/account/")
    request.session = client.session
    request.user = SimpleLazyObject(lambda: get_user(request))
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Boom", (), None)
    record.request = request
    formatter = JsonLogFormatter()
    with django_assert_num_queries(0):
        assert "user_id" not in json.loads(formatter.format(record))
    assert request.user.is_authenticated  # a view looked the user up
    assert json.loads(formatter.format(record))["user_id"] == request.user.pk


def log_from_a_fresh_process(**env: str) -> str:
    """What `logging` writes to stderr in a process set up with these environment variables."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import logging, django; django.setup(); "
            "logging.getLogger('kopa').info('seeded %d enterprises', 20); "
            "logging.getLogger('kopa').warning('register file has no header')",
        ],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_production_logs_json_and_development_logs_text():
    production = log_from_a_fresh_process(DJANGO_SECRET_KEY="k" * 50)
    lines = [json.loads(line) for line in production.splitlines()]
    assert [(line["level"], line["message"]) for line in lines] == [
        ("INFO", "seeded 20 enterprises"),
        ("WARNING", "register file has no header"),
    ]
    development = log_from_a_fresh_process(DJANGO_DEBUG="1")
    assert "INFO kopa: seeded 20 enterprises" in development
    assert "{" not in development


def test_the_log_level_comes_from_the_environment():
    quiet = log_from_a_fresh_process(DJANGO_SECRET_KEY="k" * 50, DJANGO_LOG_LEVEL="warning")
    assert [json.loads(line)["message"] for line in quiet.splitlines()] == [
        "register file has no header"
    ]
