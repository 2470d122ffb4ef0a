"""Personal data: the privacy notice, downloading one's data, deleting one's account (the
person goes, the organisations stay, the change history forgets them), and contact details
shown or hidden field by field."""

import json
import re
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import MatchEmails, MembershipStatus, User
from alerts.models import SavedSearch
from cooperation.models import (
    Cooperation,
    CooperationEvent,
    CooperationMessage,
    CooperationSurvey,
)
from enterprises.models import Representative, SocialEnterprise
from followups.models import FollowUp, FollowUpKind
from municipalities.models import Need, Officer
from stats.models import OfficerProfileView

from .factories import (
    NeedFactory,
    SocialEnterpriseFactory,
    UserFactory,
    municipality,
    officer_of,
    representative_of,
    verified_user,
)
from .test_accounts import PASSWORD, lv

pytestmark = pytest.mark.django_db

EMAIL = "ilze.kalnina@example.lv"
SURNAME = "Kalniņa"


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The privacy notice ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "footer"),
    [("lv", "Privātums", "Privātums"), ("en", "Privacy", "Privacy")],
)
def test_privacy_notice_is_public_and_linked_from_every_page(client, language, heading, footer):
    page = text_of(client.get(f"/{language}/privacy/"))
    assert f"<h1>{heading}</h1>" in page
    home = text_of(client.get(f"/{language}/"))
    footer_html = home[home.index('<footer class="site-footer">') :]
    assert f'<a href="/{language}/privacy/">{footer}</a>' in footer_html


def test_privacy_notice_names_the_operator_from_the_settings(client, settings):
    page = text_of(client.get("/lv/privacy/"))
    assert "Kopā portāla uzturētājs" in page  # the default, in Latvian
    assert "mailto:" not in page

    settings.KOPA_OPERATOR_NAME = "Labklājības ministrija"
    settings.KOPA_OPERATOR_EMAIL = "dati@lm.example"
    page = text_of(client.get("/en/privacy/"))
    assert "The controller of the personal data in this portal is Labklājības ministrija." in page
    assert '<a href="mailto:dati@lm.example">dati@lm.example</a>' in page


def test_every_cookie_the_portal_sets_is_on_the_privacy_notice(client):
    person = verified_user("anna@example.lv")
    responses = [
        client.get("/lv/auth/login/"),
        client.post("/lv/auth/login/", {"login": person.email, "password": PASSWORD}),
        client.get("/lv/account/"),
        client.post("/lv/account/email-preferences/", {"match_emails": "daily", "language": "lv"}),
        client.get("/lv/account/"),
        client.get("/en/enterprises/"),
    ]
    set_cookies = {name for response in responses for name in response.cookies}
    assert {"sessionid", "csrftoken", "messages"} <= set_cookies
    page = text_of(client.get("/en/privacy/"))
    for name in set_cookies:
        assert f"<code>{name}</code>" in page, name


def test_privacy_notice_links_a_member_to_their_data(client):
    page = text_of(client.get("/en/privacy/"))
    assert "/en/auth/login/?next=/en/account/" in page
    client.force_login(verified_user("anna@example.lv"))
    page = text_of(client.get("/en/privacy/"))
    assert 'href="/en/account/#your-data"' in page
    assert 'href="/en/account/delete/"' in page


def test_my_account_offers_the_download_the_deletion_and_the_notice(client):
    client.force_login(verified_user("anna@example.lv"))
    page = text_of(client.get("/lv/account/"))
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == f"{lv('My account')} — Kopā"
    assert 'action="/lv/account/personal-data/"' in page
    assert 'href="/lv/account/delete/"' in page
    assert 'href="/lv/privacy/"' in page
    assert 'action="/lv/account/email-preferences/"' in page


# --- A person with a history -----------------------------------------------------------------


@pytest.fixture
def ilze(client):
    """An English-speaking person who represents one enterprise, acts for one municipality,
    and has left traces everywhere: history, needs, cooperations, the admin log."""
    person = verified_user(EMAIL, first_name="Ilze", last_name=SURNAME, language="en")
    EmailAddress.objects.create(user=person, email="ilze@darbs.example", verified=False)
    enterprise = SocialEnterpriseFactory(
        name="Ilzes darbnīca", email="info@ilzes-darbnica.example", checked_by=person
    )
    Representative.objects.create(
        user=person,
        enterprise=enterprise,
        status=MembershipStatus.APPROVED,
        decided_at=enterprise.checked_at,
    )
    gulbene = municipality("gulbenes-novads")
    Officer.objects.create(
        user=person,
        municipality=gulbene,
        status=MembershipStatus.APPROVED,
        decided_at=enterprise.checked_at,
    )
    # Her own changes, recorded with her as the history user.
    client.force_login(person)
    response = client.post(
        reverse("enterprises:enterprise-edit", args=[enterprise.slug]),
        {
            "name": "Ilzes darbnīca",
            "description": "Šujam.",
            "email": "info@ilzes-darbnica.example",
            "email_public": "on",
            "home_municipality": gulbene.pk,
            "employees_total": "4",
            "employees_target_group": "2",
        },
    )
    assert response.status_code == 302
    NeedFactory(municipality=gulbene, title="Ilzes vajadzība", created_by=person)
    # She decides someone's request to join.
    newcomer = verified_user("jauns@example.lv")
    Representative.objects.create(
        user=newcomer,
        enterprise=enterprise,
        status=MembershipStatus.APPROVED,
        decided_by=person,
        decided_at=enterprise.checked_at,
    )
    Representative.objects.filter(user=newcomer).delete()
    # A cooperation with another municipality's officer.
    ludza = municipality("ludzas-novads")
    janis = officer_of(ludza, "janis@ludza.lv")
    cooperation = Cooperation.objects.create(
        municipality=ludza,
        enterprise=enterprise,
        initiated_by="enterprise",
        title="Darba apģērbi Ludzai",
        problem="p",
        solution="s",
        created_by=person,
    )
    CooperationEvent.objects.create(
        cooperation=cooperation,
        action="propose",
        to_status="proposed",
        side="enterprise",
        by=person,
    )
    CooperationMessage.objects.create(
        cooperation=cooperation, side="enterprise", author=person, text="Labdien, Ludza!"
    )
    CooperationMessage.objects.create(
        cooperation=cooperation, side="municipality", author=janis, text="Labdien, Ilze!"
    )
    # An administrator changed her account and her role in Django admin.
    admin = UserFactory(username="admins", is_staff=True, is_superuser=True)
    for obj in [person, person.representatives.get(), person.emailaddress_set.first()]:
        LogEntry.objects.create(
            user=admin,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj),
            action_flag=CHANGE,
        )
    client.logout()
    return person


# --- Downloading one's data ------------------------------------------------------------------


def download(client) -> dict:
    response = client.post(reverse("accounts:personal-data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert re.fullmatch(
        r'attachment; filename="kopa-personal-data-\d{4}-\d{2}-\d{2}\.json"',
        response["Content-Disposition"],
    )
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_a_person_downloads_everything_kopa_holds_about_them(client, ilze):
    client.force_login(ilze)
    data = download(client)

    assert data["account"]["email"] == EMAIL
    assert data["account"]["last_name"] == SURNAME
    assert data["account"]["language"] == "en"
    assert data["account"]["match_emails"] == MatchEmails.IMMEDIATE
    assert {(a["email"], a["verified"]) for a in data["email_addresses"]} == {
        (EMAIL, True),
        ("ilze@darbs.example", False),
    }
    (membership,) = data["enterprise_memberships"]
    assert membership["enterprise"] == "Ilzes darbnīca"
    assert membership["status"] == "approved"
    (officer,) = data["municipality_memberships"]
    assert officer["municipality"] == "Gulbenes novads"
    assert [need["title"] for need in data["needs_created"]] == ["Ilzes vajadzība"]
    assert [item["title"] for item in data["cooperations_started"]] == ["Darba apģērbi Ludzai"]
    assert [step["action"] for step in data["cooperation_steps"]] == ["propose"]
    # Her own messages, not the other side's.
    assert [message["text"] for message in data["cooperation_messages"]] == ["Labdien, Ludza!"]

    history = data["change_history"]
    made = {entry["record"] for entry in history if entry["made_by_you"]}
    assert "enterprises.socialenterprise" in made  # her edit of the profile
    about = [entry for entry in history if entry["about_you"]]
    assert {entry["record"] for entry in about} == {
        "enterprises.representative",
        "municipalities.officer",
    }
    assert all(entry["values"]["user_id"] == ilze.pk for entry in about)
    # Someone else's membership history is not hers, even though she decided it.
    assert not any(
        entry["record"] == "enterprises.representative" and not entry["about_you"]
        for entry in history
        if not entry["made_by_you"]
    )
    assert "password" not in json.dumps(data)


def test_the_download_costs_the_same_queries_however_much_a_person_did(
    client, ilze, django_assert_max_num_queries
):
    client.force_login(ilze)
    with django_assert_max_num_queries(24) as few:
        download(client)
    # Ten more needs, messages and memberships later: not one query more.
    cooperation = Cooperation.objects.get()
    for number in range(10):
        NeedFactory(created_by=ilze)
        CooperationMessage.objects.create(
            cooperation=cooperation, side="enterprise", author=ilze, text=f"Ziņa {number}"
        )
        Representative.objects.create(user=ilze, enterprise=SocialEnterpriseFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        data = download(client)
    assert len(data["cooperation_messages"]) == 11


def test_the_download_holds_saved_searches_survey_answers_reminders_and_pages_viewed(client, ilze):
    """What the newer parts of Kopā keep about a person is in their download too."""
    cooperation = Cooperation.objects.get()
    SavedSearch.objects.create(
        user=ilze,
        name="Sociālie uzņēmumi: “ēdināšana”, Gulbenes novads",
        kind="enterprises",
        querystring="municipality=gulbenes-novads&q=%C4%93din%C4%81%C5%A1ana",
        frequency="weekly",
        language="en",
        confirmed_at=timezone.now(),
        last_sent_at=timezone.now(),  # alerts count what is new from here
    )
    CooperationSurvey.objects.create(
        cooperation=cooperation,
        side="enterprise",
        happened_as_planned=True,
        value_eur=Decimal("1250.50"),
        jobs_created=2,
        target_group_people=5,
        would_have_found_without_portal=False,
        answered_by=ilze,
        answered_at=timezone.now(),
    )
    FollowUp.objects.create(
        kind=FollowUpKind.COOPERATION_SURVEY,
        object_id=cooperation.pk,
        recipient=ilze,
        sent_at=timezone.now(),
    )
    OfficerProfileView.objects.create(
        enterprise=SocialEnterprise.objects.get(name="Ilzes darbnīca"),
        officer=ilze,
        day=timezone.localdate(),
    )
    client.force_login(ilze)
    data = download(client)
    assert [search["frequency"] for search in data["saved_searches"]] == ["weekly"]
    assert data["survey_answers"][0]["value_eur"] == "1250.50"
    assert data["survey_answers"][0]["would_have_found_without_portal"] is False
    assert [sent["kind"] for sent in data["follow_up_emails"]] == [FollowUpKind.COOPERATION_SURVEY]
    assert data["enterprise_pages_viewed"] == [
        {"enterprise": "Ilzes darbnīca", "day": timezone.localdate().isoformat()}
    ]
    # Nobody else's.
    client.force_login(verified_user("cits@example.lv"))
    other = download(client)
    assert other["saved_searches"] == other["survey_answers"] == []
    assert other["follow_up_emails"] == other["enterprise_pages_viewed"] == []


def test_the_download_holds_nobody_elses_data(client, ilze):
    client.force_login(verified_user("cits@example.lv"))
    data = download(client)
    assert data["account"]["email"] == "cits@example.lv"
    assert EMAIL not in json.dumps(data, ensure_ascii=False)
    assert data["change_history"] == []


def test_the_download_takes_a_post(client, ilze):
    client.force_login(ilze)
    assert client.get(reverse("accounts:personal-data")).status_code == 405


# --- Deleting one's account ------------------------------------------------------------------


def rows_mentioning(text: str) -> list[str]:
    """Every row of every table, historical ones too, with ``text`` in a text column."""
    found = []
    for model in apps.get_models():
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not columns:
            continue
        query = Q()
        for column in columns:
            query |= Q(**{f"{column}__icontains": text})
        found += [f"{model._meta.label}: {row}" for row in model.objects.filter(query).values()]
    return found


def test_the_confirmation_page_warns_and_deletes_nothing(client, ilze):
    client.force_login(ilze)
    page = text_of(client.get("/en/account/delete/"))
    assert "<h1>Delete my account</h1>" in page
    # She is the only approved member of both.
    assert "Nobody else acts for:" in page
    assert "<li>Ilzes darbnīca</li>" in page
    assert "<li>Gulbenes novads</li>" in page
    assert 'type="password"' in page
    assert User.objects.filter(pk=ilze.pk).exists()
    assert rows_mentioning(EMAIL)


def test_no_warning_when_someone_else_also_acts_for_the_organisation(client, ilze):
    enterprise = SocialEnterprise.objects.get(name="Ilzes darbnīca")
    representative_of(enterprise, "kolega@example.lv")
    client.force_login(ilze)
    page = text_of(client.get("/en/account/delete/"))
    assert "<li>Ilzes darbnīca</li>" not in page
    assert "<li>Gulbenes novads</li>" in page


def test_a_wrong_password_deletes_nothing_and_says_so_in_latvian(client, ilze):
    client.force_login(ilze)
    page = text_of(client.post("/lv/account/delete/", {"password": "nepareiza"}))
    assert lv("The password is not correct.") in page
    page = text_of(client.post("/lv/account/delete/", {}))
    assert lv("This field is required.") in page
    assert User.objects.filter(pk=ilze.pk).exists()
    assert mail.outbox == []


def test_nobody_deletes_someone_elses_account(client, ilze):
    # The page acts on whoever is logged in: Ilze's password does not delete her for him.
    other = verified_user("cits@example.lv")
    client.force_login(other)
    client.post("/lv/account/delete/", {"password": PASSWORD + "x"})
    assert User.objects.filter(pk__in=[ilze.pk, other.pk]).count() == 2
    client.logout()
    response = client.post("/lv/account/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/lv/auth/login/")
    assert User.objects.filter(pk=ilze.pk).exists()


def test_guessing_the_password_is_rate_limited(client, ilze):
    client.force_login(ilze)
    statuses = [
        client.post("/lv/account/delete/", {"password": f"minējums {n}"}).status_code
        for n in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert User.objects.filter(pk=ilze.pk).exists()


def test_deleting_an_account_removes_the_person_and_keeps_the_organisations(
    client, ilze, django_capture_on_commit_callbacks
):
    other_device = client.__class__()
    other_device.force_login(ilze)
    bystander = representative_of(SocialEnterpriseFactory(name="Cits"), "cits@example.lv")
    bystander_client = client.__class__()
    bystander_client.force_login(bystander)
    enterprise = SocialEnterprise.objects.get(name="Ilzes darbnīca")
    historical = {
        model: model.objects.count()
        for model in [SocialEnterprise.history.model, Need.history.model]
    }
    pk = ilze.pk

    client.force_login(ilze)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/account/delete/", {"password": PASSWORD}, follow=True)

    # Logged out, told so, and mailed a confirmation in her language.
    assert response.redirect_chain == [("/en/", 302)]
    assert not response.wsgi_request.user.is_authenticated
    assert f"Your account is deleted. A confirmation is on its way to {EMAIL}." in text_of(response)
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == "Your Kopā account is deleted"
    assert "the enterprises and municipalities you acted for stay in Kopā" in message.body
    # Logged out on the other device too.
    assert other_device.get("/en/account/").status_code == 302

    # Nothing anywhere names her: not her address, not her name.
    assert rows_mentioning(EMAIL) == []
    assert rows_mentioning(SURNAME) == []
    assert rows_mentioning("ilze@darbs.example") == []
    assert not User.objects.filter(pk=pk).exists()
    assert not EmailAddress.objects.filter(user_id=pk).exists()
    assert not Representative.objects.filter(user_id=pk).exists()
    assert not Officer.objects.filter(user_id=pk).exists()
    # ...nor does any column that held her number.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                assert not model.objects.filter(**{field.attname: pk}).exists(), (
                    f"{model._meta.label}.{field.name}"
                )
    # The history of her own roles is gone; the organisations' history stays, unnamed.
    assert not Representative.history.model.objects.filter(user_id=pk).exists()
    assert not Officer.history.model.objects.filter(user_id=pk).exists()
    for model, count in historical.items():
        assert model.objects.count() == count

    # The enterprise stays public, its need and cooperation stay, her words as a former user's.
    assert text_of(client.get(enterprise.get_absolute_url()))
    assert Need.objects.filter(title="Ilzes vajadzība", created_by=None).exists()
    cooperation = Cooperation.objects.get(created_by=None)
    assert cooperation.messages.filter(author=None, text="Labdien, Ludza!").exists()
    client.force_login(User.objects.get(email="janis@ludza.lv"))
    thread = text_of(client.get(f"/en/account/cooperations/{cooperation.pk}/"))
    assert "Social enterprise · former user ·" in thread
    thread = text_of(client.get(f"/lv/account/cooperations/{cooperation.pk}/"))
    assert f"{lv('former user')} ·" in thread

    # Everyone else is as they were.
    assert bystander_client.get("/en/account/").status_code == 200
    assert EmailAddress.objects.filter(user=bystander).exists()
    assert Representative.objects.filter(user=bystander).exists()
    assert User.objects.filter(email="jauns@example.lv").exists()


def test_the_account_pages_ask_anonymous_visitors_to_log_in(client):
    for name in ["accounts:account-delete", "accounts:personal-data"]:
        response = client.post(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith("/lv/auth/login/")


# --- Contact details shown or hidden, field by field -----------------------------------------


def open_data(client) -> str:
    parts = []
    for url in ["/open-data/enterprises.csv", "/open-data/enterprises.json"]:
        response = client.get(url)
        parts.append(b"".join(response.streaming_content).decode("utf-8-sig"))
    return "\n".join(parts)


def test_hidden_enterprise_contacts_are_not_on_its_page_nor_in_open_data(client):
    enterprise = SocialEnterpriseFactory(
        name="Klusā darbnīca",
        email="vaditaja.personiga@example.lv",
        email_public=False,
        phone="+371 29999999",
    )
    page = text_of(client.get(enterprise.get_absolute_url()))
    files = open_data(client)
    for text in [page, files]:
        assert "vaditaja.personiga@example.lv" not in text
        assert "+371 29999999" in text
    (record,) = json.loads(b"".join(client.get("/open-data/enterprises.json").streaming_content))[
        "organizations"
    ]
    assert record["email"] is None
    assert record["phone"] == "+371 29999999"

    enterprise.email_public, enterprise.phone_public = True, False
    enterprise.save()
    page = text_of(client.get(enterprise.get_absolute_url()))
    files = open_data(client)
    for text in [page, files]:
        assert "vaditaja.personiga@example.lv" in text
        assert "+371 29999999" not in text


def test_a_representative_chooses_what_the_public_sees(client):
    enterprise = SocialEnterpriseFactory(email="anna@example.lv", phone="+371 20000001")
    client.force_login(representative_of(enterprise, "anna@example.lv"))
    form = text_of(client.get(reverse("enterprises:enterprise-edit", args=[enterprise.slug])))
    # Both shown until the representative says otherwise.
    assert re.search(r'<input type="checkbox" name="email_public"[^>]* checked', form)
    assert re.search(r'<input type="checkbox" name="phone_public"[^>]* checked', form)
    client.post(
        reverse("enterprises:enterprise-edit", args=[enterprise.slug]),
        {
            "name": enterprise.name,
            "email": "anna@example.lv",
            "phone": "+371 20000001",
            "phone_public": "on",
            "home_municipality": enterprise.home_municipality_id,
            "employees_total": "10",
            "employees_target_group": "4",
        },
    )
    enterprise.refresh_from_db()
    assert (enterprise.email_public, enterprise.phone_public) == (False, True)
    client.logout()
    page = text_of(client.get(enterprise.get_absolute_url()))
    assert "anna@example.lv" not in page
    assert "+371 20000001" in page


def test_an_officer_hides_the_contact_persons_name_and_phone(client):
    gulbene = municipality("gulbenes-novads")
    need = NeedFactory(municipality=gulbene)
    client.force_login(officer_of(gulbene, "liga@gulbene.lv"))
    client.post(
        reverse("municipalities:municipality-edit", args=["gulbenes-novads"]),
        {
            "contact_name": "Līga Ozola",
            "contact_position": "sociālā dienesta vadītāja",
            "contact_email": "socialais.dienests@gulbene.lv",
            "contact_email_public": "on",
            "contact_phone": "+371 64400000",
            "support-TOTAL_FORMS": "0",
            "support-INITIAL_FORMS": "0",
        },
    )
    gulbene.refresh_from_db()
    assert (
        gulbene.contact_name_public,
        gulbene.contact_email_public,
        gulbene.contact_phone_public,
    ) == (False, True, False)
    client.logout()
    for url in [gulbene.get_absolute_url(), need.get_absolute_url()]:
        page = text_of(client.get(url))
        assert "socialais.dienests@gulbene.lv" in page, url
        for hidden in ["Līga Ozola", "sociālā dienesta vadītāja", "+371 64400000"]:
            assert hidden not in page, (url, hidden)


def test_the_parties_of_a_cooperation_see_the_hidden_contacts(client):
    gulbene = municipality("gulbenes-novads")
    gulbene.contact_name, gulbene.contact_name_public = "Līga Ozola", False
    gulbene.contact_phone, gulbene.contact_phone_public = "+371 64400000", False
    gulbene.save()
    enterprise = SocialEnterpriseFactory(email="anna@example.lv", email_public=False)
    cooperation = Cooperation.objects.create(
        municipality=gulbene,
        enterprise=enterprise,
        initiated_by="enterprise",
        title="Kopā",
        problem="p",
        solution="s",
    )
    client.force_login(representative_of(enterprise, "anna@example.lv"))
    page = text_of(client.get(cooperation.get_absolute_url()))
    for text in ["Līga Ozola", "+371 64400000", "anna@example.lv"]:
        assert text in page
    # Not on the public page of the municipality.
    assert "Līga Ozola" not in text_of(client.get(gulbene.get_absolute_url()))


def test_an_enterprise_with_every_contact_hidden_shows_no_empty_contact_section(client):
    enterprise = SocialEnterpriseFactory(
        email="birojs@example.lv", email_public=False, phone="+371 26666666", phone_public=False
    )
    enterprise.website = ""
    enterprise.save()
    assert "Kontakti" not in text_of(client.get(enterprise.get_absolute_url()))
    enterprise.website = "https://darbnica.example.lv"
    enterprise.save()
    page = text_of(client.get(enterprise.get_absolute_url()))
    assert "Kontakti" in page
    assert "https://darbnica.example.lv" in page
