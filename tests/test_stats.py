"""Statistics: each figure right on hand-made data, the CSV downloads equal to the tables on
the page, accessible SVG, both languages, and a query count that does not grow with data."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus
from demo.seeding import DemoSize, demo_enterprises, seed_demo
from enterprises.filter_index import refresh_filter_index
from enterprises.models import SocialEnterprise, Verification
from matching.models import Match
from municipalities.models import Municipality, Need, NeedStatus
from stats import charts, queries
from stats.figures import FIGURES, SECTIONS
from stats.models import Board, SearchMiss

from .factories import (
    NeedFactory,
    OfferingFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _count_afresh(monkeypatch):
    """These tests read the page again after each change, as a visitor five minutes later
    would; tests/test_stats_impact.py checks the cache itself."""
    monkeypatch.setattr("stats.views.CACHE_SECONDS", 0)


NOW = timezone.make_aware(datetime.datetime(2025, 6, 15, 12, 0))


class Tables(HTMLParser):
    """The rows of each figure's table on the page, by the figure's id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.figure = ""
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "article" and "chart" in attributes.get("class", ""):
            self.figure = attributes["id"]
        elif tag == "table" and self.figure:
            self.tables[self.figure] = []
        elif tag == "tr" and self.figure in self.tables:
            self.row = []
        elif tag in {"th", "td"} and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in {"th", "td"} and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.figure].append(self.row)
            self.row = None
        elif tag == "article":
            self.figure = ""

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(client, language: str = "en") -> dict[str, list[list[str]]]:
    response = client.get(f"/{language}/statistics/")
    assert response.status_code == 200
    return Tables(response.content.decode()).tables


def csv_rows(client, slug: str, language: str = "en") -> list[list[str]]:
    response = client.get(f"/{language}/statistics/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def row_for(rows: list[list], label: str) -> list:
    return next(row for row in rows if row[0] == label)


def cooperate(*instruments, status=CooperationStatus.ACTIVE, created=None, completed=None):
    cooperation = Cooperation.objects.create(
        municipality=municipality("gulbenes-novads"),
        enterprise=SocialEnterpriseFactory(),
        initiated_by="enterprise",
        status=status,
        title="Parku uzkopšana kopā",
        problem="Parki netiek kopti.",
        solution="Uzņēmums kopj parkus.",
        completed_at=completed,
    )
    cooperation.instruments.add(*[instrument(slug) for slug in instruments])
    if created:  # created_at is stamped on insert
        Cooperation.objects.filter(pk=cooperation.pk).update(created_at=created)
    return cooperation


def at(year: int, month: int, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


# Social enterprises


def test_verified_enterprises_by_planning_region_and_home_municipality(client):
    gulbene, cesis = municipality("gulbenes-novads"), municipality("cesu-novads")
    SocialEnterpriseFactory(home_municipality=gulbene)
    SocialEnterpriseFactory(home_municipality=cesis)
    SocialEnterpriseFactory(
        home_municipality=gulbene, verification=Verification.PENDING, checked_at=None
    )
    SocialEnterpriseFactory(home_municipality=gulbene, verification=Verification.REJECTED)
    # Serving Vidzeme from Rīga counts in Rīga: enterprises are counted where they are based.
    from_riga = SocialEnterpriseFactory(home_municipality=municipality("riga"))
    from_riga.served_regions.add(gulbene.region)

    by_region = {row.key: row.count for row in queries.verified_enterprises_by_region()}
    assert by_region == {"riga": 1, "vidzeme": 2, "kurzeme": 0, "zemgale": 0, "latgale": 0}
    by_municipality = queries.verified_enterprises_by_municipality()
    assert {row.key: row.count for row in by_municipality[:3]} == {
        "gulbenes-novads": 1,
        "cesu-novads": 1,
        "riga": 1,
    }
    # Every current municipality is listed, the ones without an enterprise too, but not
    # Varakļāni, merged away and home to none.
    assert len(by_municipality) == Municipality.objects.current().count() == 42
    assert "varaklanu-novads" not in {row.key for row in by_municipality}

    tables = page_tables(client)
    assert row_for(tables["enterprises-by-region"], "Vidzeme Planning Region") == [
        "Vidzeme Planning Region",
        "2",
    ]
    assert row_for(tables["enterprises-by-municipality"], "Gulbenes novads")[1] == "1"
    assert row_for(tables["enterprises-by-municipality"], "Ludzas novads")[1] == "0"


def test_a_merged_municipality_is_listed_while_an_enterprise_is_based_there():
    SocialEnterpriseFactory(home_municipality=municipality("varaklanu-novads"))
    rows = {row.key: row.count for row in queries.verified_enterprises_by_municipality()}
    assert rows["varaklanu-novads"] == 1
    assert len(rows) == 43


# Needs


def test_share_of_open_needs_with_a_match(client):
    enterprise = SocialEnterpriseFactory()
    offering = OfferingFactory(enterprise=enterprise, category=category("park-maintenance"))
    matched = NeedFactory(category=category("park-maintenance"))
    NeedFactory(category=category("catering"))  # open, no match
    Match.objects.create(need=matched, enterprise=enterprise, offering=offering, score=60)
    # Not open, so not counted, matched or not.
    fulfilled = NeedFactory(status=NeedStatus.FULFILLED)
    Match.objects.create(need=fulfilled, enterprise=enterprise, offering=offering, score=60)
    NeedFactory(status=NeedStatus.DRAFT)
    NeedFactory(category=category("home-care"), status=NeedStatus.CLOSED)

    by_field = {row.key: row for row in queries.open_needs_by_field()}
    assert by_field["municipal-services"] == queries.FieldNeeds(
        "municipal-services", "Pašvaldību saimnieciskie pakalpojumi", 2, 1
    )
    assert by_field["social-services"].open_needs == 0

    tables = page_tables(client)
    assert row_for(tables["matched-share"], "All fields") == ["All fields", "2", "1", "50"]
    assert row_for(tables["matched-share"], "Municipal services") == [
        "Municipal services",
        "2",
        "1",
        "50",
    ]
    assert row_for(tables["matched-share"], "Social services") == ["Social services", "0", "0", "–"]
    assert row_for(tables["open-needs-by-field"], "Municipal services") == [
        "Municipal services",
        "2",
    ]
    page = client.get("/en/statistics/").content.decode()
    assert "1 of 2 open needs (50%) have at least one match." in page


def test_how_long_open_needs_have_been_open():
    for days in [10, 40, 100, 400]:
        NeedFactory(published_at=NOW - datetime.timedelta(days=days))
    NeedFactory(published_at=NOW - datetime.timedelta(days=30, hours=23))  # 30 whole days
    NeedFactory(published_at=NOW - datetime.timedelta(days=31))
    NeedFactory(status=NeedStatus.IN_PROGRESS, published_at=NOW - datetime.timedelta(days=500))

    bands = queries.open_need_ages(now=NOW)
    assert [(band.low_days, band.high_days) for band in bands] == queries.AGE_BOUNDS
    assert [band.open_needs for band in bands] == [2, 2, 1, 0, 1]


def test_median_days_open_by_status():
    for days in [10, 40, 100, 400]:
        NeedFactory(published_at=NOW - datetime.timedelta(days=days))
    NeedFactory(status=NeedStatus.IN_PROGRESS, published_at=NOW - datetime.timedelta(days=5))
    finished = [(50, 20), (20, 10), (90, 0)]  # published, last changed: days ago
    for published, changed in finished:
        need = NeedFactory(
            status=NeedStatus.FULFILLED, published_at=NOW - datetime.timedelta(days=published)
        )
        Need.objects.filter(pk=need.pk).update(updated_at=NOW - datetime.timedelta(days=changed))
    NeedFactory(status=NeedStatus.DRAFT)

    durations = {row.status: row for row in queries.need_durations(now=NOW)}
    assert durations["open"].needs == 4
    assert durations["open"].median_days == 70  # between 40 and 100
    assert durations["open"].until_today
    assert durations["in_progress"].median_days == 5
    assert durations["fulfilled"].needs == 3
    assert durations["fulfilled"].median_days == 30  # of 30, 10 and 90
    assert not durations["fulfilled"].until_today
    assert durations["closed"].needs == 0
    assert durations["closed"].median_days is None


# Coverage gaps


def gaps() -> set[tuple[str, str]]:
    return {(gap.municipality_slug, gap.field_key) for gap in queries.coverage_gaps()}


def test_a_coverage_gap_appears_and_disappears_when_a_serving_enterprise_is_verified(client):
    ludza = municipality("ludzas-novads")
    NeedFactory(municipality=ludza, category=category("park-maintenance"))
    local = SocialEnterpriseFactory(
        home_municipality=ludza, verification=Verification.PENDING, checked_at=None
    )
    OfferingFactory(enterprise=local, category=category("park-maintenance"))
    # Working elsewhere, or in Ludza in another field, or no longer offering: no help.
    elsewhere = SocialEnterpriseFactory(home_municipality=municipality("liepaja"))
    OfferingFactory(enterprise=elsewhere, category=category("park-maintenance"))
    other_field = SocialEnterpriseFactory(home_municipality=ludza)
    OfferingFactory(enterprise=other_field, category=category("home-care"))
    retired = SocialEnterpriseFactory(home_municipality=ludza)
    OfferingFactory(enterprise=retired, category=category("park-maintenance"), is_active=False)

    assert gaps() == {("ludzas-novads", "municipal-services")}
    assert queries.coverage_gaps()[0] == queries.CoverageGap(
        "Ludzas novads",
        "ludzas-novads",
        "Latgales plānošanas reģions",
        "municipal-services",
        "Pašvaldību saimnieciskie pakalpojumi",
        1,
    )
    tables = page_tables(client)
    assert tables["coverage-gaps"] == [
        ["Municipality", "Planning region", "Field", "Open needs"],
        ["Ludzas novads", "Latgale Planning Region", "Municipal services", "1"],
    ]
    assert row_for(tables["coverage-gaps-by-field"], "Municipal services") == [
        "Municipal services",
        "1",
        "1",
    ]

    local.verification, local.checked_at = Verification.VERIFIED, timezone.now()
    local.save()
    assert gaps() == set()
    assert (
        Tables(client.get("/en/statistics/").content.decode()).tables.get("coverage-gaps") is None
    )  # no table, just "No gaps at the moment."


@pytest.mark.parametrize("serving", ["named municipality", "planning region", "all of Latvia"])
def test_an_enterprise_based_elsewhere_closes_the_gap_by_its_service_area(serving):
    ludza = municipality("ludzas-novads")
    NeedFactory(municipality=ludza, category=category("catering"))
    enterprise = SocialEnterpriseFactory(home_municipality=municipality("riga"))
    OfferingFactory(enterprise=enterprise, category=category("park-maintenance"))
    assert gaps() == {("ludzas-novads", "municipal-services")}
    if serving == "named municipality":
        enterprise.served_municipalities.add(ludza)
    elif serving == "planning region":
        enterprise.served_regions.add(ludza.region)
    else:
        SocialEnterprise.objects.filter(pk=enterprise.pk).update(serves_nationwide=True)
    assert gaps() == set()


def test_only_open_needs_of_current_municipalities_make_gaps():
    NeedFactory(municipality=municipality("ludzas-novads"), status=NeedStatus.IN_PROGRESS)
    NeedFactory(municipality=municipality("ludzas-novads"), status=NeedStatus.DRAFT)
    NeedFactory(municipality=municipality("varaklanu-novads"))
    NeedFactory(municipality=municipality("cesu-novads"), category=category("municipal-services"))
    assert gaps() == {("cesu-novads", "municipal-services")}


def test_coverage_gaps_agree_with_the_queryset_methods():
    seed_demo(seed=3, size=DemoSize(enterprises=25, offerings=40, needs=60))
    # Without enterprises serving all of Latvia or all of the Rīga region, there are gaps.
    demo_enterprises().update(serves_nationwide=False)
    SocialEnterprise.served_regions.through.objects.filter(planningregion__slug="riga").delete()
    refresh_filter_index(demo_enterprises().values_list("pk", flat=True))

    expected = set()
    for need in Need.objects.open().select_related("municipality", "category__parent"):
        field = need.category.parent or need.category
        serving = SocialEnterprise.objects.verified().serving(need.municipality)
        if need.municipality.is_current and not serving.offering_in(field).exists():
            expected.add((need.municipality.slug, field.slug))
    assert expected, "the demo data should leave some gaps"
    assert gaps() == expected


# Cooperation


def test_cooperations_by_kind_instrument_and_quarter(client):
    cooperate("information-support", created=at(2025, 2, 1))
    cooperate("purchasing", created=at(2025, 5, 1))
    cooperate("information-support", "purchasing", "delegation", created=at(2025, 5, 2))
    cooperate(
        "purchasing",
        status=CooperationStatus.COMPLETED,
        created=at(2025, 1, 10),
        completed=at(2025, 8, 1),
    )
    # Proposals that came to nothing are not counted.
    cooperate("information-support", status=CooperationStatus.DECLINED, created=at(2025, 2, 2))
    cooperate("purchasing", status=CooperationStatus.WITHDRAWN, created=at(2025, 2, 2))
    cooperate(created=at(2025, 2, 3))  # no form recorded

    assert queries.cooperations_by_kind() == queries.KindCounts(
        light_only=1, targeted_only=2, both=1, neither=1
    )
    by_instrument = {row.key: row for row in queries.cooperations_by_instrument()}
    assert (by_instrument["purchasing"].cooperations, by_instrument["purchasing"].completed) == (
        3,
        1,
    )
    assert by_instrument["information-support"].cooperations == 2
    assert by_instrument["delegation"].kind == "targeted"
    assert by_instrument["grant-programme"].cooperations == 0

    quarters = queries.cooperations_per_quarter(today=datetime.date(2025, 12, 1))
    assert [(q.year, q.quarter, q.light, q.targeted, q.completed) for q in quarters] == [
        (2025, 1, 1, 1, 0),
        (2025, 2, 1, 2, 0),
        (2025, 3, 0, 0, 1),
        (2025, 4, 0, 0, 0),
    ]

    tables = page_tables(client)
    assert tables["cooperations-by-kind"] == [
        ["Kind", "Cooperations"],
        ["Light only", "1"],
        ["Targeted only", "2"],
        ["Both light and targeted", "1"],
        ["No form of cooperation recorded", "1"],
    ]
    assert row_for(tables["cooperations-by-instrument"], "Buying goods and services") == [
        "Buying goods and services",
        "Targeted cooperation",
        "3",
        "1",
    ]
    assert tables["cooperations-over-time"][1:4] == [
        ["Q1 2025", "1", "1", "0"],
        ["Q2 2025", "1", "2", "0"],
        ["Q3 2025", "0", "0", "1"],
    ]


def test_no_cooperations_yet(client):
    assert queries.cooperations_per_quarter() == []
    page = client.get("/en/statistics/").content.decode()
    assert "No cooperations recorded yet." in page
    assert 'id="cooperations-over-time-title"' not in page  # no empty chart


# The page and its downloads


@pytest.fixture
def some_of_everything():
    enterprise = SocialEnterpriseFactory(home_municipality=municipality("riga"))
    offering = OfferingFactory(enterprise=enterprise, category=category("park-maintenance"))
    need = NeedFactory(municipality=municipality("ludzas-novads"))
    Match.objects.create(need=need, enterprise=enterprise, offering=offering, score=40)
    NeedFactory(status=NeedStatus.FULFILLED, published_at=NOW)
    cooperate("purchasing", "information-support", created=at(2025, 3, 1))
    cooperate("purchasing", status=CooperationStatus.COMPLETED, completed=timezone.now())
    SearchMiss.objects.create(
        board=Board.DIRECTORY,
        query="atskurbtuve",
        month=timezone.localdate().replace(day=1),
        count=4,
    )
    OpportunityFactory(kind="grant_call", budget_total=20000, municipality=municipality("riga"))


@pytest.mark.usefixtures("some_of_everything")
@pytest.mark.parametrize("language", ["lv", "en"])
def test_every_csv_download_equals_the_table_on_the_page(client, language):
    tables = page_tables(client, language)
    for slug in FIGURES:
        rows = csv_rows(client, slug, language)
        assert len(rows) > 1, slug
        assert [[cell or "–" for cell in row] for row in rows] == tables[slug], slug
    response = client.get(f"/{language}/statistics/coverage-gaps.csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="kopa-coverage-gaps-{language}.csv"'
    )


def test_every_figure_is_on_the_page_with_its_download(client):
    page = client.get("/en/statistics/").content.decode()
    assert sorted(name for _slug, _title, names in SECTIONS for name in names) == sorted(FIGURES)
    for slug in FIGURES:
        assert f'id="{slug}"' in page
        assert f'href="/en/statistics/{slug}.csv"' in page
    assert client.get("/en/statistics/no-such-chart.csv").status_code == 404


@pytest.mark.usefixtures("some_of_everything")
def test_both_languages_render(client):
    latvian = client.get("/lv/statistics/").content.decode()
    assert '<html lang="lv">' in latvian
    assert "Latgales plānošanas reģions" in latvian
    assert "Mērķētā sadarbība" in latvian  # instrument kinds, in the chart's groups
    english = client.get("/en/statistics/").content.decode()
    assert '<html lang="en">' in english
    assert "Latgale Planning Region" in english
    assert "Targeted cooperation" in english
    # The CSV is headed and labelled in the language of its address.
    assert csv_rows(client, "enterprises-by-region", "lv")[:2] == [
        ["Plānošanas reģions", "Pārbaudīti sociālie uzņēmumi"],
        ["Rīgas plānošanas reģions", "1"],
    ]
    assert csv_rows(client, "enterprises-by-region", "en")[:2] == [
        ["Planning region", "Verified social enterprises"],
        ["Riga Planning Region", "1"],
    ]
    # The main navigation leads here.
    assert 'href="/lv/statistics/" aria-current="true"' in latvian


@pytest.mark.usefixtures("some_of_everything")
def test_charts_are_accessible_images_in_the_palette(client):
    page = client.get("/en/statistics/").content.decode()
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.DOTALL)
    charted = [slug for slug in FIGURES if f'id="{slug}-title"' in page]
    # Every figure but the tables (the gaps, results by municipality and by kind, unmet
    # demand, municipalities with no open opportunity) and the response time, which has no
    # interested answer to chart here.
    assert len(svgs) == len(charted) == 18
    for svg in svgs:
        opening = svg[: svg.index(">")]
        assert 'role="img"' in opening
        title_id = re.search(r'aria-labelledby="([^"]+)"', opening)[1]
        desc_id = re.search(r'aria-describedby="([^"]+)"', opening)[1]
        assert f'<title id="{title_id}">' in svg
        assert f'<desc id="{desc_id}">' in svg
        sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
        assert sizes and min(sizes) >= 12
        colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{3,6})"', svg))
        assert colours <= {"#0b5d5a", "#b33a0a", "#1b1b1b", "#4a4f55", "#c9cdd1", "#fff"}
        assert "<script" not in svg and "href" not in svg


def test_chart_text_is_escaped():
    svg = charts.bar_chart(
        chart_id="x",
        title="<Title>",
        description="A & B",
        bars=[charts.Bar("<script>alert(1)</script>", 3)],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;Title&gt;" in svg and "A &amp; B" in svg


def test_a_time_series_of_one_period():
    svg = charts.line_chart(
        chart_id="one",
        title="One",
        description="One quarter",
        labels=["Q1 2025"],
        series=[charts.Series("Started", [3])],
    )
    assert 'cx="50%"' in svg
    assert 'text-anchor="middle">Q1 2025</text>' in svg


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [(0, [0, 1]), (5, [0, 1, 2, 3, 4, 5]), (7, [0, 2, 4, 6, 8]), (23, [0, 5, 10, 15, 20, 25])],
)
def test_axis_ticks_are_round(largest, ticks):
    assert charts._ticks(largest) == ticks


# Query counts


def add_cooperations(count: int) -> None:
    enterprises = list(SocialEnterprise.objects.verified()[:count])
    municipalities = list(Municipality.objects.current()[:count])
    kinds = [["information-support"], ["purchasing"], ["infrastructure", "delegation"]]
    for index, (enterprise, place) in enumerate(zip(enterprises, municipalities, strict=False)):
        completed = index % 3 == 0
        cooperation = Cooperation.objects.create(
            municipality=place,
            enterprise=enterprise,
            initiated_by="municipality",
            status=CooperationStatus.COMPLETED if completed else CooperationStatus.AGREED,
            title=f"Sadarbība {index}",
            problem="p",
            solution="s",
            completed_at=timezone.now() if completed else None,
        )
        cooperation.instruments.add(*[instrument(slug) for slug in kinds[index % 3]])
        Cooperation.objects.filter(pk=cooperation.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=40 * index)
        )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_data(client):
    paths = ["/lv/statistics/"] + [f"/lv/statistics/{slug}.csv" for slug in FIGURES]
    seed_demo(seed=7, size=DemoSize(enterprises=8, offerings=12, needs=10))
    add_cooperations(3)
    small = {path: queries_for(client, path) for path in paths}

    seed_demo(seed=8, size=DemoSize(enterprises=60, offerings=150, needs=90))
    add_cooperations(30)
    assert Need.objects.open().count() > 50 and Match.objects.count() > 50
    larger = {path: queries_for(client, path) for path in paths}
    assert larger == small
    # Counted afresh here (the fixture above turns the cache off); a visit within five
    # minutes of another reads the cache instead (tests/test_stats_impact.py).
    # Six of them read the support municipalities offer (stats/opportunities.py).
    assert small["/lv/statistics/"] <= 46
