"""Inviting a whole shortlist to apply for one of the municipality's open opportunities:
who is invited and who skipped (the opportunity's own rule of who may apply), the email each
approved representative gets in their language, once, and who may never do it."""

import datetime
import json
import subprocess
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from enterprises.models import RegisterStatus, SocialEnterprise, Verification
from opportunities.models import Application, OpportunityInvitation, OpportunityStatus
from shortlists.models import Shortlist, ShortlistEntry
from shortlists.services import check_may_invite, invite_shortlist_to_opportunity

from .factories import (
    OpportunityFactory,
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    pending_representative_of,
    representative_of,
)
from .test_html_validity import vnu  # noqa: F401 - the checker, as a fixture

pytestmark = pytest.mark.django_db

GRANT_TITLE = "Sociālās uzņēmējdarbības grantu konkurss Gulbenes novadā 2027"
NOTE = (
    "Labdien! Jūsu uzņēmums ir mūsu sarakstā “Parku kopšana 2027”. Grantu konkursā var "
    "saņemt līdz 8000 EUR aprīkojumam, piemēram, zāles pļāvējam vai krūmgriezim. Pieteikumus "
    "gaidām līdz 28. februārim; jautājumus uzdodiet Līgai Ozolai pa tālruni 26 123 456."
)


@pytest.fixture
def world():
    gulbene = municipality("gulbenes-novads")
    ludza = municipality("ludzas-novads")
    grant = OpportunityFactory(
        municipality=gulbene,
        kind="grant_call",
        title_lv=GRANT_TITLE,
        title_en="Social entrepreneurship grant call in Gulbene 2027",
        budget_total=Decimal("40000"),
        amount_max=Decimal("8000"),
        status_required=True,
        who_may_apply="Uzņēmumi, kas darbojas Gulbenes novadā.",
        closes_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    invited_lv = SocialEnterpriseFactory(name="Zaļās rokas", slug="zalas-rokas")
    invited_en = SocialEnterpriseFactory(name="Parku meistari", slug="parku-meistari")
    nobody = SocialEnterpriseFactory(name="Meža ļaudis", slug="meza-laudis")
    ceased = SocialEnterpriseFactory(
        name="Vecā darbnīca",
        slug="veca-darbnica",
        register_status=RegisterStatus.CEASED,
        status_ended_on=datetime.date(2025, 6, 30),
    )
    rejected = SocialEnterpriseFactory(
        name="Nepārbaudītie", slug="neparbauditie", verification=Verification.REJECTED
    )
    applied = SocialEnterpriseFactory(name="Dārzu draugi", slug="darzu-draugi")
    Application.objects.create(
        opportunity=grant,
        enterprise=applied,
        problem="Parki aizaug.",
        solution="Iegādāsimies pļāvēju un kopsim parkus.",
    )
    english = representative_of(invited_en, "peter@parkumeistari.lv")
    User.objects.filter(pk=english.pk).update(language="en")
    shortlist = Shortlist.objects.create(municipality=gulbene, name="Parku kopšana 2027")
    for enterprise in [invited_lv, invited_en, nobody, ceased, rejected, applied]:
        ShortlistEntry.objects.create(shortlist=shortlist, enterprise=enterprise)
    return {
        "gulbene": gulbene,
        "ludza": ludza,
        "grant": grant,
        "shortlist": shortlist,
        "officer": officer_of(gulbene, "liga.ozola@gulbene.lv"),
        "stranger": officer_of(ludza, "anna@ludza.lv"),
        "ilze": representative_of(invited_lv, "ilze@zalasrokas.lv"),
        "pending": pending_representative_of(invited_lv, "karlis@zalasrokas.lv"),
        "ceased_rep": representative_of(ceased, "vecais@darbnica.lv"),
        "applied_rep": representative_of(applied, "dace@darzudraugi.lv"),
        "english": english,
        "invited_lv": invited_lv,
        "invited_en": invited_en,
        "nobody": nobody,
        "ceased": ceased,
        "applied": applied,
    }


def url(world, opportunity=None) -> str:
    base = reverse("shortlists:shortlist-invite-opportunity", args=[world["shortlist"].pk])
    return base + (f"?opportunity={opportunity.pk}" if opportunity else "")


def test_an_officer_invites_the_list_and_each_representative_is_emailed_once(
    client, world, django_capture_on_commit_callbacks
):
    partnered = OpportunityFactory(
        municipality=world["ludza"], title_lv="Kopīgs informācijas atbalsts Latgalei"
    )
    partnered.partners.add(world["gulbene"])
    OpportunityFactory(municipality=world["ludza"], title_lv="Ludzas telpas")
    OpportunityFactory(
        municipality=world["gulbene"], title_lv="Melnraksts", status=OpportunityStatus.DRAFT
    )
    client.force_login(world["officer"])

    detail = client.get(world["shortlist"].get_absolute_url()).content.decode()
    assert url(world) in detail
    choice = client.get(url(world)).content.decode()
    assert GRANT_TITLE in choice
    assert "Kopīgs informācijas atbalsts Latgalei" in choice  # offered together with Ludza
    assert "Ludzas telpas" not in choice
    assert "Melnraksts" not in choice

    preview = client.get(url(world, world["grant"])).content.decode()
    who, skipped = preview.split("Izlaisti")
    for name in ["Zaļās rokas", "Parku meistari", "Meža ļaudis"]:
        assert name in who
    assert "Vecā darbnīca: iespēja ir tikai uzņēmumiem ar aktīvu statusu reģistrā" in skipped
    assert "Nepārbaudītie: vairs nav pārbaudīts Kopā" in skipped
    assert "Dārzu draugi: jau ir pieteicies šai iespējai" in skipped
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, world["grant"]), {"note": NOTE})
    page = " ".join(response.content.decode().split())
    assert "Uzaicināti 3 uzņēmumi" in page
    assert "Meža ļaudis: uzaicināts, bet" in page  # nobody represents it: said, not hidden
    invitations = OpportunityInvitation.objects.filter(opportunity=world["grant"])
    assert {i.enterprise.name for i in invitations} == {
        "Zaļās rokas",
        "Parku meistari",
        "Meža ļaudis",
    }
    assert {i.invited_by for i in invitations} == {world["officer"]}
    assert {i.note for i in invitations} == {NOTE}

    # The approved representatives of the invited, each once; never the pending one, nor
    # the people of the enterprises skipped.
    assert sorted(m.to[0] for m in mail.outbox) == ["ilze@zalasrokas.lv", "peter@parkumeistari.lv"]
    latvian = next(m for m in mail.outbox if m.to == ["ilze@zalasrokas.lv"])
    assert latvian.subject == f"Gulbenes novads aicina jūs pieteikties: {GRANT_TITLE}"
    assert NOTE in latvian.body
    assert "Labklājības ministrijas reģistrā" in latvian.body
    assert "Uzņēmumi, kas darbojas Gulbenes novadā." in latvian.body
    apply_url = reverse("opportunities:application-create", args=[world["grant"].pk, "zalas-rokas"])
    assert apply_url in latvian.body
    english = next(m for m in mail.outbox if m.to == ["peter@parkumeistari.lv"])
    assert english.subject == (
        "Gulbenes novads invites you to apply: Social entrepreneurship grant call in Gulbene 2027"
    )
    assert "Who may apply:" in english.body
    assert "parku-meistari" in english.body

    # Again: everyone is skipped as already invited, and nobody hears twice.
    mail.outbox.clear()
    again = client.get(url(world, world["grant"])).content.decode()
    assert "Nevienu no saraksta nevar uzaicināt" in again
    assert again.count("jau uzaicināts pieteikties šai iespējai") == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, world["grant"]), {"note": NOTE})
    assert mail.outbox == []
    assert invitations.count() == 3

    # The enterprise applies; the officer sees it came from the invitation.
    Application.objects.create(
        opportunity=world["grant"],
        enterprise=world["invited_lv"],
        problem="Parki aizaug.",
        solution="Iegādāsimies pļāvēju.",
    )
    applications = client.get(
        reverse("opportunities:application-list", args=[world["grant"].pk])
    ).content.decode()
    assert applications.count("uzaicinājusi pašvaldība") == 1


@pytest.mark.parametrize("case", ["other", "draft", "closed", "past"])
def test_an_opportunity_not_the_municipalitys_or_not_open_is_refused(
    client, world, case, django_capture_on_commit_callbacks
):
    opportunity = {
        "other": lambda: OpportunityFactory(municipality=world["ludza"]),
        "draft": lambda: OpportunityFactory(
            municipality=world["gulbene"], status=OpportunityStatus.DRAFT
        ),
        "closed": lambda: OpportunityFactory(
            municipality=world["gulbene"], status=OpportunityStatus.CLOSED
        ),
        "past": lambda: OpportunityFactory(municipality=world["gulbene"]),
    }[case]()
    if case == "past":
        type(opportunity).objects.filter(pk=opportunity.pk).update(
            closes_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        opportunity.refresh_from_db()
    client.force_login(world["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, opportunity), {"note": NOTE})
    assert response.status_code == 200
    assert "Jāatlasa derīga izvēle" in response.content.decode()
    assert not OpportunityInvitation.objects.exists()
    assert mail.outbox == []
    # The service refuses too, whichever door it is called from.
    with pytest.raises(ValidationError):
        check_may_invite(shortlist=world["shortlist"], opportunity=opportunity)
    with pytest.raises(ValidationError):
        invite_shortlist_to_opportunity(
            shortlist=world["shortlist"],
            opportunity=opportunity,
            note="",
            by=world["officer"],
            may_send=lambda: True,
        )
    assert not OpportunityInvitation.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "ilze", "anonymous"])
def test_nobody_but_the_lists_officers_may_invite_or_see_who_would_be(
    client, world, who, django_capture_on_commit_callbacks
):
    # An officer of another municipality, even of a partner: the list is not theirs.
    world["grant"].partners.add(world["ludza"])
    if who != "anonymous":
        client.force_login(world[who])
    with django_capture_on_commit_callbacks(execute=True):
        for response in [
            client.get(url(world, world["grant"])),
            client.post(url(world, world["grant"]), {"note": NOTE}),
        ]:
            if who == "anonymous":
                assert response.status_code == 302
                assert "/auth/login/" in response.url
            else:
                assert response.status_code == 404
                assert "Zaļās rokas" not in response.content.decode()
    assert not OpportunityInvitation.objects.exists()
    assert mail.outbox == []


def test_a_curator_may_invite(client, world, django_capture_on_commit_callbacks):
    curator = officer_of(municipality("valmieras-novads"), "kurators@kopa.lv")
    User.objects.filter(pk=curator.pk).update(is_staff=True)
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, world["grant"]), {"note": ""})
    assert OpportunityInvitation.objects.count() == 3


def test_inviting_stops_at_the_limit_and_the_rest_are_reached_later(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "cooperation_propose": "2/h/user",
    }
    client.force_login(world["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url(world, world["grant"]), {"note": NOTE}).content.decode()
    assert OpportunityInvitation.objects.count() == 2
    assert page.count("pagaidām esat nosūtījis tik uzaicinājumu, cik Kopā atļauj") == 1


def test_the_preview_costs_the_same_queries_however_long_the_list(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["officer"])
    page = url(world, world["grant"])
    client.get(page)
    with django_assert_max_num_queries(30) as few:
        client.get(page)
    budget = len(few.captured_queries)
    for number in range(15):
        enterprise = SocialEnterpriseFactory(name=f"Dārznieki {number}")
        ShortlistEntry.objects.create(shortlist=world["shortlist"], enterprise=enterprise)
        OpportunityInvitation.objects.create(opportunity=world["grant"], enterprise=enterprise)
    assert SocialEnterprise.objects.count() > 20
    with django_assert_max_num_queries(budget):
        assert client.get(page).status_code == 200


def test_every_invitation_page_is_valid_html(
    client,
    world,
    vnu,  # noqa: F811
    tmp_path,
    django_capture_on_commit_callbacks,
):
    client.force_login(world["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        pages = {
            "choose": client.get(url(world)),
            "preview": client.get(url(world, world["grant"])),
            "note too long": client.post(url(world, world["grant"]), {"note": NOTE * 5}),
            "report": client.post(url(world, world["grant"]), {"note": NOTE}),
            "nobody left": client.get(url(world, world["grant"])),
        }
    files = {}
    for number, (name, response) in enumerate(pages.items()):
        assert response.status_code == 200, name
        path = tmp_path / f"{number:02d}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 - the checker, over pages we wrote
        [*vnu, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{files[message['url'].rsplit('/', 1)[-1]]}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in report["messages"]
    ]
    assert errors == []
