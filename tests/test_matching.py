"""Matching: hand-made scenarios with an expected order, the law's hard requirements, the
reasons on the page, keeping matches current, and enterprises' answers."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.models import CpvCode, Instrument
from demo.seeding import DemoSize, seed_demo
from enterprises.models import LegalForm, Offering, RegisterStatus, Verification
from matching import scoring
from matching.candidates import (
    annotated_place,
    candidate_facts,
    candidate_offerings,
    need_facts,
    place_in_python,
)
from matching.models import Match
from matching.services import refresh_enterprise_matches, refresh_need_matches
from matching.tokens import answer_token
from municipalities.models import ContractReservation

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
    target_group,
)

pytestmark = pytest.mark.django_db


def ranked_names(need) -> list[str]:
    refresh_need_matches(need)
    return [m.enterprise.name for m in need.matches.ranked().select_related("enterprise")]


@pytest.fixture
def park_need():
    need = NeedFactory(
        title="Parku uzkopšana Gulbenē",
        municipality=municipality("gulbenes-novads"),
        category=category("park-maintenance"),
    )
    need.instruments.add(instrument("purchasing"))
    return need


def offering(
    name: str,
    category_slug: str,
    *,
    home="riga",
    instruments=("purchasing",),
    title=None,
    description="Veļas mazgāšana un gludināšana skolām.",
    **area,
):
    enterprise = SocialEnterpriseFactory(name=name, home_municipality=municipality(home), **area)
    created = OfferingFactory(
        enterprise=enterprise,
        category=category(category_slug),
        description=description,
        **({"title": title} if title else {}),
    )
    created.instruments.set([instrument(slug) for slug in instruments])
    return enterprise


def test_local_gardener_after_nationwide_park_keeper_and_riga_cleaner_not_at_all(park_need):
    """The exact service anywhere in Latvia comes before a related one nearby; a related
    service needs words of the need in its text; a service elsewhere is not listed."""
    gardener = offering(
        "Vidzemes dārznieki",
        "gardening-landscaping",
        home="valmieras-novads",
        description="Parku un dārzu uzkopšana: pļaujam, grābjam, apgriežam.",
    )
    gardener.served_municipalities.add(municipality("gulbenes-novads"))
    offering("Zaļā Latvija", "park-maintenance", serves_nationwide=True)
    offering("Rīgas spodrība", "cleaning", home="riga", description="Telpu uzkopšana birojiem.")
    offering("Mājas aprūpe", "home-care", serves_nationwide=True)  # another field: no match
    assert ranked_names(park_need) == ["Zaļā Latvija", "Vidzemes dārznieki"]


def test_exact_service_where_needed_comes_first(park_need):
    offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    offering(
        "Dārznieki Gulbenē",
        "gardening-landscaping",
        home="gulbenes-novads",
        description="Parku apzaļumošana un uzkopšana.",
    )
    assert ranked_names(park_need)[:2] == ["Parku kopēji", "Dārznieki Gulbenē"]


def test_premises_for_use_never_lists_an_enterprise_whose_status_ceased():
    need = NeedFactory(municipality=municipality("riga"), category=category("day-centres"))
    need.instruments.set([instrument("property-free-of-charge")])
    offering("Aktīvais centrs", "day-centres", instruments=["property-free-of-charge"])
    ceased = offering("Bijušais centrs", "day-centres", instruments=["property-free-of-charge"])
    ceased.register_status = RegisterStatus.CEASED
    ceased.status_ended_on = datetime.date(2025, 1, 1)
    ceased.save()
    association = offering(
        "Biedrības centrs",
        "day-centres",
        instruments=["property-free-of-charge"],
        legal_form=LegalForm.ASSOCIATION,
        register_status=RegisterStatus.NOT_REGISTERED,
        status_granted_on=None,
    )
    assert association.register_status == RegisterStatus.NOT_REGISTERED
    assert ranked_names(need) == ["Aktīvais centrs"]
    reasons = Match.objects.get(enterprise__name="Aktīvais centrs").reasons
    assert {"code": "register_active", "points": 0, "params": {}} in reasons


def test_a_mixed_need_keeps_a_ceased_enterprise_for_the_other_instrument_and_says_why():
    need = NeedFactory(municipality=municipality("riga"), category=category("day-centres"))
    need.instruments.set([instrument("property-free-of-charge"), instrument("purchasing")])
    ceased = offering("Bijušais centrs", "day-centres", instruments=["purchasing"])
    ceased.register_status = RegisterStatus.CEASED
    ceased.status_ended_on = datetime.date(2025, 1, 1)
    ceased.save()
    assert ranked_names(need) == ["Bijušais centrs"]
    missing = Match.objects.get().missing
    assert missing[0]["code"] == "not_eligible_se_law"


def test_reserved_contract_lists_only_enterprises_with_30_percent(park_need):
    park_need.reservation = ContractReservation.ART20
    park_need.save()
    offering("Trīsdesmit", "park-maintenance", employees_total=10, employees_target_group=3)
    offering("Divdesmit", "park-maintenance", employees_total=10, employees_target_group=2)
    offering("Bez darbiniekiem", "park-maintenance", employees_total=0, employees_target_group=0)
    assert ranked_names(park_need) == ["Trīsdesmit"]
    reasons = Match.objects.get().reasons
    assert {"code": "reserved_share", "points": 0, "params": {"share": 30}} in reasons


def test_equal_scores_are_ordered_the_same_way_every_time(park_need):
    for name in ["Alfa", "Beta", "Gamma", "Delta"]:
        offering(name, "park-maintenance")
    first = ranked_names(park_need)
    assert ranked_names(park_need) == first
    scores = set(Match.objects.values_list("score", flat=True))
    assert len(scores) == 1


def test_the_sql_score_and_rule_equal_the_scorers_for_every_candidate(park_need):
    """SQL ranks and qualifies candidates; Python explains them. For every offering of the
    need's field or codes, both must agree on whether it is listed, listed apart (outside
    the area) or not at all, and on the score."""
    seed_demo(seed=9, size=DemoSize(enterprises=60, offerings=150, needs=0))
    offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    offering(
        "Zaļie pirksti",
        "gardening-landscaping",
        home="gulbenes-novads",
        description="Zāles pļaušana un lapu grābšana dārzos.",
    )
    offering("Vidzemes dārzi", "gardening-landscaping", served_regions=[municipality().region])
    park_need.description = "Zāles pļaušana, lapu grābšana un krūmu apgriešana parkos."
    park_need.target_groups.add(target_group("disability"), target_group("young-people"))
    park_need.cpv_codes.add(CpvCode.objects.get(code="77310000-6"))
    # One instrument the Social Enterprise Law reserves and two open to anyone.
    se_law = Instrument.objects.filter(requires_register_status=True).first()
    anyone = Instrument.objects.filter(requires_register_status=False)[:2]
    park_need.instruments.set([se_law, *anyone])
    seen = {"strong": 0, "related": 0, "outside": 0, "none": 0}
    for reservation in ContractReservation.values:
        park_need.reservation = reservation
        facts = need_facts(park_need)
        today = timezone.localdate()
        qualified = {}
        for outside in (False, True):
            for candidate in candidate_offerings(park_need, facts, outside=outside):
                place = annotated_place(candidate)
                assert place == place_in_python(candidate, park_need)
                exact = scoring.score(facts, candidate_facts(candidate, place), today)
                assert exact is not None and exact.listed != outside, candidate
                assert candidate.sql_score == exact.total, candidate
                qualified[candidate.pk] = exact.fit
                seen[exact.fit] += 1
        # Everything else in the field is ruled out by the scorer too.
        others = (
            Offering.objects.public()
            .filter(category__parent=category("park-maintenance").parent)
            .exclude(pk__in=qualified)
            .select_related("enterprise", "category")
        )
        for other in others:
            place = place_in_python(other, park_need)
            assert scoring.score(facts, candidate_facts(other, place), today) is None, other
            seen["none"] += 1
    assert all(seen.values()), seen  # every kind of candidate took part


def test_the_page_shows_each_reason_and_the_score_is_their_sum(client, park_need):
    gardener = offering("Vidzemes dārznieki", "park-maintenance", home="gulbenes-novads")
    gardener.target_groups.add(target_group("disability"))
    park_need.target_groups.add(target_group("disability"))
    refresh_need_matches(park_need)
    match = Match.objects.get()
    page = client.get(reverse("matching:need-matches", args=[park_need.pk])).content.decode()
    assert match.score == sum(reason["points"] for reason in match.reasons)
    for sentence in [
        "piedāvā tieši šo pakalpojumu: Parku uzkopšana",
        "atrodas: Gulbenes novads",
        "strādā ar: Personas ar invaliditāti",
        "atvērts: Preču un pakalpojumu pirkšana",
    ]:
        assert sentence in page, sentence
    shown = re.search(r'<p class="score">.*?</span>(\d+) (punkts|punkti|punktu)</p>', page)
    assert int(shown[1]) == match.score
    english = client.get(
        reverse("matching:need-matches", args=[park_need.pk]).replace("/lv/", "/en/")
    )
    assert "is based in Gulbenes novads" in english.content.decode()


def test_matches_follow_changes_to_offerings_and_needs(park_need):
    enterprise = offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    refresh_need_matches(park_need)
    assert park_need.matches.count() == 1
    enterprise.offerings.update(is_active=False)
    refresh_enterprise_matches(enterprise)
    assert park_need.matches.count() == 0
    newcomer = offering("Jaunie kopēji", "park-maintenance", home="gulbenes-novads")
    refresh_enterprise_matches(newcomer)
    assert list(park_need.matches.values_list("enterprise__name", flat=True)) == ["Jaunie kopēji"]
    park_need.category = category("home-care")
    park_need.save()
    refresh_need_matches(park_need)
    assert park_need.matches.count() == 0


def test_publishing_a_need_matches_it_at_once(client):
    offering("Veļas māja", "laundry", home="gulbenes-novads")
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    client.post(
        reverse("municipalities:need-create", args=["gulbenes-novads"]),
        {
            "title": "Veļas mazgāšana skolām",
            "description": "Trīs skolas",
            "category": category("laundry").pk,
            "publish": "1",
        },
    )
    assert list(Match.objects.values_list("enterprise__name", flat=True)) == ["Veļas māja"]


def test_unverified_enterprise_is_never_matched(park_need):
    offering("Gaida", "park-maintenance", verification=Verification.PENDING, checked_at=None)
    assert ranked_names(park_need) == []


def test_enterprise_answers_in_the_portal_and_the_officer_sees_the_funnel(client, park_need):
    enterprise = offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    refresh_need_matches(park_need)
    match = Match.objects.get()
    client.force_login(representative_of(enterprise, "ilze@kopeji.lv"))
    needs_page = client.get(reverse("matching:needs-for-enterprise", args=[enterprise.slug]))
    assert park_need.title in needs_page.content.decode()
    client.get(park_need.get_absolute_url())
    response = client.post(
        reverse("matching:answer", args=[match.pk]), {"interested": "no"}, follow=True
    )
    assert "Lūdzu, norādiet, kāpēc jūs tas neinteresē." in response.content.decode()
    match.refresh_from_db()
    assert match.viewed_at is not None and match.declined_at is None
    client.post(reverse("matching:answer", args=[match.pk]), {"interested": "yes"})
    match.refresh_from_db()
    assert match.interested_at is not None

    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    page = client.get(reverse("matching:need-matches", args=[park_need.pk])).content.decode()
    assert "ieinteresēts" in page
    assert Match.objects.filter(need=park_need).funnel() == {
        "matched": 1,
        "notified": 0,
        "viewed": 1,
        "interested": 1,
        "declined": 0,
    }
    client.logout()
    public = client.get(reverse("matching:need-matches", args=[park_need.pk])).content.decode()
    assert "Parku kopēji" in public
    # The public sees neither the answer nor the way to give one.
    assert '<span class="badge badge--good">ieinteresēts' not in public
    assert 'name="answer"' not in public


def test_answer_by_signed_link_needs_no_login(client, park_need):
    kopeji = offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    representative = representative_of(kopeji, "janis@parkukopeji.lv")
    refresh_need_matches(park_need)
    match = Match.objects.get()
    url = reverse("matching:answer-by-link", args=[answer_token(match, representative)])
    assert park_need.title in client.get(url).content.decode()
    client.post(url, {"interested": "no", "reason": "no_capacity", "note": "Pilna sezona"})
    match.refresh_from_db()
    assert (match.decline_reason, match.decline_note) == ("no_capacity", "Pilna sezona")
    assert match.viewed_at is not None
    tampered = client.get(reverse("matching:answer-by-link", args=["abc:def"]))
    assert tampered.status_code == 410


def test_only_the_enterprises_people_can_answer(client, park_need):
    offering("Parku kopēji", "park-maintenance", home="gulbenes-novads")
    refresh_need_matches(park_need)
    match = Match.objects.get()
    client.force_login(representative_of(SocialEnterpriseFactory(), "cits@cits.lv"))
    response = client.post(reverse("matching:answer", args=[match.pk]), {"interested": "yes"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.interested_at is None


def test_match_pages_cost_the_same_queries_at_any_size(client):
    need = NeedFactory(municipality=municipality("riga"), category=category("catering"))
    enterprise = offering("Rīgas virtuve", "catering", home="riga")
    client.force_login(representative_of(enterprise, "pavars@virtuve.lv"))
    pages = [
        reverse("matching:need-matches", args=[need.pk]),
        reverse("matching:needs-for-enterprise", args=[enterprise.slug]),
        need.get_absolute_url(),
        reverse("enterprises:enterprise-manage", args=[enterprise.slug]),
    ]
    seed_demo(seed=1, size=DemoSize(enterprises=10, offerings=20, needs=10))
    refresh_need_matches(need)

    def counts():
        for url in pages:  # the first visit marks the enterprise's match as viewed
            client.get(url)
        result = {}
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    small = counts()
    seed_demo(seed=2, size=DemoSize(enterprises=200, offerings=600, needs=100))
    refresh_need_matches(need)
    refresh_enterprise_matches(enterprise)
    assert counts() == small


def test_recently_checked_counts_only_within_a_year():
    need_day = timezone.localdate()
    facts = scoring.NeedFacts(
        municipality_id=1,
        municipality_name="Rīga",
        region_id=1,
        region_slug="riga",
        category_id=1,
        field_id=10,
        cpv_codes=frozenset(),
        target_groups=frozenset(),
        instruments=frozenset(),
        se_law_instruments=frozenset(),
        reservation="",
        terms=frozenset(),
    )
    candidate = scoring.CandidateFacts(
        enterprise_id=1,
        offering_id=1,
        category_id=1,
        field_id=10,
        cpv_codes=frozenset(),
        home_here=True,
        serves_municipality=False,
        serves_region=False,
        nationwide=False,
        target_groups=frozenset(),
        instruments=frozenset(),
        register_active=True,
        employees_total=0,
        employees_target_group=0,
        checked_at=timezone.now() - datetime.timedelta(days=400),
        complete_profile=False,
        words=frozenset(),
    )
    result = scoring.score(facts, candidate, need_day)
    assert result.total == scoring.SAME_CATEGORY + scoring.HOME_MUNICIPALITY
    assert result.missing[0].code == "stale_check"
