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
