"""Speaking for an enterprise is earned: registering or asking to join makes a person a
pending representative, who may prepare an enterprise that is not public yet but never
propose, write, answer or publish; a curator (with the evidence shown) or an approved
colleague approves them. A verified enterprise's name, registration number, register status
and staff figures change only when a curator approves, and the enterprise never sets its
own register status."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import MembershipStatus
from cooperation.models import Cooperation, CooperationMessage, CooperationStatus, Side
from cooperation.services import post_message, propose
from enterprises.models import (
    ChangeStatus,
    EnterpriseChangeRequest,
    Offering,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)
from enterprises.services import decide_representative
from matching.models import Match
from matching.tokens import answer_token

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    instrument,
    municipality,
    officer_of,
    pending_representative_of,
    representative_of,
    verified_user,
)
from .test_properties_lengths import posted

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "role": "valdes locekle",
    "connection": "Dibināju darbnīcu 2019. gadā kopā ar Gulbenes biedrību “Saulessvece”.",
    "authorisation_url": "https://saulesdarbnica.lv/pilnvara-ilze-berzina.pdf",
}
REGISTRATION = {
    "name": "Saules Darbnīca",
    "registration_number": "40203123456",
    "legal_form": "sia",
    "description": "Šujam darba apģērbus, nodarbinot cilvēkus ar invaliditāti.",
    "website": "https://www.saulesdarbnica.lv",
    "email": "info@saulesdarbnica.lv",
    "employees_total": "12",
    "employees_target_group": "5",
    **EVIDENCE,
}


@pytest.fixture
def curator():
    return UserFactory(
        username="kurators", email="kurators@kopa.example", is_staff=True, is_superuser=True
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register(client, **changes):
    data = {**REGISTRATION, "home_municipality": municipality("gulbenes-novads").pk, **changes}
    return client.post(reverse("enterprises:enterprise-register"), data)


def profile(enterprise: SocialEnterprise, **changes) -> dict:
    """The edit form as the page shows it, with the person's changes."""
    return {
        "name": enterprise.name,
        "description": enterprise.description,
        "home_municipality": enterprise.home_municipality_id,
        "employees_total": str(enterprise.employees_total),
        "employees_target_group": str(enterprise.employees_target_group),
        "email_public": "on",
        **changes,
    }


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Registering and joining make a pending representative.


def test_registering_makes_a_pending_representative_who_prepares_but_is_told_they_wait(
    client,
):
    person = verified_user("ilze@saulesdarbnica.lv")
    client.force_login(person)
    register(client)
    enterprise = SocialEnterprise.objects.get(registration_number="40203123456")
    membership = Representative.objects.get(enterprise=enterprise)
    assert membership.user == person
    assert membership.status == MembershipStatus.PENDING
    assert membership.decided_at is None
    assert membership.role == "valdes locekle"
    assert membership.authorisation_url == EVIDENCE["authorisation_url"]

    manage = text_of(client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug])))
    assert "Jūsu pieprasījums pārstāvēt uzņēmumu Saules Darbnīca gaida apstiprinājumu." in manage
    dashboard = text_of(client.get(reverse("accounts:dashboard")))
    assert "Jūsu pieprasījums pārstāvēt uzņēmumu Saules Darbnīca gaida apstiprinājumu." in dashboard

    # Preparing the profile and offerings of the enterprise nobody sees yet is allowed.
    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    response = client.post(edit, profile(enterprise, name="Saules Darbnīca SIA"))
    assert response.status_code == 302
    assert SocialEnterprise.objects.get(pk=enterprise.pk).name == "Saules Darbnīca SIA"
    assert not EnterpriseChangeRequest.objects.exists()  # not public: no review needed
    client.post(
        reverse("enterprises:offering-create", args=[enterprise.slug]),
        {"title": "Darba apģērbu šūšana", "kind": "product", "category": category().pk},
    )
    assert Offering.objects.filter(enterprise=enterprise, title="Darba apģērbu šūšana").exists()


def test_curators_are_told_of_a_registration_with_what_the_person_said(client, curator, on_commit):
    client.force_login(verified_user("ilze@saulesdarbnica.lv"))
    with on_commit():
        register(client)
    (message,) = mail.outbox
    assert message.to == ["kurators@kopa.example"]
    assert "Amats vai loma: valdes locekle" in message.body
    assert "apstipriniet vai noraidiet šo personu" in message.body


def test_registration_requires_the_person_to_say_who_they_are(client):
    client.force_login(verified_user("ilze@saulesdarbnica.lv"))
    response = register(client, role="", connection="")
    assert response.status_code == 200
    assert not SocialEnterprise.objects.exists()
    assert not Representative.objects.exists()


# What a pending representative must not do.


@pytest.fixture
def public_enterprise_with_a_pending_person():
    """A verified enterprise, an approved representative, and a person who asked to join."""
    enterprise = SocialEnterpriseFactory(name="Veļas māja", website="https://velasmaja.lv")
    representative_of(enterprise, "ilze@velasmaja.lv")
    person = pending_representative_of(enterprise, "peteris@velasmaja.lv")
    return enterprise, person


def test_a_pending_representative_cannot_propose(
    client, public_enterprise_with_a_pending_person, on_commit
):
    enterprise, person = public_enterprise_with_a_pending_person
    gulbene = municipality("gulbenes-novads")
    officer_of(gulbene, "liga.ozola@gulbene.lv")
    need = NeedFactory(municipality=gulbene)
    client.force_login(person)
    url = reverse("cooperation:cooperation-propose", args=[enterprise.slug]) + f"?need={need.pk}"
    plan = {
        "title": "Skolu veļas mazgāšana",
        "problem": "Skolām nav, kas mazgā galdautus.",
        "solution": "Mazgājam reizi nedēļā.",
        "instruments": [instrument().pk],
    }
    with on_commit():
        assert client.get(url).status_code == 404
        assert client.post(url, plan).status_code == 404
    assert not Cooperation.objects.exists()
    assert not mail.outbox

    # Nor through the service, whichever door calls it.
    cooperation = Cooperation(
        enterprise=enterprise, municipality=gulbene, need=need, title="Skolu veļa", problem="p"
    )
    with pytest.raises(ValidationError, match="apstiprināts"):
        propose(cooperation=cooperation, side=Side.ENTERPRISE, by=person)
    assert not Cooperation.objects.exists()


def test_a_pending_representative_cannot_write_in_the_enterprises_cooperation(
    client, public_enterprise_with_a_pending_person
):
    enterprise, person = public_enterprise_with_a_pending_person
    cooperation = Cooperation.objects.create(
        municipality=municipality("gulbenes-novads"),
        enterprise=enterprise,
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Skolu veļa",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina.",
    )
    client.force_login(person)
    url = reverse("cooperation:cooperation-message", args=[cooperation.pk])
    assert client.post(url, {"text": "Vai varam tikties otrdien?"}).status_code == 404
    assert client.get(cooperation.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        post_message(cooperation=cooperation, side=Side.ENTERPRISE, by=person, text="Sveiki")
    assert not CooperationMessage.objects.exists()


def test_a_pending_representative_cannot_answer_a_match_in_the_portal_or_by_link(
    client, public_enterprise_with_a_pending_person
):
    enterprise, person = public_enterprise_with_a_pending_person
    match = Match.objects.create(
        need=NeedFactory(),
        enterprise=enterprise,
        offering=OfferingFactory(enterprise=enterprise),
        score=60,
    )
    client.force_login(person)
    answer = reverse("matching:answer", args=[match.pk])
    assert client.post(answer, {"interested": "yes"}).status_code == 404
    needs = reverse("matching:needs-for-enterprise", args=[enterprise.slug])
    assert client.get(needs).status_code == 404
    client.logout()
    link = reverse("matching:answer-by-link", args=[answer_token(match, person)])
    assert client.post(link, {"interested": "yes"}).status_code == 410
    match.refresh_from_db()
    assert match.interested_at is None
    assert match.viewed_at is None


def test_a_pending_representative_cannot_change_a_public_enterprise(
    client, public_enterprise_with_a_pending_person
):
    enterprise, person = public_enterprise_with_a_pending_person
    offering = OfferingFactory(enterprise=enterprise, title="Veļas mazgāšana skolām")
    client.force_login(person)
    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    assert client.post(edit, profile(enterprise, description="Pārņemts")).status_code == 404
    retire = reverse("enterprises:offering-retire", args=[offering.pk])
    assert client.post(retire, {"active": "0"}).status_code == 404
    create = reverse("enterprises:offering-create", args=[enterprise.slug])
    assert client.post(create, {"title": "Svešs", "kind": "service"}).status_code == 404
    assert SocialEnterprise.objects.get(pk=enterprise.pk).description != "Pārņemts"
    assert Offering.objects.get(pk=offering.pk).is_active
    assert not Offering.objects.filter(title="Svešs").exists()
    # The dashboard says why, without a link to a page they may not open.
    dashboard = text_of(client.get(reverse("accounts:dashboard")))
    assert "Veļas māja" in dashboard and "gaida apstiprinājumu" in dashboard
    assert reverse("enterprises:enterprise-manage", args=[enterprise.slug]) not in dashboard


# Who approves a pending representative.


def test_an_approved_colleague_approves_and_then_the_person_may_speak(
    client, public_enterprise_with_a_pending_person, on_commit
):
    enterprise, person = public_enterprise_with_a_pending_person
    membership = Representative.objects.get(user=person)
    colleague = Representative.objects.approved().get(enterprise=enterprise).user
    client.force_login(colleague)
    manage = text_of(client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug])))
    assert "peteris@velasmaja.lv" in manage
    with on_commit():
        client.post(
            reverse("enterprises:representative-decide", args=[membership.pk]),
            {"decision": "approve"},
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == colleague
    assert mail.outbox[-1].to == ["peteris@velasmaja.lv"]
    client.force_login(person)
    needs = reverse("matching:needs-for-enterprise", args=[enterprise.slug])
    assert client.get(needs).status_code == 200


@pytest.mark.parametrize("who", ["other_representative", "officer", "pending_self", "anonymous"])
def test_nobody_else_approves_a_representative(
    client, public_enterprise_with_a_pending_person, who
):
    _enterprise, person = public_enterprise_with_a_pending_person
    membership = Representative.objects.get(user=person)
    deciders = {
        "other_representative": lambda: representative_of(
            SocialEnterpriseFactory(name="Cits uzņēmums"), "janis@cits.lv"
        ),
        "officer": lambda: officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"),
        "pending_self": lambda: person,
        "anonymous": lambda: None,
    }
    decider = deciders[who]()
    if decider is not None:
        client.force_login(decider)
    response = client.post(
        reverse("enterprises:representative-decide", args=[membership.pk]),
        {"decision": "approve"},
    )
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert "/auth/login/" in response.url
    assert Representative.objects.get(pk=membership.pk).status == MembershipStatus.PENDING
    if decider is not None:
        with pytest.raises(PermissionDenied):
            decide_representative(membership=membership, approve=True, by=decider)
        assert Representative.objects.get(pk=membership.pk).status == MembershipStatus.PENDING


def test_a_curator_sees_the_evidence_and_approves_in_admin(client, curator, on_commit):
    enterprise = SocialEnterpriseFactory(
        name="Saules Darbnīca",
        website="https://www.saulesdarbnica.lv/par-mums",
        verification=Verification.PENDING,
        checked_at=None,
    )
    on_domain = pending_representative_of(enterprise, "ilze@saulesdarbnica.lv")
    elsewhere = pending_representative_of(enterprise, "saulesdarbnica.valde@gmail.com")
    client.force_login(curator)

    change_page = reverse("admin:enterprises_socialenterprise_change", args=[enterprise.pk])
    page = text_of(client.get(change_page))
    assert (
        "Apstiprinātā adrese ilze@saulesdarbnica.lv ir uzņēmuma tīmekļa vietnes domēnā "
        "saulesdarbnica.lv." in page
    )
    assert "Personai nav apstiprinātas adreses uzņēmuma tīmekļa vietnes domēnā" in page
    assert "projektu vadītāja" in page  # what the person said about themselves
    listed = text_of(client.get(reverse("admin:enterprises_representative_changelist")))
    assert "ilze@saulesdarbnica.lv ir uzņēmuma tīmekļa vietnes domēnā" in listed

    # The curator approves the first on the enterprise's own page, while verifying it.
    response = client.get(change_page)
    data = posted(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(posted(formset))
        if formset.model is Representative:
            for form in formset.forms:
                if form.instance.user == on_domain:
                    data[form.add_prefix("decision")] = "approve"
    with on_commit():
        response = client.post(change_page, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    approved = Representative.objects.get(user=on_domain)
    assert approved.status == MembershipStatus.APPROVED
    assert approved.decided_by == curator
    assert Representative.objects.get(user=elsewhere).status == MembershipStatus.PENDING
    assert [message.to for message in mail.outbox] == [["ilze@saulesdarbnica.lv"]]


# Changes to a verified enterprise wait for a curator.


@pytest.fixture
def verified_enterprise():
    enterprise = SocialEnterpriseFactory(
        name="Zaļā darbnīca",
        registration_number="40203000777",
        employees_total=10,
        employees_target_group=4,
    )
    person = representative_of(enterprise, "ilze@zaladarbnica.lv")
    colleague = representative_of(enterprise, "anna@zaladarbnica.lv")
    waiting = pending_representative_of(enterprise, "janis@zaladarbnica.lv")
    return {"enterprise": enterprise, "person": person, "colleague": colleague, "waiting": waiting}


def decide_in_admin(client, change: EnterpriseChangeRequest, **data):
    return client.post(
        reverse("admin:enterprises_enterprisechangerequest_change", args=[change.pk]),
        {"reason": "", **data},
    )


def test_a_renamed_verified_enterprise_keeps_its_public_name_until_a_curator_approves(
    client, curator, verified_enterprise, on_commit
):
    enterprise = verified_enterprise["enterprise"]
    client.force_login(verified_enterprise["person"])
    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    with on_commit():
        response = client.post(
            edit,
            profile(
                enterprise,
                name="Valsts ieņēmumu dienests",
                description="Jauns apraksts.",
                version=enterprise.version,
            ),
        )
    assert response.status_code == 302
    saved = SocialEnterprise.objects.get(pk=enterprise.pk)
    assert saved.name == "Zaļā darbnīca"
    assert saved.description == "Jauns apraksts."  # the rest of the profile is saved at once
    public = text_of(client.get(saved.get_absolute_url()))
    assert "Valsts ieņēmumu dienests" not in public
    assert "Zaļā darbnīca" in public
    assert "Valsts ieņēmumu dienests" not in text_of(client.get("/lv/enterprises/?q=ienemumu"))
    # Curators are told, in a subject the portal writes.
    assert [message.to for message in mail.outbox] == [["kurators@kopa.example"]]
    assert "Valsts ieņēmumu dienests" not in mail.outbox[0].subject
    assert "Valsts ieņēmumu dienests" in mail.outbox[0].body

    manage = text_of(client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug])))
    assert "Gaida pārbaudi" in manage
    assert "Valsts ieņēmumu dienests" in manage
    # The edit form shows what was asked for, so saving again keeps the proposal.
    assert 'value="Valsts ieņēmumu dienests"' in text_of(client.get(edit))

    change = EnterpriseChangeRequest.objects.get()
    assert change.proposed == {"name": "Valsts ieņēmumu dienests"}
    client.force_login(curator)
    mail.outbox.clear()
    with on_commit():
        response = decide_in_admin(client, change, decision="approve")
    assert response.status_code == 302
    saved = SocialEnterprise.objects.get(pk=enterprise.pk)
    assert saved.name == "Valsts ieņēmumu dienests"
    assert saved.history.first().history_user == curator
    assert "Valsts ieņēmumu dienests" in text_of(client.get("/lv/enterprises/?q=ienemumu"))
    assert EnterpriseChangeRequest.objects.get().status == ChangeStatus.APPROVED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@zaladarbnica.lv",
        "ilze@zaladarbnica.lv",
    ]
    assert mail.outbox[0].subject == "Jūsu uzņēmuma izmaiņas ir apstiprinātas"


def test_new_staff_figures_do_not_change_the_reserved_contract_badge_until_approved(
    client, curator, verified_enterprise
):
    enterprise = verified_enterprise["enterprise"]
    assert enterprise.is_reserved_contract_eligible  # 4 of 10
    client.force_login(verified_enterprise["person"])
    client.post(
        reverse("enterprises:enterprise-edit", args=[enterprise.slug]),
        profile(enterprise, employees_total="10", employees_target_group="1"),
    )
    badge = "var piedalīties rezervētos iepirkumos"
    assert badge in text_of(client.get(enterprise.get_absolute_url()))
    assert SocialEnterprise.objects.reserved_contract_eligible().filter(pk=enterprise.pk).exists()

    client.force_login(curator)
    decide_in_admin(client, EnterpriseChangeRequest.objects.get(), decision="approve")
    assert badge not in text_of(client.get(enterprise.get_absolute_url()))
    assert not SocialEnterprise.objects.reserved_contract_eligible().filter(pk=enterprise.pk)


def test_a_rejected_change_keeps_the_verified_values_and_tells_the_representatives_why(
    client, curator, verified_enterprise, on_commit
):
    enterprise = verified_enterprise["enterprise"]
    client.force_login(verified_enterprise["person"])
    client.post(
        reverse("enterprises:enterprise-edit", args=[enterprise.slug]),
        profile(enterprise, name="Valsts ieņēmumu dienests", employees_target_group="9"),
    )
    change = EnterpriseChangeRequest.objects.get()
    client.force_login(curator)
    # Without a reason nothing is decided.
    response = decide_in_admin(client, change, decision="reject")
    assert response.status_code == 200
    assert "Norādiet, kāpēc izmaiņas tiek noraidītas." in text_of(response)
    assert EnterpriseChangeRequest.objects.get().status == ChangeStatus.PENDING

    reason = "Uzņēmumu reģistrā uzņēmums joprojām saucas “Zaļā darbnīca”."
    mail.outbox.clear()
    with on_commit():
        decide_in_admin(client, change, decision="reject", reason=reason)
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    assert change.reason == reason
    assert change.decided_by == curator
    saved = SocialEnterprise.objects.get(pk=enterprise.pk)
    assert (saved.name, saved.employees_target_group) == ("Zaļā darbnīca", 4)
    # The approved representatives are told, with the reason; the one still waiting is not.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@zaladarbnica.lv",
        "ilze@zaladarbnica.lv",
    ]
    assert all(reason in message.body for message in mail.outbox)
    assert mail.outbox[0].subject == "Jūsu uzņēmuma izmaiņas nav apstiprinātas"
    # A decided change is not decided again.
    assert decide_in_admin(client, change, decision="approve").status_code == 403
    assert SocialEnterprise.objects.get(pk=enterprise.pk).name == "Zaļā darbnīca"


def test_setting_the_verified_value_back_withdraws_the_change(verified_enterprise, client):
    enterprise = verified_enterprise["enterprise"]
    client.force_login(verified_enterprise["person"])
    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    client.post(edit, profile(enterprise, name="Zaļā darbnīca Gulbenē"))
    client.post(edit, profile(enterprise, name="Zaļā darbnīca"))
    assert EnterpriseChangeRequest.objects.get().status == ChangeStatus.WITHDRAWN
    manage = text_of(client.get(reverse("enterprises:enterprise-manage", args=[enterprise.slug])))
    assert "Gaida pārbaudi" not in manage


# Register status is the curators' and the register import's.

REGISTER_STATUS_POST = {
    "register_status": RegisterStatus.ACTIVE,
    "status_granted_on": "2023-05-02",
    "status_ended_on": "",
}


def test_registration_ignores_a_register_status_in_the_post(client):
    client.force_login(verified_user("ilze@saulesdarbnica.lv"))
    page = text_of(client.get(reverse("enterprises:enterprise-register")))
    assert 'name="register_status"' not in page
    assert 'name="status_granted_on"' not in page
    register(client, **REGISTER_STATUS_POST)
    enterprise = SocialEnterprise.objects.get(registration_number="40203123456")
    assert enterprise.register_status == RegisterStatus.NOT_REGISTERED
    assert enterprise.status_granted_on is None


@pytest.mark.parametrize("verification", [Verification.PENDING, Verification.VERIFIED])
def test_a_profile_edit_ignores_a_register_status_in_the_post(client, verification):
    enterprise = SocialEnterpriseFactory(
        verification=verification,
        register_status=RegisterStatus.NOT_REGISTERED,
        status_granted_on=None,
    )
    client.force_login(representative_of(enterprise, "ilze@darbnica.lv"))
    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    assert 'name="register_status"' not in text_of(client.get(edit))
    response = client.post(edit, profile(enterprise, **REGISTER_STATUS_POST))
    assert response.status_code == 302
    saved = SocialEnterprise.objects.get(pk=enterprise.pk)
    assert saved.register_status == RegisterStatus.NOT_REGISTERED
    assert saved.status_granted_on is None
    assert not EnterpriseChangeRequest.objects.exists()


# The join form does not tell which numbers are registered.


@pytest.mark.parametrize("hidden", [Verification.PENDING, Verification.REJECTED])
def test_the_join_form_answers_alike_for_an_unknown_and_a_hidden_number(client, hidden):
    SocialEnterpriseFactory(
        registration_number="40203000001", verification=hidden, checked_at=timezone.now()
    )
    client.force_login(verified_user("peteris@example.lv"))
    url = reverse("enterprises:enterprise-join")

    def answer(number: str):
        response = client.post(url, {"registration_number": number, **EVIDENCE})
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return (
            response.status_code,
            [template.name for template in response.templates],
            page.replace(number, "NUMBER"),
        )

    unknown, hidden_answer = answer("40203000002"), answer("40203000001")
    assert unknown == hidden_answer
    assert "Kopā katalogā nav uzņēmuma ar šo numuru." in unknown[2]
    assert not Representative.objects.exists()


def test_joining_a_public_enterprise_records_the_evidence(client, on_commit):
    enterprise = SocialEnterpriseFactory(registration_number="40203000003")
    representative_of(enterprise, "ilze@darbnica.lv")
    client.force_login(verified_user("peteris@darbnica.lv"))
    with on_commit():
        response = client.post(
            reverse("enterprises:enterprise-join"),
            {"registration_number": "40203000003", **EVIDENCE},
        )
    assert response.status_code == 302
    membership = Representative.objects.get(user__email="peteris@darbnica.lv")
    assert membership.status == MembershipStatus.PENDING
    assert membership.connection == EVIDENCE["connection"]
    assert mail.outbox[-1].to == ["ilze@darbnica.lv"]
    assert "valdes locekle" in mail.outbox[-1].body


# The registration form does not tell a hidden enterprise from a public one.


def test_the_registration_form_answers_alike_for_a_public_and_a_hidden_number(client):
    SocialEnterpriseFactory(registration_number="40203000011")
    SocialEnterpriseFactory(
        registration_number="40203000012",
        verification=Verification.PENDING,
        checked_at=None,
    )
    SocialEnterpriseFactory(
        registration_number="40203000013",
        verification=Verification.REJECTED,
        checked_at=timezone.now(),
    )
    client.force_login(verified_user("ilze@saulesdarbnica.lv"))

    def answer(number: str):
        response = register(client, registration_number=number)
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return (
            response.status_code,
            [template.name for template in response.templates],
            page.replace(number, "NUMBER"),
        )

    public, pending, rejected = (
        answer("40203000011"),
        answer("40203000012"),
        answer("40203000013"),
    )
    assert public == pending == rejected
    assert public[0] == 200
    page = re.sub(r"\s+", " ", public[2])
    join = reverse("enterprises:enterprise-join")
    assert (
        "Uzņēmums ar šo reģistrācijas numuru Kopā jau ir reģistrēts. Ja strādājat tajā, "
        f'<a href="{join}">piesakieties par tā pārstāvi</a>.'
    ) in page
    # Nothing was registered, and nobody became anyone's representative.
    assert SocialEnterprise.objects.count() == 3
    assert not Representative.objects.exists()


def test_a_new_number_still_registers_after_a_taken_one_was_refused(client):
    SocialEnterpriseFactory(registration_number="40203000011")
    client.force_login(verified_user("ilze@saulesdarbnica.lv"))
    assert register(client, registration_number="40203000011").status_code == 200
    assert register(client).status_code == 302
    assert SocialEnterprise.objects.filter(registration_number="40203123456").exists()
