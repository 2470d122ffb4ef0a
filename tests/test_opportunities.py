"""Opportunities: what municipalities offer social enterprises, who may apply, the board,
and the officers' decisions that start a cooperation."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus
from enterprises.models import RegisterStatus, Verification
from opportunities.models import (
    Application,
    ApplicationStatus,
    Opportunity,
    OpportunityKind,
    OpportunityStatus,
)
from opportunities.services import apply_for_opportunity, decide_application

from .factories import (
    OpportunityFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    officer_of,
    representative_of,
    target_group,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()

PREMISES_TEXT = (
    "Pašvaldība bezatlīdzības lietošanā uz pieciem gadiem nodod bijušās Stāmerienas "
    "pamatskolas pirmā stāva telpas (trīs klases, virtuve un sanitārais mezgls) sociālajam "
    "uzņēmumam, kas tajās ierīkos dienas centru senioriem vai darbnīcu cilvēkiem ar "
    "invaliditāti. Komunālos maksājumus sedz lietotājs; pašvaldība nomainīs logus līdz "
    "2027. gada pavasarim."
)
GRANT_TEXT = (
    "Gulbenes novada pašvaldība izsludina konkursu sociālās uzņēmējdarbības atbalstam. "
    "Atbalstu var saņemt jaunu darba vietu radīšanai cilvēkiem no sociālās atstumtības "
    "riskam pakļautajām grupām, iekārtu iegādei un telpu pielāgošanai."
)
PROBLEM = (
    "Stāmerienas pagastā nav vietas, kur vientuļi seniori var pavadīt dienu kopā, un daļa "
    "no viņiem ziemā nedēļām nerunā ne ar vienu."
)
SOLUTION = (
    "Ierīkosim dienas centru ar siltām pusdienām, rokdarbu nodarbībām un transportu no "
    "attālākajām mājām divas reizes nedēļā; strādās divi darbinieki ar invaliditāti."
)


def premises(**kwargs) -> Opportunity:
    values = {
        "municipality": municipality("gulbenes-novads"),
        "kind": OpportunityKind.PREMISES,
        "title_lv": "Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā",
        "description_lv": PREMISES_TEXT,
        "address": "Skolas iela 2, Stāmeriena, Stāmerienas pagasts, Gulbenes novads",
        "area_m2": Decimal("186.5"),
        "terms": "free_use",
        "period": "5 gadi no līguma noslēgšanas",
        "closes_on": TODAY + datetime.timedelta(days=20),
        **kwargs,
    }
    return OpportunityFactory(**values)


def grant_call(**kwargs) -> Opportunity:
    values = {
        "municipality": municipality("gulbenes-novads"),
        "kind": OpportunityKind.GRANT_CALL,
        "title_lv": "Sociālās uzņēmējdarbības grantu konkurss 2027",
        "description_lv": GRANT_TEXT,
        "budget_total": Decimal("30000"),
        "amount_min": Decimal("1000"),
        "amount_max": Decimal("5000"),
        "cofinancing_percent": 10,
        "closes_on": TODAY + datetime.timedelta(days=45),
    }
    values.update(kwargs)
    return OpportunityFactory(**values)


def tax_relief(**kwargs) -> Opportunity:
    values = {
        "municipality": municipality("ludzas-novads"),
        "kind": OpportunityKind.TAX_RELIEF,
        "title_lv": "Nekustamā īpašuma nodokļa atlaide sociālajiem uzņēmumiem",
        "description_lv": "Atlaide par zemi un ēkām, ko izmanto sociālā uzņēmuma darbībai.",
        "regulation_number": "Saistošie noteikumi Nr. 12",
        "regulation_date": datetime.date(2024, 3, 28),
        "relief_percent": 90,
        **kwargs,
    }
    return OpportunityFactory(**values)


def event(**kwargs) -> Opportunity:
    values = {
        "kind": OpportunityKind.EVENT,
        "title_lv": "Pieredzes apmaiņas diena Gulbenē: sociālie uzņēmumi un pašvaldība",
        "description_lv": "Uzņēmumi stāsta par sadarbību ar pašvaldību, pēc tam darba grupas.",
        "event_format": "experience_exchange",
        "starts_at": timezone.now() + datetime.timedelta(days=14),
        "venue": "Gulbenes novada kultūras centrs, Ābeļu iela 2, Gulbene",
        "places": 2,
        "closes_on": TODAY + datetime.timedelta(days=10),
        **kwargs,
    }
    return OpportunityFactory(**values)


# The model: each kind its instrument and facts; the law's reservations held by the database.


def test_each_kind_uses_its_cooperation_instrument():
    assert premises().instrument.slug == "property-free-of-charge"
    assert premises(terms="reduced_rent").instrument.slug == "infrastructure"
    assert grant_call().instrument.slug == "grant-programme"
    assert tax_relief().instrument.slug == "property-tax-relief"
    assert event().instrument.kind == "light"


def test_reserved_instruments_always_require_an_active_status():
    assert tax_relief().status_required
    assert premises(terms="transfer").status_required
    assert not premises(terms="reduced_rent").status_required
    assert not grant_call().status_required
    assert grant_call(status_required=True).status_required


def test_database_refuses_tax_relief_open_to_everyone():
    relief = tax_relief()
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=relief.pk).update(status_required=False)


def test_database_refuses_premises_without_an_address():
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=premises().pk).update(address="")


def test_clean_asks_for_the_facts_of_the_kind_and_drops_other_kinds():
    opportunity = Opportunity(
        municipality=municipality(),
        kind=OpportunityKind.TAX_RELIEF,
        title_lv="Nodokļa atlaide",
        description_lv="Atlaide sociālajiem uzņēmumiem.",
        address="Brīvības iela 1, Ludza",
    )
    with pytest.raises(ValidationError) as error:
        opportunity.full_clean()
    assert {"regulation_number", "regulation_date", "relief_percent"} <= set(
        error.value.message_dict
    )
    assert opportunity.address == ""


def test_grant_amount_cannot_exceed_the_budget():
    call = grant_call()
    call.amount_max = Decimal("40000")
    with pytest.raises(ValidationError, match="kopējo budžetu"):
        call.full_clean()


# Officers publish in self-service.


def test_officer_publishes_premises_and_they_show_on_the_board(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(officer_of(gulbene, "liga.berzina@gulbene.lv"))
    url = reverse("opportunities:opportunity-create", args=[gulbene.slug])
    assert "Telpas vai īpašums" in client.get(url).content.decode()
    response = client.post(
        url + "?kind=premises",
        {
            "title_lv": "Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā",
            "description_lv": PREMISES_TEXT,
            "address": "Skolas iela 2, Stāmeriena, Gulbenes novads",
            "area_m2": "186,5",
            "terms": "free_use",
            "closes_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
            "target_groups": [target_group("disability").pk],
            "publish": "1",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    opportunity = Opportunity.objects.get()
    assert opportunity.status == OpportunityStatus.OPEN
    assert opportunity.published_at is not None
    assert opportunity.created_by.email == "liga.berzina@gulbene.lv"
    assert opportunity.history.count() == 1
    page = client.get(reverse("opportunities:opportunity-list")).content.decode()
    assert "Bijušās Stāmerienas pamatskolas telpas" in page
    detail = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Tikai sociālie uzņēmumi ar aktīvu statusu" in detail
    assert "186,5 m²" in detail


def test_publishing_with_a_closing_date_in_the_past_is_refused(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(officer_of(gulbene, "liga.berzina@gulbene.lv"))
    url = reverse("opportunities:opportunity-create", args=[gulbene.slug]) + "?kind=information"
    response = client.post(
        url,
        {
            "title_lv": "Konsultācijas par grāmatvedību",
            "description_lv": "Bez maksas, katru otrdienu.",
            "closes_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "publish": "1",
        },
    )
    assert response.status_code == 200
    assert "closes_on" in response.context["form"].errors
    assert not Opportunity.objects.exists()


# The board.


def test_a_closed_call_is_not_shown_as_open(client):
    grant_call(
        title_lv="Grantu konkurss, kas beidzās vakar", closes_on=TODAY - datetime.timedelta(1)
    )
    grant_call(title_lv="Grantu konkurss, kas vēl atvērts")
    OpportunityFactory(title_lv="Melnraksts, ko neviens neredz", status="draft")
    page = client.get(reverse("opportunities:opportunity-list")).content.decode()
    assert "kas vēl atvērts" in page
    assert "beidzās vakar" not in page
    assert "Melnraksts" not in page
    closed = client.get(reverse("opportunities:opportunity-list") + "?status=closed")
    assert "beidzās vakar" in closed.content.decode()
    detail = client.get(Opportunity.objects.get(title_lv__contains="vakar").get_absolute_url())
    assert "vairs nav atvērta pieteikumiem" in detail.content.decode()


def test_board_filters(client):
    ludza = municipality("ludzas-novads")
    grant_call(title_lv="Gulbenes grantu konkurss")
    tax_relief(title_lv="Ludzas nodokļa atlaide")
    joint = event(
        municipality=municipality("balvu-novads"),
        title_lv="Latgales pašvaldību kopīga ideju darbnīca",
        event_format="idea_lab",
    )
    joint.partners.add(ludza)
    url = reverse("opportunities:opportunity-list")

    def titles(query: str) -> set[str]:
        response = client.get(url + query)
        return {opportunity.title_lv for opportunity in response.context["page"].object_list}

    assert titles("?municipality=ludzas-novads") == {
        "Ludzas nodokļa atlaide",
        "Latgales pašvaldību kopīga ideju darbnīca",
    }
    assert titles("?region=latgale") == titles("?municipality=ludzas-novads")
    assert titles("?cooperation=light") == {"Latgales pašvaldību kopīga ideju darbnīca"}
    assert titles("?kind=grant_call") == {"Gulbenes grantu konkurss"}
    assert titles("?instrument=property-tax-relief") == {"Ludzas nodokļa atlaide"}
    assert titles("?closing_soon=on") == {"Latgales pašvaldību kopīga ideju darbnīca"}
    assert titles("?q=ideju") == {"Latgales pašvaldību kopīga ideju darbnīca"}


def test_board_filters_by_category_and_target_group(client):
    call = grant_call(title_lv="Grants ēdināšanas uzņēmumiem")
    call.categories.add(category("catering"))
    call.target_groups.add(target_group("disability"))
    grant_call(title_lv="Grants jebkuram")
    url = reverse("opportunities:opportunity-list")
    parent = category("catering").parent.slug
    for query in ["?category=catering", f"?category={parent}", "?target_group=disability"]:
        found = [o.title_lv for o in client.get(url + query).context["page"].object_list]
        assert found == ["Grants ēdināšanas uzņēmumiem"], query


def test_board_in_english(client):
    grant_call(title_lv="Grantu konkurss", title_en="Grant call for social enterprises")
    page = client.get("/en/opportunities/").content.decode()
    assert "Grant call for social enterprises" in page


def test_board_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    for number in range(25):
        grant_call(title_lv=f"Grantu konkurss nr. {number}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("opportunities:opportunity-list") + "?region=vidzeme")
    assert len(response.context["page"].object_list) == 20


def test_municipality_page_lists_its_open_opportunities(client):
    grant_call(title_lv="Sociālās uzņēmējdarbības grantu konkurss 2027")
    grant_call(title_lv="Pagājušā gada konkurss", status="closed")
    page = client.get(municipality("gulbenes-novads").get_absolute_url()).content.decode()
    assert "Sociālās uzņēmējdarbības grantu konkurss 2027" in page
    assert "Pagājušā gada konkurss" not in page


# Who may apply.


@pytest.fixture
def cafe():
    """A verified social enterprise with an active status, and its representative."""
    enterprise = SocialEnterpriseFactory(name="SIA “Kafejnīca Pie Ezera”")
    return enterprise, representative_of(enterprise, "ilze@kafejnica-ezers.lv")


def application_data() -> dict:
    return {"problem": PROBLEM, "solution": SOLUTION, "resources": "Telpas, divi darbinieki."}


def test_representative_applies_and_the_officers_hear(
    client, cafe, django_capture_on_commit_callbacks
):
    enterprise, ilze = cafe
    officer_of(municipality("gulbenes-novads"), "liga.berzina@gulbene.lv")
    opportunity = premises()
    client.force_login(ilze)
    url = reverse("opportunities:application-create", args=[opportunity.pk, enterprise.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, application_data())
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.enterprise, application.problem) == (enterprise, PROBLEM)
    assert [message.to for message in mail.outbox] == [["liga.berzina@gulbene.lv"]]
    assert "Kafejnīca Pie Ezera" in mail.outbox[0].subject
    # Applying twice is refused.
    again = client.post(url, application_data())
    assert "jau ir pieteicies" in again.content.decode()
    assert Application.objects.count() == 1


def test_an_enterprise_whose_status_ceased_never_gets_reserved_support(client):
    enterprise = SocialEnterpriseFactory(
        name="SIA “Bijušais sociālais uzņēmums”",
        register_status=RegisterStatus.CEASED,
        status_ended_on=datetime.date(2025, 1, 31),
    )
    rep = representative_of(enterprise, "janis@bijusais.lv")
    relief, free, rent, call = (
        tax_relief(),
        premises(),
        premises(terms="reduced_rent"),
        grant_call(),
    )
    assert set(Opportunity.objects.open().open_to(enterprise)) == {rent, call}
    client.force_login(rep)
    for reserved in (relief, free):
        url = reverse("opportunities:application-create", args=[reserved.pk, enterprise.slug])
        page = client.get(url).content.decode()
        assert "aktīvu statusu" in page
        client.post(url, application_data())
    assert not Application.objects.exists()
    with pytest.raises(ValidationError, match="aktīvu statusu"):
        apply_for_opportunity(
            opportunity=grant_call(status_required=True),
            enterprise=enterprise,
            by=rep,
            application=Application(problem=PROBLEM, solution=SOLUTION),
        )
    client.post(
        reverse("opportunities:application-create", args=[rent.pk, enterprise.slug]),
        application_data(),
    )
    assert Application.objects.get().opportunity == rent


def test_an_unverified_enterprise_cannot_apply(client):
    enterprise = SocialEnterpriseFactory(verification=Verification.PENDING)
    client.force_login(representative_of(enterprise, "anna@jauns-uznemums.lv"))
    opportunity = grant_call()
    url = reverse("opportunities:application-create", args=[opportunity.pk, enterprise.slug])
    assert "nav pārbaudīts" in client.get(url).content.decode()
    client.post(url, application_data())
    assert not Application.objects.exists()


def test_nobody_applies_to_a_closed_call(cafe):
    enterprise, ilze = cafe
    call = grant_call(closes_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="nav atvērta"):
        apply_for_opportunity(
            opportunity=call,
            enterprise=enterprise,
            by=ilze,
            application=Application(problem=PROBLEM, solution=SOLUTION),
        )


def test_event_takes_registrations_up_to_its_places(cafe):
    enterprise, ilze = cafe
    day = event(municipality=municipality("gulbenes-novads"), places=3)
    apply_for_opportunity(
        opportunity=day, enterprise=enterprise, by=ilze, application=Application(places=2)
    )
    other = SocialEnterpriseFactory(name="SIA “Zaļā Darbnīca”")
    with pytest.raises(ValidationError, match="1"):
        apply_for_opportunity(
            opportunity=day,
            enterprise=other,
            by=representative_of(other, "maris@zala-darbnica.lv"),
            application=Application(places=2),
        )
    assert day.places_taken() == 2


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_registrations_for_the_last_place_at_once_take_one():
    day = event(municipality=municipality("gulbenes-novads"), places=1)
    people = []
    for number in range(2):
        enterprise = SocialEnterpriseFactory(name=f"SIA “Darbnīca {number}”")
        people.append((enterprise, representative_of(enterprise, f"rep{number}@darbnica.lv")))
    barrier = threading.Barrier(2)
    results = [None, None]

    def register(index):
        enterprise, user = people[index]
        try:
            barrier.wait(timeout=10)
            results[index] = apply_for_opportunity(
                opportunity=day, enterprise=enterprise, by=user, application=Application()
            )
        except Exception as error:  # the test looks at what each met
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(result).__name__ for result in results) == [
        "Application",
        "ValidationError",
    ]
    assert Application.objects.filter(opportunity=day).count() == 1


# Decisions.


def test_officer_accepts_and_a_cooperation_with_the_instrument_starts(
    client, cafe, django_capture_on_commit_callbacks
):
    enterprise, ilze = cafe
    liga = officer_of(municipality("gulbenes-novads"), "liga.berzina@gulbene.lv")
    opportunity = premises()
    application = apply_for_opportunity(
        opportunity=opportunity,
        enterprise=enterprise,
        by=ilze,
        application=Application(problem=PROBLEM, solution=SOLUTION),
    )
    mail.outbox.clear()
    client.force_login(liga)
    page = client.get(reverse("opportunities:application-list", args=[opportunity.pk]))
    assert PROBLEM in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("opportunities:application-decide", args=[application.pk]),
            {"decision": "accept", "reason": "Telpas ir jūsu no 1. marta."},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    cooperation = application.cooperation
    assert cooperation.status == CooperationStatus.AGREED
    assert (cooperation.municipality, cooperation.enterprise) == (
        opportunity.municipality,
        enterprise,
    )
    assert [i.slug for i in cooperation.instruments.all()] == ["property-free-of-charge"]
    assert (cooperation.problem, cooperation.solution) == (PROBLEM, SOLUTION)
    # One mail, to the enterprise, with the way to the cooperation.
    assert [message.to for message in mail.outbox] == [["ilze@kafejnica-ezers.lv"]]
    assert cooperation.get_absolute_url() in mail.outbox[0].body
    assert "pieņemts" in mail.outbox[0].subject


def test_declining_needs_a_reason_the_enterprise_reads(cafe, django_capture_on_commit_callbacks):
    enterprise, ilze = cafe
    liga = officer_of(municipality("gulbenes-novads"), "liga.berzina@gulbene.lv")
    application = apply_for_opportunity(
        opportunity=grant_call(),
        enterprise=enterprise,
        by=ilze,
        application=Application(problem=PROBLEM, solution=SOLUTION),
    )
    with pytest.raises(ValidationError):
        decide_application(application=application, decision="decline", by=liga)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_application(
            application=application,
            decision="decline",
            by=liga,
            reason="Konkursa budžets ir sadalīts projektiem ar lielāku mērķa grupu iesaisti.",
        )
    assert not Cooperation.objects.exists()
    assert "lielāku mērķa grupu iesaisti" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        decide_application(application=application, decision="accept", by=liga)


def test_shortlisting_tells_nobody_yet(cafe, django_capture_on_commit_callbacks):
    enterprise, ilze = cafe
    liga = officer_of(municipality("gulbenes-novads"), "liga.berzina@gulbene.lv")
    application = apply_for_opportunity(
        opportunity=grant_call(),
        enterprise=enterprise,
        by=ilze,
        application=Application(problem=PROBLEM, solution=SOLUTION),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_application(application=application, decision="shortlist", by=liga)
    assert application.status == ApplicationStatus.SHORTLISTED
    assert mail.outbox == []


def test_another_municipalitys_officer_sees_no_applicants(client, cafe):
    enterprise, ilze = cafe
    opportunity = premises()
    application = apply_for_opportunity(
        opportunity=opportunity,
        enterprise=enterprise,
        by=ilze,
        application=Application(problem=PROBLEM, solution=SOLUTION),
    )
    client.force_login(officer_of(municipality("ludzas-novads"), "andris@ludza.lv"))
    assert (
        client.get(reverse("opportunities:application-list", args=[opportunity.pk])).status_code
        == 404
    )
    client.post(
        reverse("opportunities:application-decide", args=[application.pk]),
        {"decision": "accept"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # Nor does the public page name who applied.
    assert "Kafejnīca Pie Ezera" not in client.get(opportunity.get_absolute_url()).content.decode()


def test_demo_municipalities_offer_a_realistic_mix():
    from demo.seeding import DemoSize, delete_demo_data, seed_demo

    seed_demo(seed=3, size=DemoSize(enterprises=10, offerings=10, needs=3), today=TODAY)
    offered = Opportunity.objects.order_by("municipality", "kind").values_list(
        "municipality__name", "kind"
    )
    municipalities = {name for name, _ in offered}
    assert len(municipalities) == 3
    for name in municipalities:
        kinds = sorted(kind for other, kind in offered if other == name)
        assert kinds == ["event", "event", "grant_call", "premises", "tax_relief"]
    assert all(
        "ā" in title or "ī" in title or "ē" in title
        for title in Opportunity.objects.values_list("title_lv", flat=True)
    )
    delete_demo_data()
    assert not Opportunity.objects.exists()


def test_curators_find_and_open_opportunities_in_admin(admin_client):
    opportunity = premises()
    changelist = reverse("admin:opportunities_opportunity_changelist")
    found = admin_client.get(changelist, {"q": "stamerienas"})
    assert "Bijušās Stāmerienas pamatskolas telpas" in found.content.decode()
    assert admin_client.get(changelist, {"q": "vārds " * 2000}).status_code == 200
    change = reverse("admin:opportunities_opportunity_change", args=[opportunity.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:opportunities_opportunity_add")).status_code == 200


def test_journey_publish_match_apply_accept_counted(client, django_capture_on_commit_callbacks):
    """An officer publishes premises; a matching enterprise sees them in "Opportunities for
    you" and applies; the officer accepts; the cooperation carries the instrument and the
    statistics count it."""
    from stats.queries import cooperations_by_instrument

    gulbene = municipality("gulbenes-novads")
    liga = officer_of(gulbene, "liga.berzina@gulbene.lv")
    enterprise = SocialEnterpriseFactory(name="SIA “Gulbenes Dienas Centrs”")
    enterprise.target_groups.add(target_group("disability"))
    ilze = representative_of(enterprise, "ilze@dienas-centrs.lv")

    client.force_login(liga)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("opportunities:opportunity-create", args=[gulbene.slug]) + "?kind=premises",
            {
                "title_lv": "Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā",
                "description_lv": PREMISES_TEXT,
                "address": "Skolas iela 2, Stāmeriena, Gulbenes novads",
                "terms": "free_use",
                "target_groups": [target_group("disability").pk],
                "publish": "1",
            },
        )
    opportunity = Opportunity.objects.get()
    assert [message.to for message in mail.outbox] == [["ilze@dienas-centrs.lv"]]

    client.force_login(ilze)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Bijušās Stāmerienas pamatskolas telpas" in dashboard
    assert "Strādā ar mērķa grupām, kam tā paredzēta: Personas ar invaliditāti" in dashboard
    detail = client.get(opportunity.get_absolute_url()).content.decode()
    apply_url = reverse("opportunities:application-create", args=[opportunity.pk, enterprise.slug])
    assert apply_url in detail
    client.post(apply_url, application_data())

    client.force_login(liga)
    application = Application.objects.get()
    client.post(
        reverse("opportunities:application-decide", args=[application.pk]),
        {"decision": "accept"},
    )
    cooperation = Cooperation.objects.get()
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Mantas bezatlīdzības nodošana" in page
    counted = {row.key: row for row in cooperations_by_instrument()}
    assert counted["property-free-of-charge"].cooperations == 1


def test_an_edit_from_a_stale_form_is_refused_with_the_text_kept(client):
    gulbene = municipality("gulbenes-novads")
    call = grant_call()
    client.force_login(officer_of(gulbene, "liga.berzina@gulbene.lv"))
    url = reverse("opportunities:opportunity-edit", args=[call.pk])
    data = {
        "title_lv": "Grantu konkurss jauniešu nodarbinātībai",
        "description_lv": GRANT_TEXT,
        "budget_total": "30000",
        "version": call.version,
    }
    call.title_lv = "Kolēģes labotais nosaukums"
    call.save()
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Grantu konkurss jauniešu nodarbinātībai" in response.content.decode()
    call.refresh_from_db()
    assert call.title_lv == "Kolēģes labotais nosaukums"


def test_closing_expired_opportunities_tells_what_waits(cafe, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from opportunities.services import close_expired_opportunities

    enterprise, ilze = cafe
    officer_of(municipality("gulbenes-novads"), "liga.berzina@gulbene.lv")
    call = grant_call(closes_on=TODAY + datetime.timedelta(days=2))
    apply_for_opportunity(
        opportunity=call,
        enterprise=enterprise,
        by=ilze,
        application=Application(problem=PROBLEM, solution=SOLUTION),
    )
    later = grant_call(title_lv="Vēl atvērts konkurss", closes_on=TODAY + datetime.timedelta(9))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closed = close_expired_opportunities(today=TODAY + datetime.timedelta(days=3))
    assert closed == [call]
    call.refresh_from_db()
    later.refresh_from_db()
    assert (call.status, later.status) == (OpportunityStatus.CLOSED, OpportunityStatus.OPEN)
    assert [message.to for message in mail.outbox] == [["liga.berzina@gulbene.lv"]]
    assert "1 pieteikums gaida jūsu lēmumu" in mail.outbox[0].body
    # Nothing twice; and the command runs.
    assert close_expired_opportunities(today=TODAY + datetime.timedelta(days=3)) == []
    call_command("close_expired_opportunities")


def test_board_filters_speak_the_visitors_language(client):
    assert "Beidzas 30 dienu laikā" in client.get("/lv/opportunities/").content.decode()
    assert "Closing within 30 days" in client.get("/en/opportunities/").content.decode()
