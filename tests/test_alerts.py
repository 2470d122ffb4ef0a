"""Saved searches with alerts: saving (signed in, or confirmed by email first), what an alert
holds (only what is new, in the person's language), when it goes (daily, weekly, exactly
once), and how it stops (one-click unsubscribe, the signed link of that one search).

The clock is passed in: every timestamp the alerts compare is set here explicitly."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts.models import Frequency, SavedSearch, SearchKind
from alerts.services import (
    confirm_search,
    delete_expired_searches,
    save_search,
    send_due_alerts,
)
from alerts.tokens import CONFIRM_SALT, MANAGE_SALT, UNSUBSCRIBE_SALT, make_token
from enterprises.models import SocialEnterprise, Verification
from municipalities.models import Need, NeedStatus
from opportunities.models import Opportunity

from .factories import (
    NeedFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    municipality,
    verified_user,
)

RIGA = timezone.get_fixed_timezone(120)
# Monday 2 March 2026, 07:00 in Riga: when the search is confirmed.
T0 = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=RIGA)
DAY = datetime.timedelta(days=1)


# The rate limits count in the database cache, rolled back with each test.
pytestmark = pytest.mark.django_db


def published(obj, moment):
    type(obj).objects.filter(pk=obj.pk).update(published_at=moment)
    return obj


def verified_on(enterprise, moment):
    """As if the curator had verified the enterprise at that moment (its history says when)."""
    SocialEnterprise.history.filter(id=enterprise.pk).update(history_date=moment)
    return enterprise


def need_search(*, querystring="municipality=gulbenes-novads", language="lv", **kwargs):
    search = save_search(
        kind=SearchKind.NEEDS,
        querystring=querystring,
        name="Gulbenes vajadzības",
        frequency=kwargs.pop("frequency", Frequency.DAILY),
        language=language,
        description="Vajadzības: Gulbenes novads",
        email=kwargs.pop("email", "ilze.berzina@inbox.lv"),
        now=T0 - DAY,
        **kwargs,
    )
    mail.outbox.clear()
    return confirm_search(search=search, now=T0)


def alerts_to(address):
    return [message for message in mail.outbox if message.to == [address]]


# Saving


def test_a_signed_in_person_saves_the_directorys_filters_normalised(client):
    person = verified_user("anna.kalnina@gulbene.lv", language="lv")
    client.force_login(person)
    url = reverse("alerts:search-create", args=["enterprises"])
    page = client.get(url + "?q=ēdināšana&municipality=gulbenes-novads&sort=name&page=3")
    text = page.content.decode()
    assert "Sociālie uzņēmumi: “ēdināšana”, Gulbenes novads" in text  # the name, prefilled
    querystring = page.context["form"].initial["querystring"]
    assert querystring == "municipality=gulbenes-novads&q=%C4%93din%C4%81%C5%A1ana"

    response = client.post(
        url, {"querystring": querystring, "name": "Ēdināšana Gulbenē", "frequency": "daily"}
    )

    assert response.status_code == 302
    search = SavedSearch.objects.get()
    assert (search.user, search.email, search.kind) == (person, "", SearchKind.ENTERPRISES)
    assert search.is_confirmed and search.last_sent_at is not None
    assert mail.outbox == []  # a signed-in person confirms nothing
    listing = client.get(reverse("alerts:search-list")).content.decode()
    assert "Ēdināšana Gulbenē" in listing
    assert "?municipality=gulbenes-novads&amp;q=" in listing


def test_filters_the_list_would_refuse_are_not_saved(client):
    client.force_login(verified_user("anna.kalnina@gulbene.lv"))
    response = client.post(
        reverse("alerts:search-create", args=["needs"]),
        {"querystring": "municipality=atlantida", "name": "Atlantīda", "frequency": "daily"},
    )
    assert response.status_code == 200
    assert "Šie filtri vairs nav derīgi" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_the_list_pages_link_to_saving_their_current_filters(client):
    for name, kind in [
        ("enterprises:enterprise-list", "enterprises"),
        ("municipalities:need-list", "needs"),
        ("opportunities:opportunity-list", "opportunities"),
    ]:
        page = client.get(reverse(name) + "?municipality=gulbenes-novads").content.decode()
        link = reverse("alerts:search-create", args=[kind]) + "?municipality=gulbenes-novads"
        assert f'href="{link}"' in page


# Without an account: double opt-in


def test_without_an_account_nothing_is_sent_until_the_address_confirms(
    client, django_capture_on_commit_callbacks
):
    address = "janis.ozols@inbox.lv"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("alerts:search-create", args=["needs"]),
            {
                "querystring": "municipality=gulbenes-novads",
                "name": "PĒRC LĒTI http://krapnieki.example",
                "frequency": "daily",
                "email": address,
            },
        )
    assert response.status_code == 200
    search = SavedSearch.objects.get()
    assert not search.is_confirmed and search.language == "lv"
    [confirmation] = mail.outbox
    assert confirmation.to == [address]
    # The portal's words only: what the stranger typed reaches nobody's inbox.
    assert confirmation.subject == "Apstipriniet saglabāto meklēšanu Kopā"
    assert "krapnieki" not in confirmation.body and "Gulbenes novads" in confirmation.body

    # A need published meanwhile: still nothing, however long the address waits.
    mail.outbox.clear()
    published(NeedFactory(municipality=municipality("gulbenes-novads")), timezone.now())
    assert send_due_alerts(now=timezone.now() + 3 * DAY) == 0
    assert mail.outbox == []

    link = re.search(r"http://\S+/saved-searches/confirm/\S+/", confirmation.body).group()
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    search.refresh_from_db()
    assert not search.is_confirmed  # opening the link (a mail scanner) confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    search.refresh_from_db()
    assert search.is_confirmed


def test_unconfirmed_searches_are_forgotten_after_seven_days():
    kept = save_search(
        kind=SearchKind.NEEDS,
        querystring="",
        name="Vajadzības",
        frequency=Frequency.WEEKLY,
        language="lv",
        description="Vajadzības",
        email="gaida@inbox.lv",
        now=T0 - 6 * DAY,
    )
    save_search(
        kind=SearchKind.NEEDS,
        querystring="",
        name="Vajadzības",
        frequency=Frequency.WEEKLY,
        language="lv",
        description="Vajadzības",
        email="aizmirsa@inbox.lv",
        now=T0 - 8 * DAY,
    )
    confirmed = need_search(email="apstiprinaja@inbox.lv")
    SavedSearch.objects.filter(pk=confirmed.pk).update(created_at=T0 - 30 * DAY)

    assert delete_expired_searches(now=T0) == 1
    assert set(SavedSearch.objects.values_list("email", flat=True)) == {
        kept.email,
        confirmed.email,
    }


def test_an_expired_confirmation_link_confirms_nothing(client):
    search = save_search(
        kind=SearchKind.NEEDS,
        querystring="",
        name="Vajadzības",
        frequency=Frequency.WEEKLY,
        language="lv",
        description="Vajadzības",
        email="velu@inbox.lv",
    )
    token = make_token(search, CONFIRM_SALT)
    assert client.post(reverse("alerts:search-confirm", args=[token + "x"])).status_code == 404
    # A manage link is not a confirmation link.
    wrong = make_token(search, MANAGE_SALT)
    assert client.post(reverse("alerts:search-confirm", args=[wrong])).status_code == 404
    search.refresh_from_db()
    assert not search.is_confirmed


def test_one_address_gets_at_most_three_confirmations_an_hour(
    client, django_capture_on_commit_callbacks
):
    url = reverse("alerts:search-create", args=["needs"])
    data = {"querystring": "", "name": "x", "frequency": "daily", "email": "upuris@inbox.lv"}
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [client.post(url, data).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert len(mail.outbox) == 3 and SavedSearch.objects.count() == 3


# What an alert holds


def test_the_alert_lists_only_new_open_needs_that_match(client):
    gulbene, ludza = municipality("gulbenes-novads"), municipality("ludzas-novads")
    need_search()
    published(NeedFactory(municipality=gulbene, title="Vecā vajadzība"), T0 - DAY)
    new = published(NeedFactory(municipality=gulbene, title="Jaunā parku pļaušana"), T0 + DAY / 2)
    published(NeedFactory(municipality=ludza, title="Ludzas skolu ēdināšana"), T0 + DAY / 2)
    published(
        NeedFactory(municipality=gulbene, title="Slēgtā vajadzība", status=NeedStatus.CLOSED),
        T0 + DAY / 2,
    )
    NeedFactory(municipality=gulbene, title="Melnraksts", status=NeedStatus.DRAFT)

    assert send_due_alerts(now=T0 + DAY) == 1

    [alert] = mail.outbox
    assert alert.to == ["ilze.berzina@inbox.lv"]
    assert alert.subject == "1 jauns rezultāts: Gulbenes vajadzības"
    assert "Jaunā parku pļaušana (Gulbenes novads)" in alert.body
    assert f"/needs/{new.pk}/" in alert.body
    for absent in ["Vecā", "Ludzas", "Slēgtā", "Melnraksts"]:
        assert absent not in alert.body
    assert "?municipality=gulbenes-novads&since=2026-03-02T07%3A00%3A00" in alert.body


def test_the_alert_goes_in_the_language_chosen_when_saving():
    need_search(language="en")
    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY / 2)
    OpportunityFactory()  # another list: not in this alert

    send_due_alerts(now=T0 + DAY)

    [alert] = mail.outbox
    assert alert.subject == "1 new result: Gulbenes vajadzības"
    assert "New since the previous email" in alert.body
    assert "http://127.0.0.1:8000/en/saved-searches/unsubscribe/" in alert.body
    unsubscribe = alert.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(
        r"<http://127\.0\.0\.1:8000/en/saved-searches/unsubscribe/\S+/>", unsubscribe
    )
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_directory_alert_lists_newly_verified_enterprises_only():
    search = save_search(
        kind=SearchKind.ENTERPRISES,
        querystring="",
        name="Visi uzņēmumi",
        frequency=Frequency.DAILY,
        language="lv",
        description="Sociālie uzņēmumi",
        email="petera@inbox.lv",
        now=T0,
    )
    confirm_search(search=search, now=T0)
    mail.outbox.clear()
    verified_on(SocialEnterpriseFactory(name="Vecais uzņēmums"), T0 - DAY)
    verified_on(SocialEnterpriseFactory(name="Jaunā maiznīca"), T0 + DAY / 2)
    verified_on(
        SocialEnterpriseFactory(
            name="Nepārbaudītais", verification=Verification.PENDING, checked_at=None
        ),
        T0 + DAY / 2,
    )
    # Verified long ago and re-checked today: not new.
    rechecked = verified_on(SocialEnterpriseFactory(name="Pārbaudīts atkārtoti"), T0 - 400 * DAY)
    rechecked.checked_at = T0 + DAY / 2
    rechecked.save()
    latest = SocialEnterprise.history.filter(id=rechecked.pk).latest("history_id")
    SocialEnterprise.history.filter(history_id=latest.history_id).update(history_date=T0 + DAY / 2)

    send_due_alerts(now=T0 + DAY)

    [alert] = mail.outbox
    assert "Jaunā maiznīca" in alert.body
    for absent in ["Vecais", "Nepārbaudītais", "Pārbaudīts atkārtoti"]:
        assert absent not in alert.body


def test_nothing_new_sends_nothing_and_keeps_the_window_open():
    search = need_search()
    assert send_due_alerts(now=T0 + DAY) == 0
    search.refresh_from_db()
    assert search.last_sent_at == T0
    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY + DAY / 4)
    assert send_due_alerts(now=T0 + 2 * DAY) == 1


# When it goes


def test_each_alert_goes_exactly_once():
    need_search()
    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY / 2)

    assert send_due_alerts(now=T0 + DAY) == 1
    assert send_due_alerts(now=T0 + DAY) == 0  # run again
    assert send_due_alerts(now=T0 + DAY + datetime.timedelta(hours=6)) == 0  # later that day
    assert send_due_alerts(now=T0 + 2 * DAY) == 0  # the next day, nothing new
    assert len(mail.outbox) == 1


def test_daily_goes_the_next_day_weekly_after_a_week():
    daily = need_search(email="katru.dienu@inbox.lv", frequency=Frequency.DAILY)
    weekly = need_search(email="reizi.nedela@inbox.lv", frequency=Frequency.WEEKLY)
    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY / 2)

    # The timer fires a minute earlier the next morning: still the next day.
    send_due_alerts(now=T0 + DAY - datetime.timedelta(minutes=1))
    assert len(alerts_to(daily.email)) == 1 and alerts_to(weekly.email) == []
    send_due_alerts(now=T0 + 6 * DAY)
    assert alerts_to(weekly.email) == []
    send_due_alerts(now=T0 + 7 * DAY - datetime.timedelta(minutes=1))
    assert len(alerts_to(weekly.email)) == 1


def test_a_new_opportunity_reaches_an_opportunity_search():
    search = save_search(
        kind=SearchKind.OPPORTUNITIES,
        querystring="",
        name="Iespējas",
        frequency=Frequency.DAILY,
        language="lv",
        description="Iespējas",
        email="iespejas@inbox.lv",
    )
    confirm_search(search=search, now=T0)
    mail.outbox.clear()
    new = published(OpportunityFactory(title_lv="Bezmaksas telpas pasākumiem"), T0 + DAY / 2)
    published(OpportunityFactory(title_lv="Sena iespēja"), T0 - DAY)
    Opportunity.objects.create(
        municipality=municipality(),
        kind="information",
        title_lv="Melnraksts",
        status="draft",
        description_lv="x",
    )

    send_due_alerts(now=T0 + DAY)

    [alert] = mail.outbox
    assert "Bezmaksas telpas pasākumiem" in alert.body and f"/{new.pk}/" in alert.body
    assert "Sena" not in alert.body and "Melnraksts" not in alert.body


# How it stops


def test_one_click_unsubscribe_stops_the_alerts():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    search = need_search()
    token = make_token(search, UNSUBSCRIBE_SALT)
    url = reverse("alerts:unsubscribe", args=[token])

    page = client.get(url)
    assert page.status_code == 200 and SavedSearch.objects.filter(pk=search.pk).exists()
    assert "ilze.berzina" not in page.content.decode()

    # What a mail client sends (RFC 8058): no session, no CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not SavedSearch.objects.filter(pk=search.pk).exists()
    assert client.post(url).status_code == 200  # again: still fine

    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY / 2)
    assert send_due_alerts(now=T0 + DAY) == 0
    assert client.post(reverse("alerts:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404


def test_a_management_link_manages_its_own_search_only(client):
    mine = need_search(email="mans@inbox.lv")
    other = need_search(email="cits@inbox.lv")
    token = make_token(mine, MANAGE_SALT)
    signed_pk = token.split(":", 1)[0]
    # The other search's number with this signature: refused.
    forged = token.replace(signed_pk, make_token(other, MANAGE_SALT).split(":", 1)[0], 1)
    assert client.get(reverse("alerts:search-manage", args=[forged])).status_code == 404
    unsubscribe_token = make_token(other, UNSUBSCRIBE_SALT)
    assert client.get(reverse("alerts:search-manage", args=[unsubscribe_token])).status_code == 404

    url = reverse("alerts:search-manage", args=[token])
    page = client.get(url).content.decode()
    assert "mans@inbox.lv" in page and "cits@inbox.lv" not in page
    client.post(url, {"frequency": "weekly"})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.frequency, other.frequency) == (Frequency.WEEKLY, Frequency.DAILY)
    client.post(url, {"delete": "1"})
    assert list(SavedSearch.objects.values_list("email", flat=True)) == ["cits@inbox.lv"]


def test_my_account_changes_only_my_own_searches(client, django_assert_max_num_queries):
    owner = verified_user("anna.kalnina@gulbene.lv")
    intruder = verified_user("svesais@inbox.lv")
    search = need_search(user=owner, email="")
    for index in range(5):
        need_search(user=owner, email="", querystring=f"q=parks{index}")

    client.force_login(intruder)
    page = client.get(reverse("alerts:search-list")).content.decode()
    assert "Gulbenes vajadzības" not in page
    client.post(reverse("alerts:search-list"), {"search": search.pk, "delete": "1"})
    client.post(reverse("alerts:search-list"), {"search": search.pk, "frequency": "weekly"})
    search.refresh_from_db()
    assert search.frequency == Frequency.DAILY

    client.force_login(owner)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("alerts:search-list"))
    assert page.content.decode().count("Gulbenes vajadzības") == 6
    client.post(reverse("alerts:search-list"), {"search": search.pk, "frequency": "weekly"})
    search.refresh_from_db()
    assert search.frequency == Frequency.WEEKLY
    client.post(reverse("alerts:search-list"), {"search": search.pk, "delete": "1"})
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


def test_an_alert_for_an_account_goes_to_its_current_address():
    owner = verified_user("anna.kalnina@gulbene.lv")
    need_search(user=owner, email="")
    owner.email = "anna@gulbene.lv"
    owner.save()
    published(NeedFactory(municipality=municipality("gulbenes-novads")), T0 + DAY / 2)
    send_due_alerts(now=T0 + DAY)
    assert [message.to for message in mail.outbox] == [["anna@gulbene.lv"]]


# The `since` filter the alert links to


def test_the_since_filter_shows_only_what_is_new(client):
    gulbene = municipality("gulbenes-novads")
    published(NeedFactory(municipality=gulbene, title="Vecā vajadzība"), T0 - DAY)
    published(NeedFactory(municipality=gulbene, title="Jaunā vajadzība"), T0 + DAY / 2)
    verified_on(SocialEnterpriseFactory(name="Vecais uzņēmums"), T0 - DAY)
    verified_on(SocialEnterpriseFactory(name="Jaunais uzņēmums"), T0 + DAY / 2)
    published(OpportunityFactory(title_lv="Vecā iespēja"), T0 - DAY)
    published(OpportunityFactory(title_lv="Jaunā iespēja"), T0 + DAY / 2)
    since = "?since=2026-03-02T07:00:00"

    needs = client.get(reverse("municipalities:need-list") + since).content.decode()
    enterprises = client.get(reverse("enterprises:enterprise-list") + since).content.decode()
    opportunities = client.get(reverse("opportunities:opportunity-list") + since).content.decode()

    assert "Jaunā vajadzība" in needs and "Vecā vajadzība" not in needs
    assert "Jaunais uzņēmums" in enterprises and "Vecais uzņēmums" not in enterprises
    assert "Jaunā iespēja" in opportunities and "Vecā iespēja" not in opportunities
    assert Need.objects.count() == 2


def test_a_long_alert_lists_twenty_and_counts_the_rest(django_assert_max_num_queries):
    need_search()
    gulbene = municipality("gulbenes-novads")
    for index in range(22):
        published(
            NeedFactory(municipality=gulbene, title=f"Skolas ēdnīcas uzkopšana {index:02d}"),
            T0 + datetime.timedelta(minutes=10 + index),
        )

    # The claim, the search, the items with their municipality, the count, the update.
    with django_assert_max_num_queries(8):
        send_due_alerts(now=T0 + DAY)

    [alert] = mail.outbox
    assert alert.subject == "22 jauni rezultāti: Gulbenes vajadzības"
    assert alert.body.count("Skolas ēdnīcas uzkopšana") == 20
    assert "uzkopšana 21" in alert.body and "uzkopšana 01" not in alert.body  # newest first
    assert "un vēl 2 rezultāti" in alert.body
