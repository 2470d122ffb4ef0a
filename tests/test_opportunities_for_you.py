"""“Opportunities for you”: ranked by place, service and people with reasons, never showing
what the law reserves to an enterprise without the status; and emails on publishing."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import MatchEmails
from enterprises.models import RegisterStatus
from opportunities.candidates import opportunities_for
from opportunities.models import OpportunityKind, OpportunityNotice
from opportunities.services import (
    NOTICES_PER_WEEK,
    change_opportunity_status,
    tell_suited_enterprises,
)

from .factories import (
    OfferingFactory,
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


def premises_in(slug: str, title: str, **kwargs):
    opportunity = OpportunityFactory(
        municipality=municipality(slug),
        kind=OpportunityKind.PREMISES,
        title_lv=title,
        description_lv="Telpas ar samazinātu nomas maksu sociālā uzņēmuma darbnīcai.",
        address="Brīvības iela 15, pirmais stāvs",
        area_m2=Decimal("74"),
        terms=kwargs.pop("terms", "reduced_rent"),
        closes_on=TODAY + datetime.timedelta(days=kwargs.pop("days", 30)),
        **kwargs,
    )
    opportunity.categories.add(category("catering"))
    return opportunity


@pytest.fixture
def riga_caterer():
    """A catering enterprise in Rīga that serves only Rīga."""
    enterprise = SocialEnterpriseFactory(
        name="SIA “Rīgas Virtuve”", home_municipality=municipality("riga")
    )
    OfferingFactory(
        enterprise=enterprise,
        title="Pusdienas skolām un dienas centriem",
        description="Gatavojam siltas pusdienas; virtuvē strādā cilvēki ar invaliditāti.",
        category=category("catering"),
    )
    enterprise.target_groups.add(target_group("disability"))
    return enterprise


def test_an_enterprise_serving_only_riga_sees_riga_before_latgale(riga_caterer):
    latgale = premises_in("ludzas-novads", "Ēdnīcas telpas Ludzā", days=5)
    riga = premises_in("riga", "Virtuves telpas Rīgas Avotu ielā", days=60)
    ranked = opportunities_for(riga_caterer)
    assert [opportunity for opportunity, _ in ranked] == [riga, latgale]
    riga_score, latgale_score = ranked[0][1], ranked[1][1]
    assert [reason.code for reason in riga_score.reasons] == ["home_municipality", "same_category"]
    assert riga_score.reasons[0].text == "Atrodas tur, kur to piedāvā: Rīga"
    assert latgale_score.reasons[0].code == "not_in_area"
    assert riga_score.score > latgale_score.score


def test_nothing_offered_elsewhere_for_another_service_is_shown(riga_caterer):
    elsewhere = premises_in("ludzas-novads", "Telpas Ludzā")
    elsewhere.categories.set([category("laundry")])
    assert opportunities_for(riga_caterer) == []


def test_an_enterprise_whose_status_ceased_never_sees_reserved_support(riga_caterer):
    riga_caterer.register_status = RegisterStatus.CEASED
    riga_caterer.status_ended_on = datetime.date(2025, 6, 30)
    riga_caterer.save()
    free = premises_in("riga", "Telpas bezatlīdzības lietošanā", terms="free_use")
    relief = OpportunityFactory(
        municipality=municipality("riga"),
        kind=OpportunityKind.TAX_RELIEF,
        title_lv="Nekustamā īpašuma nodokļa atlaide 90 % apmērā",
        regulation_number="Saistošie noteikumi Nr. RD-24-250-sn",
        regulation_date=datetime.date(2024, 11, 20),
        relief_percent=90,
    )
    rent = premises_in("riga", "Telpas ar samazinātu nomas maksu")
    ranked = [opportunity for opportunity, _ in opportunities_for(riga_caterer)]
    assert rent in ranked
    assert free not in ranked and relief not in ranked


def test_a_closed_call_is_not_offered(riga_caterer):
    premises_in("riga", "Slēgts piedāvājums", status="closed")
    premises_in("riga", "Beidzies vakar", days=-1)
    assert opportunities_for(riga_caterer) == []


def test_shared_target_groups_add_points(riga_caterer):
    plain = premises_in("riga", "Telpas bez mērķa grupas")
    for_disability = premises_in("riga", "Telpas darbnīcai cilvēkiem ar invaliditāti")
    for_disability.target_groups.add(target_group("disability"))
    ranked = opportunities_for(riga_caterer)
    assert [opportunity for opportunity, _ in ranked] == [for_disability, plain]
    assert ranked[0][1].reasons[-1].code == "target_groups"


def test_dashboard_shows_opportunities_for_you_in_constant_queries(
    client, riga_caterer, django_assert_max_num_queries
):
    client.force_login(representative_of(riga_caterer, "anna@rigas-virtuve.lv"))
    premises_in("riga", "Virtuves telpas Rīgas Avotu ielā")
    url = reverse("accounts:dashboard")
    page = client.get(url).content.decode()
    assert "Iespējas uzņēmumam SIA “Rīgas Virtuve”" in page
    assert "Virtuves telpas Rīgas Avotu ielā" in page
    assert "Piedāvā pakalpojumu, kam tā paredzēta: Ēdināšana" in page
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for number in range(15):
        premises_in("riga", f"Telpas nr. {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# Emails when an opportunity opens.


def test_publishing_emails_the_enterprises_it_suits(
    riga_caterer, django_capture_on_commit_callbacks
):
    representative_of(riga_caterer, "anna@rigas-virtuve.lv")
    quiet = SocialEnterpriseFactory(
        name="SIA “Klusā Virtuve”", home_municipality=municipality("riga")
    )
    OfferingFactory(enterprise=quiet, category=category("catering"))
    representative_of(quiet, "karlis@klusa-virtuve.lv").__class__.objects.filter(
        email="karlis@klusa-virtuve.lv"
    ).update(match_emails=MatchEmails.NONE)
    far = SocialEnterpriseFactory(
        name="SIA “Ludzas Virtuve”", home_municipality=municipality("ludzas-novads")
    )
    OfferingFactory(enterprise=far, category=category("catering"))
    representative_of(far, "ieva@ludzas-virtuve.lv")
    opportunity = premises_in("riga", "Virtuves telpas Rīgas Avotu ielā", status="draft")
    officer = officer_of(municipality("riga"), "janis@riga.lv")
    with django_capture_on_commit_callbacks(execute=True):
        change_opportunity_status(opportunity=opportunity, status="open", by=officer)
    assert [message.to for message in mail.outbox] == [["anna@rigas-virtuve.lv"]]
    assert "Virtuves telpas Rīgas Avotu ielā" in mail.outbox[0].body
    # Never twice about one opportunity.
    assert tell_suited_enterprises(opportunity=opportunity) == 0


def test_an_enterprise_hears_of_few_opportunities_a_week(riga_caterer):
    representative_of(riga_caterer, "anna@rigas-virtuve.lv")
    told = [
        tell_suited_enterprises(opportunity=premises_in("riga", f"Telpas nr. {number}"))
        for number in range(NOTICES_PER_WEEK + 2)
    ]
    assert told == [1] * NOTICES_PER_WEEK + [0, 0]
    assert OpportunityNotice.objects.count() == NOTICES_PER_WEEK
    assert len(mail.outbox) == NOTICES_PER_WEEK


def test_an_enterprise_whose_status_ceased_is_never_told_of_reserved_support(
    riga_caterer, django_capture_on_commit_callbacks
):
    riga_caterer.register_status = RegisterStatus.CEASED
    riga_caterer.status_ended_on = datetime.date(2025, 6, 30)
    riga_caterer.save()
    representative_of(riga_caterer, "anna@rigas-virtuve.lv")
    free = premises_in("riga", "Virtuves telpas bez maksas", terms="free_use", status="draft")
    rent = premises_in("riga", "Virtuves telpas par samazinātu nomu", status="draft")
    officer = officer_of(municipality("riga"), "janis@riga.lv")
    with django_capture_on_commit_callbacks(execute=True):
        change_opportunity_status(opportunity=free, status="open", by=officer)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        change_opportunity_status(opportunity=rent, status="open", by=officer)
    assert [message.to for message in mail.outbox] == [["anna@rigas-virtuve.lv"]]
    assert "Virtuves telpas par samazinātu nomu" in mail.outbox[0].body
