"""Error pages speak the visitor's language, in the portal's own layout."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied

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


def test_an_unknown_host_gets_a_400_page_in_latvian(client):
    response = client.get("/lv/", HTTP_HOST="kopa.uzbrucejs.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Pieprasījumu nevarēja saprast</h1>" in page
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
