"""The data dictionary: every open-data file, CSV column and JSON field, with its type and
meaning. The CSV writers take their columns from here, and the tests hold the JSON Schema
files to the fields listed here, so the page the public reads cannot drift from the data."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cooperation.models import CooperationKind
from enterprises.models import LegalForm, OfferingKind, RegisterStatus
from municipalities.models import PUBLIC_NEED_STATUSES, ContractReservation
from opportunities.models import EventFormat, OpportunityKind, OpportunityStatus, PremisesTerms

TEXT = _("text")
INTEGER = _("integer")
NUMBER = _("number")
BOOLEAN = _("true or false")
DATE = _("date")
DATE_TIME = _("date and time")
CODE = _("code")
WEB_ADDRESS = _("web address")
EMAIL = _("email address")
TEXTS = _("several texts")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    meaning: str
    # The (code, label) pairs a code takes.
    values: tuple = ()
    # For a JSON field holding an object, or a list of them: its key in JSON_OBJECTS.
    ref: str = ""
    many: bool = False


@dataclass(frozen=True)
class JsonObject:
    key: str
    title: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class DataFile:
    name: str
    url_name: str
    contents: str
    columns: tuple[Field, ...] = ()
    # The JSON object the file's top level holds besides the metadata, and its schema.
    top: str = ""
    schema: str = ""

    @property
    def anchor(self) -> str:
        return self.name.replace(".", "-")


def choices(members) -> tuple:
    return tuple((member.value, member.label) for member in members if member.value)


SERVICE_AREA_TYPES = (
    ("country", _("all of Latvia")),
    ("planning_region", _("planning region")),
    ("municipality", _("municipality")),
)

# Fields the enterprise files share, CSV and JSON alike.
ENTERPRISE_ID = Field(
    "id", INTEGER, _("Kopā's number for the enterprise. It never changes and is never reused.")
)
ENTERPRISE_NAME = Field("name", TEXT, _("The enterprise's name."))
DESCRIPTION = Field("description", TEXT, _("What the enterprise does, in its own words."))
ENTERPRISE_EMAIL = Field(
    "email",
    EMAIL,
    _(
        "The enterprise's public contact email, as shown on its page; empty if it has none "
        "or chose not to publish it."
    ),
)
ENTERPRISE_PHONE = Field(
    "phone",
    TEXT,
    _(
        "The enterprise's public contact phone number; empty if it has none or chose not to "
        "publish it."
    ),
)
ENTERPRISE_WEBSITE = Field("website", WEB_ADDRESS, _("The enterprise's own website."))
LEGAL_STATUS = Field("legal_status", CODE, _("Legal form."), values=choices(LegalForm))
YEAR_INCORPORATED = Field("year_incorporated", INTEGER, _("The year the enterprise was founded."))
REGISTRATION_NUMBER = Field(
    "registration_number",
    TEXT,
    _("The 11-digit number in the Register of Enterprises (Uzņēmumu reģistrs)."),
)
REGISTER_STATUS = Field(
    "register_status",
    CODE,
    _("Status in the Ministry of Welfare's register of social enterprises."),
    values=choices(RegisterStatus),
)
STATUS_GRANTED_ON = Field(
    "status_granted_on", DATE, _("When the ministry granted the status; empty if it never did.")
)
STATUS_ENDED_ON = Field(
    "status_ended_on", DATE, _("When the status ended; empty while it lasts or if never granted.")
)
LAST_CHECKED_ON = Field(
    "last_checked_on", DATE, _("When Kopā last checked the enterprise against the register.")
)
EMPLOYEES_TOTAL = Field("employees_total", INTEGER, _("Number of employees."))
EMPLOYEES_TARGET_GROUP = Field(
    "employees_target_group", INTEGER, _("Employees from groups at risk of social exclusion.")
)
TARGET_GROUP_SHARE = Field(
    "target_group_employee_share",
    INTEGER,
    _("Employees from target groups, in whole percent (rounded down); empty without employees."),
)
RESERVED_CONTRACT_ELIGIBLE = Field(
    "reserved_contract_eligible",
    BOOLEAN,
    _(
        "At least 30 percent of the employees are from target groups, so the enterprise may take "
        "part in contracts reserved under Directive 2014/24/EU, Art. 20."
    ),
)
ENTERPRISE_PAGE = Field("page_url", WEB_ADDRESS, _("The enterprise's page on Kopā, in Latvian."))
ENTERPRISE_UPDATED = Field(
    "updated_at", DATE_TIME, _("When the enterprise's own details last changed.")
)

NEED_ID = Field("id", INTEGER, _("Kopā's number for the need. It never changes."))
NEED_TITLE = Field("title", TEXT, _("What the municipality needs, in a line."))
NEED_DESCRIPTION = Field("description", TEXT, _("The need in the municipality's words."))
NEED_STATUS = Field(
    "status", CODE, _("Where the need stands."), values=choices(PUBLIC_NEED_STATUSES)
)
RESERVATION = Field(
    "reservation",
    CODE,
    _("Whether a contract for the need would be reserved, and under which article; empty if not."),
    values=choices(ContractReservation),
)
BUDGET_MIN = Field("budget_min", NUMBER, _("Budget from, in euros; empty if not given."))
BUDGET_MAX = Field("budget_max", NUMBER, _("Budget up to, in euros; empty if not given."))
DEADLINE = Field("deadline", DATE, _("By when the municipality needs it; empty if open-ended."))
PUBLISHED_AT = Field("published_at", DATE_TIME, _("When the municipality published the need."))
NEED_UPDATED = Field("updated_at", DATE_TIME, _("When the need last changed."))
NEED_PAGE = Field("page_url", WEB_ADDRESS, _("The need's page on Kopā, in Latvian."))

OPPORTUNITY_ID = Field("id", INTEGER, _("Kopā's number for the opportunity. It never changes."))
OPPORTUNITY_TITLE = Field("title", TEXT, _("What the municipality offers, in a line, in Latvian."))
OPPORTUNITY_DESCRIPTION = Field(
    "description", TEXT, _("The opportunity in the municipality's words, in Latvian.")
)
OPPORTUNITY_KIND = Field(
    "kind", CODE, _("What kind of opportunity it is."), values=choices(OpportunityKind)
)
OPPORTUNITY_STATUS = Field(
    "status",
    CODE,
    _(
        "Where the opportunity stands. One whose last day to apply has passed is closed, "
        "as on its page."
    ),
    values=choices([OpportunityStatus.OPEN, OpportunityStatus.CLOSED, OpportunityStatus.AWARDED]),
)
STATUS_REQUIRED = Field(
    "status_required",
    BOOLEAN,
    _(
        "Only enterprises with an active status in the register of social enterprises may "
        "apply: always so for real-estate tax relief and property free of charge."
    ),
)
WHO_MAY_APPLY = Field(
    "who_may_apply", TEXT, _("Conditions beyond the law's, in the municipality's words.")
)
CLOSES_ON = Field(
    "closes_on", DATE, _("The last day to apply or register; empty: open until closed.")
)
OPPORTUNITY_PUBLISHED = Field(
    "published_at", DATE_TIME, _("When the municipality published the opportunity.")
)
OPPORTUNITY_UPDATED = Field("updated_at", DATE_TIME, _("When the opportunity last changed."))
OPPORTUNITY_PAGE = Field("page_url", WEB_ADDRESS, _("The opportunity's page on Kopā, in Latvian."))
# The facts of each kind; empty for the other kinds.
OPPORTUNITY_FACTS = (
    Field("budget_total", NUMBER, _("Grant call: the total budget, in euros.")),
    Field("amount_min", NUMBER, _("Grant call: the smallest amount per applicant, in euros.")),
    Field("amount_max", NUMBER, _("Grant call: the largest amount per applicant, in euros.")),
    Field(
        "cofinancing_percent",
        INTEGER,
        _("Grant call: the share the applicant pays itself, in percent."),
    ),
    Field("decision_on", DATE, _("Grant call: when the decision is expected.")),
    Field("rules_url", WEB_ADDRESS, _("Grant call: the rules of the call.")),
    Field("address", TEXT, _("Premises: the address.")),
    Field("area_m2", NUMBER, _("Premises: the area in square metres.")),
    Field("condition", TEXT, _("Premises: their condition.")),
    Field("allowed_use", TEXT, _("Premises: the use allowed.")),
    Field("terms", CODE, _("Premises: on which terms."), values=choices(PremisesTerms)),
    Field("period", TEXT, _("Premises, tax relief or delegation: for how long.")),
    Field("plan_url", WEB_ADDRESS, _("Premises: a plan of the building.")),
    Field("regulation_number", TEXT, _("Tax relief: the number of the binding regulation.")),
    Field("regulation_date", DATE, _("Tax relief: the date of the binding regulation.")),
    Field("relief_percent", INTEGER, _("Tax relief: the relief, in percent.")),
    Field("conditions", TEXT, _("Tax relief: its conditions.")),
    Field("task", TEXT, _("Delegation: the task delegated.")),
    Field("legal_basis", TEXT, _("Delegation: the legal basis.")),
    Field("volume", TEXT, _("Delegation: the expected volume.")),
    Field("event_format", CODE, _("Event: its format."), values=choices(EventFormat)),
    Field("starts_at", DATE_TIME, _("Event: when it starts.")),
    Field("ends_at", DATE_TIME, _("Event: when it ends; empty if not given.")),
    Field("venue", TEXT, _("Event: where it takes place.")),
    Field("online_url", WEB_ADDRESS, _("Event: the link to take part online.")),
    Field("audience", TEXT, _("Event: whom it is for.")),
    Field("places", INTEGER, _("Event: how many places; empty: no limit.")),
    Field("materials_url", WEB_ADDRESS, _("Information support: the materials.")),
)

ENTERPRISE_COLUMNS = (
    ENTERPRISE_ID,
    ENTERPRISE_NAME,
    REGISTRATION_NUMBER,
    LEGAL_STATUS,
    REGISTER_STATUS,
    STATUS_GRANTED_ON,
    STATUS_ENDED_ON,
    LAST_CHECKED_ON,
    DESCRIPTION,
    ENTERPRISE_EMAIL,
    ENTERPRISE_PHONE,
    ENTERPRISE_WEBSITE,
    YEAR_INCORPORATED,
    Field("home_municipality", TEXT, _("The municipality the enterprise is based in.")),
    Field("home_municipality_atvk", CODE, _("Its ATVK code (the statistical classifier).")),
    Field("home_municipality_iso_code", CODE, _("Its ISO 3166-2 code, e.g. LV-033.")),
    Field("home_planning_region", TEXT, _("The planning region of the home municipality.")),
    Field(
        "service_areas",
        TEXTS,
        _(
            "Where the enterprise works: Latvija (all of Latvia), planning regions or "
            "municipalities. Empty: in its home municipality."
        ),
    ),
    Field("target_groups", TEXTS, _("The groups at risk of social exclusion it works with.")),
    Field("fields_of_activity", TEXTS, _("Its fields of activity.")),
    EMPLOYEES_TOTAL,
    EMPLOYEES_TARGET_GROUP,
    TARGET_GROUP_SHARE,
    RESERVED_CONTRACT_ELIGIBLE,
    Field("offerings", TEXTS, _("Titles of its active offerings (services, goods, training).")),
    Field(
        "offering_categories", TEXTS, _("Service categories of its active offerings, once each.")
    ),
    ENTERPRISE_PAGE,
    ENTERPRISE_UPDATED,
)

NEED_COLUMNS = (
    NEED_ID,
    NEED_TITLE,
    NEED_DESCRIPTION,
    NEED_STATUS,
    Field("municipality", TEXT, _("The municipality that needs it.")),
    Field("municipality_atvk", CODE, _("Its ATVK code (the statistical classifier).")),
    Field("municipality_iso_code", CODE, _("Its ISO 3166-2 code, e.g. LV-033.")),
    Field("planning_region", TEXT, _("The municipality's planning region.")),
    Field("category", TEXT, _("The service needed.")),
    Field("category_parent", TEXT, _("The field the service belongs to.")),
    Field("target_groups", TEXTS, _("The groups the need concerns.")),
    Field("preferred_instruments", TEXTS, _("The forms of cooperation the municipality prefers.")),
    Field("cpv_codes", TEXTS, _("Common Procurement Vocabulary codes, e.g. 77313000-7.")),
    RESERVATION,
    BUDGET_MIN,
    BUDGET_MAX,
    DEADLINE,
    PUBLISHED_AT,
    NEED_UPDATED,
    NEED_PAGE,
)

OPPORTUNITY_COLUMNS = (
    OPPORTUNITY_ID,
    OPPORTUNITY_TITLE,
    OPPORTUNITY_DESCRIPTION,
    OPPORTUNITY_KIND,
    OPPORTUNITY_STATUS,
    STATUS_REQUIRED,
    WHO_MAY_APPLY,
    CLOSES_ON,
    Field("instrument", TEXT, _("The form of cooperation it is.")),
    Field(
        "cooperation_kind",
        CODE,
        _("Light or targeted cooperation."),
        values=choices(CooperationKind),
    ),
    Field("municipality", TEXT, _("The municipality that offers it and decides.")),
    Field("municipality_atvk", CODE, _("Its ATVK code (the statistical classifier).")),
    Field("municipality_iso_code", CODE, _("Its ISO 3166-2 code, e.g. LV-033.")),
    Field("planning_region", TEXT, _("The municipality's planning region.")),
    Field("partners", TEXTS, _("Municipalities that offer it together with it.")),
    Field("categories", TEXTS, _("The services it favours; empty: any.")),
    Field("target_groups", TEXTS, _("The target groups it favours.")),
    *OPPORTUNITY_FACTS,
    OPPORTUNITY_PUBLISHED,
    OPPORTUNITY_UPDATED,
    OPPORTUNITY_PAGE,
)

METADATA = (
    Field("schema_version", TEXT, _("The version of the file's layout, e.g. 1.0.")),
    Field("generated_at", DATE_TIME, _("When the file was made.")),
    Field("licence", "", _("Under which terms you may use the data."), ref="licence"),
    Field(
        "documentation", WEB_ADDRESS, _("The data dictionary, the page that describes the files.")
    ),
    Field("schema", WEB_ADDRESS, _("The JSON Schema the file keeps to.")),
)

JSON_OBJECTS = (
    JsonObject(
        "metadata",
        _("Metadata"),
        _("Every JSON file starts with these fields."),
        METADATA,
    ),
    JsonObject(
        "licence",
        _("Licence"),
        _("The terms of use, in the SPDX vocabulary."),
        (
            Field("id", CODE, _("The SPDX identifier: CC-BY-4.0.")),
            Field("name", TEXT, _("The licence's name.")),
            Field("url", WEB_ADDRESS, _("The licence's text.")),
            Field("attribution", TEXT, _("Whom to credit: Kopā.")),
        ),
    ),
    JsonObject(
        "enterprises",
        "enterprises.json",
        _("After the metadata:"),
        (
            Field(
                "organizations",
                "",
                _("The verified social enterprises, by name."),
                ref="organization",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "organization",
        _("Organisation"),
        _("A verified social enterprise."),
        (
            ENTERPRISE_ID,
            ENTERPRISE_NAME,
            DESCRIPTION,
            ENTERPRISE_EMAIL,
            ENTERPRISE_PHONE,
            ENTERPRISE_WEBSITE,
            LEGAL_STATUS,
            YEAR_INCORPORATED,
            REGISTRATION_NUMBER,
            REGISTER_STATUS,
            STATUS_GRANTED_ON,
            STATUS_ENDED_ON,
            LAST_CHECKED_ON,
            Field(
                "home_municipality",
                "",
                _("The municipality the enterprise is based in."),
                ref="municipality",
            ),
            Field(
                "service_areas",
                "",
                _("Where the enterprise works. Empty: in its home municipality."),
                ref="service_area",
                many=True,
            ),
            Field(
                "target_groups",
                "",
                _("The groups at risk of social exclusion it works with."),
                ref="target_group",
                many=True,
            ),
            Field("fields_of_activity", "", _("Its fields of activity."), ref="term", many=True),
            EMPLOYEES_TOTAL,
            EMPLOYEES_TARGET_GROUP,
            TARGET_GROUP_SHARE,
            RESERVED_CONTRACT_ELIGIBLE,
            ENTERPRISE_PAGE,
            ENTERPRISE_UPDATED,
            Field(
                "services",
                "",
                _("Its active offerings, by title."),
                ref="service",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "service",
        _("Service"),
        _("An active offering of an enterprise: a service, goods or training."),
        (
            Field("id", INTEGER, _("Kopā's number for the offering. It never changes.")),
            Field("name", TEXT, _("The offering's title.")),
            Field("description", TEXT, _("What is offered.")),
            Field("kind", CODE, _("What kind of offering it is."), values=choices(OfferingKind)),
            Field("category", "", _("The service category."), ref="category"),
            Field(
                "target_groups",
                "",
                _("Target groups involved in providing it."),
                ref="target_group",
                many=True,
            ),
            Field(
                "instruments",
                "",
                _("The forms of cooperation it is open to."),
                ref="instrument",
                many=True,
            ),
            Field("cpv_codes", "", _("Procurement codes it fits."), ref="cpv_code", many=True),
            Field(
                "service_areas",
                "",
                _(
                    "Where it is available: its own area or, when it has none, the "
                    "organisation's. Empty: in the home municipality."
                ),
                ref="service_area",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "needs",
        "needs.json",
        _("After the metadata:"),
        (Field("needs", "", _("The public needs, newest first."), ref="need", many=True),),
    ),
    JsonObject(
        "need",
        _("Need"),
        _("What a municipality has published that it needs."),
        (
            NEED_ID,
            NEED_TITLE,
            NEED_DESCRIPTION,
            NEED_STATUS,
            Field("municipality", "", _("The municipality that needs it."), ref="municipality"),
            Field("category", "", _("The service needed."), ref="category"),
            Field(
                "target_groups",
                "",
                _("The groups the need concerns."),
                ref="target_group",
                many=True,
            ),
            Field(
                "preferred_instruments",
                "",
                _("The forms of cooperation the municipality prefers."),
                ref="instrument",
                many=True,
            ),
            Field("cpv_codes", "", _("Procurement codes of the need."), ref="cpv_code", many=True),
            RESERVATION,
            BUDGET_MIN,
            BUDGET_MAX,
            DEADLINE,
            PUBLISHED_AT,
            NEED_UPDATED,
            NEED_PAGE,
        ),
    ),
    JsonObject(
        "opportunities",
        "opportunities.json",
        _("After the metadata:"),
        (
            Field(
                "opportunities",
                "",
                _("The published opportunities, newest first."),
                ref="opportunity",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "opportunity",
        _("Opportunity"),
        _(
            "What a municipality has published that it offers social enterprises. Each kind "
            "has its own facts; the others are empty."
        ),
        (
            OPPORTUNITY_ID,
            OPPORTUNITY_TITLE,
            Field("title_en", TEXT, _("The title in English; empty if not given.")),
            OPPORTUNITY_DESCRIPTION,
            Field("description_en", TEXT, _("The description in English; empty if not given.")),
            OPPORTUNITY_KIND,
            OPPORTUNITY_STATUS,
            Field("instrument", "", _("The form of cooperation it is."), ref="instrument"),
            Field(
                "municipality",
                "",
                _("The municipality that offers it and decides."),
                ref="municipality",
            ),
            Field(
                "partners",
                "",
                _("Municipalities that offer it together with it."),
                ref="municipality",
                many=True,
            ),
            Field(
                "categories",
                "",
                _("The services it favours; empty: any."),
                ref="category",
                many=True,
            ),
            Field(
                "target_groups",
                "",
                _("The target groups it favours."),
                ref="target_group",
                many=True,
            ),
            STATUS_REQUIRED,
            WHO_MAY_APPLY,
            CLOSES_ON,
            *OPPORTUNITY_FACTS,
            OPPORTUNITY_PUBLISHED,
            OPPORTUNITY_UPDATED,
            OPPORTUNITY_PAGE,
        ),
    ),
    JsonObject(
        "statistics",
        "statistics.json",
        _("After the metadata, one section per subject. New sections may be added."),
        (
            Field("enterprises", "", _("Verified social enterprises."), ref="enterprise_counts"),
            Field("needs", "", _("Public needs."), ref="need_counts"),
        ),
    ),
    JsonObject(
        "enterprise_counts",
        _("Counts of enterprises"),
        _("Enterprises are counted where they are based (their home municipality)."),
        (
            Field("verified_total", INTEGER, _("All verified enterprises.")),
            Field(
                "by_planning_region",
                "",
                _("Per planning region, each region once."),
                ref="region_count",
                many=True,
            ),
            Field(
                "by_municipality",
                "",
                _(
                    "Per municipality: each of today's municipalities, and a former one "
                    "while an enterprise is still based there."
                ),
                ref="municipality_count",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "need_counts",
        _("Counts of needs"),
        _("Drafts are never counted."),
        (
            Field("public_total", INTEGER, _("All public needs, whatever their status.")),
            Field(
                "by_status", "", _("Per status, each status once."), ref="status_count", many=True
            ),
            Field("open_total", INTEGER, _("Needs open now.")),
            Field(
                "open_by_planning_region",
                "",
                _("Open needs per planning region, each region once."),
                ref="region_count",
                many=True,
            ),
            Field(
                "open_by_category",
                "",
                _("Open needs per service category, most first; categories with none left out."),
                ref="category_count",
                many=True,
            ),
        ),
    ),
    JsonObject(
        "region_count",
        _("Count per planning region"),
        "",
        (
            Field("planning_region", "", _("The planning region."), ref="term"),
            Field("count", INTEGER, _("How many.")),
        ),
    ),
    JsonObject(
        "municipality_count",
        _("Count per municipality"),
        "",
        (
            Field("municipality", "", _("The municipality."), ref="municipality"),
            Field("count", INTEGER, _("How many.")),
        ),
    ),
    JsonObject(
        "status_count",
        _("Count per status"),
        "",
        (
            Field("status", CODE, _("The need's status."), values=choices(PUBLIC_NEED_STATUSES)),
            Field("count", INTEGER, _("How many.")),
        ),
    ),
    JsonObject(
        "category_count",
        _("Count per service category"),
        "",
        (
            Field("category", "", _("The service category."), ref="category"),
            Field("count", INTEGER, _("How many.")),
        ),
    ),
    JsonObject(
        "municipality",
        _("Municipality"),
        _("One of Latvia's municipalities (or a former one)."),
        (
            Field("name", TEXT, _("Its official name.")),
            Field("atvk", CODE, _("Its ATVK code (the statistical classifier); may be empty.")),
            Field("iso_code", CODE, _("Its ISO 3166-2 code, e.g. LV-033.")),
            Field("planning_region", "", _("Its planning region."), ref="term"),
        ),
    ),
    JsonObject(
        "service_area",
        _("Service area"),
        _("All of Latvia, a planning region or a municipality."),
        (
            Field("type", CODE, _("What kind of area it is."), values=SERVICE_AREA_TYPES),
            Field(
                "code",
                CODE,
                _("LV for Latvia, the region's code, or the municipality's ISO 3166-2 code."),
            ),
            Field("name_lv", TEXT, _("Name in Latvian.")),
            Field("name_en", TEXT, _("Name in English.")),
        ),
    ),
    JsonObject(
        "term",
        _("Term"),
        _(
            "A term of the portal's shared vocabulary: a planning region or a field of "
            "activity, for instance."
        ),
        (
            Field("code", CODE, _("A stable code, e.g. vidzeme.")),
            Field("name_lv", TEXT, _("Name in Latvian.")),
            Field("name_en", TEXT, _("Name in English.")),
        ),
    ),
    JsonObject(
        "target_group",
        _("Target group"),
        _("A term, plus where the law defines the group."),
        (
            Field("code", CODE, _("A stable code, e.g. disability.")),
            Field("name_lv", TEXT, _("Name in Latvian.")),
            Field("name_en", TEXT, _("Name in English.")),
            Field(
                "regulation_point",
                TEXT,
                _(
                    "The point of Cabinet Regulation No. 173 (2018) that lists the group, "
                    "e.g. 2.1; empty for groups the regulation does not list."
                ),
            ),
        ),
    ),
    JsonObject(
        "instrument",
        _("Instrument"),
        _("A term for a form of cooperation, plus its kind."),
        (
            Field("code", CODE, _("A stable code, e.g. purchasing.")),
            Field("name_lv", TEXT, _("Name in Latvian.")),
            Field("name_en", TEXT, _("Name in English.")),
            Field(
                "kind", CODE, _("Light or targeted cooperation."), values=choices(CooperationKind)
            ),
        ),
    ),
    JsonObject(
        "category",
        _("Service category"),
        _("A term for a service, plus the field it belongs to."),
        (
            Field("code", CODE, _("A stable code, e.g. laundry.")),
            Field("name_lv", TEXT, _("Name in Latvian.")),
            Field("name_en", TEXT, _("Name in English.")),
            Field(
                "parent", "", _("The field the service belongs to; empty for a field."), ref="term"
            ),
        ),
    ),
    JsonObject(
        "cpv_code",
        _("CPV code"),
        _("A code of the EU Common Procurement Vocabulary."),
        (
            Field("code", CODE, _("Eight digits, a hyphen and a check digit, e.g. 77313000-7.")),
            Field("label_lv", TEXT, _("Label in Latvian.")),
            Field("label_en", TEXT, _("Label in English.")),
        ),
    ),
)

OBJECTS_BY_KEY = {item.key: item for item in JSON_OBJECTS}

FILES = (
    DataFile(
        "enterprises.csv",
        "opendata_files:enterprises-csv",
        _("Verified social enterprises, one row each."),
        columns=ENTERPRISE_COLUMNS,
    ),
    DataFile(
        "enterprises.json",
        "opendata_files:enterprises-json",
        _("Verified social enterprises with their active offerings in full."),
        top="enterprises",
        schema="enterprises",
    ),
    DataFile(
        "needs.csv",
        "opendata_files:needs-csv",
        _("Public needs of municipalities, one row each."),
        columns=NEED_COLUMNS,
    ),
    DataFile(
        "needs.json",
        "opendata_files:needs-json",
        _("Public needs of municipalities."),
        top="needs",
        schema="needs",
    ),
    DataFile(
        "opportunities.csv",
        "opendata_files:opportunities-csv",
        _(
            "Published opportunities of municipalities (grant calls, premises, tax relief, "
            "events...), one row each."
        ),
        columns=OPPORTUNITY_COLUMNS,
    ),
    DataFile(
        "opportunities.json",
        "opendata_files:opportunities-json",
        _("Published opportunities of municipalities."),
        top="opportunities",
        schema="opportunities",
    ),
    DataFile(
        "statistics.json",
        "opendata_files:statistics-json",
        _("Counts of enterprises and needs by region, municipality, category and status."),
        top="statistics",
        schema="statistics",
    ),
)

# How our JSON maps to the Open Referral Human Services Data Specification (HSDS 3.0).
HSDS_MAPPING = (
    ("organizations[]", "organization", ""),
    (
        "organizations[].services[]",
        "service",
        _("In HSDS a service names its organisation (organization_id); here it sits inside it."),
    ),
    (
        "id",
        "id",
        _("HSDS 3.0 identifiers are UUIDs; ours are Kopā's numbers."),
    ),
    ("name, description, email, website", "name, description, email, website", ""),
    ("phone", "phones[].number", ""),
    ("legal_status, year_incorporated", "legal_status, year_incorporated", ""),
    ("registration_number", "organization_identifiers[].identifier", ""),
    ("last_checked_on", "service.assured_date", _("HSDS records it per service.")),
    ("services[].name, services[].description", "service.name, service.description", ""),
    (
        "services[].service_areas[]",
        "service_area",
        _("HSDS describes an area by name and extent; ours carry a type and a code."),
    ),
    (
        "target_groups, fields_of_activity, category, instruments, cpv_codes",
        "attribute → taxonomy_term",
        _("Each term's code and name; the field's name is the taxonomy."),
    ),
    ("updated_at", "metadata.last_action_date", ""),
)
