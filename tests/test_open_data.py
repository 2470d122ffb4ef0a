"""Open data: the files hold public data only, keep to their documented schema and columns,
stream in a number of queries that does not grow with the data, and the data dictionary
documents every field."""

import csv
import datetime
import io
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from jsonschema import Draft202012Validator

from cooperation.models import CpvCode, FieldOfActivity
from demo.seeding import DemoSize, seed_demo
from enterprises.models import LegalForm, RegisterStatus, SocialEnterprise, Verification
from municipalities.models import ContractReservation, Need, NeedStatus
from opendata import exports
from opendata.dictionary import (
    ENTERPRISE_COLUMNS,
    FILES,
    NEED_COLUMNS,
    OBJECTS_BY_KEY,
    OPPORTUNITY_COLUMNS,
)
from opportunities.models import Opportunity, OpportunityKind

from .factories import (
    NeedFactory,
    OfferingFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    instrument,
    municipality,
    representative_of,
    target_group,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(exports.__file__).resolve().parent / "schemas"
DATA_FILES = [
    "/open-data/enterprises.csv",
    "/open-data/enterprises.json",
    "/open-data/needs.csv",
    "/open-data/needs.json",
    "/open-data/opportunities.csv",
    "/open-data/opportunities.json",
]
EXPORTS = [*DATA_FILES, "/open-data/statistics.json"]


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> tuple[list[str], list[dict]]:
    content = body(response)
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    return reader.fieldnames, list(reader)


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def full_enterprise():
    """A verified enterprise with every field filled in, and a representative."""
    enterprise = SocialEnterpriseFactory(
        name="Ābeļu Šūšanas Darbnīca",
        description="Šujam darba apģērbu; strādā cilvēki ar invaliditāti.",
        email="info@abelu-darbnica.example",
        phone="+371 20000000",
        website="https://abelu-darbnica.example",
        register_status=RegisterStatus.CEASED,
        status_granted_on=datetime.date(2019, 5, 2),
        status_ended_on=datetime.date(2024, 1, 31),
        legal_form=LegalForm.SIA,
        founded_year=2015,
        home_municipality=municipality("gulbenes-novads"),
        employees_total=10,
        employees_target_group=4,
    )
    enterprise.target_groups.add(target_group("disability"), target_group("seniors"))
    enterprise.fields_of_activity.add(FieldOfActivity.objects.get(slug="work-integration"))
    enterprise.served_municipalities.add(municipality("ludzas-novads"))
    enterprise.served_regions.add(municipality("riga").region)
    offering = OfferingFactory(
        enterprise=enterprise, title="Darba apģērbu šūšana", category=category("laundry")
    )
    offering.target_groups.add(target_group("disability"))
    offering.instruments.add(instrument("purchasing"))
    offering.cpv_codes.add(CpvCode.objects.get(code="98310000-9"))
    OfferingFactory(enterprise=enterprise, title="Vecais piedāvājums", is_active=False)
    representative_of(enterprise, "janis.ozols@example.lv")
    return enterprise


@pytest.fixture
def full_need():
    """A public need with every field filled in."""
    need = NeedFactory(
        title="Skolu veļas mazgāšana Ļaudonā",
        municipality=municipality("madonas-novads"),
        category=category("laundry"),
        reservation=ContractReservation.ART20,
        budget_min=Decimal("1200.50"),
        budget_max=Decimal("5000"),
        deadline=datetime.date(2030, 6, 1),
        created_by=UserFactory(username="ieva", email="ieva.berzina@madona.example"),
    )
    need.target_groups.add(target_group("disability"))
    need.instruments.add(instrument("purchasing"))
    need.cpv_codes.add(CpvCode.objects.get(code="98310000-9"))
    return need


@pytest.fixture
def full_opportunities():
    """Premises offered by two municipalities together, with every field filled in, and a
    grant call whose last day to apply has passed though nobody has closed it yet."""
    gulbene = municipality("gulbenes-novads")
    premises = OpportunityFactory(
        municipality=gulbene,
        kind=OpportunityKind.PREMISES,
        title_lv="Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā",
        title_en="Former Stāmeriena school premises for free use",
        description_lv="Trīs klases, virtuve un sanitārais mezgls; komunālos maksājumus sedz "
        "lietotājs.",
        description_en="Three classrooms, a kitchen and toilets.",
        who_may_apply="Uzņēmumi, kas strādā Gulbenes vai Madonas novadā.",
        address="Skolas iela 2, Stāmeriena, Gulbenes novads",
        area_m2=Decimal("186.5"),
        condition="nepieciešams kosmētiskais remonts",
        allowed_use="Dienas centrs senioriem vai darbnīca.",
        terms="free_use",
        period="5 gadi",
        plan_url="https://www.gulbene.lv/plans/stameriena.pdf",
        contact_name="Ilze Kalniņa",
        contact_email="ilze.kalnina@gulbene.example",
        contact_phone="+371 26 000 111",
        created_by=UserFactory(username="ilze", email="ilze.kalnina@gulbene.example"),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
    )
    premises.partners.add(municipality("madonas-novads"))
    premises.categories.add(category("catering"))
    premises.target_groups.add(target_group("seniors"))
    expired = OpportunityFactory(
        municipality=gulbene,
        kind=OpportunityKind.GRANT_CALL,
        title_lv="Grantu konkurss, kura termiņš pagājis",
        budget_total=Decimal("30000"),
        amount_min=Decimal("1000"),
        amount_max=Decimal("5000.50"),
        cofinancing_percent=10,
        decision_on=datetime.date(2026, 3, 1),
    )
    Opportunity.objects.filter(pk=expired.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    OpportunityFactory(title_lv="Iespējas melnraksts", status="draft")
    return premises, expired


def test_opportunities_hold_published_ones_without_people(client, full_opportunities):
    premises, expired = full_opportunities
    for url in ["/open-data/opportunities.csv", "/open-data/opportunities.json"]:
        text = body(client.get(url)).decode("utf-8-sig")
        assert "Iespējas melnraksts" not in text, url
        # Neither the officer who wrote it nor the contact person the page names.
        assert "Kalniņa" not in text and "ilze.kalnina" not in text, url
        assert "26 000 111" not in text, url

    records = {
        item["id"]: item
        for item in json.loads(body(client.get("/open-data/opportunities.json")))["opportunities"]
    }
    assert set(records) == {premises.pk, expired.pk}
    record = records[premises.pk]
    assert record["instrument"]["code"] == "property-free-of-charge"
    assert record["instrument"]["kind"] == "targeted"
    assert record["status_required"] is True  # the law reserves property free of charge
    assert record["area_m2"] == 186.5
    assert record["terms"] == "free_use"
    assert [item["name"] for item in record["partners"]] == ["Madonas novads"]
    assert record["budget_total"] is None  # a grant call's fact, not premises'
    assert record["page_url"].endswith(f"/lv/opportunities/{premises.pk}/")
    # Not shown as open once its last day has passed, as on its page.
    assert records[expired.pk]["status"] == "closed"

    columns, rows = csv_rows(client.get("/open-data/opportunities.csv"))
    assert columns == [column.name for column in OPPORTUNITY_COLUMNS]
    rows = {int(row["id"]): row for row in rows}
    row = rows[premises.pk]
    assert row["title"] == "Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā"
    assert row["instrument"] == "Mantas bezatlīdzības nodošana īpašumā vai lietošanā"
    assert row["cooperation_kind"] == "targeted"
    assert row["municipality"] == "Gulbenes novads"
    assert row["planning_region"] == "Vidzemes plānošanas reģions"
    assert row["partners"] == "Madonas novads"
    assert row["status_required"] == "true"
    assert row["area_m2"] == "186.5"
    assert row["budget_total"] == ""
    grant = rows[expired.pk]
    assert grant["status"] == "closed"
    assert grant["amount_max"] == "5000.50"
    assert grant["decision_on"] == "2026-03-01"


def test_exports_hold_verified_enterprises_and_public_needs_only(
    client, full_enterprise, full_need
):
    SocialEnterpriseFactory(name="Gaidošais uzņēmums", verification=Verification.PENDING)
    SocialEnterpriseFactory(name="Noraidītais uzņēmums", verification=Verification.REJECTED)
    NeedFactory(title="Slēgta vajadzība", status=NeedStatus.CLOSED)
    NeedFactory(title="Vajadzības melnraksts", status=NeedStatus.DRAFT)

    for url in EXPORTS:
        text = body(client.get(url)).decode()
        assert "Gaidošais uzņēmums" not in text, url
        assert "Noraidītais uzņēmums" not in text, url
        assert "Vajadzības melnraksts" not in text, url
        assert "Vecais piedāvājums" not in text, url  # an offering no longer active
        # No personal data: neither the representative nor the author of the need.
        assert "janis.ozols" not in text, url
        assert "ieva.berzina" not in text, url

    enterprises = json.loads(body(client.get("/open-data/enterprises.json")))["organizations"]
    assert [item["name"] for item in enterprises] == ["Ābeļu Šūšanas Darbnīca"]
    assert [service["name"] for service in enterprises[0]["services"]] == ["Darba apģērbu šūšana"]
    needs = json.loads(body(client.get("/open-data/needs.json")))["needs"]
    assert {item["title"] for item in needs} == {full_need.title, "Slēgta vajadzība"}
    _, rows = csv_rows(client.get("/open-data/needs.csv"))
    assert {row["title"] for row in rows} == {full_need.title, "Slēgta vajadzība"}


def test_enterprise_record_says_what_its_page_says(client, full_enterprise):
    (record,) = json.loads(body(client.get("/open-data/enterprises.json")))["organizations"]
    assert record["registration_number"] == full_enterprise.registration_number
    assert record["register_status"] == "ceased"
    assert record["status_ended_on"] == "2024-01-31"
    assert record["target_group_employee_share"] == 40
    assert record["reserved_contract_eligible"] is True
    assert record["home_municipality"]["iso_code"] == "LV-033"
    assert [area["type"] for area in record["service_areas"]] == ["planning_region", "municipality"]
    assert record["page_url"].endswith(f"/lv/enterprises/{full_enterprise.slug}/")
    (service,) = record["services"]
    # Without an area of its own, an offering is available wherever the enterprise works.
    assert service["service_areas"] == record["service_areas"]
    assert service["category"]["parent"]["code"] == "municipal-services"


@pytest.mark.parametrize("name", ["enterprises", "needs", "opportunities", "statistics"])
def test_json_exports_validate_against_their_schemas(
    client, full_enterprise, full_need, full_opportunities, name
):
    seed_demo(seed=7, size=DemoSize(enterprises=15, offerings=30, needs=15))
    served = json.loads(body(client.get(f"/open-data/schema/{name}.json")))
    assert served == schema(name)
    Draft202012Validator.check_schema(served)
    validator = Draft202012Validator(served, format_checker=Draft202012Validator.FORMAT_CHECKER)

    data = json.loads(body(client.get(f"/open-data/{name}.json")))

    errors = [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)
    ]
    assert errors == []
    assert data["schema_version"] == exports.SCHEMA_VERSION
    assert data["licence"]["id"] == "CC-BY-4.0"
    assert data["schema"].endswith(f"/open-data/schema/{name}.json")


def test_every_schema_field_is_in_the_data_dictionary():
    """The schemas and the dictionary page list the same fields, with the same meanings."""
    shared = {}
    with translation.override("en"):
        for file in FILES:
            if not file.schema:
                continue
            document = schema(file.schema)
            objects = {"metadata+top": document, **document["$defs"]}
            for key, definition in objects.items():
                documented = (
                    OBJECTS_BY_KEY["metadata"].fields + OBJECTS_BY_KEY[file.top].fields
                    if key == "metadata+top"
                    else OBJECTS_BY_KEY[key].fields
                )
                described = {
                    name: prop["description"] for name, prop in definition["properties"].items()
                }
                assert described == {field.name: str(field.meaning) for field in documented}, key
                assert definition["required"] == list(described), key
                assert definition["additionalProperties"] is False, key
                # An object several files use is defined the same way in each.
                if key != "metadata+top":
                    assert shared.setdefault(key, definition) == definition, key


def test_csv_parses_back_with_the_documented_columns(client, full_enterprise, full_need):
    columns, (row,) = csv_rows(client.get("/open-data/enterprises.csv"))
    assert columns == [column.name for column in ENTERPRISE_COLUMNS]
    # Every column of a fully filled-in enterprise has a value.
    assert [column for column, value in row.items() if value == ""] == []
    assert row["name"] == "Ābeļu Šūšanas Darbnīca"
    assert row["description"] == "Šujam darba apģērbu; strādā cilvēki ar invaliditāti."
    assert row["home_municipality"] == "Gulbenes novads"
    assert row["service_areas"] == "Rīgas plānošanas reģions | Ludzas novads"
    assert row["target_groups"].count(" | ") == 1
    assert row["offerings"] == "Darba apģērbu šūšana"
    assert row["reserved_contract_eligible"] == "true"
    assert row["status_granted_on"] == "2019-05-02"

    columns, rows = csv_rows(client.get("/open-data/needs.csv"))
    assert columns == [column.name for column in NEED_COLUMNS]
    (row,) = rows
    assert [column for column, value in row.items() if value == ""] == []
    assert row["title"] == "Skolu veļas mazgāšana Ļaudonā"
    assert row["municipality"] == "Madonas novads"
    assert row["planning_region"] == "Vidzemes plānošanas reģions"
    assert row["budget_min"] == "1200.50"
    assert row["cpv_codes"] == "98310000-9"
    assert row["reservation"] == "art20"


def test_csv_quotes_commas_and_line_breaks_and_keeps_bars_apart(client):
    enterprise = SocialEnterpriseFactory(
        name='Darbnīca "Pīlādzis", SIA', description="Pirmā rinda,\notrā rinda."
    )
    OfferingFactory(enterprise=enterprise, title="Šūšana | labošana")
    OfferingFactory(enterprise=enterprise, title="Gludināšana")
    _, (row,) = csv_rows(client.get("/open-data/enterprises.csv"))
    assert row["name"] == 'Darbnīca "Pīlādzis", SIA'
    assert row["description"] == "Pirmā rinda,\notrā rinda."
    assert row["offerings"] == "Gludināšana | Šūšana / labošana"


def test_files_read_the_same_whatever_the_language(client, full_enterprise, full_need):
    for url in ["/open-data/enterprises.csv", "/open-data/needs.csv"]:
        latvian = body(client.get(url, HTTP_ACCEPT_LANGUAGE="lv"))
        english = body(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert english == latvian, url
        assert "/lv/" in latvian.decode("utf-8-sig")


@pytest.mark.parametrize("url", DATA_FILES)
def test_data_files_stream(client, url):
    response = client.get(url)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == (
        "text/csv; charset=utf-8" if url.endswith(".csv") else "application/json"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in response["Link"]
    body(response)


@pytest.mark.parametrize("url", EXPORTS)
def test_files_are_read_only(client, url):
    assert client.post(url).status_code == 405


def test_unknown_schema_is_not_found(client):
    assert client.get("/open-data/schema/users.json").status_code == 404


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        body(client.get(url))
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(
    client, full_enterprise, full_need, full_opportunities
):
    seed_demo(seed=1, size=DemoSize(enterprises=4, offerings=8, needs=5))
    assert SocialEnterprise.objects.count() == 5
    small = {url: count_queries(client, url) for url in EXPORTS}
    seed_demo(seed=2, size=DemoSize(enterprises=195, offerings=500, needs=200))
    assert SocialEnterprise.objects.count() == 200
    assert Opportunity.objects.public().count() > 40
    large = {url: count_queries(client, url) for url in EXPORTS}
    assert large == small


def test_queries_grow_with_chunks_not_rows(client, monkeypatch):
    seed_demo(seed=3, size=DemoSize(enterprises=80, offerings=200, needs=80))
    readers = {
        "/open-data/enterprises.json": SocialEnterprise.objects.verified().count(),
        "/open-data/needs.csv": Need.objects.public().count(),
    }
    one_chunk = {url: count_queries(client, url) for url in readers}
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    for url, rows in readers.items():
        chunks = math.ceil(rows / 10)
        assert chunks > 3
        chunked = count_queries(client, url)
        # The first query reads the rows; the others fetch related rows, once per chunk.
        assert one_chunk[url] < chunked <= 1 + chunks * (one_chunk[url] - 1), url


def test_statistics_count_what_the_portal_shows(client, full_enterprise, full_need):
    SocialEnterpriseFactory(home_municipality=municipality("riga"))
    SocialEnterpriseFactory(verification=Verification.PENDING)
    NeedFactory(status=NeedStatus.DRAFT)
    NeedFactory(status=NeedStatus.FULFILLED, municipality=municipality("riga"))

    data = json.loads(body(client.get("/open-data/statistics.json")))

    enterprises = data["enterprises"]
    assert enterprises["verified_total"] == 2
    by_region = {
        item["planning_region"]["code"]: item["count"] for item in enterprises["by_planning_region"]
    }
    assert by_region == {"riga": 1, "vidzeme": 1, "kurzeme": 0, "zemgale": 0, "latgale": 0}
    by_municipality = {
        item["municipality"]["name"]: item["count"] for item in enterprises["by_municipality"]
    }
    assert len(by_municipality) == 42  # today's municipalities, none based in a former one
    assert by_municipality["Gulbenes novads"] == 1
    needs = data["needs"]
    assert needs["public_total"] == 2
    assert {item["status"]: item["count"] for item in needs["by_status"]} == {
        "open": 1,
        "in_progress": 0,
        "fulfilled": 1,
        "closed": 0,
    }
    assert needs["open_total"] == 1
    assert [(item["category"]["code"], item["count"]) for item in needs["open_by_category"]] == [
        ("laundry", 1)
    ]
    assert {
        item["planning_region"]["code"]: item["count"] for item in needs["open_by_planning_region"]
    }["vidzeme"] == 1


@pytest.mark.parametrize("language", ["lv", "en"])
def test_data_dictionary_documents_every_file_and_field(client, language):
    response = client.get(f"/{language}/open-data/")
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    for file in FILES:
        assert f'href="{reverse(file.url_name)}"' in page
        if file.schema:
            assert f'href="/open-data/schema/{file.schema}.json"' in page
    for column in ENTERPRISE_COLUMNS + NEED_COLUMNS + OPPORTUNITY_COLUMNS:
        assert f"<code>{column.name}</code>" in page
    for item in OBJECTS_BY_KEY.values():
        assert f'id="json-{item.key}"' in page
        for field in item.fields:
            assert f"<code>{field.name}</code>" in page
    assert "CC BY 4.0" in page
    assert f"{exports.SCHEMA_VERSION}." in page
