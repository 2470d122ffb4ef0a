import datetime
import re
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import MembershipStatus, User
from cooperation.models import Cooperation, CooperationStatus, CooperationSurvey, Side
from demo import texts
from demo.categories import CATEGORIES
from demo.seeding import (
    DemoBuilder,
    DemoDataError,
    DemoSize,
    delete_demo_data,
    demo_enterprises,
    demo_needs,
    demo_users,
    seed_demo,
)
from enterprises.models import (
    CategoryOffered,
    Offering,
    PlaceServed,
    Representative,
    SearchWord,
    SocialEnterprise,
)
from matching.models import Match
from municipalities.models import (
    EmailDomain,
    Municipality,
    Need,
    NeedStatus,
    Officer,
    PlanningRegion,
)

from .factories import verified_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
SIZE = DemoSize(enterprises=40, offerings=100, needs=30)

# The municipalities' official email domains (ATVK code -> domains), as the reference data
# migration loads them; the tests add the ones the database lacks.
OFFICIAL_DOMAINS = {
    "0001000": ["riga.lv"],
    "0002000": ["daugavpils.lv"],
    "0003000": ["jelgava.lv"],
    "0004000": ["jurmala.lv"],
    "0005000": ["liepaja.lv"],
    "0006000": ["rezekne.lv"],
    "0007000": ["ventspils.lv"],
    "0020000": ["aizkraukle.lv"],
    "0021000": ["aluksne.lv"],
    "0022000": ["augsdaugavasnovads.lv"],
    "0023000": ["adazi.lv"],
    "0024000": ["balvi.lv"],
    "0025000": ["bauskasnovads.lv"],
    "0026000": ["cesis.lv", "cesunovads.lv"],
    "0027000": ["dkn.lv"],
    "0028000": ["dobele.lv"],
    "0029000": ["gulbene.lv"],
    "0030000": ["jelgavasnovads.lv"],
    "0031000": ["jekabpils.lv"],
    "0032000": ["kraslava.lv"],
    "0033000": ["kuldiga.lv"],
    "0034000": ["kekava.lv"],
    "0035000": ["limbazunovads.lv"],
    "0036000": ["livani.lv"],
    "0037000": ["ludzasnovads.lv"],
    "0038001": ["madona.lv"],
    "0039000": ["marupe.lv"],
    "0040000": ["ogresnovads.lv"],
    "0041000": ["olaine.lv"],
    "0042000": ["preili.lv"],
    "0043000": ["rezeknesnovads.lv"],
    "0044000": ["ropazi.lv"],
    "0045000": ["salaspils.lv"],
    "0046000": ["saldus.lv"],
    "0047000": ["saulkrasti.lv"],
    "0048000": ["sigulda.lv"],
    "0049000": ["smiltenesnovads.lv"],
    "0051000": ["talsi.lv"],
    "0052000": ["tukums.lv"],
    "0053000": ["valka.lv"],
    "0054000": ["valmierasnovads.lv"],
    "0056000": ["ventspilsnd.lv"],
}


@pytest.fixture(autouse=True)
def official_domains():
    for municipality in Municipality.objects.current():
        for domain in OFFICIAL_DOMAINS[municipality.atvk]:
            EmailDomain.objects.get_or_create(
                domain=domain, defaults={"municipality": municipality}
            )


def snapshot() -> dict:
    """Everything a visitor would see of the demo data, without database ids."""
    enterprises = list(
        demo_enterprises()
        .order_by("registration_number")
        .values_list(
            "name",
            "slug",
            "registration_number",
            "register_status",
            "verification",
            "home_municipality__name",
            "employees_total",
            "employees_target_group",
            "description",
            "serves_nationwide",
        )
    )
    served = sorted(
        demo_enterprises().values_list("registration_number", "served_municipalities__name"),
        key=str,
    )
    offerings = sorted(
        Offering.objects.values_list(
            "enterprise__registration_number",
            "title",
            "description",
            "category__slug",
            "kind",
            "is_active",
        ),
        key=str,
    )
    needs = sorted(
        demo_needs().values_list(
            "municipality__name",
            "title",
            "description",
            "category__slug",
            "status",
            "created_by__email",
        ),
        key=str,
    )
    people = sorted(
        demo_users().values_list(
            "username", "email", "first_name", "last_name", "language", "match_emails"
        )
    )
    cooperations = sorted(
        Cooperation.objects.values_list(
            "need__title",
            "enterprise__registration_number",
            "status",
            "solution",
            "value_eur",
            "created_at",
        ),
        key=str,
    )
    return {
        "cooperations": cooperations,
        "enterprises": enterprises,
        "served": served,
        "offerings": offerings,
        "needs": needs,
        "people": people,
    }


def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    seed_demo(seed=7, size=SIZE, today=TODAY)
    first = snapshot()
    delete_demo_data()
    seed_demo(seed=7, size=SIZE, today=TODAY)
    assert snapshot() == first
    delete_demo_data()
    seed_demo(seed=8, size=SIZE, today=TODAY)
    assert snapshot() != first


def test_demo_data_has_the_requested_size_and_is_valid():
    seed_demo(seed=1, size=SIZE, today=TODAY)
    assert demo_enterprises().count() == 40
    assert Offering.objects.count() == 100
    assert demo_needs().count() == 30
    for enterprise in demo_enterprises():
        enterprise.full_clean()
    assert all(
        number.startswith("9")
        for number in SocialEnterprise.objects.values_list("registration_number", flat=True)
    )


def test_demo_data_spreads_over_every_planning_region():
    seed_demo(seed=1, size=DemoSize(enterprises=200, offerings=200, needs=42), today=TODAY)
    for region in PlanningRegion.objects.all():
        assert demo_enterprises().filter(home_municipality__region=region).exists(), region
        assert demo_needs().filter(municipality__region=region).exists(), region
    # Every current municipality gets a need before any gets a second.
    assert demo_needs().values("municipality").distinct().count() == 42


def planner_row_estimate(table: str) -> int:
    """How many rows the query planner believes the table holds (0 without statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
    return max(int(float(str(row[0]).split()[0])), 0) if row else 0


def test_seeding_gives_the_planner_statistics_before_matching():
    # Matching runs inside the seeding transaction; planned for empty tables it took
    # seconds per need at L on PostgreSQL.
    seed_demo(seed=1, size=DemoSize(enterprises=60, offerings=120, needs=5), today=TODAY)
    assert planner_row_estimate(SocialEnterprise._meta.db_table) >= 60
    assert planner_row_estimate(Offering._meta.db_table) >= 120


def test_command_is_idempotent_and_reset_replaces_the_data(capsys):
    call_command("seed_demo", enterprises=10, offerings=20, needs=5)
    names = list(demo_enterprises().values_list("name", flat=True))
    call_command("seed_demo", enterprises=10, offerings=20, needs=5)
    assert "nothing to do" in capsys.readouterr().out
    assert list(demo_enterprises().values_list("name", flat=True)) == names
    assert Offering.objects.count() == 20

    call_command("seed_demo", enterprises=5, offerings=5, needs=2, reset=True)
    assert demo_enterprises().count() == 5
    assert demo_needs().count() == 2


def test_demo_admin_is_created_once(capsys):
    call_command("ensure_demo_admin")
    first = capsys.readouterr().out
    assert "password" in first
    call_command("ensure_demo_admin")
    assert "exists" in capsys.readouterr().out


def all_descriptions() -> list[str]:
    return [
        *demo_enterprises().values_list("description", flat=True),
        *Offering.objects.filter(enterprise__in=demo_enterprises()).values_list(
            "description", flat=True
        ),
        *demo_needs().values_list("description", flat=True),
    ]


def test_every_demo_text_is_of_realistic_length_with_paragraphs_and_diacritics():
    seed_demo(seed=3, size=DemoSize(enterprises=60, offerings=180, needs=60), today=TODAY)
    descriptions = all_descriptions()
    assert len(descriptions) == 300
    for text in descriptions:
        assert texts.MIN_LENGTH <= len(text) <= texts.MAX_LENGTH, text
        assert "\n\n" in text, text
        assert re.search("[āčēģīķļņšūž]", text), text
        # Nothing of the building blocks' markup is left over.
        assert not re.search(r"[\[\]{}|]|None|  ", text), text
    # Varied: past the first paragraph, which names the enterprise, hardly two read alike.
    bodies = [
        text.split("\n\n", 1)[1]
        for text in demo_enterprises().values_list("description", flat=True)
    ]
    assert len(set(bodies)) >= 0.9 * len(bodies)


# After these verbs the object is in the accusative: "piedāvājam kursus", never "kursi".
ACCUSATIVE_VERBS = r"\b(piedāvājam|nodrošinām|organizējam|vadām|rīkojam|sniedzam)\b"
NOMINATIVE_PLURALS = r"\b(kursi|pakalpojumi|pasākumi|risinājumi|izstrādājumi|suvenīri|materiāli)\b"


def test_demo_texts_put_the_object_of_offering_verbs_in_the_accusative():
    seed_demo(seed=4, size=DemoSize(enterprises=80, offerings=240, needs=42), today=TODAY)
    titles = list(Offering.objects.values_list("title", flat=True))
    for text in all_descriptions() + titles:
        for clause in re.split(r"[.;:!?\n]", text):
            verb = re.search(ACCUSATIVE_VERBS, clause, re.IGNORECASE)
            if verb:
                after = clause[verb.end() :]
                assert not re.search(NOMINATIVE_PLURALS, after, re.IGNORECASE), clause


def test_the_phrase_check_catches_the_case_error_of_issue_15():
    # The pattern the test above forbids is the one found in the old demo texts.
    clause = "Piedāvājam digitālo prasmju kursi"
    after = clause[re.search(ACCUSATIVE_VERBS, clause, re.IGNORECASE).end() :]
    assert re.search(NOMINATIVE_PLURALS, after, re.IGNORECASE)


def test_numbers_and_places_take_the_right_latvian_forms():
    assert texts.count(1, "cilvēks", "cilvēki") == "1 cilvēks"
    assert texts.count(21, "cilvēks", "cilvēki") == "21 cilvēks"
    assert texts.count(11, "cilvēks", "cilvēki") == "11 cilvēki"
    assert texts.count(12, "cilvēks", "cilvēki") == "12 cilvēki"
    assert texts.place_cases("Gulbenes novads") == ("Gulbenes novadā", "Gulbenes novada")
    assert texts.place_cases("Rīga") == ("Rīgā", "Rīgas")
    assert texts.place_cases("Daugavpils") == ("Daugavpilī", "Daugavpils")
    assert texts.region_locative("Vidzemes plānošanas reģions") == "Vidzemes plānošanas reģionā"
    assert texts.latvian_date(datetime.date(2027, 3, 15)) == "2027. gada 15. martam"
    assert texts.money(5000) == "5000"
    assert texts.money(36000) == "36 000"
    # Every current municipality has its case forms.
    for name in Municipality.objects.current().values_list("name", flat=True):
        assert texts.place_cases(name)


def test_offering_and_need_titles_fit_their_category():
    seed_demo(seed=5, size=DemoSize(enterprises=60, offerings=200, needs=84), today=TODAY)
    for title, slug in Offering.objects.values_list("title", "category__slug"):
        assert title in CATEGORIES[slug].titles, (title, slug)
    # No enterprise lists the same offering twice while its category has titles left.
    offerings = Counter(Offering.objects.values_list("enterprise", "category__slug"))
    titles = Counter(Offering.objects.values_list("enterprise", "category__slug", "title"))
    for (enterprise, slug, _title), times in titles.items():
        if offerings[enterprise, slug] <= len(CATEGORIES[slug].titles):
            assert times == 1
    for need in demo_needs().select_related("municipality", "category"):
        locative, genitive = texts.place_cases(need.municipality.name)
        assert need.title in {
            title.format(loc=locative, gen=genitive)
            for title in CATEGORIES[need.category.slug].need_titles
        }, need.title


def test_every_demo_enterprise_has_an_approved_representative_with_a_verified_address():
    seed_demo(seed=1, size=SIZE, today=TODAY)
    verified = EmailAddress.objects.filter(user=OuterRef("user"), verified=True, primary=True)
    representatives = Representative.objects.approved().filter(Exists(verified))
    enterprises = demo_enterprises().annotate(
        represented=Exists(representatives.filter(enterprise=OuterRef("pk")))
    )
    assert enterprises.filter(represented=False).count() == 0
    for representative in Representative.objects.select_related("user", "enterprise"):
        user = representative.user
        # On the enterprise's own (reserved, undeliverable) .example domain.
        assert user.email.endswith(f"@{representative.enterprise.slug}.example")
        assert user.first_name and user.last_name
        assert user.match_emails and user.language in {"lv", "en"}
        assert not user.has_usable_password()
    per_enterprise = Counter(Representative.objects.values_list("enterprise", flat=True))
    assert set(per_enterprise.values()) <= {1, 2}


def test_demo_needs_are_posted_by_officers_on_the_official_domain():
    seed_demo(seed=1, size=DemoSize(enterprises=20, offerings=40, needs=50), today=TODAY)
    needs = demo_needs().select_related("municipality", "created_by")
    assert {need.municipality_id for need in needs} == set(
        Municipality.objects.current().values_list("pk", flat=True)
    )
    for need in needs:
        officer = Officer.objects.get(user=need.created_by, municipality=need.municipality)
        assert officer.status == MembershipStatus.APPROVED
        domains = set(need.municipality.email_domains.values_list("domain", flat=True))
        assert need.created_by.email.rsplit("@", 1)[1] in domains, need.created_by.email
        assert EmailAddress.objects.filter(
            user=need.created_by, email=need.created_by.email, verified=True, primary=True
        ).exists()
    per_municipality = Counter(Officer.objects.values_list("municipality", flat=True))
    assert set(per_municipality.values()) <= {1, 2, 3}


def test_seeding_again_reuses_the_municipalities_officers():
    seed_demo(seed=1, size=DemoSize(enterprises=5, offerings=10, needs=42), today=TODAY)
    officers = set(Officer.objects.values_list("user__username", flat=True))
    seed_demo(seed=2, size=DemoSize(enterprises=5, offerings=10, needs=42), today=TODAY)
    assert set(Officer.objects.values_list("user__username", flat=True)) == officers
    assert demo_enterprises().count() == 10
    assert Representative.objects.values("enterprise").distinct().count() == 10


def test_seeding_stops_with_a_clear_message_when_a_municipality_has_no_email_domain():
    EmailDomain.objects.filter(municipality__slug="gulbenes-novads").delete()
    with pytest.raises(CommandError, match="Gulbenes novads"):
        call_command("seed_demo", enterprises=10, offerings=20, needs=42)
    # Nothing is left half-done.
    assert not demo_enterprises().exists()
    assert not demo_users().exists()


def test_demo_addresses_never_take_over_a_real_account():
    seed_demo(seed=6, size=DemoSize(enterprises=3, offerings=3, needs=1), today=TODAY)
    email = demo_needs().get().created_by.email
    delete_demo_data()
    real = verified_user(email)
    with pytest.raises(DemoDataError, match=email):
        seed_demo(seed=6, size=DemoSize(enterprises=3, offerings=3, needs=1), today=TODAY)
    real.refresh_from_db()
    assert not real.officers.exists()


def test_reset_removes_demo_people_and_keeps_real_accounts(capsys):
    real = verified_user("ilze.kalnina@gulbene.lv")
    call_command("ensure_demo_admin")
    call_command("seed_demo", enterprises=10, offerings=20, needs=5)
    assert demo_users().count() > 10
    call_command("seed_demo", enterprises=3, offerings=3, needs=1, reset=True)
    assert not Representative.objects.exclude(enterprise__in=demo_enterprises()).exists()
    assert Officer.objects.count() == demo_users().filter(officers__isnull=False).count()
    assert User.objects.filter(pk=real.pk).exists()
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    delete_demo_data()
    assert not demo_users().exists()
    assert (
        not EmailAddress.objects.filter(email__endswith=".example")
        .exclude(email="admin@kopa.example")
        .exists()
    )


def seeding_queries(size: DemoSize) -> tuple[int, list[str], int]:
    """How many INSERTs and UPDATEs seeding takes, every other statement it runs, and how
    many rows it wrote."""
    # The builder: everything seeding inserts, without the matching that follows it.
    with CaptureQueriesContext(connection) as queries:
        DemoBuilder(1, TODAY).build(size)
    rows = sum(
        model.objects.count()
        for model in (SocialEnterprise, Offering, Need, SearchWord, PlaceServed, CategoryOffered)
    )
    delete_demo_data()
    statements = [query["sql"] for query in queries if "SAVEPOINT" not in query["sql"]]
    # Bulk writes: inserts, and the updates that date the demo cooperations' steps after
    # their insert stamped them with the present (one per batch, none without cooperations).
    writes = ("INSERT", "UPDATE")
    inserts = [sql for sql in statements if sql.startswith(writes)]
    # Ids and the length of IN lists differ between sizes; the statements must not.
    others = [
        re.sub(r"\((N, )*N\)", "(N…)", re.sub(r"'[^']*'|\d+", "N", sql))
        for sql in statements
        if not sql.startswith(writes)
    ]
    return len(inserts), others, rows


def test_seeding_inserts_in_bulk():
    small = seeding_queries(DemoSize(enterprises=20, offerings=60, needs=3))
    large_inserts, large_others, rows = seeding_queries(
        DemoSize(enterprises=200, offerings=600, needs=3)
    )
    # Ten times the rows: the same reads, and inserts in batches (SQLite caps a statement's
    # parameters, so a batch there holds a few dozen to a few hundred rows), not one per row.
    assert large_others == small[1]
    assert rows > 20_000  # enterprises, offerings and their derived index rows
    assert large_inserts < rows / 50


def test_demo_people_log_in_only_with_the_password_given(client):
    call_command("seed_demo", enterprises=4, offerings=4, needs=2, password="kopā-demo-2026")
    officer = demo_users().filter(officers__isnull=False).order_by("username").first()
    login = reverse("account_login")
    response = client.post(login, {"login": officer.email, "password": "nepareiza-parole"})
    assert "_auth_user_id" not in client.session
    response = client.post(login, {"login": officer.email, "password": "kopā-demo-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_make_run_path_migrates_seeds_and_creates_the_admin(capsys):
    call_command("migrate", verbosity=0)
    call_command("seed_demo")
    call_command("ensure_demo_admin")
    output = capsys.readouterr().out
    assert "Created 120 enterprises, 360 offerings and 90 needs" in output
    assert "Demo administrator created" in output
    assert not demo_users().filter(is_staff=True).exists()


def test_seeding_mails_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as after_commit:
        call_command("seed_demo", enterprises=30, offerings=90, needs=10)
    assert Match.objects.filter(fit="strong").exists()
    # Nothing is queued to send after the load commits (at L that was thousands of mails).
    assert after_commit == []
    assert not mail.outbox
    assert not Match.objects.filter(notified_at__isnull=False).exists()


def test_demo_cooperations_follow_their_needs_and_fill_stories_and_statistics(client):
    seed_demo(seed=3, size=DemoSize(enterprises=150, offerings=450, needs=80), today=TODAY)
    now = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9, 0)))
    cooperations = Cooperation.objects.select_related("need", "enterprise", "municipality")
    by_status = Counter(cooperations.values_list("status", flat=True))
    assert by_status[CooperationStatus.COMPLETED] > 0
    assert by_status[CooperationStatus.ACTIVE] + by_status[CooperationStatus.AGREED] > 0
    assert set(by_status) <= {
        CooperationStatus.COMPLETED,
        CooperationStatus.ACTIVE,
        CooperationStatus.AGREED,
    }
    expected = {
        NeedStatus.IN_PROGRESS: {CooperationStatus.ACTIVE, CooperationStatus.AGREED},
        NeedStatus.FULFILLED: {CooperationStatus.COMPLETED},
    }
    for cooperation in cooperations:
        cooperation.full_clean()
        need = cooperation.need
        # Only a need someone took on has a cooperation, with a verified enterprise that
        # offers the need's category, in the forms the need asked for.
        assert cooperation.status in expected[need.status]
        assert cooperation.municipality == need.municipality
        assert cooperation.enterprise.verification == "verified"
        assert [o.category_id for o in cooperation.offerings.all()] == [need.category_id]
        assert set(cooperation.instruments.all()) == set(need.instruments.all())
        assert len(cooperation.solution) >= 200 and "\n\n" in cooperation.solution
        assert need.description.startswith(cooperation.problem)
        # Its steps, taken by people of each side, in order, between publication and today.
        events = list(cooperation.events.all())
        assert [e.action for e in events][:3] == ["propose", "agree", "agree"]
        times = [e.at for e in events]
        assert times == sorted(times) and need.published_at <= times[0] and times[-1] <= now
        assert events[-1].to_status == cooperation.status
        for event in events:
            acts_for = (
                event.by.officers.filter(municipality=cooperation.municipality)
                if event.side == Side.MUNICIPALITY
                else event.by.representatives.filter(enterprise=cooperation.enterprise)
            )
            assert acts_for.filter(status=MembershipStatus.APPROVED).exists()
        if cooperation.status == CooperationStatus.COMPLETED:
            assert cooperation.value_eur is not None and cooperation.what_worked
        assert cooperation.planned_end > cooperation.created_at.date()
    # Every need taken on has its cooperation, unless nobody offers its category.
    for need in demo_needs().filter(status__in=expected).filter(cooperations__isnull=True):
        assert not Offering.objects.filter(
            category=need.category, is_active=True, enterprise__verification="verified"
        ).exists()
    assert not demo_needs().exclude(status__in=expected).filter(cooperations__isnull=False)

    stories = cooperations.filter(municipality_publishes=True, enterprise_publishes=True)
    assert stories.exists()
    page = client.get(reverse("cooperation:story-list")).content.decode()
    assert all(story.title in page for story in stories[:5])
    assert CooperationSurvey.objects.exists()
    statistics = client.get(reverse("stats:statistics")).content.decode()
    assert "Sadarbības vēl nav reģistrētas" not in statistics
    assert "Neviena sadarbība vēl nav pabeigta." not in statistics
