"""Shortlists: an officer keeps named lists of enterprises with private notes, downloads them
and invites a whole list to a need. Only the municipality's officers (and curators) ever see
a list; the enterprises on it never learn of it."""

import csv
import io
import json
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side
from enterprises.models import SocialEnterprise, Verification
from municipalities.models import NeedStatus
from shortlists.models import NOTE_MAX_LENGTH, Shortlist, ShortlistEntry

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    instrument,
    municipality,
    officer_of,
    representative_of,
)
from .test_html_validity import vnu  # noqa: F401 - the checker, as a fixture

pytestmark = pytest.mark.django_db

LIST_NAME = "Tirgus izpēte: parku uzkopšana 2027"
# A real note at the full length: what an officer writes after a call, in paragraphs.
NOTE = (
    "Zvanīju 2026. gada 3. decembrī; runāju ar valdes locekli Ilzi Kalniņu. Uzņēmums pļauj "
    "zālienus un kopj apstādījumus Gulbenē un Litenē, strādā pieci cilvēki ar invaliditāti.\n"
    "Gatavi ņemt Stāķu parku no 2027. gada aprīļa; vajag skaidrību par tehniku (traktoriņš "
    "viņiem ir, krūmgrieži jāīrē).\n"
)
NOTE = (NOTE * 20)[: NOTE_MAX_LENGTH - 1] + "."


@pytest.fixture
def world():
    gulbene = municipality("gulbenes-novads")
    need = NeedFactory(
        municipality=gulbene,
        title="Stāķu parka uzkopšana 2027. gadā",
        description="Pļaušana, lapu grābšana un krūmu apgriešana no aprīļa līdz oktobrim.",
        published_at=timezone.now(),
    )
    need.instruments.add(instrument("purchasing"))
    represented = SocialEnterpriseFactory(name="Zaļās rokas", slug="zalas-rokas")
    OfferingFactory(enterprise=represented, title="Parku un skvēru kopšana")
    unrepresented = SocialEnterpriseFactory(
        name="Parku meistari", slug="parku-meistari", email="info@parkumeistari.lv"
    )
    busy = SocialEnterpriseFactory(name="Dārzu draugi", slug="darzu-draugi")
    fading = SocialEnterpriseFactory(name="Vecā darbnīca", slug="veca-darbnica")
    Cooperation.objects.create(
        municipality=gulbene,
        enterprise=busy,
        need=need,
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Stāķu parks",
        problem="Parks aizaug.",
        solution="Kopjam katru nedēļu.",
    )
    return {
        "gulbene": gulbene,
        "need": need,
        "officer": officer_of(gulbene, "liga.ozola@gulbene.lv"),
        "colleague": officer_of(gulbene, "janis.berzins@gulbene.lv"),
        "stranger": officer_of(municipality("ludzas-novads"), "anna@ludza.lv"),
        "representative": representative_of(represented, "ilze@zalasrokas.lv"),
        "represented": represented,
        "unrepresented": unrepresented,
        "busy": busy,
        "fading": fading,
    }


def make_list(world, *enterprises, name=LIST_NAME) -> Shortlist:
    shortlist = Shortlist.objects.create(municipality=world["gulbene"], name=name)
    for enterprise in enterprises:
        ShortlistEntry.objects.create(shortlist=shortlist, enterprise=enterprise, note=NOTE)
    return shortlist


PLAN = {
    "title": "Stāķu parka uzkopšana 2027. gadā",
    "problem": "Parks aizaug, un pašvaldībai nav savu darbinieku tā kopšanai.",
    "solution": "Uzņēmums pļauj un kopj parku no aprīļa līdz oktobrim.",
}


def test_an_officer_builds_a_list_from_the_directory_and_invites_it_to_a_need(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["officer"])
    directory = client.get(reverse("enterprises:enterprise-list")).content.decode()
    assert "Pievienot sarakstam" in directory

    # The first enterprise starts a new list from its card.
    create = reverse("shortlists:shortlist-create", args=[world["gulbene"].slug])
    response = client.post(f"{create}?enterprise=zalas-rokas", {"name": LIST_NAME})
    shortlist = Shortlist.objects.get()
    assert response.url == shortlist.get_absolute_url()
    assert shortlist.created_by == world["officer"]

    # The others from their cards, back to the directory each time.
    directory_url = reverse("enterprises:enterprise-list") + "?q=parku"
    for slug in ["parku-meistari", "darzu-draugi", "veca-darbnica"]:
        response = client.post(
            reverse("shortlists:entry-add"),
            {"shortlist": shortlist.pk, "enterprise": slug, "next": directory_url},
        )
        assert response.url == directory_url
    assert shortlist.entries.count() == 4

    # A note at full length, with its line breaks as a browser sends them.
    entry = shortlist.entries.get(enterprise=world["represented"])
    sent = NOTE.replace("\n", "\r\n")
    client.post(
        reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
        {f"entry-{entry.pk}-note": sent},
    )
    entry.refresh_from_db()
    assert (entry.note, entry.note_by) == (NOTE, world["officer"])

    # The last one stops being verified after it was added.
    SocialEnterprise.objects.filter(pk=world["fading"].pk).update(
        verification=Verification.REJECTED
    )
    page = client.get(shortlist.get_absolute_url()).content.decode()
    assert "Sarakstā ir 4 uzņēmumi" in page
    assert "vairs nav pārbaudīts" in page
    assert "Zvanīju 2026. gada 3. decembrī" in page

    invite = reverse("shortlists:shortlist-invite", args=[shortlist.pk])
    need = world["need"]
    preview = client.get(f"{invite}?need={need.pk}").content.decode()
    assert "Uzaicināt 2 uzņēmumus" in preview
    with django_capture_on_commit_callbacks(execute=True):
        report = client.post(
            f"{invite}?need={need.pk}", {**PLAN, "instruments": [instrument("purchasing").pk]}
        )
    text = report.content.decode()

    invited = Cooperation.objects.filter(need=need, initiated_by=Side.MUNICIPALITY)
    assert {cooperation.enterprise.name for cooperation in invited} == {
        "Zaļās rokas",
        "Parku meistari",
    }
    assert all(cooperation.status == CooperationStatus.PROPOSED for cooperation in invited)
    assert all(
        list(cooperation.instruments.all()) == [instrument("purchasing")] for cooperation in invited
    )
    # Only the represented one has anybody to email; the page says who was not.
    assert [message.to for message in mail.outbox] == [["ilze@zalasrokas.lv"]]
    assert "Uzaicināti 2 uzņēmumi" in text
    assert "Izlaisti 2 uzņēmumi" in text
    assert "Dārzu draugi: jau sadarbojas ar pašvaldību par šo vajadzību" in text
    assert "Vecā darbnīca: vairs nav pārbaudīts Kopā" in text
    assert "Kopā to vēl neviens nepārstāv" in text

    # Inviting the list again sends nothing twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{invite}?need={need.pk}", {**PLAN, "instruments": [instrument("purchasing").pk]}
        )
    assert invited.count() == 2
    assert mail.outbox == []


def test_colleagues_of_the_same_municipality_share_the_list(client, world):
    shortlist = make_list(world, world["represented"])
    client.force_login(world["colleague"])
    page = client.get(reverse("shortlists:shortlist-list", args=["gulbenes-novads"]))
    assert LIST_NAME in page.content.decode()
    assert "Zvanīju" in client.get(shortlist.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["stranger", "representative", "anonymous"])
def test_nobody_else_sees_changes_downloads_or_invites_a_list(client, world, who):
    shortlist = make_list(world, world["represented"])
    entry = shortlist.entries.get()
    if who != "anonymous":
        client.force_login(world[who])
    need = world["need"]
    urls = [
        reverse("shortlists:shortlist-detail", args=[shortlist.pk]),
        reverse("shortlists:shortlist-csv", args=[shortlist.pk]),
        reverse("shortlists:shortlist-edit", args=[shortlist.pk]),
        reverse("shortlists:shortlist-delete", args=[shortlist.pk]),
        reverse("shortlists:shortlist-invite", args=[shortlist.pk]) + f"?need={need.pk}",
        reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
        reverse("shortlists:entry-remove", args=[shortlist.pk, entry.pk]),
        reverse("shortlists:shortlist-list", args=["gulbenes-novads"]),
    ]
    refused = {404} if who != "anonymous" else {302}
    for url in urls:
        response = client.post(
            url,
            {
                "name": "Pārņemts",
                f"entry-{entry.pk}-note": "Pārņemts",
                **PLAN,
                "instruments": [instrument("purchasing").pk],
            },
        )
        assert response.status_code in refused, url
        if who == "anonymous":
            assert "/auth/login/" in response.url
    client.post(
        reverse("shortlists:entry-add"),
        {"shortlist": shortlist.pk, "enterprise": world["unrepresented"].slug},
    )
    shortlist.refresh_from_db()
    entry.refresh_from_db()
    assert (shortlist.name, entry.note, shortlist.entries.count()) == (LIST_NAME, NOTE, 1)
    assert not Cooperation.objects.filter(initiated_by=Side.MUNICIPALITY).exists()
    # Nor is the list offered on the directory's cards (another officer sees only their own).
    directory = client.get(reverse("enterprises:enterprise-list")).content.decode()
    assert LIST_NAME not in directory
    assert ("Pievienot sarakstam" in directory) is (who == "stranger")


def test_the_enterprise_never_sees_it_is_on_a_list(client, world):
    make_list(world, world["represented"])
    client.force_login(world["representative"])
    pages = [
        reverse("enterprises:enterprise-detail", args=["zalas-rokas"]),
        reverse("enterprises:enterprise-manage", args=["zalas-rokas"]),
        reverse("accounts:dashboard"),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        assert LIST_NAME not in text, url
        assert "Zvanīju" not in text, url
    data = client.post(reverse("accounts:personal-data")).content.decode()
    assert "Zvanīju" not in data
    assert LIST_NAME not in data


def test_the_officer_who_wrote_a_note_finds_it_in_their_own_data(client, world):
    shortlist = make_list(world)
    entry = ShortlistEntry.objects.create(shortlist=shortlist, enterprise=world["represented"])
    client.force_login(world["officer"])
    client.post(
        reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
        {f"entry-{entry.pk}-note": NOTE},
    )
    mine = json.loads(client.post(reverse("accounts:personal-data")).content)
    assert mine["shortlist_notes"] == [
        {
            "shortlist": LIST_NAME,
            "municipality": "Gulbenes novads",
            "enterprise": "Zaļās rokas",
            "note": NOTE,
            "at": mine["shortlist_notes"][0]["at"],
        }
    ]
    client.force_login(world["colleague"])
    theirs = json.loads(client.post(reverse("accounts:personal-data")).content)
    assert theirs["shortlist_notes"] == []


def test_a_note_over_the_limit_is_refused(client, world):
    shortlist = make_list(world, world["represented"])
    entry = shortlist.entries.get()
    client.force_login(world["officer"])
    response = client.post(
        reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
        {f"entry-{entry.pk}-note": NOTE + "x"},
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.note == NOTE


def test_an_unverified_enterprise_cannot_be_added(client, world):
    shortlist = make_list(world)
    pending = SocialEnterpriseFactory(
        name="Jaunais uzņēmums", slug="jaunais", verification=Verification.PENDING
    )
    client.force_login(world["officer"])
    response = client.post(
        reverse("shortlists:entry-add"), {"shortlist": shortlist.pk, "enterprise": pending.slug}
    )
    assert response.status_code == 404
    assert not shortlist.entries.exists()


@pytest.mark.parametrize("status", [NeedStatus.DRAFT, NeedStatus.CLOSED, NeedStatus.FULFILLED])
def test_a_need_that_is_not_open_is_refused(
    client, world, status, django_capture_on_commit_callbacks
):
    shortlist = make_list(world, world["represented"])
    need = NeedFactory(municipality=world["gulbene"], status=status)
    client.force_login(world["officer"])
    url = reverse("shortlists:shortlist-invite", args=[shortlist.pk]) + f"?need={need.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**PLAN, "instruments": [instrument("purchasing").pk]})
    assert response.status_code == 200
    assert "Jāatlasa derīga izvēle" in response.content.decode()
    assert not Cooperation.objects.filter(initiated_by=Side.MUNICIPALITY).exists()
    assert mail.outbox == []


def test_another_municipalitys_need_is_refused(client, world):
    shortlist = make_list(world, world["represented"])
    need = NeedFactory(municipality=municipality("ludzas-novads"))
    client.force_login(world["officer"])
    url = reverse("shortlists:shortlist-invite", args=[shortlist.pk]) + f"?need={need.pk}"
    client.post(url, {**PLAN, "instruments": [instrument("purchasing").pk]})
    assert not Cooperation.objects.filter(initiated_by=Side.MUNICIPALITY).exists()


def test_inviting_stops_at_the_limit_on_invitations_and_says_so(client, world):
    gulbene = world["gulbene"]
    many = [SocialEnterpriseFactory(name=f"Dārznieki {n}") for n in range(12)]
    shortlist = make_list(world, *many)
    client.force_login(world["officer"])
    url = reverse("shortlists:shortlist-invite", args=[shortlist.pk]) + f"?need={world['need'].pk}"
    text = client.post(url, {**PLAN, "instruments": [instrument("purchasing").pk]}).content.decode()
    # Ten an hour, as for one invitation at a time (settings.ACCOUNT_RATE_LIMITS).
    assert (
        Cooperation.objects.filter(municipality=gulbene, initiated_by=Side.MUNICIPALITY).count()
        == 10
    )
    assert text.count("pagaidām esat nosūtījis tik uzaicinājumu, cik Kopā atļauj") == 2


def test_the_csv_is_safe_to_open_in_a_spreadsheet(client, world):
    hostile = SocialEnterpriseFactory(
        name='=HYPERLINK("http://ļauns.example")', slug="launs", phone="+371 26 123 456"
    )
    shortlist = make_list(world, hostile, world["represented"], world["fading"])
    ShortlistEntry.objects.filter(enterprise=hostile).update(note="@SUM(1+1)*cmd")
    SocialEnterprise.objects.filter(pk=world["fading"].pk).update(
        verification=Verification.REJECTED
    )
    client.force_login(world["officer"])
    response = client.get(reverse("shortlists:shortlist-csv", args=[shortlist.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Nosaukums",
        "Reģistrācijas numurs",
        "Pašvaldība",
        "Pakalpojumi",
        "E-pasts",
        "Tālrunis",
        "Tīmekļvietne",
        "Pārbaudīts Kopā",
        "Piezīme",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name['\'=HYPERLINK("http://ļauns.example")'][8] == "'@SUM(1+1)*cmd"
    assert by_name['\'=HYPERLINK("http://ļauns.example")'][5] == "+371 26 123 456"
    assert by_name["Zaļās rokas"][3] == "Veļas mazgāšana un gludināšana"
    assert by_name["Zaļās rokas"][8] == NOTE
    # No longer public: identified, with the note, but nothing the public no longer sees.
    assert by_name["Vecā darbnīca"][3:8] == ["", "", "", "", "vairs nav"]


def test_rename_and_delete_a_list(client, world):
    shortlist = make_list(world, world["represented"])
    client.force_login(world["colleague"])
    client.post(reverse("shortlists:shortlist-edit", args=[shortlist.pk]), {"name": "Parki 2027"})
    shortlist.refresh_from_db()
    assert shortlist.name == "Parki 2027"
    # One name once per municipality.
    make_list(world, name="Ēdināšana skolām")
    response = client.post(
        reverse("shortlists:shortlist-edit", args=[shortlist.pk]), {"name": "Ēdināšana skolām"}
    )
    assert "jau ir saraksts ar šādu nosaukumu" in response.content.decode()
    client.post(reverse("shortlists:shortlist-delete", args=[shortlist.pk]))
    assert not Shortlist.objects.filter(pk=shortlist.pk).exists()
    assert SocialEnterprise.objects.filter(pk=world["represented"].pk).exists()


def test_removing_an_enterprise_keeps_the_rest(client, world):
    shortlist = make_list(world, world["represented"], world["unrepresented"])
    entry = shortlist.entries.get(enterprise=world["represented"])
    client.force_login(world["officer"])
    client.post(reverse("shortlists:entry-remove", args=[shortlist.pk, entry.pk]))
    assert list(shortlist.entries.values_list("enterprise__name", flat=True)) == ["Parku meistari"]


def test_list_pages_cost_the_same_queries_however_long_the_list(
    client, world, django_assert_max_num_queries
):
    shortlist = make_list(world, world["represented"])
    client.force_login(world["officer"])
    urls = [
        shortlist.get_absolute_url(),
        reverse("shortlists:shortlist-list", args=["gulbenes-novads"]),
        reverse("shortlists:shortlist-csv", args=[shortlist.pk]),
        reverse("shortlists:shortlist-invite", args=[shortlist.pk]) + f"?need={world['need'].pk}",
    ]
    budgets = {}
    for url in urls:
        client.get(url)  # once to fill the caches the page shares with every other page
        with django_assert_max_num_queries(25) as few:
            client.get(url)
        budgets[url] = len(few.captured_queries)
    for number in range(15):
        enterprise = SocialEnterpriseFactory(name=f"Dārznieki {number}")
        OfferingFactory(enterprise=enterprise)
        ShortlistEntry.objects.create(shortlist=shortlist, enterprise=enterprise, note=NOTE)
        make_list(world, name=f"Saraksts {number}")
    for url in urls:
        with django_assert_max_num_queries(budgets[url]):
            assert client.get(url).status_code == 200


def test_the_directory_costs_an_anonymous_visitor_no_query_for_the_picker(
    client, world, django_assert_max_num_queries
):
    make_list(world, world["represented"])
    url = reverse("enterprises:enterprise-list")
    with django_assert_max_num_queries(25) as anonymous:
        client.get(url)
    client.force_login(UserFactory(username="vienkarsi"))
    # Signed in without a municipality: the session, the user, the header's "waiting for
    # me", and one question for the picker, however many cards the page shows.
    with django_assert_max_num_queries(len(anonymous.captured_queries) + 4):
        assert "Pievienot sarakstam" not in client.get(url).content.decode()


def test_a_note_saved_with_htmx_answers_with_the_form_alone(client, world):
    shortlist = make_list(world, world["represented"])
    entry = shortlist.entries.get()
    client.force_login(world["officer"])
    response = client.post(
        reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
        {f"entry-{entry.pk}-note": "Gatavi sākt aprīlī."},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "Piezīme par Zaļās rokas ir saglabāta." in text
    assert "<html" not in text


def test_every_shortlist_page_is_valid_html(client, world, vnu, tmp_path):  # noqa: F811
    """The Nu HTML Checker over each page, as the officer sees it with a full list."""
    shortlist = make_list(world, world["represented"], world["unrepresented"], world["fading"])
    SocialEnterprise.objects.filter(pk=world["fading"].pk).update(
        verification=Verification.REJECTED
    )
    entry = shortlist.entries.get(enterprise=world["represented"])
    client.force_login(world["officer"])
    invite = reverse("shortlists:shortlist-invite", args=[shortlist.pk])
    need = f"?need={world['need'].pk}"
    plan = {**PLAN, "instruments": [instrument("purchasing").pk]}
    pages = {
        "list": client.get(reverse("shortlists:shortlist-list", args=["gulbenes-novads"])),
        "create": client.get(
            reverse("shortlists:shortlist-create", args=["gulbenes-novads"])
            + "?enterprise=zalas-rokas"
        ),
        "detail": client.get(shortlist.get_absolute_url()),
        "edit": client.post(
            reverse("shortlists:shortlist-edit", args=[shortlist.pk]), {"name": ""}
        ),
        "delete": client.get(reverse("shortlists:shortlist-delete", args=[shortlist.pk])),
        "note too long": client.post(
            reverse("shortlists:entry-note", args=[shortlist.pk, entry.pk]),
            {f"entry-{entry.pk}-note": NOTE + "x"},
        ),
        "choose a need": client.get(invite),
        "plan": client.get(invite + need),
        "plan with errors": client.post(invite + need, {}),
        "report": client.post(invite + need, plan),
        "directory": client.get(reverse("enterprises:enterprise-list")),
        "profile": client.get(reverse("enterprises:enterprise-detail", args=["zalas-rokas"])),
    }
    files = {}
    for number, (name, response) in enumerate(pages.items()):
        assert response.status_code == 200, name
        path = tmp_path / f"{number:02d}.html"
        path.write_text(response.content.decode(), encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 - the checker, over pages we wrote
        [*vnu, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{files[message['url'].rsplit('/', 1)[-1]]}:{message.get('lastLine')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] == "error"
    ]
    assert errors == []
