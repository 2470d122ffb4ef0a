"""Representatives and officers keep their own data; administrators verify and approve."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import MembershipStatus
from enterprises.models import Offering, Representative, SocialEnterprise, Verification
from matching.services import refresh_need_matches
from municipalities.models import Need, NeedStatus, Officer

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
    target_group,
    verified_user,
)

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "name": "Saules Darbnīca",
    "registration_number": "40203123456",
    "legal_form": "sia",
    "role": "valdes locekle",
    "connection": "Dibināju uzņēmumu 2019. gadā un vadu to kopš tā laika.",
    "description": "Šujam darba apģērbus, nodarbinot cilvēkus ar invaliditāti.",
    "email": "info@saulesdarbnica.lv",
    "home_municipality": "",  # filled in per test
    "employees_total": "12",
    "employees_target_group": "5",
}

EVIDENCE = {
    "role": "projektu vadītājs",
    "connection": "Strādāju darbnīcā kopš 2021. gada; to var apliecināt valdes locekle Ilze.",
}


@pytest.fixture
def curator():
    return UserFactory(
        username="kurators", email="kurators@kopa.example", is_staff=True, is_superuser=True
    )


def register(client, **changes):
    data = {**REGISTRATION, "home_municipality": municipality("cesu-novads").pk, **changes}
    return client.post(reverse("enterprises:enterprise-register"), data)


@pytest.fixture
def send_mail_on_commit(django_capture_on_commit_callbacks):
    """Mail goes out after the write commits; tests run inside a transaction, so run the
    commit callbacks where a test says so."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_registered_enterprise_is_pending_and_hidden_until_verified(
    client, curator, send_mail_on_commit
):
    person = verified_user("janis@saulesdarbnica.lv")
    client.force_login(person)
    with send_mail_on_commit():
        response = register(client)
    enterprise = SocialEnterprise.objects.get(registration_number="40203123456")
    assert response.url == reverse("enterprises:enterprise-manage", args=[enterprise.slug])
    assert enterprise.verification == Verification.PENDING
    assert Representative.objects.get(enterprise=enterprise).user == person
    assert [message.to for message in mail.outbox] == [["kurators@kopa.example"]]
    assert "Saules Darbnīca" not in client.get("/lv/enterprises/").content.decode()
    assert client.get(enterprise.get_absolute_url()).status_code == 404

    client.force_login(curator)
    with send_mail_on_commit():
        client.post(
            reverse("admin:enterprises_socialenterprise_changelist"),
            {"action": "mark_verified", "_selected_action": [enterprise.pk]},
        )
    assert "Saules Darbnīca" in client.get("/lv/enterprises/").content.decode()
    # The person who registered it hears of it, and that they still wait for approval
    # themselves: nobody speaks for it yet.
    assert mail.outbox[-1].to == ["janis@saulesdarbnica.lv"]
    assert "pārstāvēt" in mail.outbox[-1].subject
    membership = Representative.objects.get(enterprise=enterprise)
    assert membership.status == MembershipStatus.PENDING
    with send_mail_on_commit():
        client.post(
            reverse("admin:enterprises_representative_changelist"),
            {"action": "approve", "_selected_action": [membership.pk]},
        )
    told = mail.outbox[-1]
    assert told.to == ["janis@saulesdarbnica.lv"]
    assert "apstiprināts" in told.subject


def test_registration_with_bad_input_shows_latvian_errors_and_saves_nothing(client):
    client.force_login(verified_user("anna@example.lv"))
    response = register(client, registration_number="123", employees_target_group="20")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reģistrācijas numurā ir tieši 11 cipari." in page
    assert "Darbinieku no mērķa grupām nevar būt vairāk nekā visu darbinieku." in page
    assert not SocialEnterprise.objects.exists()
    assert not Representative.objects.exists()


def test_registering_a_taken_number_is_refused(client):
    SocialEnterpriseFactory(registration_number="40203123456")
    client.force_login(verified_user("anna@example.lv"))
    page = register(client).content.decode()
    assert "Uzņēmums ar šo reģistrācijas numuru Kopā jau ir reģistrēts." in page
    assert reverse("enterprises:enterprise-join") in page
    assert SocialEnterprise.objects.count() == 1


def test_joining_an_enterprise_waits_for_its_representative(client, send_mail_on_commit):
    enterprise = SocialEnterpriseFactory(registration_number="40203123456")
    colleague = representative_of(enterprise, "ilze@darbnica.lv")
    newcomer = verified_user("peteris@darbnica.lv", language="en")
    client.force_login(newcomer)
    with send_mail_on_commit():
        client.post(
            reverse("enterprises:enterprise-join"),
            {"registration_number": "40203123456", **EVIDENCE},
        )
    request = Representative.objects.get(user=newcomer)
    assert request.status == MembershipStatus.PENDING
    assert mail.outbox[-1].to == ["ilze@darbnica.lv"]
    # The newcomer cannot manage the enterprise yet.
    manage = reverse("enterprises:enterprise-manage", args=[enterprise.slug])
    assert client.get(manage).status_code == 404

    client.force_login(colleague)
    assert "peteris@darbnica.lv" in client.get(manage).content.decode()
    with send_mail_on_commit():
        client.post(
            reverse("enterprises:representative-decide", args=[request.pk]),
            {"decision": "approve"},
        )
    request.refresh_from_db()
    assert request.status == MembershipStatus.APPROVED
    assert request.decided_by == colleague
    # Told in the language they chose.
    assert mail.outbox[-1].to == ["peteris@darbnica.lv"]
    assert "approved" in mail.outbox[-1].subject
    client.force_login(newcomer)
    assert client.get(manage).status_code == 200


def test_join_form_explains_an_unknown_number(client):
    client.force_login(verified_user("anna@example.lv"))
    page = client.post(
        reverse("enterprises:enterprise-join"), {"registration_number": "40203999999", **EVIDENCE}
    ).content.decode()
    assert "Kopā katalogā nav uzņēmuma ar šo numuru." in page
    assert not Representative.objects.exists()


def test_representative_adds_edits_and_retires_offerings(client):
    enterprise = SocialEnterpriseFactory()
    client.force_login(representative_of(enterprise, "ilze@darbnica.lv"))
    client.post(
        reverse("enterprises:offering-create", args=[enterprise.slug]),
        {
            "title": "Darba apģērbu šūšana",
            "kind": "product",
            "category": category("inclusive-production").pk,
            "target_groups": [target_group().pk],
            "instruments": [instrument("purchasing").pk, instrument("public-procurement").pk],
        },
    )
    offering = Offering.objects.get(title="Darba apģērbu šūšana")
    assert set(offering.instruments.values_list("slug", flat=True)) == {
        "purchasing",
        "public-procurement",
    }
    client.post(
        reverse("enterprises:offering-edit", args=[offering.pk]),
        {"title": "Darba apģērbi", "kind": "product", "category": category("gifts").pk},
    )
    offering.refresh_from_db()
    assert (offering.title, offering.category.slug) == ("Darba apģērbi", "gifts")
    client.post(reverse("enterprises:offering-retire", args=[offering.pk]), {"active": "0"})
    offering.refresh_from_db()
    assert not offering.is_active
    assert "Darba apģērbi" not in client.get(enterprise.get_absolute_url()).content.decode()
    assert offering.history.count() == 3
    assert offering.history.first().history_user.email == "ilze@darbnica.lv"


def test_dashboard_says_what_the_profile_lacks(client):
    enterprise = SocialEnterpriseFactory(description="", founded_year=None)
    client.force_login(representative_of(enterprise, "ilze@darbnica.lv"))
    page = client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug])).content
    page = page.decode()
    assert "apraksts" in page
    assert "vismaz viens aktīvs piedāvājums" in page
    assert "dibināšanas gads" in page


def test_dashboard_lists_needs_that_fit_best_first(client):
    gulbene, riga = municipality("gulbenes-novads"), municipality("riga")
    # Matching lists only needs where the enterprise works (issue 13): home, then Rīga.
    enterprise = SocialEnterpriseFactory(home_municipality=gulbene, served_municipalities=[riga])
    OfferingFactory(enterprise=enterprise, category=category("laundry"))
    here = NeedFactory(title="Veļa Gulbenē", municipality=gulbene, category=category("laundry"))
    there = NeedFactory(title="Veļa Rīgā", municipality=riga, category=category("laundry"))
    other = NeedFactory(
        title="Aprūpe Gulbenē", municipality=gulbene, category=category("home-care")
    )
    for need in (here, there, other):
        refresh_need_matches(need)
    client.force_login(representative_of(enterprise, "ilze@darbnica.lv"))
    page = client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug]))
    page = page.content.decode()
    assert page.index("Veļa Gulbenē") < page.index("Veļa Rīgā")
    assert "Aprūpe Gulbenē" not in page


def test_a_pending_enterprise_is_told_why_no_need_is_listed_and_where_to_look(client):
    enterprise = SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)
    OfferingFactory(enterprise=enterprise, category=category("laundry"))
    refresh_need_matches(NeedFactory(category=category("laundry")))
    client.force_login(representative_of(enterprise, "ilze@darbnica.lv"))
    page = client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug]))
    page = page.content.decode()
    assert "parādīsies, kad administrators būs pārbaudījis uzņēmumu" in page
    assert "neviena atvērta vajadzība neatbilst" not in page
    board = reverse("municipalities:need-list")
    assert f'<a href="{board}">Apskatīt pašvaldību vajadzības</a>' in page


def test_officer_on_the_official_domain_starts_at_once(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(verified_user("liga@gulbene.lv"))
    response = client.post(reverse("municipalities:officer-request"), {"municipality": gulbene.pk})
    officer = Officer.objects.get()
    assert officer.status == MembershipStatus.APPROVED
    assert officer.approved_by_domain
    assert response.url == reverse("municipalities:municipality-manage", args=["gulbenes-novads"])
    assert mail.outbox == []


def test_officer_with_a_private_address_waits_for_an_administrator(
    client, curator, send_mail_on_commit
):
    gulbene = municipality("gulbenes-novads")
    person = verified_user("liga@gmail.example")
    client.force_login(person)
    with send_mail_on_commit():
        client.post(reverse("municipalities:officer-request"), {"municipality": gulbene.pk})
    officer = Officer.objects.get()
    assert officer.status == MembershipStatus.PENDING
    assert mail.outbox[-1].to == ["kurators@kopa.example"]
    manage = reverse("municipalities:municipality-manage", args=["gulbenes-novads"])
    assert client.get(manage).status_code == 404

    client.force_login(curator)
    with send_mail_on_commit():
        client.post(
            reverse("admin:municipalities_officer_changelist"),
            {"action": "approve", "_selected_action": [officer.pk]},
        )
    officer.refresh_from_db()
    assert (officer.status, officer.decided_by) == (MembershipStatus.APPROVED, curator)
    assert mail.outbox[-1].to == ["liga@gmail.example"]
    client.force_login(person)
    assert client.get(manage).status_code == 200


def test_an_unverified_address_on_the_domain_is_not_proof(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(UserFactory(email="liga@gulbene.lv"))
    client.post(reverse("municipalities:officer-request"), {"municipality": gulbene.pk})
    assert Officer.objects.get().status == MembershipStatus.PENDING


NEED = {
    "title": "Skolas veļas mazgāšana",
    "description": "Vajadzīga veļas mazgāšana trim skolām.",
    "budget_min": "1000",
    "budget_max": "4000",
    "deadline": "2027-03-01",
}


def test_officer_posts_a_draft_then_publishes_and_moves_it_on(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(officer_of(gulbene, "liga@gulbene.lv"))
    client.post(
        reverse("municipalities:need-create", args=["gulbenes-novads"]),
        {**NEED, "category": category("laundry").pk},
    )
    need = Need.objects.get()
    assert (need.status, need.created_by.email) == (NeedStatus.DRAFT, "liga@gulbene.lv")
    assert need.published_at is None
    client.logout()
    assert client.get(need.get_absolute_url()).status_code == 404

    client.force_login(need.created_by)
    assert "melnraksts" in client.get(need.get_absolute_url()).content.decode()
    transition = reverse("municipalities:need-transition", args=[need.pk])
    client.post(transition, {"status": "open"})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN and need.published_at is not None
    client.post(transition, {"status": "in_progress"})
    client.post(transition, {"status": "fulfilled"})
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED
    # Fulfilled is final.
    response = client.post(transition, {"status": "open"}, follow=True)
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED
    assert "Vajadzību nevar pārvietot no" in response.content.decode()


def test_need_published_at_once_and_bad_budget_saves_nothing(client):
    client.force_login(officer_of(municipality("riga"), "andris@riga.lv"))
    url = reverse("municipalities:need-create", args=["riga"])
    page = client.post(
        url,
        {**NEED, "budget_min": "5000", "budget_max": "100", "category": category("laundry").pk},
    ).content.decode()
    assert "Budžeta augšējā robeža nevar būt zemāka par apakšējo." in page
    assert not Need.objects.exists()
    client.post(url, {**NEED, "category": category("laundry").pk, "publish": "1"})
    assert Need.objects.get().status == NeedStatus.OPEN


def test_officer_edits_the_municipality_page_and_support(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(officer_of(gulbene, "liga@gulbene.lv"))
    client.post(
        reverse("municipalities:municipality-edit", args=["gulbenes-novads"]),
        {
            "description": "Gulbenes novads atbalsta sociālos uzņēmumus.",
            "contact_name": "Līga Ozola",
            "contact_name_public": "on",
            "contact_email": "liga@gulbene.lv",
            "contact_email_public": "on",
            "support-TOTAL_FORMS": "1",
            "support-INITIAL_FORMS": "0",
            "support-0-instrument": instrument("infrastructure").pk,
            "support-0-note": "Telpas Stāmerienas pilī",
        },
    )
    page = client.get(gulbene.get_absolute_url()).content.decode()
    assert "Līga Ozola" in page
    assert "Telpas Stāmerienas pilī" in page


def test_officer_dashboard_shows_longest_open_first(client):
    riga = municipality("riga")
    newer = NeedFactory(municipality=riga, title="Jaunāka")
    older = NeedFactory(municipality=riga, title="Vecāka")
    Need.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2025))
    client.force_login(officer_of(riga, "andris@riga.lv"))
    page = client.get(reverse("municipalities:municipality-manage", args=["riga"])).content
    page = page.decode()
    assert page.index("Vecāka") < page.index("Jaunāka")
