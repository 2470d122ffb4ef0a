"""The shared vocabulary from the seminar report and public sources (see DOMAIN.md).

Curators keep it current in admin afterwards; this migration only adds what is missing.
"""

from django.db import migrations

LIGHT, TARGETED = "light", "targeted"

# slug, kind, name_lv, name_en, description_lv, description_en, audience_lv, audience_en,
# legal_basis_lv, legal_basis_en, requires_register_status
INSTRUMENTS = [
    (
        "policy-documents", LIGHT,
        "Iekļaušana politikas dokumentos", "Inclusion in policy documents",
        "Pašvaldība iekļauj sociālo uzņēmējdarbību savos attīstības plānošanas dokumentos: "
        "nosaka mērķus, rīcības, atbildīgos un rezultātus, lai atbalsts būtu plānots, nevis "
        "nejaušs.",
        "The municipality includes social entrepreneurship in its development planning "
        "documents, with aims, actions, who is responsible and the results expected, so that "
        "support is planned rather than occasional.",
        "Jebkurš sociālais uzņēmums un pašvaldība; uzņēmumi var piedalīties dokumentu "
        "apspriešanā.",
        "Any social enterprise and municipality; enterprises can take part in the public "
        "consultation on the documents.",
        "Attīstības plānošanas sistēmas likums; pašvaldības attīstības programma un "
        "ilgtspējīgas attīstības stratēģija.",
        "Development Planning System Law; the municipality's development programme and "
        "sustainable development strategy.",
        False,
    ),
    (
        "infrastructure", LIGHT,
        "Infrastruktūras pieejamības nodrošināšana", "Making infrastructure available",
        "Pašvaldība dara pieejamas telpas, aprīkojumu vai koprades telpas, piemēram, ar "
        "samazinātu nomas maksu vai kopīgai lietošanai.",
        "The municipality makes premises, equipment or co-working spaces available, for "
        "example at a reduced rent or for shared use.",
        "Sociālie uzņēmumi, kam vajadzīgas telpas vai aprīkojums savai darbībai.",
        "Social enterprises that need premises or equipment for their work.",
        "Pašvaldību likums; Publiskas personas finanšu līdzekļu un mantas izšķērdēšanas "
        "novēršanas likums.",
        "Local Government Law; Law on Prevention of Squandering of the Financial Resources and "
        "Property of a Public Person.",
        False,
    ),
    (
        "information-support", LIGHT,
        "Informatīvais atbalsts", "Information support",
        "Pašvaldība sniedz informāciju un konsultācijas, nozīmē atbildīgo kontaktpersonu "
        "sociālajiem uzņēmumiem un palīdz atrast sadarbības partnerus.",
        "The municipality provides information and advice, appoints a contact person "
        "responsible for social enterprises and helps them find partners.",
        "Jebkurš sociālais uzņēmums vai tā dibinātājs.",
        "Any social enterprise or its founders.",
        "",
        "",
        False,
    ),
    (
        "information-materials", LIGHT,
        "Iekļaušana informatīvajos materiālos", "Inclusion in information materials",
        "Pašvaldība stāsta par sociālajiem uzņēmumiem savā tīmekļvietnē, izdevumos, tūrisma "
        "un reprezentācijas materiālos, atbalstot to mārketingu.",
        "The municipality presents social enterprises on its website, in its publications, "
        "tourism and representative materials, supporting their marketing.",
        "Jebkurš sociālais uzņēmums, kas darbojas pašvaldības teritorijā.",
        "Any social enterprise working in the municipality.",
        "",
        "",
        False,
    ),
    (
        "education-events", LIGHT,
        "Izglītošanas pasākumi", "Education events",
        "Pašvaldība rīko apmācības, seminārus un pieredzes apmaiņas pasākumus par sociālo "
        "uzņēmējdarbību uzņēmējiem, saviem darbiniekiem un sabiedrībai.",
        "The municipality organises training, seminars and experience-exchange events on "
        "social entrepreneurship for entrepreneurs, its own staff and the public.",
        "Sociālie uzņēmumi, topošie uzņēmēji, pašvaldības darbinieki un sabiedrība.",
        "Social enterprises, future entrepreneurs, municipal staff and the public.",
        "",
        "",
        False,
    ),
    (
        "grant-programme", TARGETED,
        "Grantu programmas atbalsts", "Grant programme support",
        "Pašvaldība piešķir finansējumu sociālajiem uzņēmumiem grantu konkursā ar skaidriem "
        "vērtēšanas kritērijiem.",
        "The municipality funds social enterprises through a grant competition with clear "
        "selection criteria.",
        "Sociālie uzņēmumi, kas atbilst konkursa nolikumam; piemēro komercdarbības atbalsta "
        "(de minimis) nosacījumus.",
        "Social enterprises that meet the competition's rules; state-aid (de minimis) rules "
        "apply.",
        "Pašvaldības konkursa nolikums vai saistošie noteikumi; Komercdarbības atbalsta "
        "kontroles likums.",
        "The municipality's competition rules or binding regulations; Commercial Activity "
        "Support Control Law.",
        False,
    ),
    (
        "purchasing", TARGETED,
        "Preču un pakalpojumu pirkšana", "Buying goods and services",
        "Pašvaldība vai tās iestādes pērk sociālo uzņēmumu preces un pakalpojumus, piemēram, "
        "ēdināšanu, uzkopšanu, dāvanas vai veļas mazgāšanu.",
        "The municipality or its institutions buy goods and services from social enterprises, "
        "e.g. catering, cleaning, gifts or laundry.",
        "Jebkurš uzņēmums, kas var piegādāt vajadzīgo preci vai pakalpojumu.",
        "Any enterprise that can supply the goods or service needed.",
        "Publisko iepirkumu likums (arī sociāli atbildīgs iepirkums un iepirkumi zem "
        "likuma piemērošanas sliekšņa).",
        "Public Procurement Law (including socially responsible procurement and purchases "
        "below the thresholds).",
        False,
    ),
    (
        "delegation", TARGETED,
        "Deleģējumi", "Delegation of functions",
        "Pašvaldība ar līgumu deleģē sociālajam uzņēmumam pārvaldes uzdevumu, piemēram, "
        "sociālā pakalpojuma sniegšanu, un finansē tā izpildi.",
        "The municipality delegates an administrative task, such as providing a social "
        "service, to a social enterprise by contract and funds it.",
        "Sociālie uzņēmumi ar vajadzīgo kompetenci un, sociālajiem pakalpojumiem, reģistrēti "
        "sociālo pakalpojumu sniedzēju reģistrā.",
        "Social enterprises with the required competence and, for social services, registered "
        "as social service providers.",
        "Valsts pārvaldes iekārtas likums (pārvaldes uzdevumu deleģēšana privātpersonām); "
        "Pašvaldību likums.",
        "State Administration Structure Law (delegating administrative tasks to private "
        "persons); Local Government Law.",
        False,
    ),
    (
        "property-tax-relief", TARGETED,
        "Nekustamā īpašuma nodokļa atlaide", "Real-estate tax relief",
        "Pašvaldība saistošajos noteikumos piešķir sociālajiem uzņēmumiem nekustamā īpašuma "
        "nodokļa atvieglojumu par īpašumu, ko tie izmanto savā darbībā.",
        "The municipality grants social enterprises relief from real-estate tax, by binding "
        "regulations, on property they use for their work.",
        "Tikai uzņēmumi ar aktīvu sociālā uzņēmuma statusu Labklājības ministrijas reģistrā.",
        "Only enterprises with an active social enterprise status in the Ministry of Welfare's "
        "register.",
        "Sociālā uzņēmuma likums; likums \"Par nekustamā īpašuma nodokli\"; pašvaldības "
        "saistošie noteikumi.",
        "Social Enterprise Law; Law on Real Estate Tax; the municipality's binding regulations.",
        True,
    ),
    (
        "property-free-of-charge", TARGETED,
        "Mantas bezatlīdzības nodošana īpašumā vai lietošanā",
        "Transfer of property free of charge, to own or to use",
        "Pašvaldība bez atlīdzības nodod sociālajam uzņēmumam telpas vai kustamu mantu "
        "īpašumā vai lietošanā tā sociālā mērķa sasniegšanai.",
        "The municipality transfers premises or movable property to a social enterprise free "
        "of charge, to own or to use for its social aim.",
        "Tikai uzņēmumi ar aktīvu sociālā uzņēmuma statusu Labklājības ministrijas reģistrā.",
        "Only enterprises with an active social enterprise status in the Ministry of Welfare's "
        "register.",
        "Sociālā uzņēmuma likums; Publiskas personas finanšu līdzekļu un mantas izšķērdēšanas "
        "novēršanas likums.",
        "Social Enterprise Law; Law on Prevention of Squandering of the Financial Resources and "
        "Property of a Public Person.",
        True,
    ),
    (
        "public-procurement", TARGETED,
        "Publisko iepirkumu iespējas", "Public procurement opportunities",
        "Pašvaldība rīko iepirkumus, kuros var piedalīties tikai darba integrācijas uzņēmumi "
        "(ja vismaz 30 % darbinieku ir no mērķa grupām) vai misijas vadītas organizācijas "
        "noteiktiem sociālajiem, veselības, kultūras un izglītības pakalpojumiem.",
        "The municipality runs procurements reserved for work-integration enterprises (where "
        "at least 30 % of employees come from target groups) or for mission-driven "
        "organisations for certain social, health, cultural and education services.",
        "Reģistrēti sociālie uzņēmumi un citi piegādātāji, kas atbilst rezervētā līguma "
        "nosacījumiem.",
        "Registered social enterprises and other suppliers that meet the reserved contract's "
        "conditions.",
        "Publisko iepirkumu likums; Direktīvas 2014/24/ES 20. un 77. pants.",
        "Public Procurement Law; Directive 2014/24/EU Articles 20 and 77.",
        False,
    ),
]

# Two levels: (slug, name_lv, name_en, [(slug, name_lv, name_en), ...])
CATEGORIES = [
    ("municipal-services", "Pašvaldību saimnieciskie pakalpojumi", "Municipal services", [
        ("park-maintenance", "Parku uzkopšana", "Park maintenance"),
        ("gardening-landscaping", "Dārzniecība un apzaļumošana", "Gardening and landscaping"),
        ("cleaning", "Telpu uzkopšana", "Cleaning of premises"),
        ("catering", "Ēdināšana", "Catering"),
        ("laundry", "Veļas mazgāšana un gludināšana", "Laundry and ironing"),
        ("gifts", "Dāvanas un reprezentatīvie materiāli", "Gifts and representative materials"),
        ("culture", "Kultūras pakalpojumi un pasākumi", "Cultural services and events"),
        ("real-estate-use", "Pašvaldības nekustamā īpašuma izmantošana",
         "Use of municipal real estate"),
    ]),
    ("social-services", "Sociālie pakalpojumi", "Social services", [
        ("home-care", "Aprūpe mājās un drošības poga", "Home care and alarm button"),
        ("day-centres", "Dienas un interešu centri", "Day and interest centres"),
        ("childcare", "Bērnu pieskatīšana", "Childcare"),
        ("crisis-rooms", "Krīzes istabas", "Crisis rooms"),
        ("sobering-up", "Atskurbtuve", "Sobering-up station"),
        ("former-prisoners", "Darbs ar bijušajiem ieslodzītajiem", "Work with former prisoners"),
        ("addictions", "Darbs ar atkarīgajiem", "Work with people with addictions"),
        ("youth-work", "Darbs ar jauniešiem", "Work with young people"),
        ("mental-health", "Atbalsts cilvēkiem ar garīga rakstura traucējumiem",
         "Support for people with mental disorders"),
        ("community-events", "Pasākumi senioriem, jauniešiem un jaunajām māmiņām",
         "Events for seniors, young people and young mothers"),
    ]),
    ("training", "Izglītība un apmācības", "Education and training", [
        ("vulnerable-groups-training", "Apmācības sociāli mazaizsargātajām grupām",
         "Training for socially vulnerable groups"),
        ("specialist-training", "Apmācības \"Speciālists – speciālistam\"",
         "\"Specialist to specialist\" training"),
        ("vocational-training", "Meistarklases un profesionālās apmācības",
         "Masterclasses and vocational training"),
        ("first-aid-care-training", "Pirmās palīdzības un aprūpes mācības",
         "First-aid and care training"),
        ("children-education", "Bērnu un jauniešu neformālā izglītība",
         "Non-formal education for children and young people"),
    ]),
    ("research", "Izpēte un attīstība", "Research and development", [
        ("needs-research", "Iedzīvotāju situācijas un vajadzību izpēte",
         "Research into residents' situation and needs"),
        ("working-groups", "Darba grupas un normatīvo aktu izstrāde",
         "Working groups and drafting regulations"),
        ("innovation", "Inovācijas un ārvalstu pieredzes ieviešana",
         "Innovation and bringing in foreign experience"),
    ]),
    ("employment", "Nodarbinātība un darba integrācija", "Employment and work integration", [
        ("jobs-at-risk-groups", "Darba vietas sociālās atstumtības riska grupām",
         "Jobs for people at risk of social exclusion"),
        ("disability-integration", "Cilvēku ar invaliditāti integrācija darbā",
         "Integration of people with disabilities into work"),
        ("re-emigrants", "Reemigrantu atbalsts", "Support for re-emigrants"),
        ("inclusive-production", "Preces, ko ražo sociālās atstumtības riska grupu cilvēki",
         "Goods made by people at risk of social exclusion"),
    ]),
]

# slug, regulation point, name_lv, name_en
TARGET_GROUPS = [
    ("disability", "2.1", "Personas ar invaliditāti", "Persons with disabilities"),
    ("mental-disorders", "2.2", "Personas ar garīga rakstura traucējumiem",
     "Persons with mental disorders"),
    ("needy", "2.3", "Personas ar trūcīgas ģimenes (personas) statusu",
     "Persons with needy family or person status"),
    ("unemployed", "2.4",
     "Bezdarbnieki ar apgādājamiem, bezdarbnieki vecāki par 54 gadiem un ilgstošie bezdarbnieki",
     "Unemployed with dependants, unemployed over 54 and long-term unemployed"),
    ("roma", "2.5", "Etniskā minoritāte romi", "The Roma minority"),
    ("prisoners", "2.6", "Ieslodzītie un no ieslodzījuma vietām atbrīvotās personas",
     "Prisoners and former prisoners"),
    ("addictions", "2.7", "Personas ar atkarības problēmām", "Persons with addictions"),
    ("night-shelter", "2.8", "Personas, kuru dzīvesvieta deklarēta naktspatversmē",
     "Persons whose declared residence is a night shelter"),
    ("trafficking-victims", "2.9", "Cilvēktirdzniecības upuri", "Victims of human trafficking"),
    ("refugees", "2.10", "Personas ar bēgļa vai alternatīvo statusu",
     "Persons granted refugee or alternative status"),
    ("re-emigrants", "", "Reemigranti", "Re-emigrants"),
    ("young-people", "", "Jaunieši", "Young people"),
    ("seniors", "", "Seniori", "Seniors"),
    ("young-mothers", "", "Jaunās māmiņas", "Young mothers"),
    ("children", "", "Bērni", "Children"),
]

FIELDS_OF_ACTIVITY = [
    ("work-integration", "Darba integrācija", "Work integration"),
    ("social-services", "Sociālie pakalpojumi", "Social services"),
    ("education", "Izglītība", "Education"),
    ("civil-society-culture", "Iekļaujoša pilsoniskā sabiedrība, kultūra un daudzveidība",
     "Inclusive civil society, culture and diversity"),
    ("sport-health", "Sports, veselības veicināšana un medicīna",
     "Sport, health promotion and medicine"),
    ("environment", "Vides un dzīvnieku aizsardzība", "Environment and animal protection"),
]

# code, label_lv, label_en, reservable under Directive 2014/24/EU Art. 77
CPV_CODES = [
    ("18530000-3", "Dāvanas un balvas", "Presents and rewards", False),
    ("55520000-1", "Ēdināšanas pakalpojumi", "Catering services", False),
    ("55523100-3", "Skolēnu ēdināšanas pakalpojumi", "School-meal services", False),
    ("77300000-3", "Dārzkopības pakalpojumi", "Horticultural services", False),
    ("77310000-6", "Zaļo zonu apstādīšanas un uzturēšanas pakalpojumi",
     "Planting and maintenance services of green areas", False),
    ("77313000-7", "Parku uzturēšanas pakalpojumi", "Parks maintenance services", False),
    ("79315000-5", "Sociālo pētījumu pakalpojumi", "Social research services", False),
    ("79952100-3", "Kultūras pasākumu organizēšanas pakalpojumi",
     "Cultural event organisation services", False),
    ("80500000-9", "Apmācību pakalpojumi", "Training services", False),
    ("80511000-9", "Personāla apmācības pakalpojumi", "Staff training services", True),
    ("80520000-5", "Mācību iekārtas", "Training facilities", True),
    ("80530000-8", "Profesionālās apmācības pakalpojumi", "Vocational training services", False),
    ("85000000-9", "Veselības un sociālās aprūpes pakalpojumi", "Health and social work services",
     True),
    ("85311000-2", "Sociālās aprūpes pakalpojumi ar izmitināšanu",
     "Social work services with accommodation", True),
    ("85312000-9", "Sociālās aprūpes pakalpojumi bez izmitināšanas",
     "Social work services without accommodation", True),
    ("85312100-0", "Dienas aprūpes pakalpojumi", "Daycare services", True),
    ("85320000-8", "Sociālie pakalpojumi", "Social services", True),
    ("85323000-9", "Kopienas veselības aprūpes pakalpojumi", "Community health services", True),
    ("90911200-8", "Ēku tīrīšanas pakalpojumi", "Building-cleaning services", False),
    ("90919300-5", "Skolu tīrīšanas pakalpojumi", "School cleaning services", False),
    ("92500000-6", "Bibliotēku, arhīvu, muzeju un citi kultūras pakalpojumi",
     "Library, archives, museums and other cultural services", True),
    ("92600000-7", "Sporta pakalpojumi", "Sporting services", True),
    ("98310000-9", "Mazgāšanas un ķīmiskās tīrīšanas pakalpojumi",
     "Washing and dry-cleaning services", False),
    ("98315000-4", "Gludināšanas pakalpojumi", "Pressing services", False),
]


def load(apps, schema_editor):
    Instrument = apps.get_model("cooperation", "Instrument")
    ServiceCategory = apps.get_model("cooperation", "ServiceCategory")
    TargetGroup = apps.get_model("cooperation", "TargetGroup")
    FieldOfActivity = apps.get_model("cooperation", "FieldOfActivity")
    CpvCode = apps.get_model("cooperation", "CpvCode")

    fields = (
        "kind", "name_lv", "name_en", "description_lv", "description_en", "audience_lv",
        "audience_en", "legal_basis_lv", "legal_basis_en", "requires_register_status",
    )
    for position, (slug, *values) in enumerate(INSTRUMENTS, start=1):
        Instrument.objects.get_or_create(
            slug=slug, defaults={"position": position, **dict(zip(fields, values, strict=True))}
        )
    for position, (slug, name_lv, name_en, children) in enumerate(CATEGORIES, start=1):
        parent, _ = ServiceCategory.objects.get_or_create(
            slug=slug, defaults={"name_lv": name_lv, "name_en": name_en, "position": position}
        )
        for child_position, (child_slug, child_lv, child_en) in enumerate(children, start=1):
            ServiceCategory.objects.get_or_create(
                slug=child_slug,
                defaults={
                    "name_lv": child_lv,
                    "name_en": child_en,
                    "position": child_position,
                    "parent": parent,
                },
            )
    for position, (slug, point, name_lv, name_en) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(
            slug=slug,
            defaults={
                "regulation_point": point,
                "name_lv": name_lv,
                "name_en": name_en,
                "position": position,
            },
        )
    for position, (slug, name_lv, name_en) in enumerate(FIELDS_OF_ACTIVITY, start=1):
        FieldOfActivity.objects.get_or_create(
            slug=slug, defaults={"name_lv": name_lv, "name_en": name_en, "position": position}
        )
    for code, label_lv, label_en, art77 in CPV_CODES:
        CpvCode.objects.get_or_create(
            code=code,
            defaults={"label_lv": label_lv, "label_en": label_en, "art77_reservable": art77},
        )


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
