"""Officers whose verified address is on their municipality's official email domain (or a
subdomain of it) act for it at once; everyone else waits for an administrator. The domains are
reference data, loaded with the municipalities."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import MembershipStatus
from municipalities.models import EmailDomain, Municipality, Officer

from .factories import UserFactory, municipality, verified_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def curator():
    """The administrator who is asked when the address proves nothing."""
    return UserFactory(
        username="kurators", email="kurators@kopa.example", is_staff=True, is_superuser=True
    )


@pytest.fixture
def send_mail_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask_to_act_for(client, slug: str, email: str, send_mail_on_commit) -> Officer:
    client.force_login(verified_user(email))
    with send_mail_on_commit():
        client.post(
            reverse("municipalities:officer-request"), {"municipality": municipality(slug).pk}
        )
    return Officer.objects.get(user__email=email)


def test_every_current_municipality_has_its_official_mail_domain():
    domains = {
        domain.domain: domain.municipality.slug
        for domain in EmailDomain.objects.select_related("municipality")
    }
    assert domains["gulbene.lv"] == "gulbenes-novads"
    assert domains["riga.lv"] == "riga"
    assert domains["cesis.lv"] == domains["cesunovads.lv"] == "cesu-novads"
    current = Municipality.objects.current().values_list("slug", flat=True)
    assert set(domains.values()) == set(current)
    assert len(domains) == 43  # 42 municipalities, Cēsu novads with two
    # Varakļānu novads, merged into Madonas novads, approves nobody any more.
    assert not EmailDomain.objects.filter(municipality__slug="varaklanu-novads").exists()


def test_an_officer_on_gulbene_lv_acts_for_gulbene_at_once(client, send_mail_on_commit):
    officer = ask_to_act_for(
        client, "gulbenes-novads", "liga.ozola@gulbene.lv", send_mail_on_commit
    )
    assert (officer.status, officer.approved_by_domain) == (MembershipStatus.APPROVED, True)
    manage = reverse("municipalities:municipality-manage", args=["gulbenes-novads"])
    assert client.get(manage).status_code == 200
    assert mail.outbox == []  # nobody had to be asked


def test_gulbene_lv_proves_nothing_for_another_municipality(client, send_mail_on_commit):
    officer = ask_to_act_for(client, "madonas-novads", "liga.ozola@gulbene.lv", send_mail_on_commit)
    assert (officer.status, officer.approved_by_domain) == (MembershipStatus.PENDING, False)
    manage = reverse("municipalities:municipality-manage", args=["madonas-novads"])
    assert client.get(manage).status_code == 404
    assert [message.to for message in mail.outbox] == [["kurators@kopa.example"]]


@pytest.mark.parametrize(
    ("email", "slug"),
    [
        ("janis.berzins@dome.gulbene.lv", "gulbenes-novads"),
        ("anna.liepa@socialais-dienests.riga.lv", "riga"),
        ("Ilze.Kalnina@Cesunovads.LV", "cesu-novads"),
    ],
)
def test_an_officer_on_a_subdomain_of_the_official_domain_is_approved(
    client, send_mail_on_commit, email, slug
):
    officer = ask_to_act_for(client, slug, email, send_mail_on_commit)
    assert officer.status == MembershipStatus.APPROVED


@pytest.mark.parametrize(
    "email",
    [
        "x@evilgulbene.lv",  # the official name as the end of another name
        "x@gulbene.lv.evil.example",  # the official name at the start of another domain
        "x@lv",
        "x@gulbene-lv.example",
    ],
)
def test_a_lookalike_domain_waits_for_an_administrator(client, send_mail_on_commit, email):
    officer = ask_to_act_for(client, "gulbenes-novads", email, send_mail_on_commit)
    assert officer.status == MembershipStatus.PENDING
    assert mail.outbox[-1].to == ["kurators@kopa.example"]


def test_the_client_service_centres_shared_domain_approves_nobody(client, send_mail_on_commit):
    officer = ask_to_act_for(
        client, "gulbenes-novads", "gulbene@pakalpojumucentri.lv", send_mail_on_commit
    )
    assert officer.status == MembershipStatus.PENDING


def test_the_shared_domain_cannot_become_an_official_domain():
    gulbene = municipality("gulbenes-novads")
    for domain in ["pakalpojumucentri.lv", "gulbene.pakalpojumucentri.lv"]:
        row = EmailDomain(municipality=gulbene, domain=domain)
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert "klientu apkalpošanas centriem" in " ".join(error.value.messages)
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()
    # A name that only ends the same way is another domain, and allowed.
    EmailDomain(municipality=gulbene, domain="notpakalpojumucentri.lv").full_clean()


def test_adazi_mail_comes_from_adazi_lv_not_from_its_website_domain(client, send_mail_on_commit):
    """Ādaži's website is adazunovads.lv, but its staff write from adazi.lv."""
    approved = ask_to_act_for(client, "adazu-novads", "anna@adazi.lv", send_mail_on_commit)
    assert approved.status == MembershipStatus.APPROVED
    waiting = ask_to_act_for(client, "adazu-novads", "peteris@adazunovads.lv", send_mail_on_commit)
    assert waiting.status == MembershipStatus.PENDING


def test_talsi_and_ventspils_novads_approve_by_their_mail_domains(client, send_mail_on_commit):
    talsi = ask_to_act_for(client, "talsu-novads", "inese@talsi.lv", send_mail_on_commit)
    ventspils = ask_to_act_for(
        client, "ventspils-novads", "maris@ventspilsnd.lv", send_mail_on_commit
    )
    city = ask_to_act_for(client, "ventspils-novads", "karlis@ventspils.lv", send_mail_on_commit)
    assert talsi.status == ventspils.status == MembershipStatus.APPROVED
    # ventspils.lv is the state city's, not Ventspils novads'.
    assert city.status == MembershipStatus.PENDING
