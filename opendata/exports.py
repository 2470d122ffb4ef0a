"""What the open-data files hold: a JSON-ready record per verified enterprise or public need,
the flat CSV row made from each record, and the statistics; and the generators that write
them out a record at a time, so a file of any size streams holding one chunk of rows."""

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.models import CpvCode, Instrument, ServiceCategory, TargetGroup
from enterprises.models import Offering, SocialEnterprise
from municipalities.models import (
    PUBLIC_NEED_STATUSES,
    Municipality,
    Need,
    NeedStatus,
    PlanningRegion,
)
from opportunities.models import Opportunity, OpportunityStatus
from portal.spreadsheet import Writer

from .dictionary import Field

SCHEMA_VERSION = "1.0"
# Rows fetched, with their related rows, per round of queries: the number of queries grows
# with the number of chunks, never with the number of rows.
CHUNK_SIZE = 1000
LICENCE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Kopā",
}
# Between the values of a CSV cell that holds several.
SEPARATOR = " | "
LATVIA = {"type": "country", "code": "LV", "name_lv": "Latvija", "name_en": "Latvia"}


def portal_url(view_name: str, *args) -> str:
    """A page's absolute address, in Latvian whichever language the request came in."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(view_name, args=args)


def metadata(schema: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": timestamp(timezone.now()),
        "licence": LICENCE,
        "documentation": portal_url("opendata:data-dictionary"),
        "schema": portal_url("opendata_files:schema", schema),
    }


def timestamp(value: datetime.datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def amount(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# The vocabulary, as JSON.


def term(item) -> dict:
    return {"code": item.slug, "name_lv": item.name_lv, "name_en": item.name_en}


def target_group(group: TargetGroup) -> dict:
    return {**term(group), "regulation_point": group.regulation_point or None}


def instrument(item: Instrument) -> dict:
    return {**term(item), "kind": item.kind}


def category(item: ServiceCategory) -> dict:
    return {**term(item), "parent": term(item.parent) if item.parent_id else None}


def cpv_code(code: CpvCode) -> dict:
    return {"code": code.code, "label_lv": code.label_lv, "label_en": code.label_en}


def municipality(item: Municipality) -> dict:
    return {
        "name": item.name,
        "atvk": item.atvk,
        "iso_code": item.iso_code,
        "planning_region": term(item.region),
    }


def service_areas(area: SocialEnterprise | Offering) -> list[dict]:
    """Where an enterprise or offering works; empty means in the home municipality."""
    if area.serves_nationwide:
        return [LATVIA]
    regions = [{"type": "planning_region", **term(region)} for region in area.served_regions.all()]
    municipalities = [
        {"type": "municipality", "code": item.iso_code, "name_lv": item.name, "name_en": item.name}
        for item in area.served_municipalities.all()
    ]
    return regions + municipalities


# Enterprises.


def organization(enterprise: SocialEnterprise) -> dict:
    """A verified enterprise fetched with ``for_profile()``, as in enterprises.json."""
    areas = service_areas(enterprise)
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "description": enterprise.description or None,
        # Only what the enterprise chose to publish, as on its page.
        "email": enterprise.public_email or None,
        "phone": enterprise.public_phone or None,
        "website": enterprise.website or None,
        "legal_status": enterprise.legal_form,
        "year_incorporated": enterprise.founded_year,
        "registration_number": enterprise.registration_number,
        "register_status": enterprise.register_status,
        "status_granted_on": day(enterprise.status_granted_on),
        "status_ended_on": day(enterprise.status_ended_on),
        # A verified enterprise always has a check date (a database constraint).
        "last_checked_on": day(timezone.localdate(enterprise.checked_at)),
        "home_municipality": municipality(enterprise.home_municipality),
        "service_areas": areas,
        "target_groups": [target_group(group) for group in enterprise.target_groups.all()],
        "fields_of_activity": [term(field) for field in enterprise.fields_of_activity.all()],
        "employees_total": enterprise.employees_total,
        "employees_target_group": enterprise.employees_target_group,
        "target_group_employee_share": enterprise.target_group_share,
        "reserved_contract_eligible": enterprise.is_reserved_contract_eligible,
        "page_url": portal_url("enterprises:enterprise-detail", enterprise.slug),
        "updated_at": timestamp(enterprise.updated_at),
        "services": [service(offering, areas) for offering in enterprise.active_offerings],
    }


def service(offering: Offering, enterprise_areas: list[dict]) -> dict:
    return {
        "id": offering.pk,
        "name": offering.title,
        "description": offering.description or None,
        "kind": offering.kind,
        "category": category(offering.category),
        "target_groups": [target_group(group) for group in offering.target_groups.all()],
        "instruments": [instrument(item) for item in offering.instruments.all()],
        "cpv_codes": [cpv_code(code) for code in offering.cpv_codes.all()],
        "service_areas": service_areas(offering) if offering.has_own_area else enterprise_areas,
    }


def enterprise_records() -> Iterator[dict]:
    enterprises = SocialEnterprise.objects.verified().for_profile().order_by("sort_name", "pk")
    for enterprise in enterprises.iterator(chunk_size=CHUNK_SIZE):
        yield organization(enterprise)


# Columns that hold a record's field as it is.
SIMPLE_ENTERPRISE_COLUMNS = [
    "id",
    "name",
    "registration_number",
    "legal_status",
    "register_status",
    "status_granted_on",
    "status_ended_on",
    "last_checked_on",
    "description",
    "email",
    "phone",
    "website",
    "year_incorporated",
    "employees_total",
    "employees_target_group",
    "target_group_employee_share",
    "reserved_contract_eligible",
    "page_url",
    "updated_at",
]


def enterprise_row(record: dict) -> dict:
    """The CSV row of an enterprise record: names in Latvian, lists joined."""
    home = record["home_municipality"]
    services = record["services"]
    return csv_cells(
        {
            **{key: record[key] for key in SIMPLE_ENTERPRISE_COLUMNS},
            "home_municipality": home["name"],
            "home_municipality_atvk": home["atvk"],
            "home_municipality_iso_code": home["iso_code"],
            "home_planning_region": home["planning_region"]["name_lv"],
            "service_areas": names(record["service_areas"]),
            "target_groups": names(record["target_groups"]),
            "fields_of_activity": names(record["fields_of_activity"]),
            "offerings": joined(item["name"] for item in services),
            "offering_categories": joined(
                dict.fromkeys(item["category"]["name_lv"] for item in services)
            ),
        }
    )


# Needs.


def need(item: Need) -> dict:
    """A public need fetched with ``for_page()``, as in needs.json."""
    return {
        "id": item.pk,
        "title": item.title,
        "description": item.description,
        "status": item.status,
        "municipality": municipality(item.municipality),
        "category": category(item.category),
        "target_groups": [target_group(group) for group in item.target_groups.all()],
        "preferred_instruments": [instrument(choice) for choice in item.instruments.all()],
        "cpv_codes": [cpv_code(code) for code in item.cpv_codes.all()],
        "reservation": item.reservation or None,
        "budget_min": amount(item.budget_min),
        "budget_max": amount(item.budget_max),
        "deadline": day(item.deadline),
        "published_at": timestamp(item.published_at),
        "updated_at": timestamp(item.updated_at),
        "page_url": portal_url("municipalities:need-detail", item.pk),
    }


def need_records() -> Iterator[dict]:
    needs = Need.objects.public().for_page().order_by("-published_at", "-pk")
    for item in needs.iterator(chunk_size=CHUNK_SIZE):
        yield need(item)


# Columns that hold a record's field as it is.
SIMPLE_NEED_COLUMNS = [
    "id",
    "title",
    "description",
    "status",
    "reservation",
    "deadline",
    "published_at",
    "updated_at",
    "page_url",
]


def need_row(record: dict) -> dict:
    """The CSV row of a need record: names in Latvian, lists joined."""
    place = record["municipality"]
    parent = record["category"]["parent"]
    return csv_cells(
        {
            **{key: record[key] for key in SIMPLE_NEED_COLUMNS},
            "municipality": place["name"],
            "municipality_atvk": place["atvk"],
            "municipality_iso_code": place["iso_code"],
            "planning_region": place["planning_region"]["name_lv"],
            "category": record["category"]["name_lv"],
            "category_parent": parent["name_lv"] if parent else None,
            "target_groups": names(record["target_groups"]),
            "preferred_instruments": names(record["preferred_instruments"]),
            "cpv_codes": joined(code["code"] for code in record["cpv_codes"]),
            "budget_min": money(record["budget_min"]),
            "budget_max": money(record["budget_max"]),
        }
    )


# Opportunities.

# An opportunity's own facts, by kind (``opportunities.models.KIND_FIELDS``): amounts in
# euros, dates, texts and web addresses, null when the kind has no such fact.
OPPORTUNITY_AMOUNTS = ["budget_total", "amount_min", "amount_max", "area_m2"]
OPPORTUNITY_DAYS = ["decision_on", "regulation_date"]
OPPORTUNITY_MOMENTS = ["starts_at", "ends_at"]
OPPORTUNITY_FACTS = [
    "budget_total",
    "amount_min",
    "amount_max",
    "cofinancing_percent",
    "decision_on",
    "rules_url",
    "address",
    "area_m2",
    "condition",
    "allowed_use",
    "terms",
    "period",
    "plan_url",
    "regulation_number",
    "regulation_date",
    "relief_percent",
    "conditions",
    "task",
    "legal_basis",
    "volume",
    "event_format",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "audience",
    "places",
    "materials_url",
]


def opportunity_fact(item: Opportunity, name: str):
    value = getattr(item, name)
    if name in OPPORTUNITY_AMOUNTS:
        return amount(value)
    if name in OPPORTUNITY_DAYS:
        return day(value)
    if name in OPPORTUNITY_MOMENTS:
        return timestamp(value)
    return None if value in ("", None) else value


def public_status(item: Opportunity) -> str:
    """As the opportunity's page says it: an open one past its closing date is closed,
    even before the night's job marks it so."""
    if item.status == OpportunityStatus.OPEN and not item.is_open:
        return OpportunityStatus.CLOSED.value
    return item.status


def opportunity(item: Opportunity) -> dict:
    """A public opportunity fetched with ``for_page()``, as in opportunities.json. Its
    contact person and its author are left out: the file names no one."""
    return {
        "id": item.pk,
        "title": item.title_lv,
        "title_en": item.title_en or None,
        "description": item.description_lv,
        "description_en": item.description_en or None,
        "kind": item.kind,
        "status": public_status(item),
        "instrument": instrument(item.instrument),
        "municipality": municipality(item.municipality),
        "partners": [municipality(partner) for partner in item.partners.all()],
        "categories": [category(choice) for choice in item.categories.all()],
        "target_groups": [target_group(group) for group in item.target_groups.all()],
        "status_required": item.status_required,
        "who_may_apply": item.who_may_apply or None,
        "closes_on": day(item.closes_on),
        **{name: opportunity_fact(item, name) for name in OPPORTUNITY_FACTS},
        "published_at": timestamp(item.published_at),
        "updated_at": timestamp(item.updated_at),
        "page_url": portal_url("opportunities:opportunity-detail", item.pk),
    }


def opportunity_records() -> Iterator[dict]:
    opportunities = Opportunity.objects.public().for_page().order_by("-published_at", "-pk")
    for item in opportunities.iterator(chunk_size=CHUNK_SIZE):
        yield opportunity(item)


# Columns that hold a record's field as it is.
SIMPLE_OPPORTUNITY_COLUMNS = [
    "id",
    "title",
    "description",
    "kind",
    "status",
    "status_required",
    "who_may_apply",
    "closes_on",
]


def opportunity_row(record: dict) -> dict:
    """The CSV row of an opportunity record: names in Latvian, lists joined, amounts with
    two decimals."""
    place = record["municipality"]
    return csv_cells(
        {
            **{key: record[key] for key in SIMPLE_OPPORTUNITY_COLUMNS},
            "instrument": record["instrument"]["name_lv"],
            "cooperation_kind": record["instrument"]["kind"],
            "municipality": place["name"],
            "municipality_atvk": place["atvk"],
            "municipality_iso_code": place["iso_code"],
            "planning_region": place["planning_region"]["name_lv"],
            "partners": joined(item["name"] for item in record["partners"]),
            "categories": names(record["categories"]),
            "target_groups": names(record["target_groups"]),
            **{
                name: money(record[name])
                if name in OPPORTUNITY_AMOUNTS and name != "area_m2"
                else record[name]
                for name in OPPORTUNITY_FACTS
            },
            "published_at": record["published_at"],
            "updated_at": record["updated_at"],
            "page_url": record["page_url"],
        }
    )


# Statistics.


def statistics() -> dict:
    """Counts for charts, in a fixed number of queries."""
    regions = list(PlanningRegion.objects.all())
    municipalities = list(Municipality.objects.select_related("region"))
    region_of = {item.pk: item.region_id for item in municipalities}

    def per_region(counts: Counter) -> list[dict]:
        totals = Counter()
        for municipality_id, count in counts.items():
            totals[region_of[municipality_id]] += count
        return [{"planning_region": term(region), "count": totals[region.pk]} for region in regions]

    enterprises = counts_by(SocialEnterprise.objects.verified(), "home_municipality")
    by_status = counts_by(Need.objects.public(), "status")
    open_needs = Need.objects.open()
    open_by_municipality = counts_by(open_needs, "municipality")
    open_by_category = counts_by(open_needs, "category")
    categories = sorted(
        ServiceCategory.objects.select_related("parent").filter(pk__in=open_by_category),
        key=lambda item: (-open_by_category[item.pk], item.position, item.name_lv),
    )
    return {
        **metadata("statistics"),
        "enterprises": {
            "verified_total": enterprises.total(),
            "by_planning_region": per_region(enterprises),
            "by_municipality": [
                {"municipality": municipality(item), "count": enterprises[item.pk]}
                for item in municipalities
                if item.is_current or enterprises[item.pk]
            ],
        },
        "needs": {
            "public_total": by_status.total(),
            "by_status": [
                {"status": status.value, "count": by_status[status.value]}
                for status in PUBLIC_NEED_STATUSES
            ],
            "open_total": by_status[NeedStatus.OPEN.value],
            "open_by_planning_region": per_region(open_by_municipality),
            "open_by_category": [
                {"category": category(item), "count": open_by_category[item.pk]}
                for item in categories
            ],
        },
    }


def counts_by(queryset, field: str) -> Counter:
    return Counter(dict(queryset.order_by().values_list(field).annotate(Count("pk"))))


# Writing the files.


def csv_cells(row: dict) -> dict:
    """CSV spells a missing value as an empty cell and truth values as true and false."""
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else value
        for key, value in row.items()
    }


def joined(values: Iterable[str]) -> str:
    # A bar inside a value would read as a separator.
    return SEPARATOR.join(value.replace("|", "/") for value in values)


def names(terms: list[dict]) -> str:
    return joined(item["name_lv"] for item in terms)


def money(value: float | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


class Echo:
    """A file whose write() hands back what it is given: the csv module's output as text."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Iterable[Field], rows: Iterable[dict]) -> Iterator[str]:
    """RFC 4180 CSV after a byte order mark, so spreadsheets read it as UTF-8, with no cell a
    spreadsheet would evaluate (``portal.spreadsheet``)."""
    writer = Writer(Echo(), fieldnames=[column.name for column in columns])
    yield "\ufeff" + writer.writeheader()
    for row in rows:
        yield writer.writerow(row)


def json_chunks(head: dict, key: str, records: Iterable[dict]) -> Iterator[str]:
    """``head`` with the records as a list under ``key``, written a record at a time."""
    opening = json.dumps({**head, key: []}, ensure_ascii=False)
    yield opening.removesuffix("[]}") + "["
    for number, record in enumerate(records):
        yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"
