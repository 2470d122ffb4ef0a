"""Where two factors are required, a staff account without one has no staff powers anywhere,
and may set up its first authenticator only after opening a link mailed to its own address.

The actor is a curator whose password was stolen: the thief can sign in and pass the
password re-check, but must neither do staff work nor enrol an authenticator of their own."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import mfa_enrolment
from accounts.models import MembershipStatus, User
from cooperation.models import Cooperation, CooperationStatus, Side
from enterprises.models import Representative
from municipalities.models import NeedStatus

from .factories import (
    NeedFactory,
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    verified_user,
)
from .test_accounts import PASSWORD, log_in
from .test_mfa import ACTIVATE, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_mfa(settings):
    settings.KOPA_REQUIRE_ADMIN_MFA = True


@pytest.fixture
def curator():
    return verified_user("kurators@kopa.example", is_staff=True, is_superuser=True, language="lv")


@pytest.fixture
def world():
    """Another municipality's cooperation and draft need, and a pending representative."""
    ludza = municipality("ludzas-novads")
    enterprise = SocialEnterpriseFactory(name="Ludzas veļas māja", home_municipality=ludza)
    officer_of(ludza, "anna@ludza.lv")
    draft = NeedFactory(
        municipality=ludza,
        status=NeedStatus.DRAFT,
        title="Skolu veļas mazgāšana Ludzas novadā",
        description="Melnraksts: trīs skolām vajag veļas mazgāšanu un gludināšanu.\nNav publicēts.",
    )
    cooperation = Cooperation.objects.create(
        municipality=ludza,
        enterprise=enterprise,
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Veļas mazgāšana Ludzas skolām",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina reizi nedēļā.",
        created_at=timezone.now(),
    )
    claimant = verified_user("svesais@example.lv")
    request = Representative.objects.create(
        user=claimant, enterprise=enterprise, status=MembershipStatus.PENDING
    )
    return {"draft": draft, "cooperation": cooperation, "request": request}


def staff_work(client, world) -> dict[str, int]:
    """What a curator does through the portal's own pages, and what each answered."""
    return {
        "read a cooperation": client.get(world["cooperation"].get_absolute_url()).status_code,
        "edit a draft need": client.get(
            reverse("municipalities:need-edit", args=[world["draft"].pk])
        ).status_code,
        "publish a draft": client.post(
            reverse("municipalities:need-transition", args=[world["draft"].pk]),
            {"status": NeedStatus.OPEN},
        ).status_code,
        "approve a representative": client.post(
            reverse("enterprises:representative-decide", args=[world["request"].pk]),
            {"decision": "approve"},
        ).status_code,
        "open the admin": client.get("/admin/enterprises/socialenterprise/").status_code,
    }


def test_without_a_second_factor_staff_can_do_no_staff_work(client, curator, world):
    log_in(client, curator.email, PASSWORD)
    answers = staff_work(client, world)
    assert answers == {
        "read a cooperation": 404,
        "edit a draft need": 404,
        "publish a draft": 404,
        "approve a representative": 404,
        "open the admin": 302,  # to setting up the authenticator
    }
    world["draft"].refresh_from_db()
    world["request"].refresh_from_db()
    assert world["draft"].status == NeedStatus.DRAFT
    assert world["request"].status == MembershipStatus.PENDING


def test_with_a_second_factor_the_same_staff_can(client, curator, world):
    with_totp(curator)
    client.force_login(curator)
    answers = staff_work(client, world)
    assert answers["read a cooperation"] == 200
    assert answers["edit a draft need"] == 200
    assert answers["open the admin"] == 200
    world["draft"].refresh_from_db()
    world["request"].refresh_from_db()
    assert world["draft"].status == NeedStatus.OPEN
    assert world["request"].status == MembershipStatus.APPROVED


def test_saving_the_account_meanwhile_keeps_it_staff(client, curator):
    log_in(client, curator.email, PASSWORD)
    response = client.post(
        reverse("accounts:email-preferences"), {"match_emails": "weekly", "language": "en"}
    )
    assert response.status_code == 302
    curator.refresh_from_db()
    assert (curator.is_staff, curator.is_superuser, curator.language) == (True, True, "en")


def confirm_password(client):
    response = client.get("/lv/auth/reauthenticate/?next=" + ACTIVATE)
    assert response.status_code == 200
    client.post("/lv/auth/reauthenticate/?next=" + ACTIVATE, {"password": PASSWORD})


def mailed_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/two-factor/confirm/\S+/)", message.body).group(1)


def test_enrolling_needs_the_link_mailed_to_the_account(client, curator):
    log_in(client, curator.email, PASSWORD)
    confirm_password(client)  # what a stolen password passes
    page = client.get(ACTIVATE).content.decode()
    assert "<h1>Pārbaudiet e-pastu</h1>" in page
    assert "authenticator_secret" not in page
    [message] = mail.outbox
    assert message.to == ["kurators@kopa.example"]
    assert message.subject == "Apstipriniet divpakāpju autentifikācijas iestatīšanu"
    # Reloading sends no flood of mail; posting a code activates nothing.
    client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": "123456"})
    assert len(mail.outbox) == 1
    assert not Authenticator.objects.filter(user=curator).exists()

    link = mailed_link(message)
    # Opening the link (as a mail scanner does) confirms nothing by itself.
    assert "<button" in client.get(link).content.decode()
    assert "authenticator_secret" not in client.get(ACTIVATE).content.decode()
    response = client.post(link)
    assert (response.status_code, response.url) == (302, ACTIVATE)
    confirm_password(client)
    assert 'id="authenticator_secret"' in client.get(ACTIVATE).content.decode()


def test_the_link_works_only_in_the_browser_that_asked_for_it(client, curator):
    thief = client
    log_in(thief, curator.email, PASSWORD)
    thief.get(ACTIVATE)
    link = mailed_link(mail.outbox[-1])

    owner = Client()
    owner.force_login(curator)
    assert owner.post(link).status_code == 400
    # The owner's click in their own browser gave the thief's browser nothing.
    assert "authenticator_secret" not in thief.get(ACTIVATE).content.decode()


def test_a_link_for_another_account_or_an_old_one_is_refused(client, curator, monkeypatch):
    other = verified_user("otra.kuratore@kopa.example", is_staff=True)
    log_in(client, curator.email, PASSWORD)
    client.get(ACTIVATE)
    nonce = client.session[mfa_enrolment.NONCE]
    forged = signing.dumps({"user": other.pk, "nonce": nonce}, salt=mfa_enrolment.SALT)
    assert client.post(reverse("accounts:mfa-enrolment-confirm", args=[forged])).status_code == 400

    link = mailed_link(mail.outbox[-1])
    later = time.time() + mfa_enrolment.LINK_VALID_SECONDS + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    page = client.post(link)
    assert page.status_code == 400
    assert "beidzies derīgums" in page.content.decode()


def test_members_set_up_their_app_without_a_mailed_link(client):
    member = verified_user("ilze@velasmaja.lv")
    log_in(client, member.email, PASSWORD)
    confirm_password(client)
    assert 'id="authenticator_secret"' in client.get(ACTIVATE).content.decode()
    assert not mail.outbox
    assert User.objects.get(pk=member.pk).is_staff is False
