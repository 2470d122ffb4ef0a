"""How the portal's main pages scale from a small to a large demo data set.

Each page is requested in-process through Django's test client, so the numbers are the
portal's own work (views, queries, templates, middleware), without a web server or network.
A ``baseline`` page that only renders a tiny template shows what that machinery alone costs.
This module is also the URLconf the benchmark runs with: the portal's URLs plus the baseline,
so the baseline never becomes a public URL.
"""

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, resolve, reverse
from django.utils import timezone, translation

from accounts.models import MembershipStatus, User
from enterprises.models import Offering, RegisterStatus, Representative, SocialEnterprise
from enterprises.register_import import MAX_FILE_BYTES
from matching.models import Match
from municipalities.forms import NeedForm
from municipalities.models import Municipality, Need, Officer
from portal.urls import urlpatterns as portal_urlpatterns

from .seeding import (
    DemoSize,
    demo_enterprises,
    demo_needs,
    demo_opportunities,
    seeded_opportunities,
)

SIZES = {
    # At S each municipality offers its mix of five opportunities (210 in all).
    "S": DemoSize(enterprises=250, offerings=1_000, needs=100),
    "L": DemoSize(enterprises=20_000, offerings=100_000, needs=2_000, opportunities=2_000),
}
PAGES = [
    "baseline",
    "directory",
    "directory_filtered",
    "enterprise",
    "need_matches",
    "needs_for_enterprise",
    # The statistics page, read from the cache but for the first visit in five minutes.
    "statistics",
    # The opportunities board, open ones newest first, and "Opportunities for you" on the
    # representative's "My account" page (issue 16).
    "opportunities",
    "opportunities_for_enterprise",
    # Not a page: an officer saving a need with the longest description the form allows,
    # through the form and the service, rescoring its matches (issue 13, observation 1).
    "save_longest_need",
    # Nor this: a curator previewing the Ministry's register export at the upload limit in
    # admin, which once took almost 2 minutes, past gunicorn's 30 s (issue 14, observation 7).
    "register_import_preview",
]
SAVES = {"save_longest_need"}
IMPORT_PREVIEW = "register_import_preview"
# Each preview reads the whole file, so fewer are timed than of the pages, and the goal is a
# time budget: half of gunicorn's 30 s timeout (deploy/gunicorn.conf.py), leaving room for a
# busier server.
IMPORT_REPEAT = 3
IMPORT_PREVIEW_MS = 15_000
# Gulbene's officer looking for someone to clean the municipality's premises.
DIRECTORY_FILTERS = "?municipality=gulbenes-novads&category=municipal-services&q=uzkopšana"
WARM_UP = 3
P95_GROWTH = 1.5  # p95 at L may be at most this many times p95 at S
MATCHES_TO_DIRECTORY = 4  # need_matches at L may take at most this many times the directory
# Saving the longest need rescores it against every candidate in its field, which grows
# with the data (unlike a page, which reads a fixed number of rows): it gets a time budget
# at L instead of the pages' growth goal.
SAVE_NEED_MS = 2_000
BENCHMARK_USER = "kopa-benchmark"
BENCHMARK_CURATOR = "kopa-benchmark-curator"

BASELINE_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=lv><title>Kopā</title><p>{{ text }}</p></html>"
)


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BASELINE_TEMPLATE.render({"text": "Kopā"}))


urlpatterns = [
    path("benchmark/baseline/", baseline, name="benchmark-baseline"),
    *portal_urlpatterns,
]


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    queries: int


def demo_size() -> DemoSize:
    """The size of the demo data set in the database now."""
    return DemoSize(
        enterprises=demo_enterprises().count(),
        offerings=Offering.objects.filter(enterprise__in=demo_enterprises()).count(),
        needs=demo_needs().count(),
        opportunities=demo_opportunities().count(),
    )


def seeded_size(size: DemoSize) -> DemoSize:
    """The size ``demo_size()`` reports once ``size`` is seeded: each municipality with
    demo officers offers its mix of opportunities, however few were asked for."""
    municipalities = Municipality.objects.current().count()
    return replace(size, opportunities=seeded_opportunities(size, municipalities))


def settle_database() -> None:
    """Refresh the planner's statistics after a bulk load, so the timings do not depend on
    when the database would get round to it: PostgreSQL's autovacuum clears the deleted
    rows and analyses soon; SQLite only analyses when told."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def page_urls(client: Client) -> dict[str, str]:
    """The URL of each page, for the current demo data. Logs the client in as an approved
    representative of the enterprise with the most matches, for its "needs that fit" page,
    and as an officer of the municipality of the need with the most matches, to save it."""
    enterprise = demo_enterprises().verified().order_by("registration_number").first()
    need = (
        demo_needs()
        .open()
        .annotate(match_count=Count("matches"))
        .filter(match_count__gt=0)
        .order_by("-match_count", "pk")
        .first()
    )
    matched = (
        Match.objects.open_needs()
        .filter(enterprise__in=demo_enterprises())
        .values("enterprise", "enterprise__slug")
        .annotate(match_count=Count("pk"))
        .order_by("-match_count", "enterprise")
        .first()
    )
    if enterprise is None or need is None or matched is None:
        raise CommandError("The demo data has no verified enterprise or no need with matches.")
    user, _ = User.objects.get_or_create(username=BENCHMARK_USER)
    Representative.objects.create(
        user=user,
        enterprise_id=matched["enterprise"],
        status=MembershipStatus.APPROVED,
        decided_at=timezone.now(),
    )
    Officer.objects.create(
        user=user,
        municipality_id=need.municipality_id,
        status=MembershipStatus.APPROVED,
        decided_at=timezone.now(),
    )
    client.force_login(user)
    with translation.override("lv"):
        directory = reverse("enterprises:enterprise-list")
        return {
            "baseline": reverse("benchmark-baseline"),
            "directory": directory,
            "directory_filtered": directory + DIRECTORY_FILTERS,
            "enterprise": enterprise.get_absolute_url(),
            "need_matches": reverse("matching:need-matches", args=[need.pk]),
            "needs_for_enterprise": reverse(
                "matching:needs-for-enterprise", args=[matched["enterprise__slug"]]
            ),
            "opportunities": reverse("opportunities:opportunity-list"),
            "opportunities_for_enterprise": reverse("accounts:dashboard"),
            "save_longest_need": reverse("municipalities:need-edit", args=[need.pk]),
            "statistics": reverse("stats:statistics"),
        }


def longest_need_form(url: str) -> dict:
    """What the officer's browser posts to save the need behind ``url`` (its edit form) with
    the longest description the form allows."""
    need = Need.objects.get(pk=resolve(url).kwargs["pk"])
    form = NeedForm(instance=need)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = value
    data["description"] = longest_need_description()
    return data


def measure(
    client: Client,
    url: str,
    repeat: int,
    form: Callable[[str], dict] | None = None,
    *,
    warm_up: int = WARM_UP,
    expected: int = 302,
) -> Timing:
    """Warm up, count the queries of one request, then time ``repeat`` (at least 2) requests.
    With ``form`` the requests post what it returns for the URL (a form that saves, answering
    ``expected``), read anew before each request and outside its timing: each save raises the
    row's version."""

    def data() -> dict | None:
        return form(url) if form else None

    for _ in range(warm_up):
        get(client, url, data(), expected)
    posted = data()
    with CaptureQueriesContext(connection) as queries:
        get(client, url, posted, expected)
    query_count = len(queries)
    durations = []
    for _ in range(repeat):
        posted = data()
        started = time.perf_counter()
        get(client, url, posted, expected)
        durations.append((time.perf_counter() - started) * 1000)
    return Timing(
        median_ms=round(statistics.median(durations), 2),
        p95_ms=round(statistics.quantiles(durations, n=20, method="inclusive")[-1], 2),
        queries=query_count,
    )


def get(client: Client, url: str, data: dict | None = None, expected: int = 302) -> HttpResponse:
    """GET ``url``, or POST ``data`` to it expecting ``expected`` (302 after a save)."""
    # As behind the TLS proxy in production, where http is redirected to https.
    if data is None:
        response = client.get(url, secure=True)
        expected = 200
    else:
        response = client.post(url, data, secure=True)
    if response.status_code != expected:
        raise CommandError(f"{url} answered {response.status_code}.")
    return response


def measure_pages(
    repeat: int, import_bytes: int = MAX_FILE_BYTES, pages: list[str] = PAGES
) -> dict[str, Timing]:
    """Time the pages (every one by default) against the demo data in the database now, the
    register import's preview with an export of ``import_bytes``. The benchmark's own rows
    (its representative, curator and sessions) are rolled back afterwards."""
    with transaction.atomic():
        client = Client()
        # The import's preview alone needs no representative, officer or matches.
        urls = page_urls(client) if set(pages) - {IMPORT_PREVIEW} else {}
        timings = {
            page: measure(
                client,
                urls[page],
                repeat,
                longest_need_form if page in SAVES else None,
            )
            for page in pages
            if page != IMPORT_PREVIEW
        }
        if IMPORT_PREVIEW in pages:
            timings[IMPORT_PREVIEW] = measure_import_preview(repeat, import_bytes)
        transaction.set_rollback(True)
    return {page: timings[page] for page in pages}


def measure_import_preview(repeat: int, size: int) -> Timing:
    """Time a curator's preview in admin of a register export of ``size`` bytes: reading the
    file, planning every row against the database and rendering the preview page."""
    curator = User.objects.create(username=BENCHMARK_CURATOR, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(curator)
    url = reverse("admin:enterprises_socialenterprise_import_register")
    export = register_export(size)

    def upload(url: str) -> dict:
        return {
            "file": SimpleUploadedFile("registrs.csv", export, "text/csv"),
            "checked_on": timezone.localdate().isoformat(),
        }

    # What is timed is the preview, not how the curator signed in.
    with override_settings(KOPA_REQUIRE_ADMIN_MFA=False):
        # The first preview must offer to write the file: a page of errors would be quicker.
        page = get(client, url, upload(url), expected=200).content.decode()
        if 'name="upload"' not in page:
            raise CommandError("The register import's preview found errors in the export.")
        return measure(client, url, min(repeat, IMPORT_REPEAT), upload, warm_up=0, expected=200)


REGISTER_HEADER = (
    "Reģistrācijas numurs;Nosaukums;Statuss;Statusa piešķiršanas datums;"
    "Statusa izbeigšanas datums;Juridiskā adrese;Pašvaldība\n"
)
REGISTER_NAMES = [
    "Zaļā darbnīca",
    "Saules veļas māja",
    "Kafejnīca Kopā",
    "Gaišie rokdarbi",
    "Lāčplēša dārzi",
    "Mēs esam līdzās",
    "Otrā elpa",
    "Pīlādžu maiznīca",
]
REGISTER_STREETS = ["Brīvības iela", "Rīgas iela", "Skolas iela", "Dzirnavu iela", "Parka iela"]


def register_export(size: int) -> bytes:
    """The Ministry's register export of at most ``size`` bytes, as curators upload it: the
    demo enterprises holding a status, as the portal has them, then new enterprises (one in
    six ceased) spread over every municipality, until the file is full."""
    municipalities = list(Municipality.objects.current().values_list("name", flat=True))
    lines = [REGISTER_HEADER.encode()]
    total = len(lines[0])
    known = demo_enterprises().exclude(register_status=RegisterStatus.NOT_REGISTERED)
    taken = set(SocialEnterprise.objects.values_list("registration_number", flat=True))

    def add(line: str) -> bool:
        nonlocal total
        encoded = line.encode()
        if total + len(encoded) > size:
            return False
        lines.append(encoded)
        total += len(encoded)
        return True

    for enterprise in known.select_related("home_municipality").order_by("registration_number"):
        ceased = enterprise.register_status == RegisterStatus.CEASED
        place = enterprise.home_municipality.name if enterprise.home_municipality else ""
        if not add(
            f"{enterprise.registration_number};{csv_cell(enterprise.name)};"
            f"{'izslēgts' if ceased else 'aktīvs'};{register_day(enterprise.status_granted_on)};"
            f"{register_day(enterprise.status_ended_on)};;{place}\n"
        ):
            return b"".join(lines)
    number = 0
    while True:
        number += 1
        registration_number = f"4{number:010d}"
        if registration_number in taken:
            continue
        place = municipalities[number % len(municipalities)]
        name = f'SIA "{REGISTER_NAMES[number % len(REGISTER_NAMES)]} {number}"'
        granted = datetime.date(2019, 1, 1) + datetime.timedelta(days=number % 2000)
        ended = granted + datetime.timedelta(days=400) if number % 6 == 0 else None
        street = REGISTER_STREETS[number % len(REGISTER_STREETS)]
        if not add(
            f"{registration_number};{csv_cell(name)};{'izslēgts' if ended else 'aktīvs'};"
            f"{register_day(granted)};{register_day(ended)};"
            f"{csv_cell(f'{street} {number % 90 + 1}, {place}, LV-{4000 + number % 900}')};"
            f"{place}\n"
        ):
            return b"".join(lines)


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def register_day(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def report(measured: dict[str, dict[str, Timing]]) -> dict:
    """The results as JSON: {"database": ..., "pages": {page: {size: {...}}}}. The ratio to
    the baseline is None when the baseline was not measured (``--only``)."""

    def ratio(timings: dict[str, Timing], page: str) -> float | None:
        if "baseline" not in timings:
            return None
        return round(timings[page].median_ms / timings["baseline"].median_ms, 2)

    pages = [page for page in PAGES if all(page in timings for timings in measured.values())]
    return {
        "database": connection.vendor,
        "pages": {
            page: {
                size: {**asdict(timings[page]), "ratio_to_baseline": ratio(timings, page)}
                for size, timings in measured.items()
            }
            for page in pages
        },
    }


def goals(pages: dict) -> list[tuple[str, bool]]:
    """The issue's goals, each as (what was compared, whether it is met)."""
    results = []
    for page, by_size in pages.items():
        if page == IMPORT_PREVIEW:
            for size, row in by_size.items():
                p95 = row["p95_ms"]
                budget = IMPORT_PREVIEW_MS // 1000
                results.append(
                    (
                        f"{page} at {size}: p95 {p95 / 1000:.1f} s (≤ {budget} s)",
                        p95 <= IMPORT_PREVIEW_MS,
                    )
                )
            continue
        if page in SAVES:
            p95 = by_size["L"]["p95_ms"]
            results.append(
                (
                    f"{page} at L: p95 {p95:.0f} ms (≤ {SAVE_NEED_MS} ms)",
                    p95 <= SAVE_NEED_MS,
                )
            )
            continue
        growth = by_size["L"]["p95_ms"] / by_size["S"]["p95_ms"]
        queries = by_size["S"]["queries"], by_size["L"]["queries"]
        results.append(
            (
                f"{page}: p95 L/S {growth:.2f} (≤ {P95_GROWTH}), "
                f"queries S/L {queries[0]}/{queries[1]}",
                growth <= P95_GROWTH and queries[0] == queries[1],
            )
        )
    ratio = pages["need_matches"]["L"]["p95_ms"] / pages["directory"]["L"]["p95_ms"]
    results.append(
        (
            f"need_matches at L: p95 {ratio:.2f} × directory's (≤ {MATCHES_TO_DIRECTORY})",
            ratio <= MATCHES_TO_DIRECTORY,
        )
    )
    return results


PARK_UPKEEP_PARAGRAPHS = [
    "Gulbenes novada pašvaldība meklē sadarbības partneri pilsētas parku un skvēru "
    "uzkopšanai 2027. gada sezonā. Uzkopjamā teritorija ietver Dzelzceļa parku, Ābeļu "
    "parku, Rijukalna estrādes apkārtni un Stāķu skvēru — kopā aptuveni 14 hektārus "
    "zālienu, celiņu un apstādījumu.",
    "Darbi ietver zāles pļaušanu ne retāk kā reizi divās nedēļās no maija līdz "
    "septembrim, lapu grābšanu un izvešanu rudenī, krūmu un dzīvžogu apgriešanu, puķu "
    "dobju ravēšanu un laistīšanu, soliņu un atkritumu urnu tīrīšanu, kā arī celiņu "
    "slaucīšanu pēc pasākumiem. Ziemā nepieciešama gājēju celiņu tīrīšana no sniega un "
    "kaisīšana ar smilts un sāls maisījumu.",
    "Pašvaldība vēlas, lai darbos tiktu nodarbināti cilvēki ar invaliditāti un ilgstošie "
    "bezdarbnieki, tāpēc dodam priekšroku sociālajiem uzņēmumiem. Darbiniekiem jānodrošina "
    "piemēroti darba apstākļi, instruktāža par drošu darbu ar zāles pļāvējiem un "
    "trimmeriem, kā arī atbilstošs darba apģērbs.",
    "Pretendentam jābūt pieredzei zaļo zonu apsaimniekošanā, savam inventāram (zāles "
    "traktoriņam, trimmeriem, lapu pūtējiem, grābekļiem) un transportam zaļo atkritumu "
    "izvešanai uz kompostēšanas laukumu Litenes ielā. Iepirkuma līgums tiks slēgts uz "
    "vienu gadu ar iespēju to pagarināt vēl divus gadus. Iepirkuma identifikācijas numurs: "
    "GNP2027ParkuUzkopšanaDzelzceļaParksĀbeļuParksRijukalnaEstrādeStāķuSkvērsLiteneslauks.",
    "Lūdzam norādīt, cik cilvēku no mērķa grupām strādās objektā, kā tiks organizēta darba "
    "uzraudzība un kā jūs rīkosieties lietainās nedēļās, kad pļaušanu nākas pārcelt. "
    "Atskaites par paveikto iesniedzamas katra mēneša beigās Komunālās saimniecības "
    "nodaļai, pievienojot fotogrāfijas.",
    "Sezonas noslēgumā vēlamies sarīkot talku kopā ar vietējiem iedzīvotājiem, skolēniem "
    "un senioriem, kurā tiktu stādīti jauni koki un krūmi. Sadarbības partneris palīdzētu "
    "sagatavot stādīšanas vietas, nodrošinātu darbarīkus un pastāstītu dalībniekiem par "
    "pareizu stādu kopšanu, mulčēšanu un laistīšanu sausos laikapstākļos.",
    "Īpaša uzmanība jāpievērš vēsturiskajām liepu alejām, kur koku saknes nedrīkst bojāt ar "
    "smago tehniku, un dīķa krastiem Ābeļu parkā, kur pļaušana notiek ar rokas "
    "trimmeriem. Putnu ligzdošanas laikā krūmu apgriešana jāsaskaņo ar dabas aizsardzības "
    "speciālistu.",
    "Rudenī pēc lapu krišanas jāsavāc arī nokritušie zari, jāiztīra notekgrāvji un "
    "jāsagatavo rožu dobes ziemai, tās piesedzot ar egļu zariem. Pavasarī jāveic "
    "zālienu aerācija, jāatjauno izbradātās vietas un jāiesēj zālāju sēklas.",
]


def longest_need_description(length: int | None = None) -> str:
    """A park-upkeep need's description of exactly ``length`` characters (the field's
    maximum by default): paragraphs with line breaks, numbered as the weeks of a season, a
    pasted identifier and a held-down key, as real descriptions have."""
    length = length or Need._meta.get_field("description").max_length or 5000
    parts, week = [], 1
    while sum(len(p) + 2 for p in parts) < length:
        for paragraph in PARK_UPKEEP_PARAGRAPHS:
            parts.append(f"{week}. nedēļa.\n{paragraph}")
            week += 1
    text = "\n\n".join(parts)
    # A "word" of 400 letters, as when a key sticks; it must not break anything either.
    stuck_key = "ļ" * 400
    text = text[: length - len(stuck_key) - 1].rstrip() + " " + stuck_key
    return text.ljust(length, "ā")[:length]
