"""The directory's place and category filters read rows derived from each enterprise's
profile and offerings (enterprises.filter_index). Every way of changing an enterprise keeps
them true: the self-service forms, Django admin (which rescores matches too), the register
import, seeding, and the migration that filled them for enterprises already there."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse

from cooperation.models import ServiceCategory
from demo.seeding import DemoSize, demo_enterprises, seed_demo
from enterprises.filter_index import refresh_filter_index
from enterprises.models import CategoryOffered, PlaceServed, SocialEnterprise
from matching.models import Match
from matching.services import refresh_need_matches
from municipalities.models import Municipality

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    municipality,
    representative_of,
)
from .test_crawl import Page

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module("enterprises.migrations.0007_filter_index")


def listed(client, **filters) -> set[str]:
    """Names of the enterprises on the directory's first page for the filters."""
    page = client.get(reverse("enterprises:enterprise-list"), filters).content.decode()
    return {
        name for name in SocialEnterprise.objects.values_list("name", flat=True) if name in page
    }


def submit_as_browser(client, url: str, **changes):
    """Post the form on ``url`` with what a browser sends for it, changed by ``changes``."""
    page = Page(url)  # relative actions resolve against the path
    page.feed(client.get(url).content.decode())
    form = next(form for form in page.forms if form.method == "post" and form.action == url)
    data = {}
    for field in form.fields:
        if field.kind == "select":
            data[field.name] = [value for value, selected in field.options if selected]
        elif field.kind in ("checkbox", "radio"):
            if field.checked:
                data.setdefault(field.name, []).append(field.value or "on")
        elif field.kind not in ("submit", "file"):
            data[field.name] = field.value
    data.update(changes)
    return client.post(url, {name: value for name, value in data.items() if value != []})


@pytest.fixture
def curator(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_a_profile_edit_moves_the_enterprise_to_the_places_it_now_serves(client):
    gulbene, ludza = municipality("gulbenes-novads"), municipality("ludzas-novads")
    enterprise = SocialEnterpriseFactory(
        name="Rīgas kopēji", home_municipality=municipality("riga")
    )
    client.force_login(representative_of(enterprise, "ilze@kopeji.lv"))
    assert "Rīgas kopēji" not in listed(client, municipality="gulbenes-novads")

    edit = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    response = submit_as_browser(
        client,
        edit,
        served_municipalities=[gulbene.pk],
        served_regions=[ludza.region_id],
    )
    assert response.status_code == 302
    assert "Rīgas kopēji" in listed(client, municipality="gulbenes-novads")
    assert "Rīgas kopēji" in listed(client, municipality="ludzas-novads")  # by its region
    assert "Rīgas kopēji" in listed(client, region="vidzeme")

    submit_as_browser(
        client, edit, served_municipalities=[], served_regions=[], serves_nationwide="on"
    )
    assert "Rīgas kopēji" in listed(client, municipality="ludzas-novads")
    submit_as_browser(
        client, edit, served_municipalities=[], served_regions=[], serves_nationwide=""
    )
    assert "Rīgas kopēji" not in listed(client, municipality="gulbenes-novads")
    assert "Rīgas kopēji" in listed(client, municipality="riga")  # still at home


def test_retiring_its_only_offering_takes_the_enterprise_out_of_the_category(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    offering = OfferingFactory(enterprise=enterprise, category=category("laundry"))
    assert "Veļas māja" in listed(client, category="laundry")
    assert "Veļas māja" in listed(client, category="municipal-services")  # its field

    client.force_login(representative_of(enterprise, "anna@velas.lv"))
    client.post(reverse("enterprises:offering-retire", args=[offering.pk]), {"active": "0"})
    assert "Veļas māja" not in listed(client, category="laundry")
    assert "Veļas māja" not in listed(client, category="municipal-services")

    client.post(reverse("enterprises:offering-retire", args=[offering.pk]), {"active": "1"})
    assert "Veļas māja" in listed(client, category="laundry")


def test_a_curator_edit_in_admin_reaches_the_directory(client, curator):
    enterprise = SocialEnterpriseFactory(
        name="Rīgas kopēji", home_municipality=municipality("riga")
    )
    offering = OfferingFactory(enterprise=enterprise, category=category("laundry"))
    other = SocialEnterpriseFactory(
        name="Cēsu darbnīca", home_municipality=municipality("cesu-novads")
    )

    url = reverse("admin:enterprises_socialenterprise_change", args=[enterprise.pk])
    response = submit_as_browser(
        client, url, served_municipalities=[municipality("gulbenes-novads").pk]
    )
    assert response.status_code == 302
    assert "Rīgas kopēji" in listed(client, municipality="gulbenes-novads")

    # An offering moved to another enterprise changes both.
    url = reverse("admin:enterprises_offering_change", args=[offering.pk])
    assert submit_as_browser(client, url, enterprise=other.pk).status_code == 302
    assert listed(client, category="laundry") == {"Cēsu darbnīca"}

    url = reverse("admin:enterprises_offering_delete", args=[offering.pk])
    client.post(url, {"post": "yes"})
    assert listed(client, category="laundry") == set()


def test_a_curator_retiring_an_offering_in_admin_drops_its_match(client, curator):
    need = NeedFactory(municipality=municipality("gulbenes-novads"), category=category("laundry"))
    offering = OfferingFactory(category=category("laundry"))
    refresh_need_matches(need)
    assert Match.objects.filter(need=need, enterprise=offering.enterprise).exists()

    url = reverse("admin:enterprises_offering_change", args=[offering.pk])
    assert submit_as_browser(client, url, is_active="").status_code == 302
    assert not Match.objects.filter(need=need, enterprise=offering.enterprise).exists()


def test_moving_a_municipality_to_another_region_moves_who_serves_it(client, curator):
    ludza = municipality("ludzas-novads")
    SocialEnterpriseFactory(
        name="Vidzemes dārznieki",
        home_municipality=municipality("riga"),
        served_regions=[municipality("gulbenes-novads").region],
    )
    assert "Vidzemes dārznieki" not in listed(client, municipality="ludzas-novads")

    url = reverse("admin:municipalities_municipality_change", args=[ludza.pk])
    response = submit_as_browser(client, url, region=municipality("gulbenes-novads").region_id)
    assert response.status_code == 302
    assert "Vidzemes dārznieki" in listed(client, municipality="ludzas-novads")


def test_moving_a_service_under_another_field_moves_who_offers_in_that_field(client, curator):
    SocialEnterpriseFactory(name="Veļas māja")
    OfferingFactory(enterprise=SocialEnterprise.objects.get(), category=category("laundry"))
    assert "Veļas māja" in listed(client, category="municipal-services")
    field = category("laundry").parent
    other_field = ServiceCategory.objects.filter(parent=None).exclude(pk=field.pk).first()

    url = reverse("admin:cooperation_servicecategory_change", args=[category("laundry").pk])
    assert submit_as_browser(client, url, parent=other_field.pk).status_code == 302
    assert "Veļas māja" not in listed(client, category=field.slug)
    assert "Veļas māja" in listed(client, category=other_field.slug)


def test_the_migration_fills_the_same_rows_the_services_keep():
    seed_demo(seed=4, size=DemoSize(enterprises=40, offerings=90, needs=0))
    ids = list(demo_enterprises().values_list("pk", flat=True))

    def rows():
        return (
            set(PlaceServed.objects.values_list("enterprise", "municipality")),
            set(CategoryOffered.objects.values_list("enterprise", "category")),
        )

    kept = rows()
    assert all(kept) and {pk for pk, _ in kept[0]} == set(ids)
    PlaceServed.objects.all().delete()
    CategoryOffered.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(fill_migration.FILL_PLACES)
        cursor.execute(fill_migration.FILL_CATEGORIES)
    assert rows() == kept
    refresh_filter_index(ids)
    assert rows() == kept


def test_the_place_filter_agrees_with_every_way_a_profile_names_a_place():
    seed_demo(seed=5, size=DemoSize(enterprises=60, offerings=120, needs=0))
    enterprises = list(
        SocialEnterprise.objects.prefetch_related("served_municipalities", "served_regions")
    )
    for place in Municipality.objects.select_related("region"):
        by_profile = {
            enterprise.pk
            for enterprise in enterprises
            if enterprise.serves_nationwide
            or enterprise.home_municipality_id == place.pk
            or place in enterprise.served_municipalities.all()
            or place.region in enterprise.served_regions.all()
        }
        serving = SocialEnterprise.objects.serving(place).values_list("pk", flat=True)
        assert set(serving) == by_profile, place.name
