"""Mail goes after an action is saved: what a user typed cannot break it, and a mail server
that fails does not turn the saved action into an error page."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from enterprises.models import SocialEnterprise

from .factories import UserFactory, municipality, verified_user

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "registration_number": "40203123456",
    "legal_form": "sia",
    "role": "valdes locekle",
    "connection": "Dibināju uzņēmumu 2019. gadā un vadu to kopš tā laika.",
    "description": (
        "Šujam darba apģērbus un maisus pašvaldību iestādēm.\n"
        "Darbā iesaistām cilvēkus ar invaliditāti un ilgstošos bezdarbniekus."
    ),
    "email": "info@saulesdarbnica.lv",
    "employees_total": "12",
    "employees_target_group": "5",
}


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: the one part of the loop that leaves the machine."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server does not answer")


@pytest.fixture
def curators():
    return [
        UserFactory(username=f"kurators{n}", email=f"kurators{n}@kopa.example", is_staff=True)
        for n in (1, 2)
    ]


def register(client, name: str):
    data = {**REGISTRATION, "name": name, "home_municipality": municipality("cesu-novads").pk}
    return client.post(reverse("enterprises:enterprise-register"), data)


def test_a_line_break_in_a_name_gives_a_one_line_subject(
    client, curators, django_capture_on_commit_callbacks
):
    client.force_login(verified_user("janis@saulesdarbnica.lv"))
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, "Saules\nDarbnīca")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        # The portal writes the subject; the name, folded to one line, is in the body.
        assert message.subject == "Jauns uzņēmums gaida pārbaudi"
        assert "Saules Darbnīca" in message.body


def test_a_failing_mail_server_is_logged_and_the_action_stays_saved(
    client, curators, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.test_notifications.RefusingBackend"
    client.force_login(verified_user("janis@saulesdarbnica.lv"))
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = register(client, "Saules Darbnīca")
    assert response.status_code == 302
    assert SocialEnterprise.objects.filter(name="Saules Darbnīca").exists()
    failures = [r for r in caplog.records if r.name == "portal.notifications"]
    # Each curator's message was tried, and each failure logged.
    assert len(failures) == 2
    assert all("emails/enterprise_registered" in r.getMessage() for r in failures)
