"""Latvia's 5 planning regions and its municipalities after the 2021 reform: 42 current
and the historical Varakļānu novads (merged into Madonas novads on 2024-06-30).

Sources: the ATVK classifier, ISO 3166-2:LV and the 2024 Saeima decision on Varakļāni.
Curators add websites, email domains and contacts in admin.
"""

import datetime

from django.db import migrations
from django.utils.text import slugify

# key (genitive as in the region's name), slug, name_lv, name_en
REGIONS = [
    ("Rīgas", "riga", "Rīgas plānošanas reģions", "Riga Planning Region"),
    ("Vidzemes", "vidzeme", "Vidzemes plānošanas reģions", "Vidzeme Planning Region"),
    ("Kurzemes", "kurzeme", "Kurzemes plānošanas reģions", "Kurzeme Planning Region"),
    ("Zemgales", "zemgale", "Zemgales plānošanas reģions", "Zemgale Planning Region"),
    ("Latgales", "latgale", "Latgales plānošanas reģions", "Latgale Planning Region"),
]

KINDS = {"valstspilsēta": "valstspilseta", "novads": "novads"}

# name, kind, ATVK, ISO 3166-2, planning region, existed until, note
MUNICIPALITIES = [
    ("Rīga", "valstspilsēta", "0001000", "LV-RIX", "Rīgas", "", ""),
    ("Daugavpils", "valstspilsēta", "0002000", "LV-DGV", "Latgales", "", ""),
    ("Jelgava", "valstspilsēta", "0003000", "LV-JEL", "Zemgales", "", ""),
    ("Jūrmala", "valstspilsēta", "0004000", "LV-JUR", "Rīgas", "", ""),
    ("Liepāja", "valstspilsēta", "0005000", "LV-LPX", "Kurzemes", "", ""),
    ("Rēzekne", "valstspilsēta", "0006000", "LV-REZ", "Latgales", "", ""),
    ("Ventspils", "valstspilsēta", "0007000", "LV-VEN", "Kurzemes", "", ""),
    ("Aizkraukles novads", "novads", "0020000", "LV-002", "Zemgales", "", ""),
    ("Alūksnes novads", "novads", "0021000", "LV-007", "Vidzemes", "", ""),
    ("Augšdaugavas novads", "novads", "0022000", "LV-111", "Latgales", "", ""),
    ("Ādažu novads", "novads", "0023000", "LV-011", "Rīgas", "", ""),
    ("Balvu novads", "novads", "0024000", "LV-015", "Latgales", "", ""),
    ("Bauskas novads", "novads", "0025000", "LV-016", "Zemgales", "", ""),
    ("Cēsu novads", "novads", "0026000", "LV-022", "Vidzemes", "", ""),
    ("Dienvidkurzemes novads", "novads", "0027000", "LV-112", "Kurzemes", "", ""),
    ("Dobeles novads", "novads", "0028000", "LV-026", "Zemgales", "", ""),
    ("Gulbenes novads", "novads", "0029000", "LV-033", "Vidzemes", "", ""),
    ("Jelgavas novads", "novads", "0030000", "LV-041", "Zemgales", "", "ietver bijušo Ozolnieku novadu"),
    ("Jēkabpils novads", "novads", "0031000", "LV-042", "Zemgales", "", "ietver Jēkabpils pilsētu"),
    ("Krāslavas novads", "novads", "0032000", "LV-047", "Latgales", "", ""),
    ("Kuldīgas novads", "novads", "0033000", "LV-050", "Kurzemes", "", ""),
    ("Ķekavas novads", "novads", "0034000", "LV-052", "Rīgas", "", ""),
    ("Limbažu novads", "novads", "0035000", "LV-054", "Rīgas", "", ""),
    ("Līvānu novads", "novads", "0036000", "LV-056", "Latgales", "", ""),
    ("Ludzas novads", "novads", "0037000", "LV-058", "Latgales", "", ""),
    ("Madonas novads", "novads", "0038001", "LV-059", "Vidzemes", "", "2024. gada 30. jūnijā pievienots Varakļānu novads"),
    ("Mārupes novads", "novads", "0039000", "LV-062", "Rīgas", "", ""),
    ("Ogres novads", "novads", "0040000", "LV-067", "Rīgas", "", ""),
    ("Olaines novads", "novads", "0041000", "LV-068", "Rīgas", "", ""),
    ("Preiļu novads", "novads", "0042000", "LV-073", "Latgales", "", ""),
    ("Rēzeknes novads", "novads", "0043000", "LV-077", "Latgales", "", ""),
    ("Ropažu novads", "novads", "0044000", "LV-080", "Rīgas", "", ""),
    ("Salaspils novads", "novads", "0045000", "LV-087", "Rīgas", "", ""),
    ("Saldus novads", "novads", "0046000", "LV-088", "Kurzemes", "", ""),
    ("Saulkrastu novads", "novads", "0047000", "LV-089", "Rīgas", "", ""),
    ("Siguldas novads", "novads", "0048000", "LV-091", "Rīgas", "", ""),
    ("Smiltenes novads", "novads", "0049000", "LV-094", "Vidzemes", "", ""),
    ("Talsu novads", "novads", "0051000", "LV-097", "Kurzemes", "", ""),
    ("Tukuma novads", "novads", "0052000", "LV-099", "Rīgas", "", ""),
    ("Valkas novads", "novads", "0053000", "LV-101", "Vidzemes", "", ""),
    ("Valmieras novads", "novads", "0054000", "LV-113", "Vidzemes", "", "ietver Valmieras pilsētu"),
    ("Ventspils novads", "novads", "0056000", "LV-106", "Kurzemes", "", ""),
    ("Varakļānu novads", "novads", "", "LV-102", "Vidzemes", "2024-06-30", "vēsturisks: 2024. gada 30. jūnijā pievienots Madonas novadam; ATVK kods nav apstiprināts"),
]


def load(apps, schema_editor):
    PlanningRegion = apps.get_model("municipalities", "PlanningRegion")
    Municipality = apps.get_model("municipalities", "Municipality")

    regions = {}
    for position, (key, slug, name_lv, name_en) in enumerate(REGIONS, start=1):
        regions[key], _ = PlanningRegion.objects.get_or_create(
            slug=slug, defaults={"name_lv": name_lv, "name_en": name_en, "position": position}
        )
    for name, kind, atvk, iso_code, region, valid_to, note in MUNICIPALITIES:
        # search_text is written here because historical models have no custom save().
        folded = slugify(f"{name} {note}").replace("-", " ")
        Municipality.objects.get_or_create(
            iso_code=iso_code,
            defaults={
                "name": name,
                "slug": slugify(name),
                "kind": KINDS[kind],
                "atvk": atvk or None,
                "region": regions[region],
                "valid_to": datetime.date.fromisoformat(valid_to) if valid_to else None,
                "history_note": note,
                "search_text": folded,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
