"""/health/ for the reverse proxy and monitoring: cheap, honest, and never a stack trace."""

import json
import logging

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def fail_every_query(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_healthy_portal_answers_ok_without_cookies_or_caching(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response.cookies == {}
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_health_is_not_language_prefixed(client):
    assert client.get("/lv/health/").status_code == 404


def test_with_a_shared_cache_the_check_is_cheap(client, settings, django_assert_max_num_queries):
    settings.CACHES = LOCAL_MEMORY  # like Redis in production: the cache costs no query
    with django_assert_max_num_queries(2):
        assert client.get("/health/").status_code == 200


def test_with_the_database_cache_the_check_stays_small(client, django_assert_max_num_queries):
    # SELECT 1; the cache's set (count, read, write, in a savepoint here) and get.
    with django_assert_max_num_queries(7):
        assert client.get("/health/").status_code == 200


def test_database_down_answers_503_and_names_it(client, settings, caplog):
    settings.CACHES = LOCAL_MEMORY
    with connection.execute_wrapper(fail_every_query):
        response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}
    assert b"Connection refused" not in response.content
    [record] = [r for r in caplog.records if r.name == "portal.views"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Health check failed: database"
    assert record.exc_info[0] is OperationalError


def test_cache_down_answers_503_and_names_it(client, settings):
    # The database cache pointed at a table that does not exist fails as a real cache would.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "error"}
    assert b"no_such_cache_table" not in response.content


def test_health_is_reachable_over_plain_http_when_everything_else_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/lv/").status_code == 301
    assert client.get("/health/").status_code == 200
