"""Each municipality's official email domain(s), as its staff use them, from the
municipalities' own pages (or the Enterprise Register's list of public bodies), checked on
2026-12-06. Officers whose verified address is on one of them, or on a subdomain, are approved
at once. The web and mail domains differ in places: Ādaži's site is adazunovads.lv, its mail
adazi.lv; Talsi talsunovads.lv / talsi.lv; Ventspils novads ventspilsnovads.lv / ventspilsnd.lv.
Varakļānu novads, merged away, gets none.

The client-service centres' shared domain (pakalpojumucentri.lv) belongs to no one
municipality: a row for it, or for a subdomain, is removed and refused from here on.
"""

from django.db import migrations, models
from django.db.models import Q

SHARED = "pakalpojumucentri.lv"

# ATVK code, name (for the reader), email domains
DOMAINS = [
    ("0001000", "Rīga", ["riga.lv"]),
    ("0002000", "Daugavpils", ["daugavpils.lv"]),
    ("0003000", "Jelgava", ["jelgava.lv"]),
    ("0004000", "Jūrmala", ["jurmala.lv"]),
    ("0005000", "Liepāja", ["liepaja.lv"]),
    ("0006000", "Rēzekne", ["rezekne.lv"]),
    ("0007000", "Ventspils", ["ventspils.lv"]),
    ("0020000", "Aizkraukles novads", ["aizkraukle.lv"]),
    ("0021000", "Alūksnes novads", ["aluksne.lv"]),
    ("0022000", "Augšdaugavas novads", ["augsdaugavasnovads.lv"]),
    ("0023000", "Ādažu novads", ["adazi.lv"]),
    ("0024000", "Balvu novads", ["balvi.lv"]),
    ("0025000", "Bauskas novads", ["bauskasnovads.lv"]),
    ("0026000", "Cēsu novads", ["cesis.lv", "cesunovads.lv"]),
    ("0027000", "Dienvidkurzemes novads", ["dkn.lv"]),
    ("0028000", "Dobeles novads", ["dobele.lv"]),
    ("0029000", "Gulbenes novads", ["gulbene.lv"]),
    ("0030000", "Jelgavas novads", ["jelgavasnovads.lv"]),
    ("0031000", "Jēkabpils novads", ["jekabpils.lv"]),
    ("0032000", "Krāslavas novads", ["kraslava.lv"]),
    ("0033000", "Kuldīgas novads", ["kuldiga.lv"]),
    ("0034000", "Ķekavas novads", ["kekava.lv"]),
    ("0035000", "Limbažu novads", ["limbazunovads.lv"]),
    ("0036000", "Līvānu novads", ["livani.lv"]),
    ("0037000", "Ludzas novads", ["ludzasnovads.lv"]),
    ("0038001", "Madonas novads", ["madona.lv"]),
    ("0039000", "Mārupes novads", ["marupe.lv"]),
    ("0040000", "Ogres novads", ["ogresnovads.lv"]),
    ("0041000", "Olaines novads", ["olaine.lv"]),
    ("0042000", "Preiļu novads", ["preili.lv"]),
    ("0043000", "Rēzeknes novads", ["rezeknesnovads.lv"]),
    ("0044000", "Ropažu novads", ["ropazi.lv"]),
    ("0045000", "Salaspils novads", ["salaspils.lv"]),
    ("0046000", "Saldus novads", ["saldus.lv"]),
    ("0047000", "Saulkrastu novads", ["saulkrasti.lv"]),
    ("0048000", "Siguldas novads", ["sigulda.lv"]),
    ("0049000", "Smiltenes novads", ["smiltenesnovads.lv"]),
    ("0051000", "Talsu novads", ["talsi.lv"]),
    ("0052000", "Tukuma novads", ["tukums.lv"]),
    ("0053000", "Valkas novads", ["valka.lv"]),
    ("0054000", "Valmieras novads", ["valmierasnovads.lv"]),
    ("0056000", "Ventspils novads", ["ventspilsnd.lv"]),
]


def remove_shared(apps, schema_editor):
    EmailDomain = apps.get_model("municipalities", "EmailDomain")
    EmailDomain.objects.filter(Q(domain=SHARED) | Q(domain__endswith=f".{SHARED}")).delete()


def load(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    EmailDomain = apps.get_model("municipalities", "EmailDomain")
    by_atvk = Municipality.objects.in_bulk([atvk for atvk, _, _ in DOMAINS], field_name="atvk")
    for atvk, _name, domains in DOMAINS:
        if (municipality := by_atvk.get(atvk)) is None:
            continue
        for domain in domains:
            # A domain curators already entered stays as they set it.
            EmailDomain.objects.get_or_create(domain=domain, defaults={"municipality": municipality})


def unload(apps, schema_editor):
    EmailDomain = apps.get_model("municipalities", "EmailDomain")
    EmailDomain.objects.filter(domain__in=[d for _, _, domains in DOMAINS for d in domains]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0006_correct_regions_and_varaklani"),
    ]

    operations = [
        migrations.RunPython(remove_shared, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="emaildomain",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("domain", "pakalpojumucentri.lv"), _negated=True),
                    models.Q(("domain__endswith", ".pakalpojumucentri.lv"), _negated=True),
                ),
                name="email_domain_not_shared",
                violation_error_message=(
                    "This domain is shared by several municipalities' client-service centres, "
                    "so an address on it cannot show who acts for a municipality."
                ),
            ),
        ),
        migrations.RunPython(load, unload),
    ]
