"""Latvian texts of the demo data, composed from whole, hand-written sentences.

Every function takes the builder's random generator, so the same seed gives the same
texts. Names of places go in only through their case forms (``place_cases``), numbers only
where the noun after them agrees (``count``), and lists of names only after a colon, in the
nominative, so a composed text is as grammatical as its parts.
"""

import datetime
import random
import re

from .categories import CATEGORIES

MIN_LENGTH = 300
MAX_LENGTH = 2000

# The seven state cities decline as nouns; every county is "… novads".
CITY_CASES = {
    "Rīga": ("Rīgā", "Rīgas"),
    "Daugavpils": ("Daugavpilī", "Daugavpils"),
    "Jelgava": ("Jelgavā", "Jelgavas"),
    "Jūrmala": ("Jūrmalā", "Jūrmalas"),
    "Liepāja": ("Liepājā", "Liepājas"),
    "Rēzekne": ("Rēzeknē", "Rēzeknes"),
    "Ventspils": ("Ventspilī", "Ventspils"),
}
MONTHS_DATIVE = [
    "janvārim",
    "februārim",
    "martam",
    "aprīlim",
    "maijam",
    "jūnijam",
    "jūlijam",
    "augustam",
    "septembrim",
    "oktobrim",
    "novembrim",
    "decembrim",
]

_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")


def place_cases(name: str) -> tuple[str, str]:
    """A municipality's name in the locative and the genitive: "Gulbenes novadā", "…novada"."""
    if name in CITY_CASES:
        return CITY_CASES[name]
    if name.endswith(" novads"):
        stem = name.removesuffix("s")
        return f"{stem}ā", f"{stem}a"
    raise ValueError(f"No Latvian case forms known for {name!r}.")


def region_locative(name: str) -> str:
    """ "Vidzemes plānošanas reģions" -> "Vidzemes plānošanas reģionā"."""
    return name.removesuffix("reģions") + "reģionā"


def count(number: int, one: str, many: str) -> str:
    """A number with its noun: 1, 21, 31 … take the singular, every other number the plural."""
    singular = number % 10 == 1 and number % 100 != 11
    return f"{number} {one if singular else many}"


def join_and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} un {items[-1]}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def expand(rng: random.Random, text: str, **places: str) -> str:
    """Pick one of each ``[a|b]`` alternatives, then fill in the place names."""
    text = _ALTERNATIVES.sub(lambda match: rng.choice(match.group(1).split("|")), text)
    return text.format(**places)


def listing(names: list[str]) -> str:
    """Names after a colon: lower-case, separated by semicolons (the names hold commas)."""
    return "; ".join(lower_first(name) for name in names)


def latvian_date(day: datetime.date) -> str:
    """The date after "līdz": "2027. gada 15. martam"."""
    return f"{day.year}. gada {day.day}. {MONTHS_DATIVE[day.month - 1]}"


def money(amount: int) -> str:
    """Thousands apart from 10 000 up, as Latvian texts write them: 5000, 12 000."""
    return str(amount) if amount < 10_000 else f"{amount:,}".replace(",", " ")


def fit(paragraphs: list[str], optional: list[str]) -> str:
    """Paragraphs separated by a blank line, with as many optional ones as keep the text
    within MAX_LENGTH; it is at least MIN_LENGTH long because every part is."""
    text = "\n\n".join(paragraphs)
    for paragraph in optional:
        longer = f"{text}\n\n{paragraph}"
        if len(longer) <= MAX_LENGTH:
            text = longer
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise ValueError(f"A demo text of {len(text)} characters: {text[:80]!r}…")
    return text


# Enterprises -------------------------------------------------------------------------

MISSIONS = [
    "Mūsu mērķis ir mazināt sociālo atstumtību un palīdzēt cilvēkiem atgriezties darbā.",
    "Visu peļņu ieguldām savā sociālajā mērķī — jaunās darba vietās un darbinieku apmācībā.",
    "Mēs ticam, ka ikvienam ir tiesības uz jēgpilnu darbu un savu vietu sabiedrībā.",
    "Uzņēmumu dibināja vecāki, kuru bērniem ar invaliditāti pēc skolas nebija, kur strādāt.",
]
TEAM_CARE = [
    "Darba laiku un pienākumus pielāgojam katra darbinieka veselībai un spējām, un katram "
    "jaunam kolēģim pirmos mēnešus palīdz mentors.",
    "Jaunos darbiniekus apmācām paši, un vairāki no viņiem pēc gada jau vada savu darba grupu.",
    "Sadarbojamies ar sociālo dienestu un Nodarbinātības valsts aģentūru, lai darbā "
    "iesaistītu cilvēkus, kuri ilgi nav strādājuši.",
]
COOPERATION = [
    "Ar pašvaldībām esam sadarbojušies gan iepirkumos, gan kopīgos projektos, un labprāt "
    "uzņemamies arī jaunus pienākumus.",
    "Esam atvērti ilgtermiņa sadarbībai ar pašvaldībām: deleģējumiem, telpu nomai un "
    "kopīgiem projektiem.",
    "Priecāsimies par jūsu zvanu vai e-pastu — pastāstīsim vairāk un atbrauksim iepazīties.",
    "Pašvaldības atbalsts mums palīdzējis izveidot pirmās darba vietas, tāpēc gribam "
    "atdarīt ar kvalitatīvu darbu savam novadam.",
]
LEGAL_FORM_WORDS = {"sia": "SIA", "association": "Biedrība", "foundation": "Nodibinājums"}


def enterprise_description(
    rng: random.Random,
    *,
    name: str,
    legal_form: str,
    founded_year: int,
    home: str,
    area: str,
    category_slugs: list[str],
    category_names: list[str],
    employees_total: int,
    employees_target_group: int,
    target_groups: list[str],
) -> str:
    """``target_groups``: the groups its staff come from (children are no staff)."""
    home_locative, _ = place_cases(home)
    word = LEGAL_FORM_WORDS.get(legal_form, "SIA")
    if legal_form == "sia":
        intro = (
            f"{word} „{name}” ir sociālais uzņēmums, kas dibināts {founded_year}. gadā "
            f"{home_locative}."
        )
    else:
        intro = (
            f"{word} „{name}” ir {founded_year}. gadā {home_locative} dibināta organizācija "
            "ar sociālu mērķi."
        )
    first = CATEGORIES[category_slugs[0]]
    work = f"{rng.choice(first.about)} {rng.choice(first.clients)} Strādājam {area}."
    if len(category_names) > 1:
        work += f" Darbojamies šādās jomās: {listing(category_names)}."
    team = f"Mūsu komandā strādā {count(employees_total, 'cilvēks', 'cilvēki')}"
    if employees_target_group and target_groups:
        team += (
            f", un {employees_target_group} no tiem pieder pie šīm mērķa grupām: "
            f"{listing(target_groups)}."
        )
    elif employees_target_group:
        team += f", un {employees_target_group} no tiem nāk no sociālās atstumtības riska grupām."
    else:
        team += (
            ". Darbinieku no mērķa grupām mums vēl nav, bet tuvākajā gadā plānojam pieņemt "
            "darbā cilvēkus no sociālās atstumtības riska grupām."
        )
    team += " " + rng.choice(TEAM_CARE)
    return fit(
        [f"{intro} {rng.choice(MISSIONS)}", work, team],
        [rng.choice(COOPERATION)],
    )


# Offerings ---------------------------------------------------------------------------

INVOLVEMENT = [
    "Darbu veic mūsu komanda, kurā strādā arī cilvēki no šīm grupām: {groups}. Katram "
    "jaunam darbiniekam pirmos mēnešus palīdz pieredzējis kolēģis.",
    "Šajā darbā iesaistām cilvēkus, kuriem darba tirgū klājas grūtāk: {groups}. Apmācām "
    "viņus paši, un darba laiku pielāgojam katra veselībai.",
    "Šo darbu dara cilvēki no sociālās atstumtības riska grupām: {groups}. Darbu "
    "sadalām tā, lai katrs darītu to, kas viņam padodas vislabāk.",
]
INVOLVEMENT_ANY = (
    "Šajā darbā iesaistām cilvēkus no sociālās atstumtības riska grupām, kuriem darba tirgū "
    "klājas grūtāk. Apmācām viņus paši, un darba laiku pielāgojam katra veselībai."
)
OPENINGS = [
    "„{title}” ir viens no mūsu galvenajiem piedāvājumiem.",
    "Šeit aprakstām, ko ietver „{title}” un kā to nodrošinām.",
    "Ko ietver „{title}”? Īsumā par to un par mūsu darba kārtību.",
]
CONDITIONS = [
    "Cenu aprēķinām pēc darba apjoma un saskaņojam pirms darba sākuma. Rēķinu izrakstām "
    "reizi mēnesī, un pašvaldībām varam piedāvāt ilgtermiņa līgumu.",
    "Esam gatavi piedalīties publiskajos iepirkumos, arī tajos, kas rezervēti sociālajiem "
    "uzņēmumiem. Pirmo reizi varam strādāt par pašizmaksu, lai pasūtītājs novērtē kvalitāti.",
    "Pieteikumus pieņemam pa tālruni un e-pastu un atbildam vienas darbdienas laikā. "
    "Lielākiem pasūtījumiem sagatavojam rakstisku piedāvājumu ar laika grafiku.",
    "Strādājam darbdienās no plkst. 8.00 līdz 17.00, bet pēc vienošanās arī vakaros un brīvdienās.",
]
WHERE_BY_KIND = {
    "service": "Pakalpojumu sniedzam {area}.",
    "product": "Izstrādājumus piegādājam {area}.",
    "training": "Nodarbības rīkojam {area}.",
}


def offering_description(
    rng: random.Random,
    *,
    title: str,
    category_slug: str,
    kind: str,
    area: str,
    target_groups: list[str],
) -> str:
    """``target_groups``: the groups the people doing the work come from."""
    texts = CATEGORIES[category_slug]
    where = WHERE_BY_KIND.get(kind, WHERE_BY_KIND["service"]).format(area=area)
    # The title stays in the nominative, as the subject of "ietver".
    about = " ".join(rng.sample(texts.about, len(texts.about)))
    return fit(
        [
            f"{rng.choice(OPENINGS).format(title=title)} {about}",
            f"{rng.choice(texts.clients)} {where}",
            rng.choice(INVOLVEMENT).format(groups=listing(target_groups))
            if target_groups
            else INVOLVEMENT_ANY,
        ],
        [rng.choice(CONDITIONS)],
    )


# Needs -------------------------------------------------------------------------------

REQUIREMENTS = [
    "Pretendentam jābūt pieredzei līdzīgu darbu veikšanā, un piedāvājumā jānorāda atbildīgā "
    "kontaktpersona.",
    "Piedāvājumā lūdzam aprakstīt, kā darbā tiks iesaistīti cilvēki no sociālās atstumtības "
    "riska grupām un kā tiks nodrošināta kvalitāte.",
    "Pašvaldība var nodrošināt informatīvo atbalstu un, ja nepieciešams, telpas darba "
    "organizēšanai.",
    "Pirms piedāvājuma iesniegšanas aicinām sazināties ar pašvaldības speciālistu un "
    "apskatīt vietu, kur darbs notiks.",
]
RESERVATIONS = {
    "art20": "Līgums ir rezervēts uzņēmumiem, kuru darbinieku vismaz 30 % ir no sociāli "
    "mazaizsargātām grupām (Direktīvas 2014/24/ES 20. pants).",
    "art77": "Līgums ir rezervēts organizācijām ar sociālu misiju (Direktīvas 2014/24/ES "
    "77. pants).",
}


def need_title(rng: random.Random, *, category_slug: str, municipality: str) -> str:
    locative, genitive = place_cases(municipality)
    return expand(
        rng, rng.choice(CATEGORIES[category_slug].need_titles), loc=locative, gen=genitive
    )


def need_description(
    rng: random.Random,
    *,
    category_slug: str,
    municipality: str,
    target_groups: list[str],
    reservation: str,
    budget: tuple[int, int] | None,
    deadline: datetime.date | None,
) -> str:
    texts = CATEGORIES[category_slug]
    locative, genitive = place_cases(municipality)
    places = {"loc": locative, "gen": genitive}
    scope = expand(rng, rng.choice(texts.scope), **places)
    period = rng.choice(texts.period)
    conditions = [rng.choice(REQUIREMENTS)]
    if target_groups:
        conditions.append(
            "Priekšroka tiks dota uzņēmumiem, kas strādā ar šīm iedzīvotāju grupām: "
            f"{listing(target_groups)}."
        )
    if reservation in RESERVATIONS:
        conditions.append(RESERVATIONS[reservation])
    terms = []
    if budget:
        terms.append(f"Plānotais budžets ir no {money(budget[0])} līdz {money(budget[1])} EUR.")
    else:
        terms.append("Budžetu precizēsim pēc piedāvājumu saņemšanas.")
    if deadline:
        terms.append(f"Piedāvājumus un jautājumus gaidām līdz {latvian_date(deadline)}.")
    return fit(
        [
            rng.choice(texts.problem),
            f"{scope} Pakalpojums vajadzīgs {period}. Darbs notiks {locative}.",
            " ".join(conditions),
        ],
        [" ".join(terms)],
    )


# Cooperations ------------------------------------------------------------------------

COOPERATION_SOLUTION = [
    "Sociālais uzņēmums “{name}” uzņemas šo darbu ar saviem darbiniekiem un inventāru.",
    "Darbu veic sociālā uzņēmuma “{name}” komanda, kurā strādā arī cilvēki no sociāli "
    "mazaizsargātām grupām.",
]
COMMUNICATION = [
    "Reizi mēnesī tiekamies klātienē pašvaldībā; ikdienas jautājumus risinām pa tālruni un "
    "e-pastu, un abām pusēm ir norīkota atbildīgā kontaktpersona.",
    "Ik nedēļu uzņēmums nosūta īsu atskaiti ar paveikto, bet reizi ceturksnī kopā ar "
    "pašvaldības speciālistu izvērtējam darba kvalitāti un vajadzīgās izmaiņas.",
    "Par darba grafiku vienojamies mēneša sākumā; steidzamus jautājumus risinām tajā pašā "
    "dienā pa tālruni.",
]
RESOURCES = [
    "Pašvaldība nodrošina piekļuvi objektiem un noliktavas telpas; uzņēmums — darbiniekus, "
    "darba rīkus un transportu.",
    "Darbu finansē no pašvaldības budžeta; uzņēmums iegulda savu aprīkojumu un darbinieku "
    "apmācību.",
    "Pašvaldība bez maksas lieto uzņēmumam savas telpas darba organizēšanai, uzņēmums sedz "
    "komunālos maksājumus.",
]
PLANNED_RESULTS = [
    "Pakalpojums tiek sniegts regulāri un laikā, iedzīvotāju sūdzību skaits samazinās, un "
    "uzņēmumā tiek izveidotas jaunas darba vietas cilvēkiem no mērķa grupām.",
    "Visi pasūtītie darbi ir paveikti noteiktajā termiņā un kvalitātē, un vismaz divi "
    "darbinieki no mērķa grupām iegūst pastāvīgu darbu.",
]
SUSTAINABILITY = [
    "Ja sadarbība izdosies, pašvaldība plāno nākamajā gadā rīkot iepirkumu ar rezervētu "
    "līgumu, lai pakalpojums turpinātos.",
    "Uzņēmums pakalpojumu piedāvās arī kaimiņu pašvaldībām un iestādēm, lai darba vietas "
    "saglabātos arī pēc šī līguma beigām.",
]
WHAT_WORKED = [
    "Regulāras tikšanās reizi mēnesī ļāva laikus pamanīt problēmas un vienoties par "
    "izmaiņām. Darbinieki no mērķa grupām iejutās ātrāk, nekā gaidījām.",
    "Skaidrs darba grafiks un viena kontaktpersona katrā pusē. Iedzīvotāji pamanīja "
    "pārmaiņas un vairākkārt pateicās.",
]
WHAT_DID_NOT = [
    "Ziemas mēnešos pietrūka darbinieku slimību dēļ; nākamreiz plānosim aizvietošanu.",
    "Dokumentu saskaņošana pašvaldībā sākumā prasīja vairāk laika, nekā bija paredzēts.",
    "",
]


def cooperation_plan(
    rng: random.Random, *, enterprise: str, need_description: str, category_slug: str
) -> dict[str, str]:
    """The plan's words: the need's own problem, the enterprise's solution in its voice."""
    about = CATEGORIES[category_slug].about
    return {
        "problem": need_description.split("\n\n")[0],
        "solution": "\n\n".join(
            [
                rng.choice(COOPERATION_SOLUTION).format(name=enterprise),
                " ".join(rng.sample(about, len(about))),
            ]
        ),
        "communication": rng.choice(COMMUNICATION),
        "resources": rng.choice(RESOURCES),
        "planned_results": rng.choice(PLANNED_RESULTS),
        "sustainability": rng.choice(SUSTAINABILITY),
    }
