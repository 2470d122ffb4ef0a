"""Opportunities on the statistics page: support offered by municipality and form of
cooperation, money in grant calls, premises, and the municipalities offering nothing open.
Drafts never count; an opportunity past its last day is not open."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from opportunities.models import Opportunity, OpportunityKind
from stats.opportunities import OpportunityData

from .factories import OpportunityFactory, municipality

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def offered():
    gulbene, madona, ludza = (
        municipality("gulbenes-novads"),
        municipality("madonas-novads"),
        municipality("ludzas-novads"),
    )
    school = OpportunityFactory(
        municipality=gulbene,
        kind=OpportunityKind.PREMISES,
        title_lv="Bijušās Stāmerienas pamatskolas telpas bezatlīdzības lietošanā",
        address="Skolas iela 2, Stāmeriena, Gulbenes novads",
        area_m2=Decimal("186.5"),
        terms="free_use",
        closes_on=TODAY + datetime.timedelta(days=20),
    )
    school.partners.add(madona)
    OpportunityFactory(
        municipality=gulbene,
        kind=OpportunityKind.GRANT_CALL,
        title_lv="Gulbenes novada sociālās uzņēmējdarbības grantu konkurss",
        budget_total=Decimal("30000"),
        closes_on=TODAY + datetime.timedelta(days=45),
    )
    OpportunityFactory(
        municipality=ludza,
        kind=OpportunityKind.GRANT_CALL,
        title_lv="Ludzas novada grantu konkurss 2025",
        budget_total=Decimal("20000.40"),
        status="closed",
    )
    workshop = OpportunityFactory(
        municipality=ludza,
        kind=OpportunityKind.PREMISES,
        title_lv="Darbnīcas telpas Ludzā par samazinātu nomas maksu",
        address="Baznīcas iela 7, Ludza",
        area_m2=Decimal("74"),
        terms="reduced_rent",
    )
    # Its last day has passed, though nobody has closed it yet: not open.
    Opportunity.objects.filter(pk=workshop.pk).update(closes_on=TODAY - datetime.timedelta(days=1))
    OpportunityFactory(
        municipality=municipality("riga"),
        kind=OpportunityKind.GRANT_CALL,
        title_lv="Rīgas grantu konkursa melnraksts",
        budget_total=Decimal("99999"),
        status="draft",
    )


def test_support_by_municipality_counts_partners_and_never_drafts(offered):
    rows = {row.key: row for row in OpportunityData().by_municipality}
    assert len(rows) == 42  # every current municipality
    gulbene = rows["gulbenes-novads"]
    # Property free of charge and a grant programme are both targeted cooperation.
    assert (gulbene.light, gulbene.targeted, gulbene.open_now) == (0, 2, 2)
    assert (rows["madonas-novads"].targeted, rows["madonas-novads"].open_now) == (1, 1)
    ludza = rows["ludzas-novads"]
    # Premises at a reduced rent make infrastructure available: light cooperation.
    assert (ludza.light, ludza.targeted, ludza.open_now) == (1, 1, 0)
    assert rows["riga"].published == 0
    assert list(rows)[:3] == ["gulbenes-novads", "ludzas-novads", "madonas-novads"]


def test_municipalities_with_no_open_opportunity(offered):
    without = {row.key: row.published for row in OpportunityData().without_open}
    assert "gulbenes-novads" not in without
    assert "madonas-novads" not in without  # offers the school premises with Gulbene
    assert without["ludzas-novads"] == 2  # published before, nothing open today
    assert without["riga"] == 0  # only a draft
    assert len(without) == 40


def test_money_in_grant_calls_and_premises(offered):
    data = OpportunityData()
    money = [(row.label, row.calls, row.budget, row.open_budget) for row in data.grant_money]
    assert money == [
        ("Gulbenes novads", 1, Decimal("30000"), Decimal("30000")),
        ("Ludzas novads", 1, Decimal("20000.40"), Decimal("0")),
    ]
    premises = {row.key: (row.premises, row.area_m2, row.open_now) for row in data.premises}
    assert premises == {
        "free_use": (1, Decimal("186.5"), 1),
        "reduced_rent": (1, Decimal("74"), 0),
        "transfer": (0, Decimal("0"), 0),
    }
    instruments = {row.key: (row.published, row.open_now) for row in data.by_instrument}
    assert instruments["grant-programme"] == (2, 1)
    assert instruments["infrastructure"] == (1, 0)
    assert instruments["property-free-of-charge"] == (1, 1)


def test_statistics_page_shows_the_support_municipalities_offer(client, offered):
    page = client.get("/lv/statistics/").content.decode()
    assert 'id="opportunities-heading"' in page
    assert "Pašvaldību piedāvātais atbalsts" in page
    assert "Rīgas grantu konkursa melnraksts" not in page
    assert "50000 eiro piedāvāti 2 grantu konkursos; 30000 eiro šodien atvērtos konkursos." in page
    assert "40 pašvaldībām no 42 nav atvērtas iespējas." in page


@pytest.mark.parametrize(
    "slug",
    [
        "opportunities-by-municipality",
        "opportunities-by-instrument",
        "grant-money",
        "premises-offered",
        "municipalities-without-opportunity",
    ],
)
def test_each_opportunity_figure_downloads_as_csv(client, offered, slug):
    response = client.get(f"/en/statistics/{slug}.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert len(rows) > 1
    if slug == "grant-money":
        assert rows == [
            ["Municipality", "Grant calls", "Total budget (EUR)", "Open today (EUR)"],
            ["Gulbenes novads", "1", "30000", "30000"],
            ["Ludzas novads", "1", "20000", "0"],
        ]
    if slug == "municipalities-without-opportunity":
        assert ["Ludzas novads", "Latgale Planning Region", "2"] in rows
        assert "Gulbenes novads" not in {row[0] for row in rows}
