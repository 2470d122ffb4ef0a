import datetime
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from cooperation.models import (
    CooperationKind,
    CpvCode,
    FieldOfActivity,
    Instrument,
    ServiceCategory,
    TargetGroup,
)
from enterprises.models import PlaceServed, SocialEnterprise
from matching.services import refresh_need_matches
from municipalities.models import Municipality, MunicipalityKind, PlanningRegion

from .factories import NeedFactory, OfferingFactory, SocialEnterpriseFactory, category, municipality

pytestmark = pytest.mark.django_db

# The reference file's rows (../shared/data/municipalities.csv with the corrections of
# 2026-12-06): name, ATVK code, ISO 3166-2 code, planning region.
MUNICIPALITIES = [
    ("Rīga", "0001000", "LV-RIX", "riga"),
    ("Daugavpils", "0002000", "LV-DGV", "latgale"),
    ("Jelgava", "0003000", "LV-JEL", "zemgale"),
    ("Jūrmala", "0004000", "LV-JUR", "riga"),
    ("Liepāja", "0005000", "LV-LPX", "kurzeme"),
    ("Rēzekne", "0006000", "LV-REZ", "latgale"),
    ("Ventspils", "0007000", "LV-VEN", "kurzeme"),
    ("Aizkraukles novads", "0020000", "LV-002", "zemgale"),
    ("Alūksnes novads", "0021000", "LV-007", "vidzeme"),
    ("Augšdaugavas novads", "0022000", "LV-111", "latgale"),
    ("Ādažu novads", "0023000", "LV-011", "riga"),
    ("Balvu novads", "0024000", "LV-015", "latgale"),
    ("Bauskas novads", "0025000", "LV-016", "zemgale"),
    ("Cēsu novads", "0026000", "LV-022", "vidzeme"),
    ("Dienvidkurzemes novads", "0027000", "LV-112", "kurzeme"),
    ("Dobeles novads", "0028000", "LV-026", "zemgale"),
    ("Gulbenes novads", "0029000", "LV-033", "vidzeme"),
    ("Jelgavas novads", "0030000", "LV-041", "zemgale"),
    ("Jēkabpils novads", "0031000", "LV-042", "zemgale"),
    ("Krāslavas novads", "0032000", "LV-047", "latgale"),
    ("Kuldīgas novads", "0033000", "LV-050", "kurzeme"),
    ("Ķekavas novads", "0034000", "LV-052", "riga"),
    ("Limbažu novads", "0035000", "LV-054", "vidzeme"),
    ("Līvānu novads", "0036000", "LV-056", "latgale"),
    ("Ludzas novads", "0037000", "LV-058", "latgale"),
    ("Madonas novads", "0038001", "LV-059", "vidzeme"),
    ("Mārupes novads", "0039000", "LV-062", "riga"),
    ("Ogres novads", "0040000", "LV-067", "vidzeme"),
    ("Olaines novads", "0041000", "LV-068", "riga"),
    ("Preiļu novads", "0042000", "LV-073", "latgale"),
    ("Rēzeknes novads", "0043000", "LV-077", "latgale"),
    ("Ropažu novads", "0044000", "LV-080", "riga"),
    ("Salaspils novads", "0045000", "LV-087", "riga"),
    ("Saldus novads", "0046000", "LV-088", "kurzeme"),
    ("Saulkrastu novads", "0047000", "LV-089", "vidzeme"),
    ("Siguldas novads", "0048000", "LV-091", "riga"),
    ("Smiltenes novads", "0049000", "LV-094", "vidzeme"),
    ("Talsu novads", "0051000", "LV-097", "kurzeme"),
    ("Tukuma novads", "0052000", "LV-099", "kurzeme"),
    ("Valkas novads", "0053000", "LV-101", "vidzeme"),
    ("Valmieras novads", "0054000", "LV-113", "vidzeme"),
    ("Ventspils novads", "0056000", "LV-106", "kurzeme"),
    ("Varakļānu novads", "0055000", "LV-102", "vidzeme"),
]


def test_latvia_has_42_current_municipalities_in_five_regions():
    current = Municipality.objects.current()
    assert current.count() == 42
    assert current.filter(kind=MunicipalityKind.STATE_CITY).count() == 7
    assert current.filter(kind=MunicipalityKind.COUNTY).count() == 35
    per_region = {
        region.slug: region.municipalities.current().count()
        for region in PlanningRegion.objects.all()
    }
    assert per_region == {"riga": 9, "vidzeme": 10, "kurzeme": 8, "zemgale": 6, "latgale": 9}


def test_every_municipality_is_in_its_planning_region_with_its_codes():
    loaded = {
        m.name: (m.atvk, m.iso_code, m.region.slug)
        for m in Municipality.objects.select_related("region")
    }
    assert loaded == {name: (atvk, iso, region) for name, atvk, iso, region in MUNICIPALITIES}


def test_the_correction_moves_the_place_index_and_rescoring_moves_the_matches():
    """Run the correction as on a database loaded before it: an enterprise serving the Riga
    region stops serving Ogres, one serving Vidzeme starts; the matches of a need in Ogres
    follow once ``refresh_matches`` has run, and a need elsewhere is left alone."""
    correction = importlib.import_module(
        "municipalities.migrations.0006_correct_regions_and_varaklani"
    )
    correction.restore(django_apps, None)  # the rows as 0002 loaded them
    ogre = municipality("ogres-novads")
    assert ogre.region.slug == "riga"
    riga_region = PlanningRegion.objects.get(slug="riga")
    vidzeme = PlanningRegion.objects.get(slug="vidzeme")
    rigas_velas = SocialEnterpriseFactory(
        name="Rīgas Veļas Māja",
        home_municipality=municipality("riga"),
        served_regions=[riga_region],
    )
    vidzemes_velas = SocialEnterpriseFactory(
        name="Vidzemes Veļas Māja",
        home_municipality=municipality("valmieras-novads"),
        served_regions=[vidzeme],
    )
    for enterprise in [rigas_velas, vidzemes_velas]:
        OfferingFactory(enterprise=enterprise, category=category("laundry"))
    need = NeedFactory(
        municipality=ogre,
        category=category("laundry"),
        title="Veļas mazgāšana Ogres sociālās aprūpes centram",
        description="Ogres novada sociālās aprūpes centram vajadzīga gultasveļas mazgāšana\n"
        "un gludināšana divas reizes nedēļā, ar piegādi un savākšanu.",
    )
    elsewhere = NeedFactory(municipality=municipality("riga"), category=category("laundry"))
    refresh_need_matches(need)
    refresh_need_matches(elsewhere)
    elsewhere_before = list(elsewhere.matches.order_by("pk").values("enterprise", "score"))
    ogre_served = PlaceServed.objects.filter(municipality=ogre)
    assert set(ogre_served.values_list("enterprise__name", flat=True)) >= {"Rīgas Veļas Māja"}
    assert not ogre_served.filter(enterprise=vidzemes_velas).exists()

    correction.correct(django_apps, None)

    ogre.refresh_from_db()
    assert ogre.region == vidzeme
    assert ogre_served.filter(enterprise=vidzemes_velas).exists()
    assert not ogre_served.filter(enterprise=rigas_velas).exists()
    # The directory's place filter reads the index.
    serving_ogre = SocialEnterprise.objects.serving(ogre)
    assert vidzemes_velas in serving_ogre and rigas_velas not in serving_ogre

    out = io.StringIO()
    call_command("refresh_matches", "ogres-novads", stdout=out)
    assert "1" in out.getvalue()
    reasons = {
        match.enterprise_id: {reason["code"] for reason in match.reasons}
        for match in need.matches.all()
    }
    assert "serves_region" in reasons[vidzemes_velas.pk]
    assert "serves_region" not in reasons.get(rigas_velas.pk, set())
    assert list(elsewhere.matches.order_by("pk").values("enterprise", "score")) == elsewhere_before


def test_refresh_matches_refuses_an_unknown_municipality():
    with pytest.raises(CommandError, match="ogre-novads"):
        call_command("refresh_matches", "ogre-novads", stdout=io.StringIO())


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
    assert varaklani.valid_to == datetime.date(2025, 6, 30)
    assert not varaklani.is_current
    assert varaklani.atvk == "0055000"
    assert varaklani not in Municipality.objects.current()
    assert "2025. gada 1. jūlijā" in varaklani.history_note
    assert "2024" not in varaklani.history_note
    madona = Municipality.objects.get(name="Madonas novads")
    assert madona.history_note == "2025. gada 1. jūlijā pievienots Varakļānu novads"


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
