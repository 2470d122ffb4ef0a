"""How well an offering fits a municipality's need, and why: one pure function.

A match is scored from explainable factors, each worth named points, and every point comes
with a reason a municipal officer can read out. Hard requirements of the law exclude a
candidate instead of lowering its score, and so does the lack of evidence that it provides
the service; where it works decides whether it is listed or kept apart (``Fit``), and the
points only order those that qualify. Nothing here touches the database; `candidates.py`
gathers the facts and `services.py` stores the results.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from enterprises.models import RESERVED_CONTRACT_SHARE
from municipalities.models import ContractReservation
from portal.search import display_words, keywords, search_text, stem

from .models import Fit

# --- Weights. Service and place dominate: a municipality first needs the right service
# where it is; the rest separates good candidates from each other.
SAME_CATEGORY = 40  # exactly the service the need asks for
SAME_FIELD = 15  # a related service in the same field (e.g. gardening for park upkeep)
CPV_CODE = 10  # shares a procurement code the buyer will use
HOME_MUNICIPALITY = 25  # based in the need's municipality: local jobs, short trips
SERVES_MUNICIPALITY = 22  # names the municipality in its service area
SERVES_REGION = 15  # covers the whole planning region
NATIONWIDE = 10  # works anywhere, but is not local
TARGET_GROUP = 5  # per target group the need and the offering share ...
TARGET_GROUP_MAX = 15  # ... up to this many points
INSTRUMENTS_MAX = 15  # in proportion to the need's preferred instruments the offering accepts
RECENTLY_CHECKED = 5  # verified against the register within CHECK_FRESH_DAYS
COMPLETE_PROFILE = 3  # a profile complete enough for an officer to judge
PROFILE_CONFIRMED = 2  # a representative confirmed the profile within CONFIRM_FRESH_DAYS
KEYWORD = 2  # per word of the need's text found in the offering's ...
KEYWORD_MAX = 10  # ... up to this many points

# --- What qualifies a candidate. Points only order candidates; a candidate is listed only
# with evidence that it provides the service (the same category, a shared CPV code, or a
# related service in the same field whose text shares at least RELATED_WORDS_MIN of the
# need's words) AND that it works where the need is (home, named municipality, region or
# nationwide). Without the second it is "outside the area": shown apart on request, never
# emailed. Trust, profile and freshness points can never qualify anyone: before this rule
# 15 (same field) + 5 (checked) + 3 (complete) cleared a cut-off, and a laundry was
# emailed about park upkeep.
RELATED_WORDS_MIN = 2
# A strong match is the exact service (category or CPV code) where the need is: the only
# kind worth an email, because it is the only kind an officer would buy from unseen.
STRONG_REASONS = frozenset({"same_category", "cpv"})
PLACE_REASONS = frozenset(
    {"home_municipality", "serves_municipality", "serves_region", "nationwide"}
)

# The need's words compared with offerings: at most this many, so the database compares a
# bounded number of words whatever the length of the need (one SQL term per word of a
# 5,000-character description overflowed the SQL parsers). Title words come first, then the
# description's words the officer repeats most (the subject), longer before shorter.
NEED_TERMS_MAX = 20
# Longer "words" are codes, links or a held-down key, not a service.
TERM_LENGTH_MAX = 30
# Words every social enterprise's and municipality's text uses: they say nothing about
# which service it is, so they are never evidence of one. Folded and stemmed like the text.
GENERIC_WORDS = keywords(
    "cilvēki cilvēkiem personas personām invaliditāte invaliditāti iedzīvotāji iedzīvotājiem "
    "grupas grupām mērķa sociālās sociālā sociāli atstumtības riska atbalsts atbalstu "
    "sadarbība sadarbību pašvaldības pašvaldībai uzņēmums uzņēmuma pakalpojumi pakalpojumu "
    "darbinieki darbiniekiem nodarbinātība iespējas iespēju kvalitāte kvalitatīvi "
    "regulāri laikā gadā gada reizes nedēļā mēnesī līgums līguma piedāvājam piedāvājums "
    "nepieciešams nepieciešami vajadzīgs vajadzīgi darbs darba strādājam strādā "
    # Who is served, not what is done: a caterer and a laundry both serve schools.
    "skola skolas skolām skolēni skolēniem bērni bērniem jaunieši jauniešiem seniori "
    "senioriem iestāde iestādes iestādēm centrs centri centram centriem ģimenes ģimenēm "
    "klienti klientiem pilsēta pilsētas "
    # Places: where is scored as place, never as service ("Latgales priekšpilsēta" is Rīga).
    "latvija latvijā latvijas visā novads novada novadā novadam pagasts pagasta pagastā "
    "rīga rīgas rīgā latgale latgales latgalē vidzeme vidzemes vidzemē kurzeme kurzemes "
    "kurzemē zemgale zemgales zemgalē reģions reģiona reģionā priekšpilsēta apkaime "
    # Whom the law names as target groups is scored as target groups, not as service.
    "deklarēta dzīvesvieta naktspatversmē bezdarbnieki bezdarbniekiem ilgstošie atkarības "
    "atkarībām ieslodzītie ieslodzījuma traucējumi traucējumiem garīga rakstura trūcīgas "
    "trūcīgām apgādājamie apgādājamiem bēgļi "
    # Time, amount and manner: any service is done weekly, until a date, at least so often.
    "līdz katru katrā katram reizi reizes vismaz kopā tikai visu visus vairāk mazāk "
    "darbdienās darbdienas stundas stundām stundu mēneša mēnešus "
    "nedēļas gados gadus termiņš termiņā sezonā sezonas atvērts atvērt"
)

CHECK_FRESH_DAYS = 365
# A profile confirmed this recently says the enterprise still works as it says (followups
# asks for the confirmation once a year).
CONFIRM_FRESH_DAYS = 365
# The factors that are not service or place can add at most this much; candidates.py uses
# it to stop reading candidates once no later one can reach the list.
OTHER_FACTORS_MAX = TARGET_GROUP_MAX + INSTRUMENTS_MAX + RECENTLY_CHECKED + COMPLETE_PROFILE
OTHER_FACTORS_MAX += KEYWORD_MAX + PROFILE_CONFIRMED


@dataclass(frozen=True)
class Reason:
    """One factor of a score: ``code`` names it, ``points`` is what it added (0 for what is
    missing), ``params`` holds what the sentence needs (names, slugs, numbers)."""

    code: str
    points: int = 0
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "points": self.points, "params": self.params}


@dataclass(frozen=True)
class NeedFacts:
    municipality_id: int
    municipality_name: str
    region_id: int
    region_slug: str
    category_id: int
    field_id: int
    cpv_codes: frozenset[str]
    target_groups: frozenset[str]
    instruments: frozenset[str]
    se_law_instruments: frozenset[str]  # of `instruments`, those only registered SEs may use
    reservation: str
    terms: frozenset[str]
    # Each term as the need's text wrote it ("pļaušana" for "plausan"), for the reasons.
    term_words: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CandidateFacts:
    """An offering with what its enterprise brings. Place flags are already resolved for the
    need (the offering's own area, or else its enterprise's)."""

    enterprise_id: int
    offering_id: int
    category_id: int
    field_id: int
    cpv_codes: frozenset[str]
    home_here: bool
    serves_municipality: bool
    serves_region: bool
    nationwide: bool
    target_groups: frozenset[str]
    instruments: frozenset[str]
    register_active: bool
    employees_total: int
    employees_target_group: int
    checked_at: datetime.datetime | None
    complete_profile: bool
    words: frozenset[str]
    profile_confirmed_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Score:
    total: int
    reasons: tuple[Reason, ...]
    missing: tuple[Reason, ...]
    fit: str = Fit.STRONG  # Fit.STRONG, RELATED or OUTSIDE; see "What qualifies" above

    @property
    def listed(self) -> bool:
        return self.fit in (Fit.STRONG, Fit.RELATED)


def need_terms(title: str, description: str, place: str = "") -> frozenset[str]:
    """The need's words that can show a service, at most NEED_TERMS_MAX of them. The words
    of the need's own place (``place``) are place, not service, and are left out."""
    excluded = GENERIC_WORDS | keywords(place)
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for rank, part in enumerate((title, description)):
        for word in search_text(part).split():
            if len(word) > TERM_LENGTH_MAX:
                continue
            for term in keywords(word) - excluded:
                counts[term] += 1
                order.setdefault(term, rank)
    ranked = sorted(counts, key=lambda t: (order[t], -counts[t], -len(t), t))
    return frozenset(ranked[:NEED_TERMS_MAX])


def term_words(title: str, description: str, terms: frozenset[str]) -> dict[str, str]:
    """The first form in which the need's text wrote each term."""
    found: dict[str, str] = {}
    for folded, shown in display_words(title, description).items():
        term = stem(folded)
        if term in terms and term not in found:
            found[term] = shown
    return found


def service_points(same_category: bool, same_field: bool, cpv_overlap: bool) -> int:
    points = SAME_CATEGORY if same_category else SAME_FIELD if same_field else 0
    return points + (CPV_CODE if cpv_overlap else 0)


def place_points(home: bool, municipality: bool, region: bool, nationwide: bool) -> int:
    for flag, points in (
        (home, HOME_MUNICIPALITY),
        (municipality, SERVES_MUNICIPALITY),
        (region, SERVES_REGION),
        (nationwide, NATIONWIDE),
    ):
        if flag:
            return points
    return 0


def share_percent(candidate: CandidateFacts) -> int | None:
    if not candidate.employees_total:
        return None
    return candidate.employees_target_group * 100 // candidate.employees_total


def meets_reserved_share(candidate: CandidateFacts) -> bool:
    return (
        candidate.employees_total > 0
        and candidate.employees_target_group * 100
        >= candidate.employees_total * RESERVED_CONTRACT_SHARE
    )


def score(need: NeedFacts, candidate: CandidateFacts, today: datetime.date) -> Score | None:
    """The candidate's score for the need with its reasons and its ``fit``, or None when
    the law rules the candidate out or nothing shows it provides the service."""
    reasons: list[Reason] = []
    missing: list[Reason] = []

    # Hard requirements first.
    if need.reservation == ContractReservation.ART20 and not meets_reserved_share(candidate):
        return None
    if need.reservation == ContractReservation.ART77 and not candidate.register_active:
        return None
    usable_instruments = need.instruments
    if not candidate.register_active and need.se_law_instruments:
        if need.se_law_instruments == need.instruments:
            return None
        usable_instruments = need.instruments - need.se_law_instruments
        missing.append(
            Reason("not_eligible_se_law", params={"instruments": sorted(need.se_law_instruments)})
        )

    # Service: the evidence that qualifies a candidate at all.
    same_category = candidate.category_id == need.category_id
    same_field = candidate.field_id == need.field_id
    shared_cpv = need.cpv_codes & candidate.cpv_codes
    shared_words = need.terms & candidate.words
    exact = same_category or bool(shared_cpv)
    if not exact and not (same_field and len(shared_words) >= RELATED_WORDS_MIN):
        return None
    if same_category:
        reasons.append(Reason("same_category", SAME_CATEGORY, {"category": need.category_id}))
    elif same_field:
        reasons.append(Reason("same_field", SAME_FIELD, {"category": candidate.category_id}))
    if shared_cpv:
        reasons.append(Reason("cpv", CPV_CODE, {"codes": sorted(shared_cpv)}))
    if not same_category:
        missing.append(Reason("other_category", params={"category": need.category_id}))

    # Place.
    points = place_points(
        candidate.home_here,
        candidate.serves_municipality,
        candidate.serves_region,
        candidate.nationwide,
    )
    municipality = {"municipality": need.municipality_name}
    if candidate.home_here:
        reasons.append(Reason("home_municipality", points, municipality))
    elif candidate.serves_municipality:
        reasons.append(Reason("serves_municipality", points, municipality))
    elif candidate.serves_region:
        reasons.append(Reason("serves_region", points, {"region": need.region_slug}))
    elif candidate.nationwide:
        reasons.append(Reason("nationwide", points))
    else:
        missing.append(Reason("not_serving", params=municipality))

    # People.
    shared_groups = need.target_groups & candidate.target_groups
    if shared_groups:
        points = min(TARGET_GROUP * len(shared_groups), TARGET_GROUP_MAX)
        reasons.append(Reason("target_groups", points, {"groups": sorted(shared_groups)}))
    elif need.target_groups:
        missing.append(Reason("no_target_group", params={"groups": sorted(need.target_groups)}))

    # Instrument, and eligibility the law asks for.
    if usable_instruments:
        accepted = usable_instruments & candidate.instruments
        if accepted:
            points = INSTRUMENTS_MAX * len(accepted) // len(usable_instruments)
            reasons.append(Reason("instruments", points, {"instruments": sorted(accepted)}))
        if usable_instruments - accepted:
            missing.append(
                Reason(
                    "instruments_missing",
                    params={"instruments": sorted(usable_instruments - accepted)},
                )
            )
    if need.reservation == ContractReservation.ART20:
        reasons.append(Reason("reserved_share", params={"share": share_percent(candidate)}))
    if candidate.register_active and (
        need.reservation == ContractReservation.ART77 or need.se_law_instruments
    ):
        reasons.append(Reason("register_active"))

    # Trust and freshness. Only an active status counts as "checked in the register": a
    # ceased or absent one is said as such, never as a good sign.
    if not candidate.register_active:
        if not any(reason.code == "not_eligible_se_law" for reason in missing):
            missing.append(Reason("no_register_status"))
    elif candidate.checked_at is not None:
        age = today - candidate.checked_at.date()
        if age <= datetime.timedelta(days=CHECK_FRESH_DAYS):
            reasons.append(
                Reason(
                    "recently_checked",
                    RECENTLY_CHECKED,
                    {"date": candidate.checked_at.date().isoformat()},
                )
            )
        else:
            missing.append(
                Reason("stale_check", params={"date": candidate.checked_at.date().isoformat()})
            )
    if candidate.complete_profile:
        reasons.append(Reason("complete_profile", COMPLETE_PROFILE))
    if candidate.profile_confirmed_at is not None:
        confirmed = candidate.profile_confirmed_at.date()
        if today - confirmed <= datetime.timedelta(days=CONFIRM_FRESH_DAYS):
            reasons.append(
                Reason("profile_confirmed", PROFILE_CONFIRMED, {"date": confirmed.isoformat()})
            )
        else:
            missing.append(Reason("profile_not_confirmed", params={"date": confirmed.isoformat()}))

    # Text.
    if shared_words:
        points = min(KEYWORD * len(shared_words), KEYWORD_MAX)
        # In the need's own words, as its officer wrote them, not as stems.
        shown = sorted(need.term_words.get(word, word) for word in shared_words)
        reasons.append(Reason("keywords", points, {"words": shown}))

    total = sum(reason.points for reason in reasons)
    serves_place = any(reason.code in PLACE_REASONS for reason in reasons)
    if not serves_place:
        fit = Fit.OUTSIDE
    elif exact:
        fit = Fit.STRONG
    else:
        fit = Fit.RELATED
    return Score(total=total, reasons=tuple(reasons), missing=tuple(missing), fit=fit)
