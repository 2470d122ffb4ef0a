"""The curators' desk: queues with counts on the admin index, verifying an enterprise on its
own admin page, what the register import confirms, and history that reads in Latvian."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from accounts.models import MembershipStatus
from enterprises.models import (
    ChangeStatus,
    EnterpriseChangeRequest,
    RegisterEntry,
    RegisterImport,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)
from enterprises.register_import import REGISTER_URL, RegisterFileError, import_register
from enterprises.services import record_verification
from municipalities.models import Officer
from portal.desk import QUEUES

from .factories import (
    SocialEnterpriseFactory,
    UserFactory,
    municipality,
    representative_of,
    verified_user,
)

pytestmark = pytest.mark.django_db

INDEX = "admin:index"
HEADER = "Reģistrācijas numurs;Nosaukums;Pašvaldība;Statuss;Statusa piešķiršanas datums\n"


@pytest.fixture(autouse=True)
def latvian():
    with translation.override("lv"):
        yield


@pytest.fixture
def curator(client):
    user = verified_user("kurators@kopa.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def staff_with(*codenames: str):
    """A staff member with only the named permissions (e.g. "view_socialenterprise")."""
    user = verified_user(f"darbinieks{len(codenames)}@kopa.example", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def short_date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def register_file(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def desk_counts(page: str) -> dict[str, int]:
    """{queue label: count} as the index's desk table shows them."""
    rows = re.findall(
        r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>\s*<td[^>]*>(?:<strong>)?'
        r'(?:<span class="quiet">)?(\d+)',
        page,
    )
    return {label: int(count) for _url, label, count in rows}


def desk_links(page: str) -> dict[str, str]:
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th>', page)
    return {label: url.replace("&amp;", "&") for url, label in rows}


def a_bit_of_everything():
    """One row for each queue, and rows that must not be counted beside them."""
    gulbene = municipality("gulbenes-novads")
    SocialEnterpriseFactory(
        name="Saules Darbnīca", verification=Verification.PENDING, checked_at=None
    )
    SocialEnterpriseFactory(name="Ābeļu Dārzs", verification=Verification.PENDING, checked_at=None)
    SocialEnterpriseFactory(name="Noraidītais", verification=Verification.REJECTED)
    fresh = SocialEnterpriseFactory(name="Svaigi pārbaudītais")
    SocialEnterpriseFactory(
        name="Sen pārbaudītais", checked_at=timezone.now() - datetime.timedelta(days=400)
    )
    Representative.objects.create(user=verified_user("ilze@velasmaja.lv"), enterprise=fresh)
    representative_of(fresh, "janis@velasmaja.lv")  # approved: not waiting
    EnterpriseChangeRequest.objects.create(
        enterprise=fresh,
        proposed={"employees_total": 14, "employees_target_group": 9},
        previous={"employees_total": 12, "employees_target_group": 7},
    )
    EnterpriseChangeRequest.objects.create(  # taken back: not waiting
        enterprise=SocialEnterprise.objects.get(name="Sen pārbaudītais"),
        proposed={"name": "Valsts ieņēmumu dienests"},
        previous={"name": "Sen pārbaudītais"},
        status=ChangeStatus.WITHDRAWN,
    )
    Officer.objects.create(user=verified_user("liga@gulbene.lv"), municipality=gulbene)
    Officer.objects.create(
        user=verified_user("anna@gulbene.lv"),
        municipality=gulbene,
        status=MembershipStatus.REJECTED,
        decided_at=timezone.now(),
    )
    import_register(data=register_file("123;Kļūda;Rīga;aktīvs;01.01.2020"))


# The desk on the admin index.


def test_the_index_counts_each_queue(client, curator):
    a_bit_of_everything()
    page = client.get(reverse(INDEX)).content.decode()
    assert "Kuratoru darbgalds" in page
    assert desk_counts(page) == {
        "Uzņēmumi, kas gaida pārbaudi": 2,
        "Pieprasījumi pārstāvēt uzņēmumu": 1,
        "Izmaiņas, kas gaida pārbaudi": 1,
        "Pieprasījumi darboties pašvaldības vārdā": 1,
        "Reģistra pārbaudes, vecākas par 12 mēnešiem": 1,
        "Neizdevušies reģistra importi": 1,
    }


def test_each_queue_link_lists_exactly_the_rows_it_counts(client, curator):
    a_bit_of_everything()
    links = desk_links(client.get(reverse(INDEX)).content.decode())
    pending = client.get(links["Uzņēmumi, kas gaida pārbaudi"]).content.decode()
    assert "Saules Darbnīca" in pending and "Ābeļu Dārzs" in pending
    assert "Noraidītais" not in pending and "Svaigi pārbaudītais" not in pending
    overdue = client.get(links["Reģistra pārbaudes, vecākas par 12 mēnešiem"]).content.decode()
    assert "Sen pārbaudītais" in overdue
    assert "Svaigi pārbaudītais" not in overdue and "Saules Darbnīca" not in overdue
    requests = client.get(links["Pieprasījumi pārstāvēt uzņēmumu"]).content.decode()
    assert "ilze@velasmaja.lv" in requests and "janis@velasmaja.lv" not in requests
    changes = client.get(links["Izmaiņas, kas gaida pārbaudi"]).content.decode()
    assert "Svaigi pārbaudītais" in changes and "Sen pārbaudītais" not in changes
    officers = client.get(links["Pieprasījumi darboties pašvaldības vārdā"]).content.decode()
    assert "liga@gulbene.lv" in officers and "anna@gulbene.lv" not in officers
    imports = client.get(links["Neizdevušies reģistra importi"])
    assert imports.status_code == 200
    assert "Reģistra importi: 1" in imports.content.decode()


def test_queue_counts_and_changelists_agree_for_every_queue(client, curator):
    """A queue added later is held to the same: its link shows as many rows as it counts."""
    a_bit_of_everything()
    for queue in QUEUES:
        changelist = client.get(queue.url())
        assert changelist.status_code == 200, queue.label
        assert changelist.context["cl"].result_count == queue.count(), queue.label


def test_the_index_costs_the_same_queries_whatever_waits(client, curator):
    client.get(reverse(INDEX))  # the first request of a session also touches the session row
    with CaptureQueriesContext(connection) as empty:
        assert client.get(reverse(INDEX)).status_code == 200
    SocialEnterpriseFactory.create_batch(20, verification=Verification.PENDING, checked_at=None)
    a_bit_of_everything()
    with CaptureQueriesContext(connection) as full:
        assert client.get(reverse(INDEX)).status_code == 200
    assert len(full) == len(empty)


def test_the_index_answers_within_its_query_budget(client, curator, django_assert_max_num_queries):
    a_bit_of_everything()
    client.get(reverse(INDEX))
    # Session and user, then one count per queue.
    with django_assert_max_num_queries(4 + len(QUEUES)):
        client.get(reverse(INDEX))


def test_staff_see_only_the_queues_they_may_open(client):
    a_bit_of_everything()
    # Every staff member curates enterprises (enterprises/rules.py); the other queues need
    # their model's permission.
    client.force_login(staff_with("view_representative"))
    page = client.get(reverse(INDEX)).content.decode()
    assert set(desk_counts(page)) == {
        "Uzņēmumi, kas gaida pārbaudi",
        "Pieprasījumi pārstāvēt uzņēmumu",
        "Reģistra pārbaudes, vecākas par 12 mēnešiem",
    }
    client.force_login(staff_with())
    page = client.get(reverse(INDEX)).content.decode()
    assert "Pieprasījumi pārstāvēt uzņēmumu" not in page
    assert "Pieprasījumi darboties pašvaldības vārdā" not in page
    assert "Neizdevušies reģistra importi" not in page


# Verifying on the enterprise's page.


def change_url(enterprise: SocialEnterprise) -> str:
    return reverse("admin:enterprises_socialenterprise_change", args=[enterprise.pk])


def verification_url(enterprise: SocialEnterprise) -> str:
    return reverse("admin:enterprises_socialenterprise_verification", args=[enterprise.pk])


@pytest.fixture
def pending():
    enterprise = SocialEnterpriseFactory(
        name="Saules Darbnīca",
        registration_number="40203123456",
        verification=Verification.PENDING,
        checked_at=None,
    )
    representative_of(enterprise, "janis@saulesdarbnica.lv")
    Representative.objects.create(user=verified_user("citi@example.lv"), enterprise=enterprise)
    return enterprise


def test_the_change_page_shows_the_enterprise_beside_the_register(client, curator, pending):
    RegisterEntry.objects.create(
        registration_number="40203123456",
        name='SIA "Saules darbnīca"',
        register_status=RegisterStatus.CEASED,
        status_granted_on=datetime.date(2022, 3, 1),
        status_ended_on=datetime.date(2025, 6, 30),
        checked_on=datetime.date(2026, 11, 30),
    )
    page = client.get(change_url(pending)).content.decode()
    section = page[page.index('id="verification"') : page.index('id="socialenterprise_form"')]
    assert f"Reģistrā (eksports {short_date(datetime.date(2026, 11, 30))})" in section
    assert "SIA &quot;Saules darbnīca&quot;" in section
    # Status and end date differ from the register's; the grant date does not.
    assert section.count("(atšķiras)") == 2
    assert str(RegisterStatus.ACTIVE.label) in section
    assert str(RegisterStatus.CEASED.label) in section
    assert f'href="{REGISTER_URL}"' in section
    assert "40203123456" in section
    assert "Apstiprināt" in section and "Noraidīt" in section


def test_the_change_page_says_when_the_last_register_file_lacked_the_number(
    client, curator, pending
):
    import_register(
        data=register_file("40203999999;SIA Cits;Rīga;aktīvs;01.01.2020"),
        checked_on=datetime.date(2026, 12, 1),
    )
    page = client.get(change_url(pending)).content.decode()
    day = short_date(datetime.date(2026, 12, 1))
    assert f"numura nav pēdējā importētajā reģistra failā (eksports {day})" in page


def test_verifying_on_the_change_page_records_it_and_tells_the_representatives(
    client, curator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verification_url(pending), {"decision": "verified"})
    assert response.status_code == 302 and response.url == change_url(pending)
    pending.refresh_from_db()
    assert pending.verification == Verification.VERIFIED
    assert pending.checked_by == curator
    assert timezone.localdate(pending.checked_at) == timezone.localdate()
    # The approved representative is told, and so is the one still asking, who reads that
    # their own request is still being checked (test_verifying_tells_those_still_waiting...).
    assert sorted(message.to[0] for message in mail.outbox) == [
        "citi@example.lv",
        "janis@saulesdarbnica.lv",
    ]
    page = client.get(response.url).content.decode()
    assert "Uzņēmums Saules Darbnīca ir atzīmēts kā pārbaudīts" in page


def test_rejecting_needs_a_reason_and_the_representatives_read_it(
    client, curator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verification_url(pending), {"decision": "rejected", "reason": " "})
    pending.refresh_from_db()
    assert pending.verification == Verification.PENDING
    assert mail.outbox == []
    assert "Norādiet, kāpēc" in client.get(response.url).content.decode()

    reason = "Reģistrā ar šo numuru ir cits uzņēmums; lūdzu, pārbaudiet reģistrācijas numuru."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verification_url(pending), {"decision": "rejected", "reason": reason})
    pending.refresh_from_db()
    assert pending.verification == Verification.REJECTED
    assert pending.verification_note == reason
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"janis@saulesdarbnica.lv", "citi@example.lv"}
    assert all(reason in message.body for message in told.values())
    assert reason in client.get(change_url(pending)).content.decode()
    # The history keeps who rejected it and why.
    history = history_page(client, pending)
    assert f"Noraidīšanas iemesls:</strong> — → {reason}" in history
    assert "Pārbaude:</strong> gaida pārbaudi → noraidīts" in history


def test_verifying_again_clears_the_reason_for_rejection(curator, pending):
    record_verification(
        enterprise=pending, verification=Verification.REJECTED, by=curator, reason="Nav reģistrā."
    )
    record_verification(enterprise=pending, verification=Verification.VERIFIED, by=curator)
    pending.refresh_from_db()
    assert pending.verification_note == ""


def test_a_curator_without_a_second_factor_cannot_verify(
    client, settings, pending, django_capture_on_commit_callbacks
):
    """Where two factors are required, a staff session without one has no staff powers
    (accounts/middleware.py): a stolen password alone verifies nothing."""
    settings.KOPA_REQUIRE_ADMIN_MFA = True
    client.force_login(verified_user("bez.mfa@kopa.example", is_staff=True, is_superuser=True))
    for data in ({"decision": "verified"}, {"decision": "rejected", "reason": "Nav reģistrā."}):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(verification_url(pending), data)
        assert response.status_code in (302, 403)
        assert not response.headers.get("Location", "").endswith(change_url(pending))
    pending.refresh_from_db()
    assert (pending.verification, pending.checked_by) == (Verification.PENDING, None)
    assert mail.outbox == []


def test_its_representative_cannot_verify_it(client, pending):
    # The rules let a representative change their enterprise, but never its verification.
    client.force_login(Representative.objects.approved().get(enterprise=pending).user)
    response = client.post(verification_url(pending), {"decision": "verified"})
    assert response.status_code == 302 and "/login/" in response.url
    pending.refresh_from_db()
    assert pending.verification == Verification.PENDING


def test_verification_is_only_posted(client, curator, pending):
    assert client.get(verification_url(pending)).status_code == 405
    pending.refresh_from_db()
    assert pending.verification == Verification.PENDING


def test_an_unknown_decision_changes_nothing(client, curator, pending):
    client.post(verification_url(pending), {"decision": "pending"})
    pending.refresh_from_db()
    assert (pending.verification, pending.checked_at) == (Verification.PENDING, None)


# What the register import confirms.


def test_enterprises_the_import_creates_are_verified_against_the_register(curator):
    import_register(
        data=register_file('40203000104;SIA "Jaunā maize";Rīga;aktīvs;10.01.2024'), by=curator
    )
    bakery = SocialEnterprise.objects.get(registration_number="40203000104")
    assert bakery.verification == Verification.VERIFIED
    assert bakery.checked_by == curator
    # Nobody acts for it until a curator approves a representative.
    assert not bakery.representatives.exists()
    entry = RegisterEntry.objects.get(registration_number="40203000104")
    assert entry.name == 'SIA "Jaunā maize"'
    assert entry.confirms(bakery)


def test_the_import_confirms_a_pending_enterprise_but_does_not_verify_it(pending):
    import_register(data=register_file("40203123456;Saules darbnīca SIA;Rīga;aktīvs;01.03.2022"))
    pending.refresh_from_db()
    # What the enterprise said about itself may not be true of the people behind it.
    assert pending.verification == Verification.PENDING
    entry = RegisterEntry.objects.get(registration_number="40203123456")
    assert entry.confirms(pending)
    assert entry.name == "Saules darbnīca SIA"


def test_an_older_export_does_not_overwrite_what_a_newer_one_said(pending):
    row = "40203123456;Saules darbnīca SIA;Rīga;aktīvs;01.03.2022"
    import_register(data=register_file(row), checked_on=timezone.localdate())
    import_register(
        data=register_file(row.replace("Saules darbnīca SIA", "Vecais nosaukums")),
        checked_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    entry = RegisterEntry.objects.get(registration_number="40203123456")
    assert (entry.name, entry.checked_on) == ("Saules darbnīca SIA", timezone.localdate())


def test_failed_imports_wait_until_a_clean_import_follows(curator):
    bad = register_file("123;Kļūda;Rīga;aktīvs;01.01.2020")
    good = register_file("40203000104;SIA Jaunā maize;Rīga;aktīvs;10.01.2024")
    import_register(data=bad, by=curator)
    import_register(data=bad, by=curator, dry_run=True)  # a preview is not a run
    import_register(data=bad + good[len(HEADER.encode()) :], by=curator, partial=True)
    assert RegisterImport.objects.count() == 2
    assert RegisterImport.objects.unresolved().count() == 2
    first = RegisterImport.objects.order_by("ran_at").first()
    assert (first.written, first.invalid_rows, first.by) == (False, 1, curator)
    assert first.errors[0]["line"] == 2
    import_register(data=good, by=curator, checked_on=timezone.localdate())
    assert RegisterImport.objects.failed().count() == 2
    assert RegisterImport.objects.unresolved().count() == 0


def test_a_file_that_cannot_be_read_is_a_failed_import_unless_previewed(curator):
    unreadable = "Reģistrācijas numurs;Nosaukums\n40203000104;Maize\n".encode("cp1257")
    with pytest.raises(RegisterFileError):
        import_register(data=unreadable, by=curator, dry_run=True)
    assert not RegisterImport.objects.exists()
    with pytest.raises(RegisterFileError):
        import_register(data=unreadable, by=curator)
    run = RegisterImport.objects.unresolved().get()
    assert (run.written, run.has_errors, run.errors[0]["line"]) == (False, True, 0)
    assert "UTF-8" in run.errors[0]["message"]


def test_a_failed_import_shows_its_row_errors(client, curator):
    import_register(data=register_file("123;Kļūda;Rīga;aktīvs;01.01.2020"))
    run = RegisterImport.objects.get()
    page = client.get(
        reverse("admin:enterprises_registerimport_change", args=[run.pk])
    ).content.decode()
    assert "2. rinda" in page
    assert "nav reģistrācijas numurs" in page


# History in Latvian.


def history_page(client, enterprise) -> str:
    url = reverse("admin:enterprises_socialenterprise_history", args=[enterprise.pk])
    return client.get(url).content.decode()


def test_history_reads_in_latvian_with_labels_and_local_dates(client, curator, pending):
    # 22:30 UTC on 30 November is 00:30 on 1 December in Riga.
    moment = datetime.datetime(2026, 11, 30, 22, 30, tzinfo=datetime.UTC)
    pending.verification = Verification.VERIFIED
    pending.checked_by = curator
    pending.checked_at = moment
    pending.save()
    page = history_page(client, pending)
    table = page[page.index('id="change-history"') :]
    assert "Pārbaude:</strong> gaida pārbaudi → pārbaudīts" in table
    riga = formats.date_format(datetime.datetime(2026, 12, 1, 0, 30), "SHORT_DATETIME_FORMAT")
    assert f"Pēdējo reizi pārbaudīts:</strong> — → {riga}" in table
    assert "Pārbaudīja:</strong> — → kurators@kopa.example" in table
    for english in ("Changed by", "Choose a date", "Changed", "None", "Deleted", "pk="):
        assert english not in table, english
    assert "mainīts" in table and "izveidots" in table


def test_a_deleted_checker_reads_as_a_deleted_user(client, curator, pending):
    checker = UserFactory(username="bijusais", email="bijusais@kopa.example")
    pending.checked_by = checker
    pending.save()
    # The history keeps the key of someone no longer there.
    checker.delete()
    table = history_page(client, pending)
    table = table[table.index('id="change-history"') :]
    assert "Pārbaudīja:</strong> — → dzēsts lietotājs" in table
    assert "pk=" not in table and "Deleted" not in table


def test_history_shows_the_import_reason_in_latvian(client, curator):
    import_register(data=register_file("40203000104;SIA Jaunā maize;Rīga;aktīvs;10.01.2024"))
    bakery = SocialEnterprise.objects.get(registration_number="40203000104")
    table = history_page(client, bakery)
    assert "Labklājības ministrijas reģistra imports" in table
    assert "Ministry of Welfare" not in table


def test_a_past_version_reads_with_latvian_names(client, curator, pending):
    record_verification(enterprise=pending, verification=Verification.VERIFIED, by=curator)
    url = reverse(
        "admin:enterprises_socialenterprise_simple_history",
        args=[pending.pk, pending.history.earliest().history_id],
    )
    page = client.get(url).content.decode()
    breadcrumbs = page[
        page.index('class="breadcrumbs"') : page.index("</div>", page.index('class="breadcrumbs"'))
    ]
    assert "Sociālie uzņēmumi" in breadcrumbs
    assert "Enterprises" not in breadcrumbs and "Historical" not in breadcrumbs
    assert 'value="Atjaunot"' not in page and 'name="_save"' not in page


def test_a_past_version_cannot_be_written_back(client, curator, pending):
    record_verification(
        enterprise=pending, verification=Verification.REJECTED, by=curator, reason="Nav reģistrā."
    )
    first = pending.history.earliest()
    url = reverse(
        "admin:enterprises_socialenterprise_simple_history", args=[pending.pk, first.history_id]
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": pending.name})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.verification == Verification.REJECTED


# Rejecting from the list asks why first.


def changelist_url() -> str:
    return reverse("admin:enterprises_socialenterprise_changelist")


@pytest.fixture
def two_pending(pending):
    other = SocialEnterpriseFactory(
        name="Lāčplēša dārzi",
        registration_number="40203123457",
        verification=Verification.PENDING,
        checked_at=None,
    )
    representative_of(other, "anna@lacplesadarzi.lv")
    refused = verified_user("svesais@example.lv")
    Representative.objects.create(
        user=refused,
        enterprise=other,
        status=MembershipStatus.REJECTED,
        decided_at=timezone.now(),
    )
    return [pending, other]


def test_the_reject_action_asks_for_a_reason_before_rejecting(
    client, curator, two_pending, django_capture_on_commit_callbacks
):
    selected = {"action": "mark_rejected", "_selected_action": [e.pk for e in two_pending]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist_url(), selected)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/enterprises/socialenterprise/reject_selected.html"
    page = response.content.decode()
    assert "Saules Darbnīca" in page and "Lāčplēša dārzi" in page
    assert 'name="reason"' in page and "required" in page
    for enterprise in two_pending:
        assert f'name="_selected_action" value="{enterprise.pk}"' in page
    # Nothing is rejected and nobody is told until the reason is given.
    assert set(SocialEnterprise.objects.values_list("verification", flat=True)) == {
        Verification.PENDING
    }
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist_url(), {**selected, "reason": "   "})
    assert response.status_code == 200
    assert "Norādiet, kāpēc" in response.content.decode()
    assert not SocialEnterprise.objects.filter(verification=Verification.REJECTED).exists()
    assert mail.outbox == []


def test_the_reject_action_rejects_with_the_reason_and_tells_each_enterprises_people(
    client, curator, two_pending, django_capture_on_commit_callbacks
):
    reason = "Reģistrā šis numurs nav atrodams; lūdzu, pārbaudiet, vai statuss ir piešķirts."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist_url(),
            {
                "action": "mark_rejected",
                "_selected_action": [e.pk for e in two_pending],
                "reason": reason,
            },
            follow=True,
        )
    assert "2 uzņēmumi" in response.content.decode()
    for enterprise in two_pending:
        enterprise.refresh_from_db()
        assert enterprise.verification == Verification.REJECTED
        assert enterprise.verification_note == reason
        assert enterprise.checked_by == curator
    told = {message.to[0]: message for message in mail.outbox}
    # Approved and waiting representatives of both; never the person refused.
    assert set(told) == {"janis@saulesdarbnica.lv", "citi@example.lv", "anna@lacplesadarzi.lv"}
    assert all(reason in message.body for message in told.values())
    assert "Lāčplēša dārzi" in told["anna@lacplesadarzi.lv"].body
    assert "Saules Darbnīca" not in told["anna@lacplesadarzi.lv"].body


def test_neither_a_representative_nor_staff_without_a_second_factor_can_reject(
    client, settings, two_pending, django_capture_on_commit_callbacks
):
    settings.KOPA_REQUIRE_ADMIN_MFA = True
    data = {
        "action": "mark_rejected",
        "_selected_action": [e.pk for e in two_pending],
        "reason": "Nav reģistrā.",
    }
    # The rules let a representative change their enterprise, but admin is for staff; a
    # staff password alone has no staff powers where two factors are required.
    representative = Representative.objects.approved().get(enterprise=two_pending[0]).user
    without_mfa = verified_user("bez.mfa@kopa.example", is_staff=True, is_superuser=True)
    for person in (representative, without_mfa):
        client.force_login(person)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(changelist_url(), data)
        assert response.status_code in (302, 403)
    assert not SocialEnterprise.objects.filter(verification=Verification.REJECTED).exists()
    assert mail.outbox == []


def test_a_rejection_without_a_reason_is_refused_by_the_service(curator, pending):
    with pytest.raises(ValidationError):
        record_verification(
            enterprise=pending, verification=Verification.REJECTED, by=curator, reason=" \n"
        )
    pending.refresh_from_db()
    assert pending.verification == Verification.PENDING


# Verifying a new enterprise tells the person who registered it, still waiting themselves.


def test_verifying_tells_those_still_waiting_that_their_own_request_is_being_checked(
    client, curator, two_pending, django_capture_on_commit_callbacks
):
    registrant = verified_user("ilze@velasmaja.lv")
    fresh = SocialEnterpriseFactory(
        name="Veļas māja",
        registration_number="40203123458",
        verification=Verification.PENDING,
        checked_at=None,
    )
    Representative.objects.create(user=registrant, enterprise=fresh)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verification_url(fresh), {"decision": "verified"})
    [message] = mail.outbox
    assert message.to == ["ilze@velasmaja.lv"]
    assert message.subject == (
        "Uzņēmums Kopā ir pārbaudīts; jūsu pieprasījumu to pārstāvēt vēl pārbauda"
    )
    body = " ".join(message.body.split())
    assert fresh.get_absolute_url() in body
    assert "Jūsu pašu pieprasījumu pārstāvēt uzņēmumu vēl pārbauda" in body
    # Verifying the enterprise checked the register, not the person: still waiting.
    membership = Representative.objects.get(user=registrant)
    assert membership.status == MembershipStatus.PENDING
    assert not registrant.has_perm("enterprises.speak_for_socialenterprise", fresh)


def test_an_approved_representative_is_not_told_their_request_waits(
    client, curator, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verification_url(pending), {"decision": "verified"})
    told = {message.to[0]: message for message in mail.outbox}
    assert told["janis@saulesdarbnica.lv"].subject == (
        "Jūsu uzņēmums ir pārbaudīts un publiski redzams Kopā"
    )
    assert "vēl pārbauda" not in told["janis@saulesdarbnica.lv"].body
    assert "vēl pārbauda" in told["citi@example.lv"].body


def test_someone_refused_is_not_told_of_the_verification(
    client, curator, two_pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(verification_url(two_pending[1]), {"decision": "verified"})
    assert [message.to for message in mail.outbox] == [["anna@lacplesadarzi.lv"]]
