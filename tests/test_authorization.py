"""One policy table for every page of the portal's own apps: who may open it and who may
change data through it. The test walks the URL configuration, so a new URL without an entry
here fails until someone decides who may use it.

Outcomes: "ok" (the page works for them), "login" (anonymous: sent to log in),
"hidden" (404: the object does not exist for them), "post only" (405 to a GET of an action
that only takes POST, which shows nothing). A refused change leaves no trace.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from cooperation.models import Cooperation, CooperationStatus
from enterprises.models import Offering, Representative, SocialEnterprise
from matching.models import Match
from municipalities.models import Municipality, Need, NeedStatus

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    municipality,
    officer_of,
    representative_of,
    verified_user,
)

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "rep_a", "rep_b", "officer_x", "officer_y", "admin"]
SIGNED_IN = {"rep_a", "rep_b", "officer_x", "officer_y", "admin"}
EVERYONE = set(ACTORS)

# Pages anyone may read and nobody changes data through.
PUBLIC_PAGES = {
    "home",
    "health",
    "privacy",
    "enterprises:enterprise-list",
    "enterprises:enterprise-detail",
    "municipalities:municipality-list",
    "municipalities:municipality-detail",
    "municipalities:need-list",
    "cooperation:cooperation-forms",
    "cooperation:story-list",
    "cooperation:story-detail",
    "stats:statistics",
    "stats:statistics-csv",
    "opendata:data-dictionary",
    "opendata_files:enterprises-csv",
    "opendata_files:enterprises-json",
    "opendata_files:needs-csv",
    "opendata_files:needs-json",
    "opendata_files:statistics-json",
    "opendata_files:schema",
}

# url name -> {state of the object: actors who may use the page}
POLICY = {
    "accounts:dashboard": {"-": SIGNED_IN},
    # Each person's own inbox: it lists only what their memberships give them (test_inbox).
    "accounts:inbox": {"-": SIGNED_IN},
    "accounts:email-preferences": {"-": SIGNED_IN},
    # Each person's own data and account: there is no one else's to ask for.
    "accounts:personal-data": {"-": SIGNED_IN},
    "accounts:account-delete": {"-": SIGNED_IN},
    "matching:need-matches": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: EVERYONE,
    },
    "matching:needs-for-enterprise": {"-": {"rep_a", "admin"}},
    "matching:answer": {"-": {"rep_a", "admin"}},
    "cooperation:cooperation-list": {"-": SIGNED_IN},
    "cooperation:cooperation-propose": {"-": {"rep_a", "admin"}},
    "cooperation:cooperation-invite": {"-": {"officer_x", "admin"}},
    "cooperation:cooperation-detail": {"-": {"rep_a", "officer_x", "admin"}},
    "cooperation:cooperation-plan": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-step": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-complete": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-publish": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-message": {"-": {"rep_a", "officer_x"}},
    "enterprises:enterprise-register": {"-": SIGNED_IN},
    "enterprises:enterprise-join": {"-": SIGNED_IN},
    "enterprises:enterprise-manage": {"-": {"rep_a", "admin"}},
    "enterprises:enterprise-edit": {"-": {"rep_a", "admin"}},
    "enterprises:offering-create": {"-": {"rep_a", "admin"}},
    "enterprises:offering-edit": {"-": {"rep_a", "admin"}},
    "enterprises:offering-retire": {"-": {"rep_a", "admin"}},
    "enterprises:representative-decide": {"-": {"rep_a", "admin"}},
    "municipalities:officer-request": {"-": SIGNED_IN},
    "municipalities:municipality-manage": {"-": {"officer_x", "admin"}},
    "municipalities:municipality-edit": {"-": {"officer_x", "admin"}},
    "municipalities:need-create": {"-": {"officer_x", "admin"}},
    "municipalities:need-edit": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: {"officer_x", "admin"},
    },
    "municipalities:need-transition": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: {"officer_x", "admin"},
    },
    "municipalities:need-detail": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: EVERYONE,
    },
}

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
}

# Reached by a signed token in an email, not by who is logged in: tested in test_matching
# and (the staff's two-factor enrolment link) in test_mfa_staff.
TOKEN_PAGES = {"matching:answer-by-link", "matching:unsubscribe", "accounts:mfa-enrolment-confirm"}


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
    assert names - PUBLIC_PAGES - TOKEN_PAGES - POLICY.keys() == set(), "add them to POLICY"
    assert (PUBLIC_PAGES | TOKEN_PAGES | POLICY.keys()) - names == set(), "no longer exist"


@pytest.fixture
def world():
    """Enterprises A and B, municipalities X and Y, a person for each, and an administrator."""
    enterprise_a = SocialEnterpriseFactory(name="A uzņēmums")
    enterprise_b = SocialEnterpriseFactory(name="B uzņēmums")
    x, y = municipality("gulbenes-novads"), municipality("ludzas-novads")
    people = {
        "anonymous": None,
        "rep_a": representative_of(enterprise_a, "a@uznemums-a.lv"),
        "rep_b": representative_of(enterprise_b, "b@uznemums-b.lv"),
        "officer_x": officer_of(x, "x@gulbene.lv"),
        "officer_y": officer_of(y, "y@ludza.lv"),
        "admin": UserFactory(username="admins", is_staff=True, is_superuser=True),
    }
    return {"a": enterprise_a, "x": x, "people": people}


def subject(name: str, state: str, world) -> tuple[str, dict, callable]:
    """The URL for an object owned by A or X, POST data that would change it, and a
    snapshot of what it holds so a refused change can be shown to have left no trace."""
    a, x = world["a"], world["x"]
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
