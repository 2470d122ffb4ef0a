"""Corrections of 2026-12-06 to the municipalities 0002 loaded.

- Varakļānu novads existed until 2025-06-30: the amending law entered into force on
  2024-06-30, but both councils kept their territories until the first sitting of the council
  elected in 2025, so the merged Madonas novads applies from 2025-07-01. Its ATVK code was
  0055000.
- Limbažu, Ogres and Saulkrastu novads belong to the Vidzeme planning region and Tukuma novads
  to Kurzeme (Cabinet Regulation No. 418 (2021)); 0002 had all four in Riga's.

Fresh databases get the same rows as corrected ones. What follows from a municipality's region
is refreshed here too: the enterprises' place index (``enterprises.PlaceServed``: an enterprise
that serves a planning region serves each of its municipalities).

Matches of open needs in the moved municipalities are NOT rescored here: the scorer is app
code written against the newest models, and a migration runs against the tables as they were
at this point (later migrations add columns the scorer reads). Run
``manage.py refresh_matches limbazu-novads ogres-novads saulkrastu-novads tukuma-novads``
after ``migrate`` (docs/deployment.md).
"""

import datetime
import re
import unicodedata

from django.db import migrations

# ISO 3166-2 code: (name, planning region slug before, after)
MOVED = {
    "LV-054": ("Limbažu novads", "riga", "vidzeme"),
    "LV-067": ("Ogres novads", "riga", "vidzeme"),
    "LV-089": ("Saulkrastu novads", "riga", "vidzeme"),
    "LV-099": ("Tukuma novads", "riga", "kurzeme"),
}

# ISO 3166-2 code: (ATVK code, existed until, history note), before and after
HISTORY = {
    "LV-102": (
        (
            None,
            datetime.date(2024, 6, 30),
            "vēsturisks: 2024. gada 30. jūnijā pievienots Madonas novadam; "
            "ATVK kods nav apstiprināts",
        ),
        (
            "0055000",
            datetime.date(2025, 6, 30),
            "vēsturisks: 2025. gada 1. jūlijā pievienots Madonas novadam",
        ),
    ),
    "LV-059": (
        ("0038001", None, "2024. gada 30. jūnijā pievienots Varakļānu novads"),
        ("0038001", None, "2025. gada 1. jūlijā pievienots Varakļānu novads"),
    ),
}

_WORD = re.compile(r"[0-9a-z]+")


def _fold(text: str) -> str:
    # The same folding as portal.search.fold at the time of writing, kept here so this
    # migration gives the same rows whatever that module becomes.
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(ascii_only))


def _apply(apps, *, regions_after: bool) -> None:
    PlanningRegion = apps.get_model("municipalities", "PlanningRegion")
    Municipality = apps.get_model("municipalities", "Municipality")
    regions = {region.slug: region for region in PlanningRegion.objects.all()}
    moved = []
    for iso_code, (_name, before, after) in MOVED.items():
        municipality = Municipality.objects.filter(iso_code=iso_code).first()
        if municipality is None:
            continue
        municipality.region = regions[after if regions_after else before]
        municipality.save(update_fields=["region"])
        moved.append(municipality)
    for iso_code, versions in HISTORY.items():
        municipality = Municipality.objects.filter(iso_code=iso_code).first()
        if municipality is None:
            continue
        atvk, valid_to, note = versions[1 if regions_after else 0]
        municipality.atvk, municipality.valid_to, municipality.history_note = atvk, valid_to, note
        # Historical models have no custom save(): search_text as Municipality.save() writes it.
        municipality.search_text = _fold(
            " ".join(p for p in [municipality.name, note, municipality.description] if p)
        )
        municipality.save(update_fields=["atvk", "valid_to", "history_note", "search_text"])
    _refresh_places(apps, moved)


def _refresh_places(apps, municipalities) -> None:
    """Rewrite the place index rows of these municipalities by the rule of
    enterprises.filter_index: home, named municipality, a served region, or all of Latvia."""
    SocialEnterprise = apps.get_model("enterprises", "SocialEnterprise")
    PlaceServed = apps.get_model("enterprises", "PlaceServed")
    named = SocialEnterprise.served_municipalities.through.objects
    by_region = SocialEnterprise.served_regions.through.objects
    for municipality in municipalities:
        serving = set(
            SocialEnterprise.objects.filter(home_municipality=municipality).values_list(
                "pk", flat=True
            )
        )
        serving |= set(SocialEnterprise.objects.filter(serves_nationwide=True).values_list("pk", flat=True))
        serving |= set(
            named.filter(municipality=municipality).values_list("socialenterprise_id", flat=True)
        )
        serving |= set(
            by_region.filter(planningregion_id=municipality.region_id).values_list(
                "socialenterprise_id", flat=True
            )
        )
        PlaceServed.objects.filter(municipality=municipality).delete()
        PlaceServed.objects.bulk_create(
            [PlaceServed(enterprise_id=pk, municipality=municipality) for pk in sorted(serving)],
            batch_size=2_000,
        )


def correct(apps, schema_editor):
    _apply(apps, regions_after=True)


def restore(apps, schema_editor):
    _apply(apps, regions_after=False)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0005_contact_visibility"),
        ("enterprises", "0007_filter_index"),
    ]

    operations = [migrations.RunPython(correct, restore)]
