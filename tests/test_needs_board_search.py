"""The needs board finds a need by the name of its service, as its card shows it, in both
languages and with or without diacritics."""

import importlib

import pytest
from django.apps import apps

from municipalities.models import Need

from .factories import NeedFactory, category, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs():
    return {
        "meals": NeedFactory(
            title="Siltas pusdienas dienas centra apmeklētājiem",
            description="Katru darbdienu 40 porcijas, piegāde līdz plkst. 12.00.\nBez cūkgaļas.",
            municipality=municipality("riga"),
            category=category("catering"),
        ),
        "parks": NeedFactory(
            title="Skvēru kopšana Gulbenē",
            description="Zāles pļaušana un lapu grābšana trijos skvēros no maija līdz oktobrim.",
            municipality=municipality("gulbenes-novads"),
            category=category("park-maintenance"),
        ),
    }


def found(client, language: str, query: str) -> set[str]:
    page = client.get(f"/{language}/needs/", {"q": query}).content.decode()
    return {name for name in ("Siltas pusdienas", "Skvēru kopšana") if name in page}


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("lv", "ēdināšana", {"Siltas pusdienas"}),
        ("lv", "edinasana", {"Siltas pusdienas"}),
        ("en", "catering", {"Siltas pusdienas"}),
        ("lv", "parku uzkopšana", {"Skvēru kopšana"}),
        ("en", "park maintenance", {"Skvēru kopšana"}),
    ],
)
def test_a_need_is_found_by_its_service(client, needs, language, query, expected):
    assert found(client, language, query) == expected


def test_the_migration_gives_existing_needs_the_same_words(needs):
    Need.objects.update(search_text="")
    migration = importlib.import_module("municipalities.migrations.0012_need_search_service_names")
    migration.rewrite(apps, None)
    for need in needs.values():
        stored = Need.objects.get(pk=need.pk).search_text
        need.save()
        assert stored == Need.objects.get(pk=need.pk).search_text
        assert stored
