import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Offering, SocialEnterprise
from municipalities.models import Municipality
from portal.search import fold, query_terms, search

from .factories import OfferingFactory, SocialEnterpriseFactory


def test_fold_removes_case_and_latvian_diacritics():
    assert fold("Veļas MAZGĀŠANA, Ķekava!") == "velas mazgasana kekava"
    assert fold("ā č ē ģ ī ķ ļ ņ š ū ž") == "a c e g i k l n s u z"


def test_query_words_are_cut_to_a_stem_of_at_least_three_letters():
    assert query_terms("Gulbenes novadā") == ["gulben", "novad"]
    assert query_terms("ēdināšana") == ["edinasan"]
    assert query_terms("ar") == ["ar"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gulbene", "Gulbenes novads"),
        ("GULBENĒ", "Gulbenes novads"),
        ("ozolnieki", "Jelgavas novads"),
    ],
)
def test_municipality_search_ignores_case_diacritics_and_endings(query, expected):
    assert list(search(Municipality.objects.all(), query).values_list("name", flat=True)) == [
        expected
    ]


@pytest.mark.django_db
def test_offering_search_finds_latvian_text_typed_without_diacritics():
    OfferingFactory(title="Veļas mazgāšana un gludināšana")
    OfferingFactory(title="Parku uzkopšana", description="Zāles pļaušana")
    found = search(Offering.objects.all(), "velas mazgasana")
    assert list(found.values_list("title", flat=True)) == ["Veļas mazgāšana un gludināšana"]


@pytest.mark.django_db
def test_upper_case_query_finds_mixed_case_name():
    SocialEnterpriseFactory(name="Ābols")
    SocialEnterpriseFactory(name="Bumbieris")
    from enterprises.models import SocialEnterprise

    assert [e.name for e in search(SocialEnterprise.objects.all(), "ĀBOLS")] == ["Ābols"]


@pytest.mark.django_db
def test_enterprise_search_finds_words_by_their_start_and_follows_edits():
    laundry = SocialEnterpriseFactory(name="Veļas mazgātava Ķekavā", description="")
    SocialEnterpriseFactory(name="Dārza darbi", description="")

    def found(query):
        return list(SocialEnterprise.objects.search(query).values_list("pk", flat=True))

    assert found("velas kekava") == [laundry.pk]
    assert found("mazgāt") == [laundry.pk]
    assert found("azgat") == []  # the middle of a word is not the start of one
    laundry.name = "Tīra veļa"
    laundry.save()
    assert found("mazgatava") == []
    assert found("tira") == [laundry.pk]


@pytest.mark.django_db
def test_enterprise_search_costs_the_same_queries_at_any_size(django_assert_num_queries):
    SocialEnterpriseFactory.create_batch(3, name="Zaļā virtuve")
    with django_assert_num_queries(1):
        assert len(SocialEnterprise.objects.search("zala virtuve")) == 3
    SocialEnterpriseFactory.create_batch(30, name="Zaļā virtuve")
    with django_assert_num_queries(1):
        assert len(SocialEnterprise.objects.search("zala virtuve")) == 33


@pytest.mark.django_db
def test_saving_an_enterprise_rewrites_its_words_only_when_its_text_changed():
    enterprise = SocialEnterprise.objects.get(pk=SocialEnterpriseFactory(name="Zaļā virtuve").pk)
    enterprise.employees_total += 1
    with CaptureQueriesContext(connection) as queries:
        enterprise.save()
    assert not [q for q in queries if "enterprises_searchword" in q["sql"]]
    enterprise.name = "Zilā virtuve"
    enterprise.save()
    assert list(SocialEnterprise.objects.search("zila")) == [enterprise]


# Word starts, not fragments (issue 13, observation 4): every search box matches the start of
# a word, so "rīga" finds "Rīgas" and never "garīga rakstura traucējumi".

MENTAL_HEALTH = (
    "Dienas centrs personām ar garīga rakstura traucējumiem.\n"
    "Meklējam partneri, kas vadītu radošās darbnīcas un palīdzētu atrast darbu."
)


def test_fold_and_word_start_do_not_match_inside_a_word():
    from portal.search import starts_a_word

    assert starts_a_word("rig", fold("Rīgas parki"))
    assert not starts_a_word("rig", fold("garīga rakstura traucējumi"))
    assert starts_a_word("gulb", fold("Gulbenes novads"))


@pytest.mark.django_db
def test_the_needs_board_finds_riga_but_not_gariga_rakstura(client):
    from .factories import NeedFactory, municipality

    riga = NeedFactory(
        title="Rīgas parku uzkopšana",
        description="Parku un skvēru kopšana Rīgā visu gadu.",
        municipality=municipality("riga"),
    )
    NeedFactory(
        title="Atbalsts personām ar garīga rakstura traucējumiem", description=MENTAL_HEALTH
    )
    page = client.get("/lv/needs/", {"q": "rīga"}).content.decode()
    assert riga.title in page
    assert "Atbalsts personām" not in page
    assert "1 vajadzība atrasta" in page


@pytest.mark.django_db
def test_admin_search_matches_word_starts(client):
    from municipalities.models import Need

    from .factories import NeedFactory, UserFactory

    NeedFactory(title="Rīgas parku uzkopšana", description="Parku kopšana Rīgā.")
    NeedFactory(
        title="Atbalsts personām ar garīga rakstura traucējumiem", description=MENTAL_HEALTH
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    needs = client.get("/admin/municipalities/need/", {"q": "rīga"}).content.decode()
    assert "Rīgas parku uzkopšana" in needs
    assert "Atbalsts personām" not in needs
    assert Need.objects.count() == 2
    # Small vocabulary tables are searched in Python, with the same rule.
    groups = client.get("/admin/cooperation/targetgroup/", {"q": "rīga"}).content.decode()
    assert "garīga rakstura" not in groups
    groups = client.get("/admin/cooperation/targetgroup/", {"q": "garīg"}).content.decode()
    assert "garīga rakstura" in groups
    places = client.get("/admin/municipalities/municipality/", {"q": "gulb"}).content.decode()
    assert "Gulbenes novads" in places


@pytest.mark.django_db
def test_the_municipality_list_has_the_same_search(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        page = client.get("/lv/municipalities/", {"q": "gulb"}).content.decode()
    assert "Gulbenes novads" in page
    assert "Rīga</a>" not in page and "Ludzas novads" not in page
    assert "1 pašvaldība atrasta" in page
    # Former names find the municipality they are part of now.
    assert (
        "Jelgavas novads" in client.get("/lv/municipalities/", {"q": "ozolnieki"}).content.decode()
    )
    riga = client.get("/lv/municipalities/", {"q": "rīga"}).content.decode()
    assert "Rīga</a>" in riga and "Rīgas plānošanas reģions" in riga
    assert "Latgales plānošanas reģions" not in riga  # regions with no result are left out
    nothing = client.get("/lv/municipalities/", {"q": "atlantīda"}).content.decode()
    assert "Neviena pašvaldība neatbilst šim meklējumam." in nothing
    everything = client.get("/lv/municipalities/").content.decode()
    assert "42 pašvaldības atrastas" in everything


def test_edit_distance_counts_typos_and_stops_at_the_limit():
    from portal.search import edit_distance

    assert edit_distance("edinasana", "edinasana", 2) == 0
    assert edit_distance("edinashana", "edinasana", 2) == 1  # one letter too many
    assert edit_distance("edinsaana", "edinasana", 2) == 1  # two letters swapped
    assert edit_distance("kitten", "sitting", 3) == 3
    assert edit_distance("ab", "zzzzzz", 2) == 3  # beyond the limit: limit + 1
