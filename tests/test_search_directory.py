"""Finding enterprises by what they do (issue 13, observation 3): the directory's search reads
the words of each enterprise's active offerings, their services and target groups in Latvian
and English and the places it serves, ranks name and offering-title hits first, and, when a
search finds nothing, offers the nearest word it knows ("Vai domājāt: ēdināšana?")."""

import html
import importlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from cooperation.models import ServiceCategory
from enterprises.filter_index import refresh_filter_index
from enterprises.models import IndexedWord, SearchWord, SocialEnterprise, Verification, WordWeight
from enterprises.services import set_offering_active
from municipalities.models import PlanningRegion

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    municipality,
    target_group,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/lv/enterprises/"

SCHOOL_MEALS = (
    "Gatavojam siltas pusdienas Gulbenes novada skolām un bērnudārziem.\n"
    "Ēdienkarti saskaņojam ar uztura speciālistu; virtuvē strādā cilvēki ar invaliditāti,\n"
    "kurus apmācām darba vietā."
)


def found(client, query: str, language: str = "lv", **filters) -> list[str]:
    """Names of the enterprises the directory lists for the query, in the order shown,
    over every page."""
    names_by_slug = dict(SocialEnterprise.objects.values_list("slug", "name"))
    names, page = [], 1
    while True:
        response = client.get(f"/{language}/enterprises/", {"q": query, "page": page, **filters})
        text = response.content.decode()
        slugs = re.findall(rf'href="/{language}/enterprises/([^/"]+)/"', text)
        names += [names_by_slug[slug] for slug in dict.fromkeys(slugs) if slug in names_by_slug]
        if 'rel="next"' not in text:
            return names
        page += 1


@pytest.fixture
def caterer():
    enterprise = SocialEnterpriseFactory(
        name="Saulgrieži", description="Sociālais uzņēmums Gulbenē, kas dod darbu jauniešiem."
    )
    OfferingFactory(
        enterprise=enterprise,
        title="Skolēnu ēdināšana",
        description=SCHOOL_MEALS,
        category=category("catering"),
    )
    return enterprise


def test_the_directory_finds_what_an_enterprise_offers_in_latvian_with_and_without_diacritics(
    client, caterer
):
    SocialEnterpriseFactory(name="Zaļā josta", description="Parku un skvēru uzkopšana Rīgā.")
    for query in ("ēdināšana", "edinasana", "EDINĀŠANAS", "skolēnu", "uztura speciālistu"):
        assert found(client, query) == ["Saulgrieži"], query


def test_english_visitors_find_enterprises_by_the_english_name_of_their_service(client, caterer):
    laundry = SocialEnterpriseFactory(name="Baltā veļa")
    OfferingFactory(enterprise=laundry, title="Veļas mazgāšana", category=category("laundry"))
    park = SocialEnterpriseFactory(name="Zaļā josta")
    OfferingFactory(enterprise=park, title="Zāles pļaušana", category=category("park-maintenance"))
    english = ServiceCategory.objects.get(slug="park-maintenance").name_en
    assert found(client, "catering", "en") == ["Saulgrieži"]
    assert found(client, "laundry", "en") == ["Baltā veļa"]
    assert found(client, english, "en") == ["Zaļā josta"]
    # The service's field (the parent category) finds its enterprises too.
    parent = category("catering").parent
    assert "Saulgrieži" in found(client, parent.name_lv) + found(client, parent.name_en, "en")


def test_target_groups_find_enterprises_in_both_languages(client):
    enterprise = SocialEnterpriseFactory(name="Darbnīca Pie Ozola", description="")
    offering = OfferingFactory(enterprise=enterprise, title="Koka rotaļlietas", description="")
    offering.target_groups.add(target_group("disability"))
    refresh_filter_index([enterprise.pk])
    group = target_group("disability")
    assert found(client, group.name_lv) == ["Darbnīca Pie Ozola"]
    assert found(client, group.name_en, "en") == ["Darbnīca Pie Ozola"]


def test_words_of_inactive_offerings_and_unverified_enterprises_are_not_found(client, caterer):
    retired = OfferingFactory(
        enterprise=caterer,
        title="Keramikas darbnīcas bērniem",
        description="Māla trauku veidošana.",
        category=category("culture"),
    )
    assert found(client, "keramikas") == ["Saulgrieži"]
    set_offering_active(offering=retired, active=False)
    assert found(client, "keramikas") == []
    assert found(client, "culture", "en") == []  # its service went with it

    hidden = SocialEnterpriseFactory(name="Slepenā virtuve", verification=Verification.PENDING)
    OfferingFactory(enterprise=hidden, title="Kāzu ēdināšana", category=category("catering"))
    assert found(client, "ēdināšana") == ["Saulgrieži"]
    assert found(client, "kāzu") == []


def test_q_gulbene_finds_every_enterprise_serving_gulbene_like_the_place_filter(client):
    gulbene = municipality("gulbenes-novads")
    vidzeme = PlanningRegion.objects.get(municipalities=gulbene)
    SocialEnterpriseFactory(name="Mājās Gulbenē", home_municipality=gulbene, description="")
    SocialEnterpriseFactory(
        name="Balvu palīgi",
        home_municipality=municipality("balvu-novads"),
        served_municipalities=[gulbene],
        description="",
    )
    SocialEnterpriseFactory(
        name="Vidzemes kopēji",
        home_municipality=municipality("cesu-novads"),
        served_regions=[vidzeme],
        description="",
    )
    SocialEnterpriseFactory(
        name="Visur klāt",
        home_municipality=municipality("riga"),
        serves_nationwide=True,
        description="",
    )
    SocialEnterpriseFactory(
        name="Ludzas darbnīca", home_municipality=municipality("ludzas-novads"), description=""
    )
    by_filter = found(client, "", municipality="gulbenes-novads")
    assert sorted(found(client, "gulbene")) == sorted(by_filter)
    assert sorted(by_filter) == ["Balvu palīgi", "Mājās Gulbenē", "Vidzemes kopēji", "Visur klāt"]
    assert "Ludzas darbnīca" not in found(client, "gulbenes novads")
    assert found(client, "gulb")[:1] == ["Mājās Gulbenē"]  # the name beats a place
    assert sorted(found(client, "visā Latvijā")) == ["Visur klāt"]


def test_a_name_or_offering_title_hit_ranks_above_a_description_hit(client):
    SocialEnterpriseFactory(
        name="Aprūpes centrs Ābele",
        description="Palīdzam vecākiem cilvēkiem; reizēm organizējam arī ēdināšanu pasākumos.",
    )
    by_title = SocialEnterpriseFactory(name="Kopā galdā", description="")
    OfferingFactory(enterprise=by_title, title="Pusdienu ēdināšana iestādēm", description="")
    SocialEnterpriseFactory(name="Ēdināšanas serviss Līva", description="")
    # A name that starts with the word first among equal hits, then the alphabet.
    assert found(client, "ēdināšana") == [
        "Ēdināšanas serviss Līva",
        "Kopā galdā",
        "Aprūpes centrs Ābele",
    ]
    # Sorting by name still lists the same enterprises.
    assert sorted(found(client, "ēdināšana", sort="name")) == sorted(found(client, "ēdināšana"))


def suggestion_on(response) -> tuple[str, dict] | None:
    """The "did you mean" link's words and the query string it runs, if the page has one."""
    text = response.content.decode()
    link = re.search(r'<p class="search-suggestion">[^<]*<a href="([^"]+)">([^<]+)</a>', text)
    if link is None:
        return None
    return html.unescape(link.group(2)), parse_qs(urlsplit(html.unescape(link.group(1))).query)


def test_a_misspelt_search_suggests_the_nearest_word_with_its_diacritics(client, caterer):
    response = client.get(DIRECTORY, {"q": "edinashana", "municipality": "gulbenes-novads"})
    assert "Neviens uzņēmums neatbilst" in response.content.decode()
    assert "Vai domājāt:" in response.content.decode()
    words, query = suggestion_on(response)
    assert words == "ēdināšana"
    assert query == {"q": ["ēdināšana"], "municipality": ["gulbenes-novads"]}
    assert found(client, query["q"][0], municipality="gulbenes-novads") == ["Saulgrieži"]
    # A known word is kept as it was typed; only the unknown one is replaced.
    words, _ = suggestion_on(client.get(DIRECTORY, {"q": "Skolēnu edinasnaa"}))
    assert words == "Skolēnu ēdināšana"
    english, _ = suggestion_on(client.get("/en/enterprises/", {"q": "caterign"}))
    assert english == "catering"


def test_no_suggestion_when_something_is_found_or_nothing_is_near(client, caterer):
    assert suggestion_on(client.get(DIRECTORY, {"q": "ēdināšana"})) is None
    assert suggestion_on(client.get(DIRECTORY, {"q": "zzzzqqq"})) is None
    # Every word is known but the filters leave nothing: changing words would not help.
    response = client.get(DIRECTORY, {"q": "ēdināšana", "municipality": "ludzas-novads"})
    assert "Neviens uzņēmums neatbilst" in response.content.decode()
    assert suggestion_on(response) is None
    # The nearest word would still find nothing with these filters: no dead-end link.
    assert suggestion_on(client.get(DIRECTORY, {"q": "edinashana", "region": "latgale"})) is None


def test_suggestions_never_reveal_words_of_hidden_enterprises(client, caterer):
    hidden = SocialEnterpriseFactory(name="Nepārbaudītais", verification=Verification.PENDING)
    OfferingFactory(enterprise=hidden, title="Keramikas darbnīcas", category=category("culture"))
    assert IndexedWord.objects.filter(word="keramikas").exists()
    assert suggestion_on(client.get(DIRECTORY, {"q": "keramkias"})) is None
    retired = OfferingFactory(enterprise=caterer, title="Podniecības nodarbības")
    set_offering_active(offering=retired, active=False)
    assert suggestion_on(client.get(DIRECTORY, {"q": "podniecbas"})) is None


def test_the_needs_board_suggests_words_its_needs_use(client, caterer):
    NeedFactory(
        title="Skolēnu ēdināšana Gulbenes pamatskolā",
        description="Meklējam ēdināšanas pakalpojumu 180 skolēniem no septembra.",
    )
    response = client.get("/lv/needs/", {"q": "edinashana"})
    assert "Neviena vajadzība neatbilst" in response.content.decode()
    words, query = suggestion_on(response)
    assert words == "ēdināšana"
    listed = client.get("/lv/needs/", query).content.decode()
    assert "Skolēnu ēdināšana Gulbenes pamatskolā" in listed
    assert suggestion_on(client.get("/lv/needs/", {"q": "ēdināšana"})) is None


def test_the_directory_search_costs_the_same_queries_for_more_results_and_words(
    client, django_assert_max_num_queries
):
    def enterprises(count: int) -> None:
        for number in range(count):
            enterprise = SocialEnterpriseFactory(description="Strādājam visā Vidzemē.")
            OfferingFactory(
                enterprise=enterprise,
                title=f"Skolēnu ēdināšana {number}",
                description=SCHOOL_MEALS,
                category=category("catering"),
            )

    queries = [
        {"q": "ēdināšana"},
        {"q": "skolēnu ēdināšana gulbenes novada skolām bērnudārziem uztura speciālistu"},
        {"q": "ēdināšana", "municipality": "gulbenes-novads", "sort": "name"},
        {"q": "edinashana skolenu"},  # nothing found: the suggestion's queries too
    ]
    enterprises(2)
    small = [count_queries(client, query) for query in queries]
    enterprises(40)
    for query in queries:
        with django_assert_max_num_queries(12):
            client.get(DIRECTORY, query)
    assert [count_queries(client, query) for query in queries] == small, small
    assert small[0] == small[1]  # ten words cost what one does


def count_queries(client, query) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(DIRECTORY, query).status_code == 200
    return len(captured)


def test_renaming_a_service_in_admin_renames_what_finds_its_enterprises(client, caterer):
    curator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(curator)
    catering = category("catering")
    url = reverse("admin:cooperation_servicecategory_change", args=[catering.pk])
    response = client.post(
        url,
        {
            "name_lv": "Sabiedriskā ēdināšana",
            "name_en": "Public catering",
            "slug": catering.slug,
            "parent": catering.parent_id,
            "position": catering.position,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert found(client, "sabiedriskā") == ["Saulgrieži"]
    assert found(client, "public", "en") == ["Saulgrieži"]


fill_migration = importlib.import_module("enterprises.migrations.0010_search_offerings_and_places")


def test_the_migration_indexes_what_existing_enterprises_offer(client, caterer):
    from django.apps import apps

    SearchWord.objects.all().delete()
    assert found(client, "ēdināšana") == []
    fill_migration.fill_search_words(apps, None)
    assert found(client, "ēdināšana") == ["Saulgrieži"]
    assert found(client, "catering", "en") == ["Saulgrieži"]
    assert found(client, "gulbene") == ["Saulgrieži"]
    weights = dict(SearchWord.objects.filter(enterprise=caterer).values_list("word", "weight"))
    assert weights["skolenu"] == WordWeight.TITLE
    assert weights["gatavojam"] == WordWeight.TEXT
    assert weights["gulbenes"] == WordWeight.PLACE
    # The migration and the index agree on every word.
    migrated = set(SearchWord.objects.values_list("enterprise", "word", "weight"))
    refresh_filter_index(SocialEnterprise.objects.values_list("pk", flat=True))
    assert set(SearchWord.objects.values_list("enterprise", "word", "weight")) == migrated


def test_the_rebuild_command_rewrites_every_enterprises_words(client, caterer):
    from io import StringIO

    from django.core.management import call_command

    SearchWord.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 1 enterprises." in out.getvalue()
    assert found(client, "skolēnu ēdināšana gulbene") == ["Saulgrieži"]
