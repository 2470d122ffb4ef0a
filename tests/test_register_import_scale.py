"""The register import at the size of its limit, and cells no text can hold: a 2 MB file is
planned in a fixed number of queries, control characters are row errors, and every row the
plan creates keeps every constraint of the model."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enterprises.models import PlaceServed, SocialEnterprise, Verification
from enterprises.register_import import MAX_FILE_BYTES, Outcome, import_register

from .factories import UserFactory, municipality

pytestmark = pytest.mark.django_db

HEADER = (
    "Reģistrācijas numurs;Nosaukums;Statuss;Statusa piešķiršanas datums;"
    "Statusa izbeigšanas datums;Juridiskā adrese;Pašvaldība"
)
PLACES = ["Gulbenes novads", "Rīga", "Ogres novads", "Cēsu novads", "Ludzas novads"]


def row(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return (
        f'4{n:010d};"SIA ""Zaļā darbnīca Nr. {n}""";aktīvs;02.05.2023;;'
        f"Brīvības iela {n % 200 + 1}, {place}, LV-4401;{place}\n"
    )


def register_file(rows: int) -> bytes:
    return (HEADER + "\n" + "".join(row(n) for n in range(rows))).encode()


def register_file_of(size: int) -> tuple[bytes, int]:
    """As many rows as fit in ``size`` bytes, and how many that is."""
    lines = [(HEADER + "\n").encode()]
    total = len(lines[0])
    while total + len(line := row(len(lines) - 1).encode()) <= size:
        lines.append(line)
        total += len(line)
    return b"".join(lines), len(lines) - 1


def queries_to_plan(data: bytes) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = import_register(data=data, dry_run=True)
    assert report.counts[Outcome.CREATED] > 0
    assert not report.has_errors
    return len(queries)


def test_planning_costs_the_same_queries_for_30_rows_and_for_600():
    assert queries_to_plan(register_file(600)) == queries_to_plan(register_file(30))


def test_writing_many_new_enterprises_keeps_their_history_and_place_index():
    curator = UserFactory(username="kurators", email="kurators@kopa.example", is_staff=True)
    with CaptureQueriesContext(connection) as queries:
        report = import_register(data=register_file(600), by=curator)
    assert report.written and report.counts[Outcome.CREATED] == 600
    # In bulk: far fewer queries than rows.
    assert len(queries) < 100
    created = SocialEnterprise.objects.filter(registration_number__startswith="4")
    assert created.count() == 600
    assert created.filter(verification=Verification.VERIFIED).count() == 600
    assert len(set(created.values_list("slug", flat=True))) == 600
    first = created.get(registration_number="40000000000")
    assert first.name == 'SIA "Zaļā darbnīca Nr. 0"'
    assert first.home_municipality == municipality("gulbenes-novads")
    [record] = first.history.all()
    assert record.history_change_reason == "Ministry of Welfare register import"
    assert record.history_user == curator
    assert PlaceServed.objects.filter(
        enterprise=first, municipality=municipality("gulbenes-novads")
    ).exists()


def test_a_file_at_the_size_limit_is_planned():
    data, rows = register_file_of(MAX_FILE_BYTES)
    assert MAX_FILE_BYTES - 200 < len(data) <= MAX_FILE_BYTES
    report = import_register(data=data, dry_run=True)
    assert report.counts[Outcome.CREATED] == rows


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_is_a_row_error_and_nothing_is_written(character):
    data = register_file(3).decode().replace("Zaļā darbnīca Nr. 1", f"Zaļā{character}darbnīca")
    report = import_register(data=data.encode())
    [error] = report.errors
    assert (error.line, error.column) == (3, "Nosaukums")
    assert "vadības rakstzīme" in error.message
    assert not report.written
    assert not SocialEnterprise.objects.exists()


DAYS = st.dates(min_value=datetime.date(2018, 1, 1), max_value=datetime.date(2026, 12, 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from(["aktīvs", "izslēgts", "", "Aktīvs statuss", "izbeigts"]),
    granted=st.one_of(st.none(), DAYS),
    ended=st.one_of(st.none(), DAYS),
    name=st.text(
        alphabet="aābcčdeēfgģhiījkķlļmnņoprsštuūvzžAĀBCČ „”-.,'\"",
        min_size=0,
        max_size=250,
    ),
)
def test_every_row_planned_as_created_passes_the_models_whole_validation(
    status, granted, ended, name
):
    def cell(date):
        return date.strftime("%d.%m.%Y") if date else ""

    quoted = '"' + name.replace('"', '""') + '"'
    data = f"{HEADER}\n40203999999;{quoted};{status};{cell(granted)};{cell(ended)};;Rīga\n"
    report = import_register(data=data.encode(), dry_run=True)
    [row] = report.rows
    if row.outcome == Outcome.CREATED:
        enterprise = row.build_enterprise()
        enterprise.slug = "parbaude"
        enterprise.full_clean()  # fields, uniqueness and every database constraint


def test_the_admin_previews_a_file_at_the_size_limit_and_writes_it(client):
    curator = UserFactory(
        username="kurators", email="kurators@kopa.example", is_staff=True, is_superuser=True
    )
    client.force_login(curator)
    data, rows = register_file_of(MAX_FILE_BYTES)
    url = reverse("admin:enterprises_socialenterprise_import_register")
    preview = client.post(
        url,
        {
            "file": SimpleUploadedFile("registrs.csv", data, "text/csv"),
            "checked_on": timezone.localdate().isoformat(),
        },
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert html.count('data-outcome="created"') == 1000
    assert f"Vēl {rows - 1000} rindas" in html or f"Vēl {rows - 1000} rindu" in html
    assert not SocialEnterprise.objects.exists()

    signed = preview.context["apply_form"]["upload"].value()
    response = client.post(url, {"upload": signed, "apply": "1"})
    assert response.status_code == 302
    assert SocialEnterprise.objects.count() == rows


def test_every_bad_new_row_is_reported_as_the_models_validation_would():
    """A new row's name is checked by the model's own field instead of a full_clean() per
    row: the same rows are refused, with the model's own messages, at their lines."""
    too_long = ("Sociālais uzņēmums „Zaļā darbnīca” " * 6).strip()  # 209 characters
    data = (
        f"{HEADER}\n"
        + row(0)
        + f'40200000001;"{too_long}";aktīvs;02.05.2023;;;Rīga\n'
        + '40200000002;"Zaļā\ndarbnīca";aktīvs;02.05.2023;;;Rīga\n'
        + "40200000003;   ;aktīvs;02.05.2023;;;Rīga\n"
        + "40200000004;Saules veļas māja;aktīvs;02.05.2023;;Nekurienes iela 1, LV-0000;\n"
        + "40200000005;Otrā elpa;aktīvs;02.05.2023;;;\n"
        + row(6)
    )
    report = import_register(data=data.encode())
    assert not report.written and not SocialEnterprise.objects.exists()
    assert report.counts[Outcome.CREATED] == 2
    errors = {(error.line, error.column): error.message for error in report.errors}

    def models_message(name: str) -> str:
        enterprise = SocialEnterprise(name=name)
        try:
            enterprise.full_clean(
                exclude=[f.name for f in enterprise._meta.fields if f.name != "name"]
            )
        except ValidationError as error:
            [message] = error.message_dict["name"]
            return message
        raise AssertionError(f"{name!r} passes the model's validation")

    assert errors == {
        (3, "Nosaukums"): models_message(too_long),
        (4, "Nosaukums"): models_message("Zaļā\ndarbnīca"),
        (6, "Nosaukums"): "Jaunam uzņēmumam jānorāda nosaukums.",
        (7, "Juridiskā adrese"): (
            "Adresē nav minēta neviena pašreizējā pašvaldība: aizpildiet kolonnu “Pašvaldība”."
        ),
        (8, "Pašvaldība"): (
            "Jaunam uzņēmumam jānorāda pašvaldība: aizpildiet “Pašvaldība” vai “Juridiskā adrese”."
        ),
    }
