"""An enterprise's representatives see on "My account" how often its public page was viewed
in the last 90 days, and by how many municipal officers — never by whom; their own views and
robots' are not counted."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import MembershipStatus
from municipalities.models import Officer
from stats.impact import profile_views_for
from stats.models import OfficerProfileView, ProfileView

from .factories import (
    SocialEnterpriseFactory,
    municipality,
    officer_of,
    pending_representative_of,
    representative_of,
    verified_user,
)

pytestmark = pytest.mark.django_db

BROWSER = {"user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36"}


@pytest.fixture
def enterprise():
    return SocialEnterpriseFactory(name="Zaļā darbnīca Gulbenē", slug="zala-darbnica-gulbene")


def visit(client, enterprise, user=None, headers=BROWSER):
    if user:
        client.force_login(user)
    else:
        client.logout()
    assert client.get(f"/lv/enterprises/{enterprise.slug}/", headers=headers).status_code == 200


def counts(enterprise) -> tuple[int, int]:
    views = sum(ProfileView.objects.filter(enterprise=enterprise).values_list("views", flat=True))
    officers = OfficerProfileView.objects.filter(enterprise=enterprise).count()
    return views, officers


def test_who_is_counted_and_who_is_not(client, enterprise):
    gulbene_officer = officer_of(municipality("gulbenes-novads"), "ilze.kalnina@gulbene.lv")
    ogre_officer = officer_of(municipality("ogres-novads"), "andris.ozols@ogre.lv")
    pending_officer = verified_user("liga.berzina@ludza.lv")
    Officer.objects.create(user=pending_officer, municipality=municipality("ludzas-novads"))
    own = representative_of(enterprise, "anna.liepa@zaladarbnica.lv")
    own_pending = pending_representative_of(enterprise, "peteris.zarins@zaladarbnica.lv")
    other_representative = representative_of(
        SocialEnterpriseFactory(), "maris.egle@citsuznemums.lv"
    )

    visit(client, enterprise)  # a visitor: a view, no officer
    visit(client, enterprise)
    assert counts(enterprise) == (2, 0)

    visit(client, enterprise, gulbene_officer)
    visit(client, enterprise, gulbene_officer)  # the same officer on the same day: once
    visit(client, enterprise, ogre_officer)
    assert counts(enterprise) == (5, 2)

    # Someone asking to act for a municipality is not (yet) an officer; another
    # enterprise's representative is a visitor.
    visit(client, enterprise, pending_officer)
    visit(client, enterprise, other_representative)
    assert counts(enterprise) == (7, 2)

    # Must not count: its own representatives, approved or asking to be, and robots.
    visit(client, enterprise, own)
    visit(client, enterprise, own_pending)
    visit(client, enterprise, headers={"user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})
    visit(client, enterprise, gulbene_officer, headers={"user-agent": "curl/8.5.0"})
    visit(client, enterprise, headers={})
    assert counts(enterprise) == (7, 2)
    # One row a day for the views, one per officer a day: nothing else is kept.
    assert ProfileView.objects.count() == 1
    assert {f.name for f in ProfileView._meta.get_fields()} == {"id", "enterprise", "day", "views"}


def test_the_dashboard_shows_the_last_90_days_to_the_representatives_only(client, enterprise):
    today = timezone.localdate()
    ProfileView.objects.create(enterprise=enterprise, day=today, views=3)
    ProfileView.objects.create(
        enterprise=enterprise, day=today - datetime.timedelta(days=89), views=19
    )
    ProfileView.objects.create(  # 90 days ago: outside the window
        enterprise=enterprise, day=today - datetime.timedelta(days=90), views=100
    )
    ilze = officer_of(municipality("gulbenes-novads"), "ilze.kalnina@gulbene.lv")
    andris = officer_of(municipality("ogres-novads"), "andris.ozols@ogre.lv")
    for day in (today, today - datetime.timedelta(days=5)):
        OfficerProfileView.objects.create(enterprise=enterprise, officer=ilze, day=day)
    OfficerProfileView.objects.create(
        enterprise=enterprise, officer=andris, day=today - datetime.timedelta(days=120)
    )

    own = representative_of(enterprise, "anna.liepa@zaladarbnica.lv")
    client.force_login(own)
    page = " ".join(client.get("/lv/account/").content.decode().split())
    assert "Kas skatās jūsu profilu" in page
    assert "apskatīts 22 reizes pēdējās 90 dienās, skatījās 1 pašvaldības darbinieks." in page
    # Never which officers.
    assert "ilze.kalnina" not in page

    # Another enterprise's representative, a pending one and an officer see nothing of it.
    other = representative_of(SocialEnterpriseFactory(), "maris.egle@citsuznemums.lv")
    pending = pending_representative_of(enterprise, "peteris.zarins@zaladarbnica.lv")
    for user in (other, pending, ilze):
        client.force_login(user)
        page = client.get("/lv/account/").content.decode()
        assert "Zaļā darbnīca Gulbenē" not in page or user == pending
        assert "22 reizes" not in page
    assert profile_views_for(pending) == []
    assert [row.views for row in profile_views_for(other)] == [0]


def test_the_counts_take_one_query(django_assert_num_queries, enterprise):
    user = representative_of(enterprise, "anna.liepa@zaladarbnica.lv")
    second = SocialEnterpriseFactory()
    from enterprises.models import Representative

    Representative.objects.create(
        user=user, enterprise=second, status=MembershipStatus.APPROVED, decided_at=timezone.now()
    )
    with django_assert_num_queries(1):
        assert len(profile_views_for(user)) == 2


def test_which_officer_looked_is_forgotten_after_90_days(enterprise):
    from django.core.management import call_command

    today = timezone.localdate()
    ilze = officer_of(municipality("gulbenes-novads"), "ilze.kalnina@gulbene.lv")
    for days_ago in (0, 89, 90, 400):
        OfficerProfileView.objects.create(
            enterprise=enterprise, officer=ilze, day=today - datetime.timedelta(days=days_ago)
        )
        ProfileView.objects.create(
            enterprise=enterprise, day=today - datetime.timedelta(days=days_ago), views=2
        )
    call_command("forget_officer_views")
    call_command("forget_officer_views")  # again: nothing more goes
    assert sorted(OfficerProfileView.objects.values_list("day", flat=True)) == [
        today - datetime.timedelta(days=89),
        today,
    ]
    assert ProfileView.objects.count() == 4  # the daily totals name nobody
