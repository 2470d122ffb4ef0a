"""Observation 1: a need of the longest allowed description is saved, edited and matched
on both databases (one SQL term per word of it overflowed SQLite's parser and PostgreSQL's
query builder, and a very long word made SQLite's LIKE give up)."""

import pytest
from django.urls import reverse

from demo.benchmark import longest_need_description
from matching import scoring
from matching.candidates import need_facts
from matching.models import Match
from municipalities.models import Need

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    target_group,
)

pytestmark = pytest.mark.django_db


def park_keeper(name: str, home: str = "gulbenes-novads", **offering):
    enterprise = SocialEnterpriseFactory(name=name, home_municipality=municipality(home))
    OfferingFactory(
        enterprise=enterprise,
        title=offering.pop("title", "Parku un skvēru uzkopšana"),
        description=offering.pop(
            "description",
            "Pļaujam zālienus, grābjam lapas un apgriežam krūmus parkos un skvēros.\n"
            "Strādā cilvēki ar invaliditāti; mums ir savs trimmeris un zāles traktoriņš.",
        ),
        category=category(offering.pop("category", "park-maintenance")),
    )
    return enterprise


def need_form(description: str, **fields) -> dict:
    return {
        "title": "Parku un skvēru uzkopšana Gulbenē 2027. gada sezonā",
        "description": description,
        "category": category("park-maintenance").pk,
        "instruments": [instrument("purchasing").pk],
        "target_groups": [target_group("disability").pk, target_group("unemployed").pk],
        **fields,
    }


def test_the_longest_description_is_created_and_edited_through_the_officers_form(client):
    description = longest_need_description()
    limit = Need._meta.get_field("description").max_length or 5000
    assert len(description) == limit and "\n" in description
    assert len(set(description.split())) > 200  # far beyond where one term per word broke
    park_keeper("Gulbenes parku kopēji")
    park_keeper(
        "Rīgas veļas māja",
        home="riga",
        category="laundry",
        title="Veļas mazgāšana",
        description="Mazgājam un gludinām veļu skolām un aprūpes centriem.",
    )
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))

    response = client.post(
        reverse("municipalities:need-create", args=["gulbenes-novads"]),
        need_form(description, publish="1"),
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.description == description
    assert list(need.matches.listed().values_list("enterprise__name", flat=True)) == [
        "Gulbenes parku kopēji"
    ]

    edited = description[:-40].rstrip() + "\nPapildus: sniega tīrīšana arī ziemā."
    response = client.post(reverse("municipalities:need-edit", args=[need.pk]), need_form(edited))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.description.endswith("sniega tīrīšana arī ziemā.")
    assert need.matches.count() == 1


def test_the_need_is_compared_by_a_bounded_set_of_its_most_telling_words():
    need = NeedFactory(
        municipality=municipality("gulbenes-novads"),
        category=category("park-maintenance"),
        title="Parku un skvēru uzkopšana Gulbenē",
        description=longest_need_description(),
    )
    terms = need_facts(need).terms
    assert len(terms) == scoring.NEED_TERMS_MAX
    # The title first; the place's own name and words every social text uses are no
    # evidence of a service; no "word" longer than a word.
    assert {"park", "skver", "uzkopsan"} <= terms
    assert "gulben" not in terms and "invaliditat" not in terms
    assert all(len(term) <= scoring.TERM_LENGTH_MAX for term in terms)
    # The description's most repeated service words make it.
    assert {"plausan", "trimmer"} & terms


def test_a_related_service_qualifies_by_the_words_of_a_long_need(client):
    """A gardener (same field, other category) who writes about mowing and leaves is listed
    for the long park need; one who shares no service word is not."""
    park_keeper(
        "Zaļie pirksti",
        category="gardening-landscaping",
        title="Dārza kopšana",
        description="Zāles pļaušana ar trimmeriem, lapu grābšana, krūmu apgriešana dārzos.",
    )
    park_keeper(
        "Puķu dārzs",
        category="gardening-landscaping",
        title="Stādu audzēšana",
        description="Audzējam tomātu un gurķu dēstus siltumnīcās pārdošanai tirgū.",
    )
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    client.post(
        reverse("municipalities:need-create", args=["gulbenes-novads"]),
        need_form(longest_need_description(), publish="1"),
    )
    match = Match.objects.get()
    assert match.enterprise.name == "Zaļie pirksti"
    assert match.fit == "related"
    codes = [reason["code"] for reason in match.reasons]
    assert codes[0] == "same_field" and "keywords" in codes
    assert "other_category" in [reason["code"] for reason in match.missing]
