"""Error pages speak the visitor's language, in the portal's own layout."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied

from portal.views import server_error

from .factories import verified_user

pytestmark = pytest.mark.django_db


def in_layout(page: str) -> bool:
    return '<main id="main"' in page and "</footer>" in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("lv", "Veidlapu nevarēja nosūtīt"), ("en", "The form could not be sent")],
)
def test_a_form_without_its_csrf_token_gets_the_portals_page(language, heading):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(verified_user("ilze.berzina@velasmaja.lv"))
    response = browser.post(f"/{language}/account/email-preferences/", {"match_emails": "daily"})
    page = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in page
    assert in_layout(page)
    assert "CSRF verification failed" not in page


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/lv/", "Pieprasījumu nevarēja saprast"),
        ("/", "Pieprasījumu nevarēja saprast"),
        ("/en/", "The request could not be understood"),
    ],
)
def test_an_unknown_host_gets_a_400_page_in_the_addresss_language(client, path, heading):
    response = client.get(path, HTTP_HOST="kopa.uzbrucejs.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert f"<h1>{heading}</h1>" in page
    assert in_layout(page)


@pytest.mark.parametrize(
    ("language", "heading"), [("lv", "Piekļuve liegta"), ("en", "Access denied")]
)
def test_a_refusal_gets_a_403_page_in_the_visitors_language(language, heading):
    request = RequestFactory().get(f"/{language}/")
    request.user = verified_user("janis@example.lv")
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    page = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in page
    assert in_layout(page)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/lv/uznemumi-kas-nav/", "Lapa nav atrasta"),
        ("/uznemumi-kas-nav/", "Lapa nav atrasta"),
        ("/en/no-such-page/", "Page not found"),
    ],
)
def test_a_missing_page_gets_a_404_page_in_the_addresss_language(client, path, heading):
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in page
    assert in_layout(page)


@pytest.mark.parametrize(
    ("language", "heading"), [("lv", "Pārāk daudz mēģinājumu"), ("en", "Too many attempts")]
)
def test_too_many_reset_mails_get_a_429_page_in_the_visitors_language(client, language, heading):
    cache.clear()
    url = f"/{language}/auth/password/reset/"
    for _ in range(3):  # three reset mails an hour to one address
        assert client.post(url, {"email": "ilze.berzina@velasmaja.lv"}).status_code == 302
    response = client.post(url, {"email": "ilze.berzina@velasmaja.lv"})
    page = response.content.decode()
    assert response.status_code == 429
    assert f"<h1>{heading}</h1>" in page
    assert in_layout(page)


@pytest.mark.parametrize(
    ("language", "heading", "home"),
    [("lv", "Radās kļūda", "/lv/"), ("en", "Something went wrong", "/en/")],
)
def test_a_failure_gets_a_500_page_that_needs_no_database(
    monkeypatch, django_assert_num_queries, language, heading, home
):
    """The home page's query fails; the page saying so asks the database nothing."""

    def broken():
        raise RuntimeError("datubāze nav pieejama")

    monkeypatch.setattr("portal.views.Need.objects.open", broken)
    browser = Client(raise_request_exception=False)
    browser.force_login(verified_user("janis@example.lv"))
    response = browser.get(f"/{language}/")
    page = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{heading}</h1>" in page
    assert f'<html lang="{language}">' in page
    assert f'<a href="{home}">' in page
    assert in_layout(page)
    assert "datubāze" not in page

    request = RequestFactory().get(f"/{language}/kaut-kas/")
    with django_assert_num_queries(0):
        assert heading in server_error(request).content.decode()


@pytest.mark.parametrize(
    ("headers", "heading"),
    [
        ({}, "Radās kļūda"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "Something went wrong"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "Something went wrong"),
    ],
)
def test_a_failure_outside_a_language_prefix_speaks_as_the_browser_asks(headers, heading):
    # Whatever language the thread last served must not decide it.
    with translation.override("en" if heading == "Radās kļūda" else "lv"):
        page = server_error(RequestFactory().get("/open-data/enterprises.csv", **headers))
    assert f"<h1>{heading}</h1>" in page.content.decode()
