import datetime

import pytest

from cooperation.models import (
    CooperationKind,
    CpvCode,
    FieldOfActivity,
    Instrument,
    ServiceCategory,
    TargetGroup,
)
from municipalities.models import Municipality, MunicipalityKind, PlanningRegion

pytestmark = pytest.mark.django_db


def test_latvia_has_42_current_municipalities_in_five_regions():
    current = Municipality.objects.current()
    assert current.count() == 42
    assert current.filter(kind=MunicipalityKind.STATE_CITY).count() == 7
    assert current.filter(kind=MunicipalityKind.COUNTY).count() == 35
    per_region = {
        region.slug: region.municipalities.current().count()
        for region in PlanningRegion.objects.all()
    }
    assert per_region == {"riga": 13, "vidzeme": 7, "kurzeme": 7, "zemgale": 6, "latgale": 9}


def test_every_current_municipality_has_a_distinct_atvk_code():
    codes = list(Municipality.objects.current().values_list("atvk", flat=True))
    assert all(code and len(code) == 7 and code.isdigit() for code in codes)
    assert len(set(codes)) == 42


def test_real_municipalities_carry_their_official_codes():
    gulbene = Municipality.objects.get(name="Gulbenes novads")
    assert (gulbene.atvk, gulbene.iso_code, gulbene.region.slug) == ("0029000", "LV-033", "vidzeme")
    assert Municipality.objects.get(name="Madonas novads").atvk == "0038001"
    assert Municipality.objects.get(name="Rīga").slug == "riga"


def test_varaklani_is_kept_as_history_not_as_a_current_municipality():
    varaklani = Municipality.objects.get(name="Varakļānu novads")
    assert varaklani.valid_to == datetime.date(2024, 6, 30)
    assert not varaklani.is_current
    assert varaklani.atvk is None
    assert varaklani not in Municipality.objects.current()


def test_seed_cooperation_forms_five_light_and_six_targeted():
    assert Instrument.objects.filter(kind=CooperationKind.LIGHT).count() == 5
    assert Instrument.objects.filter(kind=CooperationKind.TARGETED).count() == 6
    reserved = set(
        Instrument.objects.filter(requires_register_status=True).values_list("slug", flat=True)
    )
    assert reserved == {"property-tax-relief", "property-free-of-charge"}
    for instrument in Instrument.objects.all():
        assert instrument.name_lv and instrument.name_en and instrument.description_lv


def test_service_categories_form_two_levels():
    parents = ServiceCategory.objects.filter(parent__isnull=True)
    assert set(parents.values_list("slug", flat=True)) == {
        "municipal-services",
        "social-services",
        "training",
        "research",
        "employment",
    }
    children = ServiceCategory.objects.filter(parent__isnull=False)
    assert children.count() >= 25
    assert not children.filter(parent__parent__isnull=False).exists()
    assert ServiceCategory.objects.get(slug="laundry").name_lv == "Veļas mazgāšana un gludināšana"


def test_statutory_target_groups_carry_their_regulation_points():
    statutory = TargetGroup.objects.exclude(regulation_point="")
    assert sorted(
        statutory.values_list("regulation_point", flat=True), key=lambda p: int(p[2:])
    ) == [f"2.{n}" for n in range(1, 11)]
    assert TargetGroup.objects.get(regulation_point="2.1").name_lv == "Personas ar invaliditāti"
    assert not TargetGroup.objects.get(slug="re-emigrants").is_statutory


def test_cpv_codes_flag_article_77_services():
    assert CpvCode.objects.get(code="85312000-9").art77_reservable
    assert not CpvCode.objects.get(code="77313000-7").art77_reservable
    assert FieldOfActivity.objects.count() == 6
