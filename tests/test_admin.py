"""Curators' admin: every page answers with a bounded number of queries, search folds
Latvian letters, and the verification actions record who and when."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from demo.seeding import DemoSize, seed_demo
from enterprises.models import (
    EnterpriseChangeRequest,
    RegisterImport,
    RegisterStatus,
    Representative,
    SocialEnterprise,
    Verification,
)
from municipalities.models import Municipality, MunicipalitySupport

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    instrument,
    verified_user,
)

pytestmark = pytest.mark.django_db

# Django admin itself needs about a dozen queries (session, user, permissions, counts).
MAX_ADMIN_QUERIES = 25


@pytest.fixture
def curator(client):
    user = UserFactory(username="kurators", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def some_of_everything(curator):
    enterprise = SocialEnterpriseFactory(website="https://darbnica.lv")
    OfferingFactory.create_batch(3, enterprise=enterprise)
    # Requests to represent it, with evidence, and a change waiting for review: the
    # enterprise's page lists both.
    for number in range(3):
        Representative.objects.create(
            user=verified_user(f"persona{number}@darbnica.lv"),
            enterprise=enterprise,
            role="valdes locekle",
            connection="Strādāju šeit kopš 2020. gada.",
        )
    EnterpriseChangeRequest.objects.create(
        enterprise=enterprise,
        proposed={"name": "Jaunā darbnīca"},
        previous={"name": enterprise.name},
    )
    NeedFactory.create_batch(3)
    MunicipalitySupport.objects.create(
        municipality=Municipality.objects.get(slug="gulbenes-novads"), instrument=instrument()
    )
    RegisterImport.objects.create(
        checked_on=datetime.date(2026, 12, 1),
        row_count=1,
        invalid_rows=1,
        errors=[{"line": 2, "column": "Statuss", "message": "Nezināms statuss."}],
    )


def admin_pages(user):
    """Changelist, add and change page of every registered model (no add page where rows
    only come from the portal or the import, like proposed changes and import runs)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            yield reverse(f"{prefix}_add")
        instance = model.objects.order_by("pk").last()
        if instance is not None:
            yield reverse(f"{prefix}_change", args=[instance.pk])


def test_every_changelist_add_and_change_page_answers_within_the_query_budget(
    client, curator, some_of_everything, django_assert_max_num_queries
):
    for url in admin_pages(curator):
        with django_assert_max_num_queries(MAX_ADMIN_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:enterprises_socialenterprise_changelist",
        "admin:enterprises_offering_changelist",
        "admin:municipalities_need_changelist",
        "admin:municipalities_municipality_changelist",
    ],
)
def test_changelist_queries_do_not_grow_with_the_data(client, curator, url_name):
    seed_demo(seed=1, size=DemoSize(enterprises=20, offerings=40, needs=20))
    url = reverse(url_name)
    client.get(url)  # the first request of a session also touches the session row
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    seed_demo(seed=2, size=DemoSize(enterprises=200, offerings=400, needs=200))
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_enterprise_change_page_queries_do_not_grow_with_its_offerings(client, curator):
    enterprise = SocialEnterpriseFactory()
    url = reverse("admin:enterprises_socialenterprise_change", args=[enterprise.pk])
    OfferingFactory(enterprise=enterprise)
    client.get(url)  # the first request of a session also touches the session row
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    OfferingFactory.create_batch(10, enterprise=enterprise)
    with CaptureQueriesContext(connection) as eleven:
        client.get(url)
    assert len(eleven) == len(one)


def test_admin_search_ignores_case_and_diacritics(client, curator):
    SocialEnterpriseFactory(name="Veļas mazgātava Ābele")
    SocialEnterpriseFactory(name="Parku kopēji")
    url = reverse("admin:enterprises_socialenterprise_changelist")
    page = client.get(url, {"q": "VELAS abele"}).content.decode()
    assert "Veļas mazgātava Ābele" in page
    assert "Parku kopēji" not in page


def test_vocabulary_search_ignores_diacritics(client, curator):
    url = reverse("admin:cooperation_instrument_changelist")
    page = client.get(url, {"q": "nekustama ipasuma"}).content.decode()
    assert "Nekustamā īpašuma nodokļa atlaide" in page
    assert "Deleģējumi" not in page


def test_autocomplete_finds_municipality_typed_without_diacritics(client, curator):
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "kekava",
            "app_label": "enterprises",
            "model_name": "socialenterprise",
            "field_name": "home_municipality",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Ķekavas novads"]


def test_verify_action_records_who_and_when(client, curator):
    pending = SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)
    response = client.post(
        reverse("admin:enterprises_socialenterprise_changelist"),
        {"action": "mark_verified", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.verification == Verification.VERIFIED
    assert pending.checked_by == curator
    assert pending.checked_at is not None


def test_reject_action_records_who_and_when(client, curator):
    pending = SocialEnterpriseFactory(verification=Verification.PENDING, checked_at=None)
    client.post(
        reverse("admin:enterprises_socialenterprise_changelist"),
        {"action": "mark_rejected", "_selected_action": [pending.pk], "reason": "Nav reģistrā."},
    )
    pending.refresh_from_db()
    assert (pending.verification, pending.checked_by) == (Verification.REJECTED, curator)
    assert pending.verification_note == "Nav reģistrā."


def test_ceased_action_ends_the_status_today(client, curator):
    from django.utils import timezone

    active = SocialEnterpriseFactory()
    client.post(
        reverse("admin:enterprises_socialenterprise_changelist"),
        {"action": "mark_ceased", "_selected_action": [active.pk]},
    )
    active.refresh_from_db()
    assert active.register_status == RegisterStatus.CEASED
    assert active.status_ended_on == timezone.localdate()
    assert active.checked_by == curator


def test_action_reports_an_enterprise_it_could_not_change(client, curator):
    # An association cannot be verified into an invalid state; here it cannot cease a status
    # that would end before it was granted.
    from datetime import timedelta

    from django.utils import timezone

    future = SocialEnterpriseFactory(status_granted_on=timezone.localdate() + timedelta(days=5))
    response = client.post(
        reverse("admin:enterprises_socialenterprise_changelist"),
        {"action": "mark_ceased", "_selected_action": [future.pk]},
        follow=True,
    )
    assert "Statuss nevar beigties, pirms tas piešķirts." in response.content.decode()
    future.refresh_from_db()
    assert future.register_status == RegisterStatus.ACTIVE
    assert SocialEnterprise.objects.count() == 1
