"""Reasons in words, in the reader's language.

Matches store reasons as codes with parameters (slugs, names, numbers), so the same match
reads in Latvian or English. ``Vocabulary`` loads the names once per page.
"""

from dataclasses import dataclass

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.models import CpvCode, Instrument, ServiceCategory, TargetGroup
from municipalities.models import PlanningRegion


@dataclass
class Vocabulary:
    categories: dict
    groups: dict
    instruments: dict
    regions: dict
    cpv: dict

    @classmethod
    def load(cls) -> "Vocabulary":
        return cls(
            categories={c.pk: c.name for c in ServiceCategory.objects.all()},
            groups={g.slug: g.name for g in TargetGroup.objects.all()},
            instruments={i.slug: i.name for i in Instrument.objects.all()},
            regions={r.slug: r.name for r in PlanningRegion.objects.all()},
            cpv={c.code: c.label for c in CpvCode.objects.all()},
        )

    def names(self, table: dict, keys) -> str:
        return ", ".join(str(table.get(key, key)) for key in keys)


def describe(reason: dict, vocabulary: Vocabulary) -> str:
    code, params = reason["code"], reason.get("params", {})
    v = vocabulary
    match code:
        case "same_category":
            return _("offers exactly this service: %(category)s") % {
                "category": v.categories.get(params["category"], "")
            }
        case "same_field":
            return _("offers a related service: %(category)s") % {
                "category": v.categories.get(params["category"], "")
            }
        case "cpv":
            return _("uses the procurement code %(codes)s") % {
                "codes": "; ".join(f"{c} {v.cpv.get(c, '')}".strip() for c in params["codes"])
            }
        case "home_municipality":
            return _("is based in %(municipality)s") % params
        case "serves_municipality":
            return _("serves %(municipality)s") % params
        case "serves_region":
            return _("serves the whole %(region)s") % {"region": v.regions.get(params["region"])}
        case "nationwide":
            return _("works all over Latvia")
        case "not_serving":
            return _("does not say it serves %(municipality)s") % params
        case "target_groups":
            return _("works with %(groups)s") % {"groups": v.names(v.groups, params["groups"])}
        case "no_target_group":
            return _("does not name the target groups %(groups)s") % {
                "groups": v.names(v.groups, params["groups"])
            }
        case "instruments":
            return _("open to %(instruments)s") % {
                "instruments": v.names(v.instruments, params["instruments"])
            }
        case "instruments_missing":
            return _("not open to %(instruments)s") % {
                "instruments": v.names(v.instruments, params["instruments"])
            }
        case "not_eligible_se_law":
            return _(
                "cannot use %(instruments)s: no active status in the register of social enterprises"
            ) % {"instruments": v.names(v.instruments, params["instruments"])}
        case "reserved_share":
            return _("open to reserved procurement: %(share)s %% target-group employees") % {
                "share": params["share"]
            }
        case "register_active":
            return _("has an active status in the register of social enterprises")
        case "other_category":
            return _("does not offer exactly this service: %(category)s") % {
                "category": v.categories.get(params["category"], "")
            }
        case "no_register_status":
            return _("no active status in the register of social enterprises")
        case "recently_checked":
            return _("active status in the register, checked on %(date)s") % {
                "date": date_format(parse_date(params["date"]), "SHORT_DATE_FORMAT")
            }
        case "stale_check":
            return _("last checked against the register on %(date)s") % {
                "date": date_format(parse_date(params["date"]), "SHORT_DATE_FORMAT")
            }
        case "complete_profile":
            return _("has a complete profile")
        case "profile_confirmed":
            return _("confirmed its profile on %(date)s") % {
                "date": date_format(parse_date(params["date"]), "SHORT_DATE_FORMAT")
            }
        case "profile_not_confirmed":
            return _("has not confirmed its profile since %(date)s") % {
                "date": date_format(parse_date(params["date"]), "SHORT_DATE_FORMAT")
            }
        case "keywords":
            words = params["words"]
            return ngettext(
                "mentions the same word: %(words)s",
                "mentions the same words: %(words)s",
                len(words),
            ) % {"words": ", ".join(words)}
    return code
