"""The policy table (portal/policy.py) for every page of the portal's own apps: who may open
it and who may change data through it. The test walks the URL configuration, so a new URL
without an entry there fails until someone decides who may use it.

Outcomes: "ok" (the page works for them), "login" (anonymous: sent to log in),
"hidden" (404: the object does not exist for them), "post only" (405 to a GET of an action
that only takes POST, which shows nothing). A refused change leaves no trace.
"""

from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from cooperation.models import Cooperation, CooperationStatus, CooperationSurvey
from enterprises.models import Offering, Representative, SocialEnterprise, Verification
from followups.models import FollowUp
from matching.models import Match
from municipalities.models import Municipality, Need, NeedStatus
from opportunities.models import Application, Opportunity, OpportunityStatus
from portal.policy import (
    ACTORS,
    ADMIN,
    POLICY,
    PUBLIC_PAGES,
    SIGNED_IN,
    TOKEN_PAGES,
    WHAT,
    with_security_table,
)

from .factories import (
    NeedFactory,
    OfferingFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    UserFactory,
    municipality,
    officer_of,
    pending_representative_of,
    representative_of,
    verified_user,
)
from .test_mfa import ACTIVATE, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_mfa(settings):
    """As in production: staff powers need a second factor."""
    settings.KOPA_REQUIRE_ADMIN_MFA = True


# Our pages outside any namespace.
OUR_TOP_LEVEL = {"home", "health", "privacy"}
OUR_NAMESPACES = {
    "enterprises",
    "municipalities",
    "cooperation",
    "accounts",
    "matching",
    "stats",
    "opendata",
    "opendata_files",
    "opportunities",
    "followups",
    "alerts",
    "shortlists",
}


def url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_of_ours_has_a_policy():
    names = {
        name
        for name in url_names(get_resolver().url_patterns)
        if name in OUR_TOP_LEVEL or name.split(":")[0] in OUR_NAMESPACES
    }
    assert names - PUBLIC_PAGES - TOKEN_PAGES - POLICY.keys() == set(), (
        "add them to POLICY and WHAT in portal/policy.py"
    )
    assert (PUBLIC_PAGES | TOKEN_PAGES | POLICY.keys()) - names == set(), "no longer exist"


@pytest.fixture
def world():
    """Enterprises A and B, municipalities X and Y, a person for each, an administrator, and
    an administrator's account without a second factor."""
    curator = UserFactory(username="admins", is_staff=True, is_superuser=True)
    with_totp(curator)
    enterprise_a = SocialEnterpriseFactory(name="A uzņēmums")
    enterprise_b = SocialEnterpriseFactory(name="B uzņēmums")
    x, y = municipality("gulbenes-novads"), municipality("ludzas-novads")
    people = {
        "anonymous": None,
        "rep_a": representative_of(enterprise_a, "a@uznemums-a.lv"),
        "pending_a": pending_representative_of(enterprise_a, "gaida@uznemums-a.lv"),
        "rep_b": representative_of(enterprise_b, "b@uznemums-b.lv"),
        "officer_x": officer_of(x, "x@gulbene.lv"),
        "officer_y": officer_of(y, "y@ludza.lv"),
        "admin": curator,
        "staff_no_mfa": UserFactory(username="kurators-bez-2fa", is_staff=True, is_superuser=True),
    }
    return {"a": enterprise_a, "x": x, "people": people}


def subject(name: str, state: str, world) -> tuple[str, dict, callable]:
    """The URL for an object owned by A or X, POST data that would change it, and a
    snapshot of what it holds so a refused change can be shown to have left no trace."""
    a, x = world["a"], world["x"]
    if state in Verification.values:
        SocialEnterprise.objects.filter(pk=a.pk).update(verification=state)
        a.refresh_from_db()
    if name in {"enterprises:enterprise-manage", "enterprises:enterprise-edit"}:
        return (
            reverse(name, args=[a.slug]),
            {"name": "Pārņemts", "home_municipality": x.pk},
            lambda: SocialEnterprise.objects.get(pk=a.pk).name,
        )
    if name == "enterprises:offering-create":
        return (
            reverse(name, args=[a.slug]),
            {"title": "Svešs piedāvājums", "kind": "service", "category": 1},
            lambda: Offering.objects.filter(title="Svešs piedāvājums").count(),
        )
    if name in {"enterprises:offering-edit", "enterprises:offering-retire"}:
        offering = OfferingFactory(enterprise=a, title="A piedāvājums")
        return (
            reverse(name, args=[offering.pk]),
            {"title": "Pārņemts", "active": "0"},
            lambda: Offering.objects.filter(pk=offering.pk).values_list("title", "is_active")[0],
        )
    if name == "enterprises:representative-decide":
        request = Representative.objects.create(
            user=verified_user("jauns@uznemums-a.lv"), enterprise=a
        )
        return (
            reverse(name, args=[request.pk]),
            {"decision": "approve"},
            lambda: Representative.objects.get(pk=request.pk).status,
        )
    if name in {"municipalities:municipality-manage", "municipalities:municipality-edit"}:
        return (
            reverse(name, args=[x.slug]),
            {
                "description": "Pārņemts",
                "support-TOTAL_FORMS": "0",
                "support-INITIAL_FORMS": "0",
            },
            lambda: Municipality.objects.get(pk=x.pk).description,
        )
    if name == "municipalities:need-create":
        return (
            reverse(name, args=[x.slug]),
            {"title": "Sveša vajadzība", "description": "x", "category": 1},
            lambda: Need.objects.filter(title="Sveša vajadzība").count(),
        )
    if name == "matching:need-matches":
        need = NeedFactory(municipality=x, status=state)
        return reverse(name, args=[need.pk]), {}, lambda: None
    if name == "matching:needs-for-enterprise":
        return reverse(name, args=[a.slug]), {}, lambda: None
    if name == "matching:answer":
        match = Match.objects.create(
            need=NeedFactory(municipality=x),
            enterprise=a,
            offering=OfferingFactory(enterprise=a),
            score=50,
        )
        return (
            reverse(name, args=[match.pk]),
            {"interested": "yes"},
            lambda: Match.objects.get(pk=match.pk).interested_at,
        )
    if name == "cooperation:cooperation-propose":
        need = NeedFactory(municipality=x)
        return (
            reverse(name, args=[a.slug]) + f"?need={need.pk}",
            {"title": "Svešs", "problem": "p", "solution": "s", "instruments": [1]},
            lambda: Cooperation.objects.count(),
        )
    if name == "cooperation:cooperation-invite":
        need = NeedFactory(municipality=x)
        return (
            reverse(name, args=[need.pk, a.slug]),
            {"title": "Svešs", "problem": "p", "solution": "s", "instruments": [1]},
            lambda: Cooperation.objects.count(),
        )
    if name == "cooperation:cooperation-plan":
        # A proposal, whose plan its parties may still change.
        cooperation = Cooperation.objects.create(
            municipality=x,
            enterprise=a,
            initiated_by="enterprise",
            title="A un X",
            problem="p",
            solution="s",
        )
        cooperation.instruments.add(1)
        return (
            reverse(name, args=[cooperation.pk]),
            {"title": "Pārņemts", "problem": "p", "solution": "s", "instruments": [1]},
            lambda: Cooperation.objects.filter(pk=cooperation.pk).values_list("title", flat=True)[
                0
            ],
        )
    if name.startswith("cooperation:cooperation-") and name != "cooperation:cooperation-list":
        status = CooperationStatus.ACTIVE
        cooperation = Cooperation.objects.create(
            municipality=x,
            enterprise=a,
            initiated_by="enterprise",
            status=status,
            title="A un X",
            problem="p",
            solution="s",
        )
        return (
            reverse(name, args=[cooperation.pk]),
            {"action": "withdraw", "text": "Svešs", "people_involved": "3", "publish": "1"},
            lambda: (
                Cooperation.objects.filter(pk=cooperation.pk).values_list("status", flat=True)[0],
                cooperation.messages.count(),
            ),
        )
    if name.startswith("opportunities:"):
        return opportunity_subject(name, state, world)
    if name.startswith("followups:"):
        return followup_subject(name, state, world)
    if name == "alerts:search-create":
        return reverse(name, args=["needs"]), {}, lambda: None
    if name.startswith("shortlists:"):
        return shortlist_subject(name, world)
    if name == "accounts:account-delete":
        # A wrong password deletes nothing, whoever sends it.
        return reverse(name), {"password": "nepareiza"}, lambda: User.objects.count()
    if name == "accounts:email-preferences":
        return reverse(name), {"match_emails": "none", "language": "en"}, lambda: None
    if name.startswith("municipalities:need-"):
        need = NeedFactory(municipality=x, status=state, title="X vajadzība")
        return (
            reverse(name, args=[need.pk]),
            {"title": "Pārņemts", "status": NeedStatus.CLOSED},
            lambda: Need.objects.filter(pk=need.pk).values_list("title", "status")[0],
        )
    return reverse(name), {}, lambda: None


def followup_subject(name: str, state: str, world) -> tuple[str, dict, callable]:
    a, x = world["a"], world["x"]
    if name == "followups:need-followup":
        need = NeedFactory(municipality=x, status=state)
        match = Match.objects.create(
            need=need, enterprise=a, offering=OfferingFactory(enterprise=a), score=50
        )
        return (
            reverse(name, args=[need.pk]),
            {"match": match.pk},
            lambda: FollowUp.objects.count(),
        )
    cooperation = Cooperation.objects.create(
        municipality=x,
        enterprise=a,
        initiated_by="enterprise",
        status=CooperationStatus.COMPLETED,
        completed_at=timezone.now(),
        title="A un X",
        problem="p",
        solution="s",
    )
    return (
        reverse(name, args=[cooperation.pk]),
        {"happened_as_planned": "no", "value_eur": "1"},
        lambda: list(CooperationSurvey.objects.values_list("side", "value_eur")),
    )


def opportunity_subject(name: str, state: str, world) -> tuple[str, dict, callable]:
    a, x = world["a"], world["x"]
    if name == "opportunities:opportunity-create":
        return (
            reverse(name, args=[x.slug]) + "?kind=information",
            {"title_lv": "Sveša iespēja", "description_lv": "x", "publish": "1"},
            lambda: Opportunity.objects.filter(title_lv="Sveša iespēja").count(),
        )
    opportunity = OpportunityFactory(
        municipality=x, status=state if state != "-" else OpportunityStatus.OPEN
    )
    if name == "opportunities:application-create":
        return (
            reverse(name, args=[opportunity.pk, a.slug]),
            {"problem": "Problēma", "solution": "Risinājums"},
            lambda: Application.objects.count(),
        )
    if name in {"opportunities:application-list", "opportunities:application-decide"}:
        application = Application.objects.create(
            opportunity=opportunity, enterprise=a, problem="p", solution="s"
        )
        url_arg = application.pk if name.endswith("decide") else opportunity.pk
        return (
            reverse(name, args=[url_arg]),
            {"decision": "decline", "reason": "Svešs lēmums"},
            lambda: Application.objects.get(pk=application.pk).status,
        )
    return (
        reverse(name, args=[opportunity.pk]),
        {"title_lv": "Pārņemts", "description_lv": "x", "status": OpportunityStatus.CLOSED},
        lambda: Opportunity.objects.filter(pk=opportunity.pk).values_list("title_lv", "status")[0],
    )


def shortlist_subject(name: str, world) -> tuple[str, dict, callable]:
    """X's list with A on it, and a note only X's officers may read or change."""
    from shortlists.models import Shortlist, ShortlistEntry

    a, x = world["a"], world["x"]
    shortlist = Shortlist.objects.create(municipality=x, name="X saraksts")
    entry = ShortlistEntry.objects.create(shortlist=shortlist, enterprise=a, note="X piezīme")
    b = SocialEnterpriseFactory(name="C uzņēmums")
    data = {
        "name": "Pārņemts",
        "note": "Pārņemts",
        f"entry-{entry.pk}-note": "Pārņemts",
        "shortlist": shortlist.pk,
        "enterprise": b.slug,
    }

    def snapshot():
        return (
            list(Shortlist.objects.values_list("pk", "name").order_by("pk")),
            list(ShortlistEntry.objects.values_list("pk", "note").order_by("pk")),
            Cooperation.objects.count(),
        )

    if name in {"shortlists:shortlist-list", "shortlists:shortlist-create"}:
        return reverse(name, args=[x.slug]), data, snapshot
    if name == "shortlists:entry-add":
        return reverse(name), data, snapshot
    if name.startswith("shortlists:entry-"):
        return reverse(name, args=[shortlist.pk, entry.pk]), data, snapshot
    if name == "shortlists:shortlist-invite":
        need = NeedFactory(municipality=x)
        data |= {"title": "Svešs", "problem": "p", "solution": "s", "instruments": [1]}
        return reverse(name, args=[shortlist.pk]) + f"?need={need.pk}", data, snapshot
    if name == "shortlists:shortlist-invite-opportunity":
        from opportunities.models import OpportunityInvitation

        opportunity = OpportunityFactory(municipality=x)
        return (
            reverse(name, args=[shortlist.pk]) + f"?opportunity={opportunity.pk}",
            data,
            lambda: (snapshot(), OpportunityInvitation.objects.count()),
        )
    return reverse(name, args=[shortlist.pk]), data, snapshot


def outcome(response) -> str:
    if response.status_code == 404:
        return "hidden"
    if response.status_code == 405:
        return "post only"
    if response.status_code == 302 and "/auth/login/" in response.url:
        return "login"
    assert response.status_code in {200, 302}, response.status_code
    return "ok"


CASES = [
    (name, state, actor) for name, states in POLICY.items() for state in states for actor in ACTORS
]


@pytest.mark.parametrize(("name", "state", "actor"), CASES)
def test_policy(client, world, name, state, actor):
    person = world["people"][actor]
    if person is not None:
        client.force_login(person)
    url, data, snapshot = subject(name, state, world)
    allowed = actor in POLICY[name][state]
    # Account pages send anonymous visitors to log in; public pages just have no such object.
    refused = {"login", "hidden"} if actor == "anonymous" else {"hidden"}

    before = snapshot()
    seen = outcome(client.get(url))
    assert seen in ({"ok", "post only"} if allowed else refused | {"post only"}), (
        f"GET {url} as {actor}: {seen}"
    )
    result = outcome(client.post(url, data))
    if allowed:
        assert result == "ok", f"POST {url} as {actor}: {result}"
    else:
        assert result in refused, f"POST {url} as {actor}: {result}"
        assert snapshot() == before, f"POST {url} as {actor} changed data"


def test_every_page_says_what_it_lets_people_do():
    assert WHAT.keys() == POLICY.keys(), "describe them in portal.policy.WHAT"


def test_staff_without_a_second_factor_may_only_what_anyone_signed_in_may():
    """The table itself: a stolen staff password opens only what any account opens."""
    for name, states in POLICY.items():
        for state, allowed in states.items():
            assert ("staff_no_mfa" in allowed) == (allowed >= SIGNED_IN), (name, state)


def admin_urls(world) -> list[str]:
    """The admin's index, every model's list and add page, enterprise A's page and history,
    and the register import."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    enterprise = "admin:enterprises_socialenterprise"
    return [
        *urls,
        reverse(f"{enterprise}_change", args=[world["a"].pk]),
        reverse(f"{enterprise}_history", args=[world["a"].pk]),
        reverse(f"{enterprise}_import_register"),
    ]


@pytest.mark.parametrize("actor", ACTORS)
def test_admin_is_for_curators_only(client, world, actor):
    person = world["people"][actor]
    if person is not None:
        client.force_login(person)
    for url in admin_urls(world):
        response = client.get(url)
        if actor in ADMIN:
            # Some records are only ever made by the portal: their add page is refused.
            assert response.status_code in {200, 403}, url
        elif actor == "staff_no_mfa":
            assert (response.status_code, response.url) == (302, ACTIVATE), url
        else:
            assert response.status_code == 302, url
            assert "/login/" in response.url, url

    # Nor can they act on records from the list.
    a = world["a"]
    client.post(
        reverse("admin:enterprises_socialenterprise_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk], "post": "yes"},
    )
    assert SocialEnterprise.objects.filter(pk=a.pk).exists() is (actor not in ADMIN)


def test_staff_without_a_second_factor_may_set_one_up(client, world):
    """The one staff page left to them: it mails a link to the account's own address."""
    client.force_login(world["people"]["staff_no_mfa"])
    response = client.get(ACTIVATE)
    assert response.status_code == 200
    assert "authenticator_secret" not in response.content.decode()


def test_readme_shows_the_current_policy():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert with_security_table(text) == text, (
        "README's security table is out of date: run `python manage.py security_table`"
    )
