"""The public portal: what anyone sees without an account, in Latvian and English."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.seeding import DemoSize, seed_demo
from enterprises.models import RegisterStatus, Verification
from municipalities.models import MunicipalitySupport, NeedStatus

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    target_group,
)

pytestmark = pytest.mark.django_db


def names_on(response) -> str:
    return response.content.decode()


def test_directory_lists_only_verified_enterprises(client):
    SocialEnterpriseFactory(name="Pārbaudītais")
    SocialEnterpriseFactory(name="Gaidošais", verification=Verification.PENDING, checked_at=None)
    SocialEnterpriseFactory(name="Noraidītais", verification=Verification.REJECTED)
    page = names_on(client.get("/lv/enterprises/"))
    assert "Pārbaudītais" in page
    assert "Gaidošais" not in page
    assert "Noraidītais" not in page
    assert "1 uzņēmums atrasts" in page


def test_unverified_enterprise_page_is_not_found(client):
    pending = SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)
    assert client.get(f"/lv/enterprises/{pending.slug}/").status_code == 404
    assert client.get("/lv/enterprises/no-such-enterprise/").status_code == 404


def test_find_a_laundry_serving_gulbene_typed_without_diacritics(client):
    gulbene = municipality("gulbenes-novads")
    local = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    OfferingFactory(enterprise=local, title="Veļas mazgāšana skolām")
    riga_only = SocialEnterpriseFactory(name="Rīgas veļa", home_municipality=municipality("riga"))
    OfferingFactory(enterprise=riga_only, title="Veļas mazgāšana")
    nationwide = SocialEnterpriseFactory(
        name="Tīrā veļa visiem", home_municipality=municipality("riga"), serves_nationwide=True
    )
    OfferingFactory(enterprise=nationwide)

    page = names_on(
        client.get(
            "/lv/enterprises/",
            {"q": "velas", "municipality": "gulbenes-novads", "category": "laundry"},
        )
    )
    assert "Veļas māja" in page
    assert "Tīrā veļa visiem" in page
    assert "Rīgas veļa" not in page


def test_region_and_served_region_filters(client):
    SocialEnterpriseFactory(
        name="Vidzemes dārznieki",
        home_municipality=municipality("riga"),
        served_regions=[municipality("gulbenes-novads").region],
    )
    SocialEnterpriseFactory(name="Kurzemes kopēji", home_municipality=municipality("liepaja"))
    page = names_on(client.get("/lv/enterprises/", {"region": "vidzeme"}))
    assert "Vidzemes dārznieki" in page
    assert "Kurzemes kopēji" not in page
    gulbene = names_on(client.get("/lv/enterprises/", {"municipality": "gulbenes-novads"}))
    assert "Vidzemes dārznieki" in gulbene


def test_target_group_instrument_reserved_and_status_filters(client):
    inclusive = SocialEnterpriseFactory(
        name="Iekļaujošā", employees_total=10, employees_target_group=5
    )
    offering = OfferingFactory(enterprise=inclusive)
    offering.instruments.add(instrument("public-procurement"))
    offering.target_groups.add(target_group("disability"))
    SocialEnterpriseFactory(name="Mazā daļa", employees_total=10, employees_target_group=1)
    SocialEnterpriseFactory(
        name="Bijušais",
        register_status=RegisterStatus.CEASED,
        status_ended_on="2024-01-01",
    )
    assert "Mazā daļa" not in names_on(client.get("/lv/enterprises/", {"reserved": "on"}))
    assert "Iekļaujošā" in names_on(client.get("/lv/enterprises/", {"reserved": "on"}))
    by_group = names_on(client.get("/lv/enterprises/", {"target_group": "disability"}))
    assert "Iekļaujošā" in by_group and "Mazā daļa" not in by_group
    by_instrument = names_on(client.get("/lv/enterprises/", {"instrument": "public-procurement"}))
    assert "Iekļaujošā" in by_instrument and "Mazā daļa" not in by_instrument
    ceased = names_on(client.get("/lv/enterprises/", {"register_status": "ceased"}))
    assert "Bijušais" in ceased and "Iekļaujošā" not in ceased


def test_parent_category_covers_its_services(client):
    OfferingFactory(
        enterprise=SocialEnterpriseFactory(name="Ēdnīca Saulīte"), category=category("catering")
    )
    OfferingFactory(
        enterprise=SocialEnterpriseFactory(name="Mājas Sargs"), category=category("home-care")
    )
    page = names_on(client.get("/lv/enterprises/", {"category": "municipal-services"}))
    assert "Ēdnīca Saulīte" in page and "Mājas Sargs" not in page


def test_names_sort_in_latvian_alphabetical_order(client):
    for name in ["Zīle", "Čiekurs", "Cālis", "Ābele", "Šūna", "Sala"]:
        SocialEnterpriseFactory(name=name)
    page = names_on(client.get("/lv/enterprises/", {"sort": "name"}))
    positions = [
        page.index(f">{name}<") for name in ["Ābele", "Cālis", "Čiekurs", "Sala", "Šūna", "Zīle"]
    ]
    assert positions == sorted(positions)


def test_relevance_puts_names_starting_with_the_query_first(client):
    SocialEnterpriseFactory(name="Aprūpe un veļa", description="Veļas mazgāšana")
    SocialEnterpriseFactory(name="Veļas serviss")
    page = names_on(client.get("/lv/enterprises/", {"q": "veļa"}))
    assert page.index("Veļas serviss") < page.index("Aprūpe un veļa")


def test_bad_filter_values_show_a_form_error_not_a_server_error(client):
    SocialEnterpriseFactory(name="Kāds")
    response = client.get("/lv/enterprises/", {"region": "atlantis", "page": "x"})
    assert response.status_code == 200
    page = names_on(response)
    assert "Please correct the filters" not in page  # Latvian page
    assert "Lūdzu, izlabojiet filtrus" in page
    assert "Jāatlasa derīga izvēle" in page
    needs = client.get("/lv/needs/", {"deadline_from": "not-a-date", "status": "draft"})
    assert needs.status_code == 200
    assert "Jāievada derīgs datums" in names_on(needs)


def test_out_of_range_page_shows_the_last_page(client):
    SocialEnterpriseFactory(name="Vienīgais")
    assert "Vienīgais" in names_on(client.get("/lv/enterprises/", {"page": "99"}))


def test_a_ranked_search_counts_and_pages_its_results(client):
    for number in range(23):
        SocialEnterpriseFactory(name=f"Veļas mazgātava {number:02}")
    SocialEnterpriseFactory(name="Maizes ceptuve")
    first = names_on(client.get("/lv/enterprises/", {"q": "veļa"}))
    second = names_on(client.get("/lv/enterprises/", {"q": "veļa", "page": "2"}))
    past_the_end = names_on(client.get("/lv/enterprises/", {"q": "veļa", "page": "7"}))
    absurd = names_on(client.get("/lv/enterprises/", {"q": "veļa", "page": "9" * 30}))
    not_a_number = names_on(client.get("/lv/enterprises/", {"q": "veļa", "page": "x"}))
    assert "Veļas mazgātava 00" in not_a_number
    for page in (first, second, past_the_end, absurd, not_a_number):
        assert "23 uzņēmumi atrasti" in page
        assert "Maizes ceptuve" not in page
    assert "Veļas mazgātava 19" in first and "Veļas mazgātava 20" not in first
    assert "Veļas mazgātava 20" in second and "Veļas mazgātava 19" not in second
    for page in (second, past_the_end, absurd):
        assert "2. lapa no 2" in page
        assert "Veļas mazgātava 22" in page and "Veļas mazgātava 19" not in page
    nothing = names_on(client.get("/lv/enterprises/", {"q": "kalējs"}))
    assert "Nav atrasts neviens uzņēmums" in nothing


def test_a_ranked_search_runs_its_filters_once(client):
    SocialEnterpriseFactory.create_batch(
        3, description="Veļas mazgāšana", home_municipality=municipality("riga")
    )
    with CaptureQueriesContext(connection) as queries:
        page = names_on(client.get("/lv/enterprises/", {"q": "veļa", "municipality": "riga"}))
    assert "3 uzņēmumi atrasti" in page
    searches = [query for query in queries if "enterprises_searchword" in query["sql"]]
    # The count comes with the page instead of running the filters a second time.
    assert len(searches) == 1


def test_htmx_request_gets_only_the_results(client):
    SocialEnterpriseFactory(name="Daļējais")
    response = client.get("/lv/enterprises/", headers={"hx-request": "true"})
    page = names_on(response)
    assert "Daļējais" in page
    assert "<html" not in page
    assert 'hx-swap-oob="innerHTML"' in page


def test_municipality_list_groups_by_region(client):
    page = names_on(client.get("/lv/municipalities/"))
    for region in ["Rīgas plānošanas reģions", "Latgales plānošanas reģions"]:
        assert region in page
    assert "Gulbenes novads" in page
    assert "Varakļānu novads" not in page


def test_municipality_page_shows_contact_support_needs_and_enterprises(client):
    gulbene = municipality("gulbenes-novads")
    gulbene.contact_name = "Ilze Bērziņa"
    gulbene.contact_email = "ilze.berzina@gulbene.lv"
    gulbene.save()
    MunicipalitySupport.objects.create(
        municipality=gulbene, instrument=instrument("infrastructure"), note="Telpas Stāmerienā"
    )
    NeedFactory(municipality=gulbene, title="Parku uzkopšana Gulbenē")
    NeedFactory(municipality=gulbene, title="Melnraksts", status=NeedStatus.DRAFT)
    SocialEnterpriseFactory(name="Gulbenes dārznieki", home_municipality=gulbene)
    page = names_on(client.get("/lv/municipalities/gulbenes-novads/"))
    for text in [
        "Ilze Bērziņa",
        "ilze.berzina@gulbene.lv",
        "Infrastruktūras pieejamības nodrošināšana",
        "Telpas Stāmerienā",
        "Parku uzkopšana Gulbenē",
        "Gulbenes dārznieki",
        "Vieglā sadarbība",
    ]:
        assert text in page, text
    assert "Melnraksts" not in page
    assert client.get("/lv/municipalities/atlantis/").status_code == 404


def test_historical_municipality_page_says_so(client):
    page = names_on(client.get("/lv/municipalities/varaklanu-novads/"))
    assert "Šī pašvaldība pastāvēja līdz" in page


def test_needs_board_shows_open_needs_by_default_and_filters(client):
    latgale = municipality("daugavpils")
    NeedFactory(title="Ēdināšana Daugavpilī", municipality=latgale, category=category("catering"))
    NeedFactory(
        title="Ēdināšana Rīgā", municipality=municipality("riga"), category=category("catering")
    )
    NeedFactory(title="Parki Daugavpilī", municipality=latgale)
    NeedFactory(
        title="Pabeigta",
        municipality=latgale,
        category=category("catering"),
        status=NeedStatus.FULFILLED,
    )
    NeedFactory(title="Slepens melnraksts", status=NeedStatus.DRAFT)
    page = names_on(client.get("/lv/needs/", {"region": "latgale", "category": "catering"}))
    assert "Ēdināšana Daugavpilī" in page
    assert "Ēdināšana Rīgā" not in page
    assert "Parki Daugavpilī" not in page
    assert "Pabeigta" not in page
    fulfilled = names_on(client.get("/lv/needs/", {"status": "fulfilled"}))
    assert "Pabeigta" in fulfilled
    assert "Slepens melnraksts" not in names_on(client.get("/lv/needs/", {"status": ""}))


def test_need_deadline_filter(client):
    NeedFactory(title="Drīz", deadline="2027-01-10")
    NeedFactory(title="Vēlāk", deadline="2027-06-10")
    page = names_on(client.get("/lv/needs/", {"deadline_to": "2027-02-01"}))
    assert "Drīz" in page and "Vēlāk" not in page


def test_need_page_shows_details_and_hides_drafts(client):
    need = NeedFactory(title="Parku uzkopšana", budget_min=1000, budget_max=3000)
    need.target_groups.add(target_group("disability"))
    need.instruments.add(instrument("purchasing"))
    page = names_on(client.get(f"/lv/needs/{need.pk}/"))
    for text in [
        "Parku uzkopšana",
        "Gulbenes novads",
        "Personas ar invaliditāti",
        "Preču un pakalpojumu pirkšana",
        "EUR",
    ]:
        assert text in page
    draft = NeedFactory(status=NeedStatus.DRAFT)
    assert client.get(f"/lv/needs/{draft.pk}/").status_code == 404
    assert client.get("/lv/needs/999999/").status_code == 404


def test_cooperation_forms_guide_explains_both_kinds(client):
    latvian = names_on(client.get("/lv/cooperation-forms/"))
    assert "Mērķētā sadarbība" in latvian
    assert "Nekustamā īpašuma nodokļa atlaide" in latvian
    assert "Sociālā uzņēmuma likums" in latvian
    english = names_on(client.get("/en/cooperation-forms/"))
    assert "Targeted cooperation" in english
    assert "Real-estate tax relief" in english
    assert "?instrument=property-tax-relief" in english


def test_home_shows_live_figures_and_latest_needs(client):
    SocialEnterpriseFactory()
    NeedFactory(title="Jaunākā vajadzība")
    page = names_on(client.get("/lv/"))
    assert "Jaunākā vajadzība" in page
    assert "<dd>42</dd>" in page


def test_language_switch_keeps_the_current_page_and_filters(client):
    page = names_on(client.get("/lv/enterprises/", {"region": "vidzeme"}))
    assert 'href="/en/enterprises/?region=vidzeme"' in page
    english = names_on(client.get("/en/municipalities/gulbenes-novads/"))
    assert 'href="/lv/municipalities/gulbenes-novads/"' in english


@pytest.mark.parametrize("path", ["/lv/enterprises/", "/lv/needs/"])
def test_filtering_in_place_brings_the_language_switch_up_to_date(client, path):
    # htmx swaps the results only; the switch rendered with the page would lose the filters.
    response = client.get(path, {"region": "vidzeme"}, headers={"hx-request": "true"})
    switch = re.search(r'<nav [^>]*id="language-switch".*?</nav>', names_on(response), re.S)
    assert 'hx-swap-oob="true"' in switch.group()
    assert f'href="/en{path[3:]}?region=vidzeme"' in switch.group()


PAGES = [
    "/lv/",
    "/lv/enterprises/",
    "/lv/enterprises/?q=darbnica&region=riga&sort=name",
    "/lv/enterprises/?category=municipal-services&target_group=disability&reserved=on",
    "/lv/enterprises/{enterprise}/",
    "/lv/municipalities/",
    "/lv/municipalities/riga/",
    "/lv/needs/",
    "/lv/needs/?region=latgale&category=catering&instrument=purchasing",
    "/lv/needs/{need}/",
    "/en/cooperation-forms/",
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_depend_on_the_amount_of_data(client):
    # A few rows that every filtered page finds, so both sizes render results.
    riga = municipality("riga")
    enterprise = SocialEnterpriseFactory(
        name="Darbnīca Rīgā", home_municipality=riga, employees_total=10, employees_target_group=5
    )
    enterprise.target_groups.add(target_group("disability"))
    OfferingFactory.create_batch(3, enterprise=enterprise, category=category("catering"))
    need = NeedFactory(municipality=municipality("daugavpils"), category=category("catering"))
    need.instruments.add(instrument("purchasing"))
    seed_demo(seed=3, size=DemoSize(enterprises=5, offerings=10, needs=5))
    pages = [url.format(enterprise=enterprise.slug, need=need.pk) for url in PAGES]
    small = {url: count_queries(client, url) for url in pages}
    seed_demo(seed=4, size=DemoSize(enterprises=400, offerings=1200, needs=200))
    large = {url: count_queries(client, url) for url in pages}
    assert large == small
    assert max(small.values()) <= 12


def test_not_found_page_speaks_the_visitors_language(client):
    latvian = client.get("/lv/enterprises/no-such-enterprise/")
    assert latvian.status_code == 404
    assert "Lapa nav atrasta" in latvian.content.decode()
    english = client.get("/en/needs/999999/")
    assert english.status_code == 404
    assert "Page not found" in english.content.decode()
