"""Importing the Ministry of Welfare's register of social enterprises: the command and the
admin upload share one service, write nothing until every row is valid (or --partial),
and a second run of the same file changes nothing."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from enterprises.models import LegalForm, RegisterStatus, SocialEnterprise, Verification
from enterprises.register_import import (
    CellError,
    Outcome,
    Places,
    RegisterFileError,
    import_register,
    parse_date,
)
from matching.models import Match
from municipalities.models import ContractReservation, Municipality

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    municipality,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "register_sample.csv"
MALFORMED = DATA / "register_sample_malformed.csv"
UPLOAD_URL = "admin:enterprises_socialenterprise_import_register"

# Every bad row of the malformed sample: (line, column as its header spells it).
MALFORMED_ERRORS = {
    (3, "Registration number"),  # ten digits
    (4, "Status granted on"),  # 2022-02-31
    (5, "Status"),  # "apturēts"
    (6, "Municipality"),  # "Atlantīda"
    (7, "Status ended on"),  # ends before it was granted
    (8, "Registration number"),  # already on line 2
    (11, ""),  # one cell too many
    (12, "Status ended on"),  # active, yet with an end date
    (13, "Status granted on"),  # a new active enterprise without a grant date
}
MALFORMED_INVALID_NUMBERS = [f"4020300{n:04d}" for n in (107, 108, 109, 110, 112, 113, 114)]


def aware(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10))


@pytest.fixture
def known():
    """The enterprises of the sample the portal already has, as it has them."""
    return {
        "unchanged": SocialEnterpriseFactory(
            registration_number="40203000101",
            name="Zaļā darbnīca",
            status_granted_on=datetime.date(2022, 3, 1),
        ),
        "ceasing": SocialEnterpriseFactory(
            registration_number="40203000102",
            name="Veļas nams",
            status_granted_on=datetime.date(2020, 6, 15),
        ),
        "updating": SocialEnterpriseFactory(
            registration_number="40203000103",
            name="Dārza prieks",
            status_granted_on=datetime.date(2023, 3, 1),
            home_municipality=municipality("ogres-novads"),
        ),
        "rechecked": SocialEnterpriseFactory(
            registration_number="40203000106",
            name="Sveču darbnīca",
            status_granted_on=datetime.date(2019, 5, 20),
            checked_at=aware(2024, 1, 1),
        ),
    }


@pytest.fixture
def curator(client):
    user = UserFactory(username="kurators", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def run(path: Path, *options: str) -> str:
    out = StringIO()
    try:
        call_command("import_register", str(path), "--language", "en", *options, stdout=out)
    except CommandError as error:
        error.output = out.getvalue()
        raise
    return out.getvalue()


def snapshot() -> tuple[list[dict], int]:
    """Every enterprise column, updated_at and checked_at included, and the history."""
    rows = list(SocialEnterprise.objects.order_by("registration_number").values())
    return rows, SocialEnterprise.history.count()


def enterprise(number: str) -> SocialEnterprise:
    return SocialEnterprise.objects.select_related("home_municipality").get(
        registration_number=number
    )


def test_the_sample_creates_updates_and_ceases(known):
    before = {key: e.updated_at for key, e in known.items()}
    output = run(SAMPLE)

    ceased = enterprise("40203000102")
    assert ceased.register_status == RegisterStatus.CEASED
    assert ceased.status_ended_on == datetime.date(2024, 12, 31)
    assert ceased.history.first().history_change_reason == "Ministry of Welfare register import"
    updated = enterprise("40203000103")
    assert (updated.register_status, updated.status_granted_on) == (
        RegisterStatus.ACTIVE,
        datetime.date(2023, 4, 1),
    )
    bakery = enterprise("40203000104")
    assert bakery.name == 'SIA "Jaunā maize"'
    assert bakery.slug == "sia-jauna-maize"
    # Its register data are the register's own: verified against the register at once.
    assert bakery.verification == Verification.VERIFIED
    assert bakery.legal_form == LegalForm.SIA
    assert bakery.register_status == RegisterStatus.ACTIVE
    assert bakery.status_granted_on == datetime.date(2024, 1, 10)
    assert bakery.home_municipality.name == "Rīga"
    assert timezone.localdate(bakery.checked_at) == timezone.localdate()
    assert bakery in SocialEnterprise.objects.verified()
    # The directory finds it in its home municipality.
    assert bakery in SocialEnterprise.objects.serving(bakery.home_municipality)
    school = enterprise("40203000105")  # no status column value: the end date says ceased
    assert school.register_status == RegisterStatus.CEASED
    assert school.status_ended_on == datetime.date(2024, 2, 1)
    assert school.home_municipality.name == "Ventspils novads"
    rechecked = enterprise("40203000106")
    assert timezone.localdate(rechecked.checked_at) == timezone.localdate()
    assert rechecked.checked_by is None  # the command, not a person
    assert rechecked.updated_at == before["rechecked"]  # only the check date moved
    assert enterprise("40203000101").updated_at == before["unchanged"]

    assert "line 3 · 40203000102 · Veļas nams · ceased" in output
    assert "status ended on: — → 31/12/2024" in output
    assert "created: 2, updated: 1, ceased: 1, checked again: 1, unchanged: 1, invalid: 0" in output
    assert "The register file was imported." in output


def test_a_dry_run_shows_every_change_and_writes_nothing(known):
    before = snapshot()
    output = run(SAMPLE, "--dry-run", "--verbosity", "2")
    assert snapshot() == before
    for expected in [
        "line 2 · 40203000101 · Zaļā darbnīca · unchanged",
        "line 3 · 40203000102 · Veļas nams · ceased",
        "line 4 · 40203000103 · Dārza prieks · updated · "
        "status granted on: 01/03/2023 → 01/04/2023",
        'line 5 · 40203000104 · SIA "Jaunā maize" · created',
        "home municipality: — → Ventspils novads",
        "line 8 · 40203000106 · Sveču darbnīca · checked again · last checked: 01/01/2024 →",
        "created: 2, updated: 1, ceased: 1, checked again: 1, unchanged: 1, invalid: 0",
        "Dry run: nothing was written.",
    ]:
        assert expected in output


def test_a_malformed_file_writes_nothing_and_names_every_bad_row(known):
    before = snapshot()
    with pytest.raises(CommandError, match="--partial") as raised:
        run(MALFORMED)
    assert snapshot() == before
    output = raised.value.output
    assert "Nothing was written: 9 rows have errors." in output
    for line, column in MALFORMED_ERRORS:
        assert f"line {line} ·" in output
        if column:
            assert f"“{column}”:" in output
    assert "“2022-02-31” is not a date: write it as DD.MM.YYYY or YYYY-MM-DD." in output
    assert "This registration number is already on line 2." in output

    report = import_register(data=MALFORMED.read_bytes())
    assert {(error.line, error.column) for error in report.errors} == MALFORMED_ERRORS
    assert not report.written
    assert snapshot() == before


def test_partial_writes_only_the_valid_rows(known):
    run(MALFORMED, "--partial")
    created = enterprise("40203000111")
    assert created.home_municipality.name == "Valmieras novads"
    assert enterprise("40203000102").register_status == RegisterStatus.CEASED
    assert not SocialEnterprise.objects.filter(
        registration_number__in=MALFORMED_INVALID_NUMBERS
    ).exists()
    assert enterprise("40203000101").name == "Zaļā darbnīca"  # not its duplicate on line 8


def test_running_the_same_file_again_changes_nothing(known):
    run(SAMPLE)
    before = snapshot()
    output = run(SAMPLE)
    assert snapshot() == before
    assert "created: 0, updated: 0, ceased: 0, checked again: 0, unchanged: 6, invalid: 0" in (
        output
    )
    assert "Nothing was written: the file changes nothing." in output


def test_the_check_date_only_moves_forward(known, tmp_path):
    """An older export confirms nothing newer than what we know; a later one moves it on."""
    rechecked = known["rechecked"]
    path = tmp_path / "register.csv"
    path.write_text(
        "Reģistrācijas numurs;Nosaukums;Statuss;Statusa piešķiršanas datums\n"
        "40203000106;Sveču darbnīca;aktīvs;20.05.2019\n"
    )
    assert "unchanged: 1" in run(path, "--checked-on", "2023-12-31")
    rechecked.refresh_from_db()
    assert rechecked.checked_at == aware(2024, 1, 1)
    assert "checked again: 1" in run(path, "--checked-on", "15.03.2025")
    rechecked.refresh_from_db()
    assert timezone.localdate(rechecked.checked_at) == datetime.date(2025, 3, 15)


def test_dates_after_the_check_day_are_refused(known):
    with pytest.raises(CommandError) as raised:
        run(SAMPLE, "--checked-on", "2024-06-30")
    assert "31/12/2024 is after the day the register was checked, 30/06/2024." in (
        raised.value.output
    )


def test_a_model_constraint_is_reported_as_a_row_error():
    SocialEnterpriseFactory(
        registration_number="40203000201",
        legal_form=LegalForm.ASSOCIATION,
        register_status=RegisterStatus.NOT_REGISTERED,
        status_granted_on=None,
    )
    data = "Reģistrācijas numurs;Nosaukums;Statuss;Statusa piešķiršanas datums\n"
    data += "40203000201;Biedrība;aktīvs;01.02.2023\n"
    report = import_register(data=data.encode())
    [error] = report.errors
    assert (error.line, error.column) == (2, "")
    assert "(SIA)" in error.message
    assert enterprise("40203000201").register_status == RegisterStatus.NOT_REGISTERED


def test_an_enterprise_that_ceases_loses_a_match_the_law_reserves():
    need = NeedFactory(
        municipality=municipality("riga"),
        category=category("park-maintenance"),
        reservation=ContractReservation.ART77,
    )
    gardener = SocialEnterpriseFactory(registration_number="40203000102", name="Dārznieki")
    offering = OfferingFactory(enterprise=gardener, category=category("park-maintenance"))
    # As matching left it while the status was active (Art. 77 needs an active status).
    Match.objects.create(need=need, enterprise=gardener, offering=offering, score=60)
    data = "Reģistrācijas numurs;Nosaukums;Statusa piešķiršanas datums;Statusa izbeigšanas datums\n"
    data += "40203000102;Dārznieki;01.03.2022;31.12.2024\n"
    import_register(data=data.encode())
    assert not Match.objects.filter(enterprise=gardener).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Reģistrācijas numurs;Nosaukums;Statuss\n".encode("cp1257"), "not UTF-8"),
        (b"", "empty"),
        ("Nosaukums;Statuss;Statusa piešķiršanas datums\n".encode(), "“Reģistrācijas numurs”"),
        (
            "Reģistrācijas numurs;Nosaukums;Statusa piešķiršanas datums\n".encode(),
            "“Statuss” or a “Statusa izbeigšanas datums”",
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, message):
    with translation.override("en"), pytest.raises(RegisterFileError, match=message):
        import_register(data=data)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01.03.2022", datetime.date(2022, 3, 1)),
        ("1.3.2022.", datetime.date(2022, 3, 1)),
        ("2022-03-01", datetime.date(2022, 3, 1)),
        ("", None),
    ],
)
def test_dates_are_read_in_latvian_or_iso_form(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["2022/03/01", "31.02.2022", "1 March 2022"])
def test_other_dates_are_refused(text):
    with pytest.raises(CellError):
        parse_date(text)


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("Lielā iela 3, Piltene, Ventspils nov., LV-3620", "Ventspils novads"),
        ("Ventspils, Kuldīgas iela 1, LV-3601", "Ventspils"),
        ("Rīgas iela 5, Jelgava, LV-3001", "Jelgava"),
        ("Jelgavas iela 3, Rīga, LV-1004", "Rīga"),
        ("Ozolnieki, Ozolnieku pag., Jelgavas nov., LV-3018", "Jelgavas novads"),
        ("Gulbenes novads", "Gulbenes novads"),
        ("ĶEKAVAS NOVADS", "Ķekavas novads"),
        ("Nekurienes iela 1, LV-0000", None),
    ],
)
def test_the_municipality_is_read_from_an_address(address, name):
    found = Places(Municipality.objects.current()).find(address)
    assert (found.name if found else None) == name


def test_the_admin_upload_shows_the_report_then_applies_it(client, curator, known):
    url = reverse(UPLOAD_URL)
    page = client.get(url)
    assert page.status_code == 200
    assert "Statusa piešķiršanas datums" in page.content.decode()
    changelist = client.get(reverse("admin:enterprises_socialenterprise_changelist"))
    assert url in changelist.content.decode()

    before = snapshot()
    preview = client.post(
        url,
        {
            "file": SimpleUploadedFile("register.csv", SAMPLE.read_bytes(), "text/csv"),
            "checked_on": timezone.localdate().isoformat(),
        },
    )
    assert preview.status_code == 200
    assert snapshot() == before
    report = preview.context["report"]
    assert report.dry_run and report.counts[Outcome.CREATED] == 2
    html = preview.content.decode()
    assert 'data-outcome="ceased"' in html
    assert "40203000104" in html

    signed = preview.context["apply_form"]["upload"].value()
    response = client.post(url, {"upload": signed, "apply": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:enterprises_socialenterprise_changelist")
    assert enterprise("40203000102").register_status == RegisterStatus.CEASED
    assert enterprise("40203000104").checked_by == curator
    assert enterprise("40203000106").checked_by == curator
    assert enterprise("40203000101").updated_at == before[0][0]["updated_at"]


def test_the_admin_upload_lists_bad_rows_and_applies_only_when_asked(client, curator, known):
    url = reverse(UPLOAD_URL)
    upload = {"checked_on": timezone.localdate().isoformat()}
    strict = client.post(
        url,
        {**upload, "file": SimpleUploadedFile("r.csv", MALFORMED.read_bytes())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert strict.context["apply_form"] is None
    html = strict.content.decode()
    assert "Nothing is written while any row has errors" in html
    assert "“apturēts” is not a status we know" in html

    partial = client.post(
        url,
        {**upload, "partial": "on", "file": SimpleUploadedFile("r.csv", MALFORMED.read_bytes())},
    )
    signed = partial.context["apply_form"]["upload"].value()
    client.post(url, {"upload": signed, "apply": "1"})
    assert enterprise("40203000111").checked_by == curator
    assert not SocialEnterprise.objects.filter(
        registration_number__in=MALFORMED_INVALID_NUMBERS
    ).exists()


def test_a_tampered_preview_is_not_applied(client, curator, known):
    before = snapshot()
    response = client.post(reverse(UPLOAD_URL), {"upload": "forged", "apply": "1"})
    assert response.status_code == 200
    assert snapshot() == before


def test_only_staff_who_may_add_and_change_enterprises_reach_the_upload(client):
    url = reverse(UPLOAD_URL)
    client.force_login(UserFactory(username="parstavis"))
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", SAMPLE.read_bytes())})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not SocialEnterprise.objects.exists()

    client.force_login(UserFactory(username="darbinieks", is_staff=True))
    assert client.get(url).status_code == 403
