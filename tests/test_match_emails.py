"""Match emails: once per need, as each person chose, capped per week, fair, one-click off."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import MatchEmails
from matching import notifications
from matching.models import Match
from matching.services import refresh_need_matches

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    representative_of,
)

pytestmark = pytest.mark.django_db


def laundry(name: str, email: str, **person):
    enterprise = SocialEnterpriseFactory(name=name, home_municipality=municipality("riga"))
    OfferingFactory(enterprise=enterprise, category=category("laundry"))
    user = representative_of(enterprise, email)
    for field, value in person.items():
        setattr(user, field, value)
    user.save()
    return enterprise, user


def open_need(title="Veļas mazgāšana Rīgā"):
    need = NeedFactory(title=title, municipality=municipality("riga"), category=category("laundry"))
    refresh_need_matches(need)
    return need


def test_best_matches_are_emailed_once_with_reasons_and_an_answer_link(client):
    laundry("Veļas māja", "ilze@velasmaja.lv")
    need = open_need()
    call_command("send_match_emails")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ilze@velasmaja.lv"]
    assert "Veļas mazgāšana Rīgā" in message.body
    assert "atrodas: Rīga" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Match.objects.get(need=need).notified_at is not None

    call_command("send_match_emails")
    assert len(mail.outbox) == 1

    answer_url = re.search(r"http\S+/matches/answer/\S+", message.body).group(0)
    path = answer_url.split("8000", 1)[1]
    client.post(path, {"interested": "yes"})
    assert Match.objects.get(need=need).interested_at is not None


def test_email_is_in_the_recipients_language():
    laundry("Veļas māja", "peter@example.com", language="en")
    open_need()
    notifications.send_match_emails()
    assert "is based in Rīga" in mail.outbox[0].body
    assert "fit" in mail.outbox[0].subject


def test_weekly_digest_waits_a_week_and_never_means_never():
    _, weekly = laundry("Nedēļas veļa", "nedela@example.lv", match_emails=MatchEmails.WEEKLY)
    laundry("Klusā veļa", "kluss@example.lv", match_emails=MatchEmails.NONE)
    now = timezone.now()
    open_need("Pirmā")
    notifications.send_match_emails(now)
    assert [m.to for m in mail.outbox] == [["nedela@example.lv"]]
    open_need("Otrā")
    notifications.send_match_emails(now + datetime.timedelta(days=2))
    assert len(mail.outbox) == 1  # the digest waits
    notifications.send_match_emails(now + datetime.timedelta(days=7))
    assert len(mail.outbox) == 2
    assert "Otrā" in mail.outbox[1].body and "Pirmā" not in mail.outbox[1].body
    weekly.refresh_from_db()
    assert weekly.last_digest_at is not None


def test_an_enterprise_hears_of_at_most_five_needs_a_week():
    laundry("Veļas māja", "ilze@velasmaja.lv")
    for number in range(7):
        open_need(f"Vajadzība {number}")
    notifications.send_match_emails()
    told = Match.objects.filter(notified_at__isnull=False).count()
    assert told == notifications.WEEKLY_CAP
    notifications.send_match_emails()
    assert Match.objects.filter(notified_at__isnull=False).count() == notifications.WEEKLY_CAP


def test_equal_matches_take_turns_across_needs(monkeypatch):
    monkeypatch.setattr(notifications, "NOTIFY_PER_NEED", 2)
    for number in range(6):
        laundry(f"Veļa {number}", f"vela{number}@example.lv")
    needs = [open_need(f"Vajadzība {number}") for number in range(4)]
    notifications.send_match_emails()
    told = [
        set(
            Match.objects.filter(need=need, notified_at__isnull=False).values_list(
                "enterprise", flat=True
            )
        )
        for need in needs
    ]
    assert all(len(group) == 2 for group in told)
    assert len(set().union(*told)) > 2  # not the same two enterprises every time


def test_one_click_unsubscribe(client):
    _, person = laundry("Veļas māja", "ilze@velasmaja.lv")
    open_need()
    notifications.send_match_emails()
    url = re.search(r"<(\S+)>", mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1)
    path = url.split("8000", 1)[1]
    page = client.get(path).content.decode()
    # Whoever holds the link learns nothing about the account, not even its address.
    assert "Pārtraukt e-pastus" in page
    assert "ilze@velasmaja.lv" not in page and "velasmaja" not in page
    response = client.post(path)  # a mail client's one-click POST: no session, no CSRF token
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.match_emails == MatchEmails.NONE
    assert client.get(path.replace("unsubscribe/", "unsubscribe/x")).status_code == 410


def test_dashboard_changes_how_often(client):
    _, person = laundry("Veļas māja", "ilze@velasmaja.lv")
    client.force_login(person)
    client.post("/lv/account/email-preferences/", {"match_emails": "daily", "language": "en"})
    person.refresh_from_db()
    assert (person.match_emails, person.language) == (MatchEmails.DAILY, "en")
