"""The statistics page opens with its key figures in sentences and a contents of every
chart; the quarter chart shows every number it has, small ones and zeros included."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus
from demo.seeding import DemoSize, seed_demo
from enterprises.models import SocialEnterprise, Verification
from matching.models import Match
from municipalities.models import Need
from stats import charts, figures, queries
from stats.figures import FIGURES, SECTIONS

from .factories import SocialEnterpriseFactory, instrument, municipality

pytestmark = pytest.mark.django_db


class Summary(HTMLParser):
    """The summary's sentences as text, and the contents' links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sentences: list[str] = []
        self.contents: list[str] = []
        self.ids: list[str] = []
        self.back_links = 0
        self._where: list[str] = []
        self._sentence: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag in {"section", "nav"}:
            self._where.append(attributes.get("class", ""))
        if tag == "li" and self._where and self._where[-1] == "stats-summary":
            self._sentence = []
        if tag == "a" and self._where and self._where[-1] == "stats-contents":
            self.contents.append(attributes["href"])
        if tag == "a" and attributes.get("href") == "#contents":
            self.back_links += 1

    def handle_endtag(self, tag):
        if tag in {"section", "nav"} and self._where:
            self._where.pop()
        if tag == "li" and self._sentence is not None:
            self.sentences.append(" ".join("".join(self._sentence).split()))
            self._sentence = None

    def handle_data(self, data):
        if self._sentence is not None:
            self._sentence.append(data)


def summary_of(client, language: str = "lv") -> Summary:
    response = client.get(f"/{language}/statistics/")
    assert response.status_code == 200
    return Summary(response.content.decode())


def cooperate(enterprise, place, *, status, created, completed=None, forms=("purchasing",)):
    cooperation = Cooperation.objects.create(
        municipality=place,
        enterprise=enterprise,
        initiated_by="enterprise",
        status=status,
        title="Skolu veļas mazgāšana",
        problem="Skolām nav, kas mazgā un gludina galdautus.",
        solution="Uzņēmums mazgā un gludina reizi nedēļā.",
        completed_at=completed,
    )
    cooperation.instruments.add(*[instrument(slug) for slug in forms])
    Cooperation.objects.filter(pk=cooperation.pk).update(created_at=created)


def at(year: int, month: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 15, 12, 0))


@pytest.fixture
def seeded():
    """The demo data set (enterprises, offerings, needs and their matches), with
    cooperations this year and last, and some that must not be counted."""
    seed_demo(seed=5, size=DemoSize(enterprises=30, offerings=60, needs=25))
    # The demo's own cooperations go: the counts below are computed by hand from these.
    Cooperation.objects.all().delete()
    year = timezone.localdate().year
    enterprises = list(SocialEnterprise.objects.verified().order_by("pk")[:6])
    places = [municipality(slug) for slug in ["gulbenes-novads", "riga", "ludzas-novads"]]
    cooperate(enterprises[0], places[0], status=CooperationStatus.ACTIVE, created=at(year, 1))
    cooperate(
        enterprises[1],
        places[1],
        status=CooperationStatus.COMPLETED,
        created=at(year, 1),
        completed=at(year, 2),
    )
    cooperate(
        enterprises[2],
        places[2],
        status=CooperationStatus.COMPLETED,
        created=at(year - 1, 3),
        completed=at(year - 1, 11),
    )
    cooperate(enterprises[3], places[0], status=CooperationStatus.PROPOSED, created=at(year, 1))
    # Proposals that came to nothing are no cooperation.
    cooperate(enterprises[4], places[1], status=CooperationStatus.DECLINED, created=at(year, 1))
    cooperate(enterprises[5], places[2], status=CooperationStatus.WITHDRAWN, created=at(year, 1))
    return year


def test_the_summary_says_the_counts_of_the_seeded_data_in_latvian(client, seeded):
    verified = SocialEnterprise.objects.verified().count()
    homes = SocialEnterprise.objects.verified().values("home_municipality").distinct().count()
    open_needs = Need.objects.open().count()
    matched = Need.objects.open().filter(matches__in=Match.objects.listed()).distinct().count()
    assert verified > 20 and open_needs > 10  # the assertions below are about real numbers

    sentences = summary_of(client).sentences

    def plural(count: int, one: str, many: str) -> str:
        return one if count % 10 == 1 and count % 100 != 11 else many

    assert sentences[0] == (
        f"Portālā Kopā ir {verified} "
        + plural(verified, "pārbaudīts sociālais uzņēmums.", "pārbaudīti sociālie uzņēmumi.")
    )
    assert sentences[1].startswith(f"{homes} {plural(homes, 'pašvaldībā', 'pašvaldībās')} ")
    assert sentences[2].startswith(
        f"{plural(open_needs, 'Atvērta', 'Atvērtas')} ir {open_needs} pašvaldīb"
    )
    assert f"{round(100 * matched / open_needs)} %" in sentences[2]
    # Four cooperations (the declined and withdrawn proposals are not), two completed.
    assert "Līdz šim reģistrētas 4 sadarbības; pabeigtas: 2." in sentences
    assert f"{seeded}. gadā: sāktas — 3, pabeigtas — 1." in sentences


def test_the_summary_in_english(client, seeded):
    verified = SocialEnterprise.objects.verified().count()
    sentences = summary_of(client, "en").sentences
    assert sentences[0] == f"Kopā lists {verified} verified social enterprises."
    assert "So far 4 cooperations have been recorded; completed: 2." in sentences
    assert f"In {seeded}: 3 started, 1 completed." in sentences


def test_the_numbers_stand_out_and_nothing_else_is_marked_up(client, seeded):
    page = client.get("/en/statistics/").content.decode()
    summary = page[page.index('class="stats-summary"') : page.index('class="stats-contents"')]
    assert "<strong>4</strong> cooperations have been recorded" in summary
    # The year is part of the sentence, not a figure.
    assert f"In {seeded}: <strong>3</strong> started" in summary


@pytest.mark.parametrize(
    ("count", "latvian"),
    [
        (1, "Portālā Kopā ir 1 pārbaudīts sociālais uzņēmums."),
        (2, "Portālā Kopā ir 2 pārbaudīti sociālie uzņēmumi."),
        (11, "Portālā Kopā ir 11 pārbaudīti sociālie uzņēmumi."),
        (21, "Portālā Kopā ir 21 pārbaudīts sociālais uzņēmums."),
    ],
)
def test_latvian_plural_forms_in_the_summary(client, count, latvian):
    SocialEnterpriseFactory.create_batch(count, home_municipality=municipality("riga"))
    SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)
    sentences = summary_of(client).sentences
    assert sentences[0] == latvian
    homes = "1 pašvaldībā atrodas vismaz viens pārbaudīts sociālais uzņēmums."
    assert sentences[1] == homes


def test_an_empty_portal_says_so_in_words(client):
    sentences = summary_of(client, "en").sentences
    assert sentences == [
        "No social enterprise has been verified yet.",
        "No open needs at the moment.",
        "No cooperations recorded yet.",
    ]


def test_the_contents_link_to_every_section_and_chart_on_the_page(client, seeded):
    page = summary_of(client)
    expected = [
        link
        for slug, _title, names in SECTIONS
        for link in [f"#{slug}", *(f"#{name}" for name in names)]
    ]
    assert page.contents == expected
    assert sorted(link[1:] for link in page.contents if link[1:] in FIGURES) == sorted(FIGURES)
    # Each link has exactly one place to go, and every section leads back.
    for link in page.contents:
        assert page.ids.count(link[1:]) == 1, link
    assert page.ids.count("contents") == 1
    assert page.back_links == len(SECTIONS)


def test_the_page_opens_with_the_summary_then_the_contents(client, seeded):
    page = client.get("/lv/statistics/").content.decode()
    headings = re.findall(r"<h2 id=\"([^\"]+)\"", page)
    assert headings[:3] == ["summary-heading", "contents-heading", "enterprises-heading"]
    assert ">Īsumā</h2>" in page and ">Šajā lapā</h2>" in page


# The quarter chart


def bars_of(svg: str) -> list[tuple[str, str]]:
    """Each bar's value as written and whether a rectangle is drawn for it."""
    values = re.findall(
        r'<text x="([^"]+)" y="\d+" dx="(\d)" font-weight="700">([^<]+)</text>', svg
    )
    return [(value, "drawn" if dx == "6" else "none") for _x, dx, value in values]


def test_a_young_portals_quarters_are_bars_with_every_number_shown(client):
    year = timezone.localdate().year
    quarter_start = (timezone.localdate().month - 1) // 3 * 3 + 1
    gulbene = municipality("gulbenes-novads")
    for _index in range(12):
        cooperate(
            SocialEnterpriseFactory(),
            gulbene,
            status=CooperationStatus.ACTIVE,
            created=at(year, quarter_start),
            forms=("information-support",),
        )
    cooperate(
        SocialEnterpriseFactory(),
        gulbene,
        status=CooperationStatus.ACTIVE,
        created=at(year, quarter_start),
        forms=("purchasing",),
    )
    figure = FIGURES["cooperations-over-time"](figures.Data())
    # One quarter: a line chart drew three markers on top of each other and nothing else.
    assert "<line" not in figure.chart
    assert bars_of(figure.chart) == [("12", "drawn"), ("1", "drawn"), ("0", "none")]
    # The 1 beside the 12 is drawn at least a few pixels wide, never a hairline.
    assert f'width="{charts.SMALLEST_BAR}"' in figure.chart
    page = client.get("/en/statistics/").content.decode()
    assert 'id="cooperations-over-time-title"' in page


def test_a_longer_history_is_a_line_chart_with_its_zero_quarters(client):
    gulbene = municipality("gulbenes-novads")
    cooperate(
        SocialEnterpriseFactory(), gulbene, status=CooperationStatus.ACTIVE, created=at(2024, 5)
    )
    cooperate(
        SocialEnterpriseFactory(), gulbene, status=CooperationStatus.ACTIVE, created=at(2025, 5)
    )
    quarters = queries.cooperations_per_quarter(today=datetime.date(2025, 6, 1))
    assert [row.started for row in quarters] == [1, 0, 0, 0, 1]
    data = figures.Data()
    data.cooperation_quarters = quarters
    figure = FIGURES["cooperations-over-time"](data)
    assert "<line" in figure.chart and '<rect x="0"' not in figure.chart
    assert [row[0] for row in figure.rows] == [
        "2024. g. 2. cet.",
        "2024. g. 3. cet.",
        "2024. g. 4. cet.",
        "2025. g. 1. cet.",
        "2025. g. 2. cet.",
    ]
    assert [row[2] for row in figure.rows] == [1, 0, 0, 0, 1]


def test_the_municipality_chart_keeps_to_the_ten_with_most_and_the_table_has_all(client):
    for index, slug in enumerate(
        [
            "riga",
            "gulbenes-novads",
            "ludzas-novads",
            "cesu-novads",
            "ogres-novads",
            "jelgavas-novads",
            "madonas-novads",
            "valmieras-novads",
            "daugavpils",
            "liepaja",
            "ventspils",
            "jurmala",
        ]
    ):
        SocialEnterpriseFactory.create_batch(
            2 if index < 3 else 1, home_municipality=municipality(slug)
        )
    figure = FIGURES["enterprises-by-municipality"](figures.Data())
    assert figure.chart.count("<rect ") == 2 * figures.MUNICIPALITIES_CHARTED
    assert "Rīga" in figure.chart and "Jūrmala" in figure.chart
    assert "Valmieras novads" not in figure.chart and "Ventspils" not in figure.chart
    assert len(figure.rows) == 42
    assert "desmit pašvaldības, kurās ir visvairāk" in figure.description
