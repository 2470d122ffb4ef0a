"""Hand-written Latvian building blocks for each service category of the demo data.

Each category says what the service is, for whom, and what a municipality's need for it
looks like. ``[a|b]`` marks alternatives (one is picked), ``{loc}`` is the municipality in
the locative case ("Gulbenes novadā") and ``{gen}`` in the genitive ("Gulbenes novada").
The sentences are whole and agree in case on their own, so composing them never bends a
word into a wrong form; only lists after a colon are joined, and those stay in the
nominative.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryTexts:
    titles: list[str]  # offering titles: what a person would type into the search box
    about: list[str]  # what the enterprise does, in its own words
    clients: list[str]  # for whom
    need_titles: list[str]
    problem: list[str]  # why the municipality needs it
    scope: list[str]  # how much, where
    period: list[str]  # completes "Pakalpojums vajadzīgs …"


YEAR_ROUND = [
    "visu gadu, ar iespēju līgumu pagarināt",
    "divpadsmit mēnešus no līguma noslēgšanas",
    "no nākamā mēneša sākuma vismaz uz vienu gadu",
]
SCHOOL_YEAR = [
    "visu mācību gadu — no septembra līdz maija beigām",
    "mācību gada laikā, ieskaitot skolēnu brīvdienu nometnes",
]
SEASON = [
    "no aprīļa līdz novembrim",
    "no maija līdz oktobra beigām",
    "visu veģetācijas sezonu — no aprīļa līdz oktobrim",
]

CATEGORIES: dict[str, CategoryTexts] = {
    "park-maintenance": CategoryTexts(
        titles=[
            "Parku un skvēru uzkopšana",
            "Zāles pļaušana un lapu grābšana",
            "Sezonas teritorijas kopšana",
            "Celiņu, soliņu un atkritumu urnu uzturēšana",
            "Sniega tīrīšana parkos un laukumos",
        ],
        about=[
            "Kopjam pilsētu un ciemu parkus, skvērus un kapsētu teritorijas: pļaujam zālienus, "
            "grābjam lapas, apgriežam krūmus, iztukšojam atkritumu urnas un uzturam kārtībā "
            "celiņus. Pēc katra darba pasūtītājam nosūtām īsu atskaiti ar fotogrāfijām.",
            "Uzņemamies publisko zaļo zonu kopšanu visu sezonu — no pavasara talkām līdz rudens "
            "lapu izvešanai. Mums ir savi zāles pļāvēji, trimmeri, lapu pūtēji un piekabe, tāpēc "
            "varam strādāt vairākos ciemos vienlaikus.",
        ],
        clients=[
            "Strādājam pašvaldību, pagastu pārvalžu, skolu un dzīvokļu īpašnieku biedrību "
            "uzdevumā.",
            "Mūsu pasūtītāji ir pašvaldības, kapsētu apsaimniekotāji un uzņēmumi, kam pieder "
            "lielas teritorijas.",
        ],
        need_titles=[
            "Parku un skvēru uzkopšana {loc}",
            "Zaļo zonu kopšana un lapu izvešana {loc}",
        ],
        problem=[
            "Pašvaldībai ir vairāki parki un skvēri, kuru kopšanai pašreizējais apsaimniekotājs "
            "nespēj nodrošināt pietiekami daudz darbinieku. Vasaras vidū zāliens izaug pārāk "
            "garš, bet rudenī lapas netiek savāktas laikus, un iedzīvotāji par to regulāri "
            "sūdzas.",
            "Līdzšinējais līgums par parku kopšanu beidzas, un pašvaldība vēlas nākamo "
            "pakalpojumu uzticēt uzņēmumam, kas vienlaikus rada darba vietas vietējiem "
            "iedzīvotājiem.",
        ],
        scope=[
            "Kopjamā platība ir aptuveni [8000|12 000|20 000] m²; teritorijā ir [600|900|1500] "
            "metri celiņu un [20|30|40] atkritumu urnas. Zāliens jāpļauj ne retāk kā reizi divās "
            "nedēļās, bet rudenī lapas jāsavāc un jāizved katru nedēļu.",
            "Darbi ietver zāles pļaušanu, krūmu apgriešanu, puķu dobju ravēšanu un soliņu "
            "uzturēšanu [divos parkos|trīs parkos un vienā skvērā|četros skvēros] ar kopējo "
            "platību ap [2|3|4] hektāriem.",
        ],
        period=SEASON,
    ),
    "gardening-landscaping": CategoryTexts(
        titles=[
            "Apzaļumošana un puķu dobju ierīkošana",
            "Stādu audzēšana",
            "Dārza kopšanas pakalpojumi",
            "Puķu podu un vertikālo dārzu kopšana",
            "Koku un krūmu stādīšana",
        ],
        about=[
            "Audzējam vasaras puķu un dārzeņu stādus savā siltumnīcā, ierīkojam un kopjam puķu "
            "dobes, stādām kokus un krūmus. Dobju dizainu saskaņojam ar pasūtītāju un izvēlamies "
            "augus, kas labi jūtas Latvijas klimatā.",
            "Veidojam un kopjam apstādījumus ap pašvaldību ēkām, skolām un bērnudārziem: "
            "sagatavojam augsni, stādām, laistām, ravējam un rudenī sagatavojam dobes ziemai.",
        ],
        clients=[
            "Mūsu pasūtītāji ir pašvaldības, skolas, sociālās aprūpes centri un privātmāju "
            "īpašnieki.",
            "Stādus pārdodam arī iedzīvotājiem tirdziņos un savā saimniecībā.",
        ],
        need_titles=[
            "Apzaļumošana un puķu dobju kopšana {loc}",
            "Vasaras puķu stādi un dobju ierīkošana {loc}",
        ],
        problem=[
            "Pilsētas centrā un pie pašvaldības iestādēm ir puķu dobes un puķu podi, kurus "
            "līdz šim kopa pašvaldības darbinieki. Darbinieku trūkuma dēļ dobes vasaras otrajā "
            "pusē aizaug, un pašvaldība meklē pastāvīgu partneri.",
            "Pašvaldība vēlas atjaunot apstādījumus pie skolām un bērnudārziem, iesaistot "
            "vietējos iedzīvotājus un bērnus stādīšanas talkās.",
        ],
        scope=[
            "Nepieciešami aptuveni [3000|5000|8000] vasaras puķu stādi, [40|60|80] puķu podu "
            "stādījumi un [10|15|20] dobju kopšana visu sezonu, ieskaitot laistīšanu sausuma "
            "periodos.",
            "Jāierīko [6|8|12] jaunas dobes ar kopējo platību ap [150|200|300] m² un jāiestāda "
            "[30|50|70] krūmi, pēc tam apstādījumi jākopj līdz sezonas beigām.",
        ],
        period=SEASON,
    ),
    "cleaning": CategoryTexts(
        titles=[
            "Telpu uzkopšana birojiem un skolām",
            "Logu mazgāšana",
            "Ģenerālā uzkopšana pēc remonta",
            "Ikdienas uzkopšana pašvaldības iestādēm",
            "Kāpņu telpu un koplietošanas telpu uzkopšana",
        ],
        about=[
            "Nodrošinām ikdienas un ģenerālo telpu uzkopšanu birojos, skolās, bibliotēkās un "
            "kultūras namos. Izmantojam videi draudzīgus tīrīšanas līdzekļus un strādājam arī "
            "vakaros, kad iestādes ir slēgtas apmeklētājiem.",
            "Uzkopjam telpas pēc remonta un pasākumiem, mazgājam logus un vitrīnas, tīrām "
            "paklājus un mīksto mēbeļu audumus. Katram objektam sastādām uzkopšanas grafiku un "
            "kontroles lapu.",
        ],
        clients=[
            "Strādājam ar pašvaldību iestādēm, skolām, bērnudārziem un nelieliem uzņēmumiem.",
            "Mūsu pastāvīgie klienti ir divas skolas, kultūras nams un vairāki biroji.",
        ],
        need_titles=[
            "Skolu un pašvaldības telpu uzkopšana {loc}",
            "Ikdienas uzkopšana pašvaldības iestādēs {loc}",
        ],
        problem=[
            "Pašvaldības administrācijas ēkā un divās skolās uzkopšanu līdz šim veica pašu "
            "darbinieki, taču vairākas apkopējas aiziet pensijā. Vakances neizdodas aizpildīt, "
            "un telpu tīrība pasliktinās.",
            "Pēc ēkas renovācijas pašvaldībai nepieciešams pastāvīgs uzkopšanas pakalpojums, "
            "kas ietver gan ikdienas uzkopšanu, gan logu mazgāšanu divas reizes gadā.",
        ],
        scope=[
            "Uzkopjamā platība ir aptuveni [1200|2500|4000] m², no tiem [300|500|800] m² ir "
            "mācību klases un [200|300|400] m² koplietošanas telpas. Uzkopšana jāveic katru "
            "darbdienu pēc plkst. 16.00.",
            "Jāuzkopj [3|4|5] stāvu ēka ar [40|60|80] telpām, ieskaitot sanitārās telpas un "
            "kāpņu telpas; logi jāmazgā pavasarī un rudenī.",
        ],
        period=YEAR_ROUND,
    ),
    "catering": CategoryTexts(
        titles=[
            "Skolēnu ēdināšana",
            "Pusdienu piegāde iestādēm",
            "Ēdināšana pasākumiem",
            "Kafijas pauzes un semināru ēdināšana",
            "Siltās pusdienas senioriem",
        ],
        about=[
            "Gatavojam siltas pusdienas skolēniem, senioriem un sociālo pakalpojumu klientiem. "
            "Ēdienkarti sastādām kopā ar uztura speciālistu, izmantojam vietējo zemnieku "
            "produktus un varam pagatavot diētiskās un veģetārās maltītes.",
            "Klājam galdus pasākumiem, semināriem un svētkiem — no kafijas pauzes līdz pilnām "
            "pusdienām simts cilvēkiem. Mums ir sava virtuve, termokastes un transports ēdiena "
            "piegādei.",
        ],
        clients=[
            "Ēdinām skolēnus un bērnudārzu audzēkņus, sociālās aprūpes centru iemītniekus un "
            "pasākumu apmeklētājus.",
            "Mūsu pasūtītāji ir pašvaldības, skolas, biedrības un uzņēmumi, kas rīko seminārus.",
        ],
        need_titles=[
            "Skolēnu ēdināšana {loc}",
            "Pusdienu piegāde sociālo pakalpojumu klientiem {loc}",
        ],
        problem=[
            "Pašvaldības skolās ēdināšanu nodrošināja uzņēmums, kura līgums beidzas. Vecāki ir "
            "lūguši vairāk vietējo produktu un veselīgākas ēdienkartes, tāpēc pašvaldība meklē "
            "partneri, kas to spēj nodrošināt.",
            "Daļa vientuļo senioru un cilvēku ar invaliditāti paši nespēj pagatavot siltu "
            "maltīti. Sociālais dienests vēlas piegādāt pusdienas mājās katru darbdienu.",
        ],
        scope=[
            "Katru mācību dienu jāpagatavo aptuveni [250|400|600] pusdienu porcijas [divām|trim|"
            "četrām] skolām; ēdienkarte jāsaskaņo ar skolu medmāsām un jāievēro Ministru "
            "kabineta noteikumi par uztura normām.",
            "Pusdienas katru darbdienu jāpiegādā [30|45|60] klientiem [trijos|četros|piecos] "
            "pagastos; ēdienam jābūt siltam un iepakotam vienreizlietojamos, pārstrādājamos "
            "traukos.",
        ],
        period=SCHOOL_YEAR,
    ),
    "laundry": CategoryTexts(
        titles=[
            "Veļas mazgāšana un gludināšana aprūpes iestādēm",
            "Darba apģērbu tīrīšana",
            "Veļas mazgāšana un gludināšana",
            "Skolu un bērnudārzu tekstila mazgāšana",
            "Veļas savākšana un piegāde",
        ],
        about=[
            "Mazgājam, žāvējam un gludinām gultasveļu, dvieļus, galdautus un darba apģērbu. "
            "Veļu savācam un atvedam paši, katru partiju marķējam un pēc pieprasījuma veicam "
            "arī nelielus labojumus.",
            "Mūsu veļas mazgātavā ir profesionālas veļas mašīnas un gludināšanas rullis, tāpēc "
            "varam uzņemties lielu apjomu. Ievērojam higiēnas prasības, kas attiecas uz aprūpes "
            "un ārstniecības iestādēm.",
        ],
        clients=[
            "Apkalpojam sociālās aprūpes centrus, skolas, bērnudārzus, viesu mājas un "
            "pašvaldības iestādes.",
            "Mūsu klienti ir aprūpes iestādes, sporta skolas un ēdināšanas uzņēmumi.",
        ],
        need_titles=[
            "Veļas mazgāšana un gludināšana aprūpes iestādēm {loc}",
            "Veļas mazgāšana skolām un bērnudārziem {loc}",
        ],
        problem=[
            "Sociālās aprūpes centra veļas mazgātavas iekārtas ir nolietojušās, un to nomaiņa "
            "pašvaldībai nav izdevīga. Pašvaldība vēlas veļas mazgāšanu un gludināšanu uzticēt "
            "ārējam pakalpojuma sniedzējam.",
            "Bērnudārzi un skolas līdz šim veļu mazgāja paši, bet tas aizņem darbinieku laiku, "
            "kas vajadzīgs bērniem. Pašvaldība meklē pastāvīgu veļas pakalpojumu.",
        ],
        scope=[
            "Nedēļā jāmazgā un jāgludina aptuveni [300|500|800] kg veļas — gultasveļa, dvieļi "
            "un darba apģērbs; veļa jāsavāc un jāpiegādā [divas|trīs] reizes nedēļā.",
            "Pakalpojums vajadzīgs [trim|četrām|piecām] iestādēm; mēnesī tās kopā nodod ap "
            "[2|3|4] tonnām veļas, un tīrai veļai jābūt atpakaļ ne vēlāk kā pēc divām dienām.",
        ],
        period=YEAR_ROUND,
    ),
    "gifts": CategoryTexts(
        titles=[
            "Rokdarbu dāvanas un suvenīri",
            "Reprezentatīvie materiāli ar pašvaldības simboliku",
            "Keramikas un koka izstrādājumi",
            "Korporatīvās dāvanas",
            "Apbalvojumi un piemiņas balvas",
        ],
        about=[
            "Izgatavojam keramikas krūzes, koka dēlīšus, austas somas un citas dāvanas, ko var "
            "papildināt ar pašvaldības vai uzņēmuma simboliku. Katrs izstrādājums ir roku darbs, "
            "un pie katra pievienojam stāstu par tā darinātāju.",
            "Veidojam dāvanu komplektus un reprezentatīvos materiālus pasākumiem, viesu "
            "uzņemšanai un darbinieku godināšanai. Dizainu saskaņojam ar pasūtītāju un "
            "izmantojam vietējos materiālus.",
        ],
        clients=[
            "Dāvanas pasūta pašvaldības, uzņēmumi, muzeji un tūrisma informācijas centri.",
            "Mūsu izstrādājumi ir nopērkami arī vietējos veikalos un gadatirgos.",
        ],
        need_titles=[
            "Dāvanas un reprezentatīvie materiāli {loc}",
            "Suvenīri ar novada simboliku {loc}",
        ],
        problem=[
            "Pašvaldība katru gadu pasniedz dāvanas jubilāriem, goda iedzīvotājiem un ārvalstu "
            "delegācijām. Līdz šim tās iepirka lielveikalos, bet pašvaldība vēlas dāvināt "
            "vietējos izstrādājumus, kas stāsta par novadu.",
            "Novada svētkiem un tūrisma informācijas centram nepieciešami jauni suvenīri ar "
            "novada simboliku, kas izgatavoti vietējās darbnīcās.",
        ],
        scope=[
            "Gada laikā nepieciešamas aptuveni [150|250|400] dāvanas trīs cenu grupās, kā "
            "arī [500|800|1000] mazāki suvenīri ar novada ģerboni; dizains jāsaskaņo ar "
            "pašvaldības "
            "sabiedrisko attiecību speciālistu.",
            "Jāizgatavo [200|300|500] keramikas vai koka izstrādājumi un [100|150|200] dāvanu "
            "iepakojumi; pirmā partija vajadzīga mēneša laikā pēc līguma noslēgšanas.",
        ],
        period=YEAR_ROUND,
    ),
    "culture": CategoryTexts(
        titles=[
            "Kultūras pasākumu organizēšana",
            "Iekļaujošas teātra izrādes",
            "Novadpētniecības ekskursijas",
            "Koncerti un radošās darbnīcas",
            "Svētku programmas vadīšana",
        ],
        about=[
            "Organizējam koncertus, teātra izrādes, novadpētniecības ekskursijas un radošās "
            "darbnīcas, kurās piedalās gan profesionāli mākslinieki, gan cilvēki ar "
            "invaliditāti. Rūpējamies, lai pasākumi būtu pieejami cilvēkiem ratiņkrēslos un "
            "ar dzirdes traucējumiem.",
            "Rīkojam novada svētkus, gadatirgus un atceres pasākumus: sagatavojam programmu, "
            "aicinām māksliniekus, nodrošinām apskaņošanu un brīvprātīgo komandu.",
        ],
        clients=[
            "Sadarbojamies ar kultūras namiem, bibliotēkām, muzejiem un skolām.",
            "Mūsu skatītāji ir visu paaudžu cilvēki, arī tie, kuri uz kultūras pasākumiem "
            "nokļūst reti.",
        ],
        need_titles=[
            "Kultūras pasākumi iedzīvotājiem {loc}",
            "Novada svētku programmas organizēšana {loc}",
        ],
        problem=[
            "Attālākajos pagastos kultūras pasākumi notiek reti, un seniori un cilvēki ar "
            "invaliditāti uz pilsētu brauc retāk. Pašvaldība vēlas pasākumus atvest tuvāk "
            "cilvēkiem.",
            "Novada svētku rīkošanai pašvaldībai trūkst cilvēku, tāpēc daļu programmas tā "
            "vēlas uzticēt organizācijai, kas pasākumos iesaista arī sociāli mazaizsargātos "
            "iedzīvotājus.",
        ],
        scope=[
            "Gada laikā jānoorganizē [6|8|10] pasākumi [četros|piecos|sešos] pagastos, katrā "
            "ar aptuveni [50|80|120] apmeklētājiem, ieskaitot transportu senioriem no "
            "attālākām mājām.",
            "Jāsagatavo svētku dienas programma ar [3|4|5] koncertiem, radošajām darbnīcām "
            "bērniem un amatnieku tirdziņu; gaidāmi aptuveni [1000|2000|3000] apmeklētāji.",
        ],
        period=YEAR_ROUND,
    ),
    "real-estate-use": CategoryTexts(
        titles=[
            "Neizmantotu telpu atjaunošana kopienas vajadzībām",
            "Koprades telpu apsaimniekošana",
            "Pašvaldības ēku apsaimniekošana",
            "Kopienas centra darbības nodrošināšana",
        ],
        about=[
            "Pārņemam neizmantotas pašvaldības telpas, atjaunojam tās ar savu darbinieku un "
            "brīvprātīgo palīdzību un iekārtojam kopienas centrus, darbnīcas un koprades "
            "telpas. Telpas pēc tam izmanto arī vietējās biedrības un iedzīvotāji.",
            "Apsaimniekojam bijušās skolas un pagasta nama telpas: rūpējamies par apkuri, "
            "uzkopšanu un drošību, bet telpās rīkojam nodarbības un pasākumus.",
        ],
        clients=[
            "Mūsu telpas izmanto biedrības, jaunieši, seniori un vietējie amatnieki.",
            "Sadarbojamies ar pašvaldībām, kurām ir ēkas bez pastāvīga lietojuma.",
        ],
        need_titles=[
            "Pašvaldības telpu izmantošana sociālajai uzņēmējdarbībai {loc}",
            "Bijušās skolas ēkas apsaimniekošana {loc}",
        ],
        problem=[
            "Pēc skolu tīkla pārkārtošanas pašvaldībai ir ēka, kas stāv tukša un pamazām "
            "bojājas. Pašvaldība vēlas to nodot lietošanā sociālajam uzņēmumam, kas ēku "
            "uzturēs un izmantos iedzīvotāju labā.",
            "Pagasta centrā ir telpas, kurās līdz šim atradās bibliotēkas filiāle. Pašvaldība "
            "meklē partneri, kas tajās izveidotu kopienas centru.",
        ],
        scope=[
            "Ēkas platība ir aptuveni [400|600|900] m², un tai piederīgā zemes gabala platība ir "
            "[2|3|4] "
            "hektāri; telpas var nodot bezatlīdzības lietošanā uz [5|7|10] gadiem ar nosacījumu, "
            "ka "
            "tās ir pieejamas arī sabiedrībai.",
            "Nododamas [4|6|8] telpas ar kopējo platību ap [150|250|350] m²; nomniekam būs "
            "jāsedz komunālie maksājumi, bet nekustamā īpašuma nodokļa atlaide ir iespējama.",
        ],
        period=[
            "no nākamā gada sākuma, uz vismaz pieciem gadiem",
            "pēc iespējas drīzāk, lai ēka nepaliktu tukša vēl vienu ziemu",
        ],
    ),
    "home-care": CategoryTexts(
        titles=[
            "Aprūpe mājās",
            "Drošības pogas pakalpojums",
            "Asistenta pakalpojumi",
            "Aprūpe mājās senioriem",
            "Sociālā aprūpe un palīdzība mājas darbos",
        ],
        about=[
            "Aprūpētāji apmeklē klientus mājās: palīdz ar personīgo higiēnu, ēdiena "
            "gatavošanu, iepirkšanos un mājokļa uzkopšanu. Katram klientam sastādām aprūpes "
            "plānu, ko regulāri pārskatām kopā ar tuviniekiem un sociālo darbinieku.",
            "Nodrošinām drošības pogas pakalpojumu: klients nospiež pogu, un dispečers "
            "diennakts laikā sazinās ar viņu, tuviniekiem vai izsauc palīdzību. Pogu "
            "uzstādām un klientu apmācām paši.",
        ],
        clients=[
            "Palīdzam senioriem, cilvēkiem ar invaliditāti un tiem, kas atgriežas mājās pēc "
            "ārstēšanās slimnīcā.",
            "Pakalpojumu pasūta pašvaldību sociālie dienesti un ģimenes, kuru tuvinieki dzīvo "
            "vieni.",
        ],
        need_titles=[
            "Aprūpe mājās senioriem {loc}",
            "Drošības pogas pakalpojums vientuļiem senioriem {loc}",
        ],
        problem=[
            "Sociālā dienesta rindā uz aprūpi mājās gaida vairāk nekā divdesmit cilvēku. "
            "Pašvaldības aprūpētāju nepietiek, īpaši attālākajos pagastos, kur uz katru klientu "
            "jābrauc vairāki kilometri.",
            "Daudzi seniori dzīvo vieni, un tuvinieki strādā citur Latvijā vai ārzemēs. "
            "Pašvaldība vēlas, lai ikvienam, kam tas vajadzīgs, būtu iespēja ātri izsaukt "
            "palīdzību.",
        ],
        scope=[
            "Aprūpe jānodrošina [25|40|60] klientiem, vidēji [4|6|8] stundas nedēļā katram; "
            "aprūpētājiem jābūt ar atbilstošu izglītību un jāvada dienasgrāmata par katru "
            "apmeklējumu.",
            "Drošības poga jāuzstāda [50|80|120] klientiem; dispečeram jāatbild diennakts "
            "laikā, un par katru izsaukumu jāinformē sociālais dienests.",
        ],
        period=YEAR_ROUND,
    ),
    "day-centres": CategoryTexts(
        titles=[
            "Dienas centrs senioriem",
            "Interešu centrs jauniešiem",
            "Dienas aprūpes centrs cilvēkiem ar invaliditāti",
            "Dienas centra nodarbības",
        ],
        about=[
            "Mūsu dienas centrā apmeklētāji pavada laiku kopā: vingro, gatavo ēst, darbojas "
            "radošajās darbnīcās un apgūst jaunas prasmes. Centrs ir atvērts katru darbdienu, "
            "un tajā strādā sociālais darbinieks un divi aprūpētāji.",
            "Vadām interešu centru, kur jaunieši pēc skolas var pildīt mājasdarbus, spēlēt "
            "galda spēles, mācīties programmēt un vienkārši būt drošā vidē pieaugušo "
            "uzraudzībā.",
        ],
        clients=[
            "Centru apmeklē seniori, cilvēki ar garīga rakstura traucējumiem un jaunieši.",
            "Apmeklētājus mums nosūta sociālais dienests, bet pie mums var atnākt arī paši.",
        ],
        need_titles=[
            "Dienas centrs senioriem {loc}",
            "Dienas aprūpes centrs cilvēkiem ar invaliditāti {loc}",
        ],
        problem=[
            "Pašvaldībā nav dienas centra, kur seniori un cilvēki ar invaliditāti varētu "
            "pavadīt dienu sabiedrībā. Tuvinieki, kas viņus aprūpē, nevar strādāt pilnu darba "
            "laiku.",
            "Esošais dienas centrs ir pārpildīts, un pašvaldība vēlas atvērt vēl vienu centru "
            "citā pilsētas daļā, uzticot tā vadīšanu pieredzējušam partnerim.",
        ],
        scope=[
            "Centram jābūt atvērtam darbdienās no plkst. 8.00 līdz 17.00 un jāuzņem līdz "
            "[15|20|25] apmeklētājiem dienā; pašvaldība var nodot lietošanā telpas ar virtuvi "
            "un sanitāro mezglu.",
            "Jānodrošina nodarbības [20|30|40] apmeklētājiem, pusdienas un transports "
            "apmeklētājiem, kuri paši nevar atbraukt.",
        ],
        period=YEAR_ROUND,
    ),
    "childcare": CategoryTexts(
        titles=[
            "Bērnu pieskatīšana",
            "Bērnu pieskatīšana darbdienu vakaros",
            "Bērnu rotaļu istaba",
            "Auklīšu pakalpojums",
        ],
        about=[
            "Pieskatām bērnus vecumā no pusotra līdz desmit gadiem, kamēr vecāki strādā vai "
            "mācās. Aukles ir apmācītas pirmās palīdzības sniegšanā, un rotaļu istabā ir "
            "droša, bērniem piemērota vide.",
            "Piedāvājam bērnu pieskatīšanu vakaros un brīvdienās, kad bērnudārzi ir slēgti. "
            "Īpaši palīdzam vientuļajiem vecākiem un ģimenēm, kurās aug bērni ar īpašām "
            "vajadzībām.",
        ],
        clients=[
            "Mūsu pakalpojumu izmanto jaunās māmiņas, maiņu darbā strādājoši vecāki un "
            "ģimenes ar daudziem bērniem.",
            "Bērnus pie mums nosūta arī sociālais dienests.",
        ],
        need_titles=[
            "Bērnu pieskatīšanas centrs {loc}",
            "Bērnu pieskatīšana vakaros un brīvdienās {loc}",
        ],
        problem=[
            "Bērnudārzos trūkst vietu, un vecāki, kas strādā maiņās, nevar atrast, kur atstāt "
            "bērnus vakaros. Tas īpaši skar vientuļos vecākus.",
            "Pašvaldība vēlas, lai jaunās māmiņas varētu apmeklēt kursus un darba intervijas, "
            "zinot, ka bērni ir drošās rokās.",
        ],
        scope=[
            "Pieskatīšana jānodrošina darbdienās no plkst. 17.00 līdz 21.00 un sestdienās, "
            "vienlaikus līdz [10|12|15] bērniem vecumā no pusotra līdz septiņiem gadiem.",
            "Nepieciešamas [2|3|4] aukles un telpas ar rotaļu stūri; pakalpojumu gada laikā "
            "izmantos aptuveni [40|60|80] ģimenes.",
        ],
        period=YEAR_ROUND,
    ),
    "crisis-rooms": CategoryTexts(
        titles=[
            "Krīzes istaba ģimenēm",
            "Īslaicīga patversme krīzē",
            "Krīzes centrs vardarbībā cietušajiem",
        ],
        about=[
            "Uzturam krīzes istabas, kur īslaicīgi var patverties cilvēki, kuri cietuši no "
            "vardarbības vai palikuši bez mājokļa. Sniedzam psihologa un sociālā darbinieka "
            "atbalstu un palīdzam atrast pastāvīgu risinājumu.",
            "Mūsu krīzes centrā mātes ar bērniem var dzīvot līdz trim mēnešiem. Šajā laikā "
            "kopā ar viņām kārtojam dokumentus, meklējam darbu un mājokli.",
        ],
        clients=[
            "Klientus mums nosūta sociālie dienesti, bāriņtiesas un policija.",
            "Palīdzam ģimenēm ar bērniem un vientuļiem cilvēkiem krīzes situācijā.",
        ],
        need_titles=[
            "Krīzes istabas ģimenēm ar bērniem {loc}",
            "Īslaicīga izmitināšana krīzes situācijās {loc}",
        ],
        problem=[
            "Pašvaldībā nav vietas, kur nekavējoties izmitināt vardarbībā cietušu māti ar "
            "bērniem. Šobrīd sociālais dienests meklē risinājumu katru reizi no jauna, bieži "
            "citā novadā.",
            "Krīzes situācijās, piemēram, pēc ugunsgrēka, ģimenēm vajadzīga pagaidu dzīvesvieta "
            "un atbalsts, līdz tās atrod pastāvīgu mājokli.",
        ],
        scope=[
            "Nepieciešamas [2|3|4] krīzes istabas ar kopā [6|8|10] gultasvietām, kas pieejamas "
            "diennakts laikā; gada laikā gaidāmi aptuveni [20|30|40] klienti.",
            "Jānodrošina izmitināšana līdz [30|60|90] dienām, psihologa konsultācijas un "
            "sociālā darbinieka atbalsts katram klientam.",
        ],
        period=YEAR_ROUND,
    ),
    "sobering-up": CategoryTexts(
        titles=[
            "Atskurbtuves pakalpojums",
            "Atskurbtuve un īslaicīga uzraudzība",
        ],
        about=[
            "Nodrošinām atskurbtuves pakalpojumu: cilvēks reibuma stāvoklī var droši "
            "atskurbt medicīniskā personāla uzraudzībā. Pēc tam piedāvājam sarunu ar sociālo "
            "darbinieku un informāciju par atkarību ārstēšanas iespējām.",
            "Mūsu atskurbtuvē strādā medicīnas māsas un apsargi, un tā ir atvērta diennakts "
            "laikā. Sadarbojamies ar pašvaldības policiju un neatliekamo medicīnisko palīdzību.",
        ],
        clients=[
            "Pakalpojumu pasūta pašvaldības un pašvaldības policija.",
        ],
        need_titles=[
            "Atskurbtuves pakalpojums {loc}",
            "Atskurbtuves izveide un uzturēšana {loc}",
        ],
        problem=[
            "Pēc tam, kad tika slēgta iepriekšējā atskurbtuve, pašvaldības policijai cilvēki "
            "reibuma stāvoklī jāved uz citu pilsētu. Tas aizņem patrulēšanai vajadzīgo laiku.",
            "Pašvaldība vēlas, lai atskurbtuves apmeklējums kļūtu par iespēju sākt runāt par "
            "atkarību, nevis tikai par vietu, kur pārlaist nakti.",
        ],
        scope=[
            "Atskurbtuvei jābūt atvērtai diennakts laikā ar [4|6|8] vietām; gadā gaidāmi aptuveni "
            "[300|500|700] gadījumi, un par katru jāinformē pašvaldības policija.",
            "Jānodrošina medicīniskā uzraudzība un sociālā darbinieka konsultācija, ko klients "
            "var saņemt pēc atskurbšanas.",
        ],
        period=YEAR_ROUND,
    ),
    "former-prisoners": CategoryTexts(
        titles=[
            "Resocializācijas programma bijušajiem ieslodzītajiem",
            "Atbalsts pēc atbrīvošanas no ieslodzījuma",
            "Darba prasmju programma bijušajiem ieslodzītajiem",
        ],
        about=[
            "Palīdzam cilvēkiem pēc atbrīvošanas no ieslodzījuma vietas atgriezties "
            "sabiedrībā: meklējam mājokli, kārtojam dokumentus, apgūstam darba prasmes un "
            "atrodam pirmo darba vietu. Katram dalībniekam ir savs mentors.",
            "Mūsu darbnīcās bijušie ieslodzītie strādā par algu un vienlaikus mācās "
            "amatu. Sadarbojamies ar Valsts probācijas dienestu un darba devējiem.",
        ],
        clients=[
            "Dalībniekus mums nosūta probācijas dienests, sociālie dienesti un ieslodzījuma "
            "vietas.",
        ],
        need_titles=[
            "Darbs ar bijušajiem ieslodzītajiem {loc}",
            "Resocializācijas atbalsts pēc ieslodzījuma {loc}",
        ],
        problem=[
            "Katru gadu novadā atgriežas vairāki desmiti cilvēku pēc ieslodzījuma. Bez darba un "
            "mājokļa daudzi no viņiem atkal nonāk konfliktā ar likumu.",
            "Sociālajam dienestam trūkst speciālistu, kas strādātu ar bijušajiem "
            "ieslodzītajiem, un pašvaldība meklē partneri ar pieredzi šajā jomā.",
        ],
        scope=[
            "Programmā gada laikā jāiesaista [10|15|20] dalībnieki; katram jāizstrādā "
            "individuāls plāns un jāpalīdz atrast darbu vai mācības.",
            "Jānodrošina [2|3|4] konsultācijas nedēļā un atbalsta grupa reizi mēnesī, kā arī "
            "sadarbība ar vietējiem darba devējiem.",
        ],
        period=YEAR_ROUND,
    ),
    "addictions": CategoryTexts(
        titles=[
            "Atbalsta grupas atkarīgajiem",
            "Motivācijas programma atkarību mazināšanai",
            "Konsultācijas atkarīgo cilvēku tuviniekiem",
        ],
        about=[
            "Vadām atbalsta grupas cilvēkiem ar alkohola, narkotisko vielu un azartspēļu "
            "atkarību un viņu tuviniekiem. Grupas vada apmācīti konsultanti, no kuriem daži "
            "paši ir pārvarējuši atkarību.",
            "Mūsu motivācijas programma ilgst desmit nedēļas: dalībnieki tiekas ar psihologu, "
            "mācās pārvaldīt stresu un plāno, kā atgriezties darbā.",
        ],
        clients=[
            "Pie mums nāk paši cilvēki ar atkarībām, viņu ģimenes un sociālā dienesta "
            "nosūtītie klienti.",
        ],
        need_titles=[
            "Atbalsts cilvēkiem ar atkarībām {loc}",
            "Atbalsta grupas atkarīgajiem un viņu tuviniekiem {loc}",
        ],
        problem=[
            "Sociālais dienests saskaras ar arvien vairāk ģimenēm, kurās kāds cieš no "
            "atkarības. Tuvākā atbalsta grupa ir citā novadā, un daudzi līdz tai netiek.",
            "Pašvaldība vēlas piedāvāt atkarību mazināšanas programmu, kas palīdzētu "
            "klientiem atgriezties darbā.",
        ],
        scope=[
            "Jānodrošina [viena atbalsta grupa|divas atbalsta grupas] nedēļā un individuālas "
            "konsultācijas ap "
            "[20|30|40] klientiem gadā; nodarbības var notikt pašvaldības telpās.",
            "Motivācijas programmā gada laikā jāiesaista [2|3] dalībnieku grupas pa "
            "[8|10|12] cilvēkiem.",
        ],
        period=YEAR_ROUND,
    ),
    "youth-work": CategoryTexts(
        titles=[
            "Jauniešu mentoru programma",
            "Ielu darbs ar jauniešiem",
            "Jauniešu brīvā laika nodarbības",
            "Vasaras nometnes jauniešiem",
        ],
        about=[
            "Strādājam ar jauniešiem, kuri nemācās un nestrādā: satiekam viņus tur, kur viņi "
            "pavada laiku, palīdzam atrast mācības vai darbu un piesaistām mentoru no vietējās "
            "kopienas.",
            "Rīkojam brīvā laika nodarbības, sporta turnīrus un vasaras nometnes, kurās "
            "jaunieši paši plāno un vada aktivitātes. Jaunatnes darbinieki palīdz viņiem "
            "uzņemties atbildību.",
        ],
        clients=[
            "Mūsu dalībnieki ir jaunieši vecumā no 13 līdz 25 gadiem, arī tie, kuri izgājuši "
            "no skolas.",
        ],
        need_titles=[
            "Darbs ar jauniešiem {loc}",
            "Mentoru programma jauniešiem {loc}",
        ],
        problem=[
            "Novadā ir jaunieši, kuri pēc pamatskolas nav turpinājuši mācības un nav atraduši "
            "darbu. Jauniešu centram trūkst darbinieku, kas strādātu ar viņiem individuāli.",
            "Vakaros jaunieši pulcējas pie veikaliem un autoostā, jo pagastā nav, kur pavadīt "
            "brīvo laiku. Pašvaldība vēlas piedāvāt jēgpilnas aktivitātes.",
        ],
        scope=[
            "Programmā jāiesaista [20|30|40] jaunieši, katram jāatrod mentors un jātiekas vismaz "
            "reizi divās nedēļās.",
            "Jānodrošina nodarbības [3|4|5] vakarus nedēļā un vasaras nometne ap [20|30|40] "
            "jauniešiem.",
        ],
        period=YEAR_ROUND,
    ),
    "mental-health": CategoryTexts(
        titles=[
            "Atbalsta dzīvokļi cilvēkiem ar garīga rakstura traucējumiem",
            "Specializētās darbnīcas",
            "Grupu dzīvokļa pakalpojums",
            "Sociālā rehabilitācija cilvēkiem ar garīga rakstura traucējumiem",
        ],
        about=[
            "Mūsu grupu dzīvokļos cilvēki ar garīga rakstura traucējumiem dzīvo patstāvīgi, "
            "bet ar atbalsta personāla palīdzību mācās pārvaldīt naudu, gatavot ēst un "
            "kārtot ikdienas lietas.",
            "Specializētajās darbnīcās dalībnieki auž, šuj un strādā ar koku. Darbs dod dienas "
            "ritmu, jaunas prasmes un iespēju nopelnīt, pārdodot izstrādājumus.",
        ],
        clients=[
            "Pakalpojumu saņem cilvēki ar garīga rakstura traucējumiem, ko mums nosūta "
            "sociālais dienests.",
        ],
        need_titles=[
            "Atbalsts cilvēkiem ar garīga rakstura traucējumiem {loc}",
            "Grupu dzīvokļa pakalpojums {loc}",
        ],
        problem=[
            "Pēc aprūpes iestāžu pārveides novadā atgriežas cilvēki ar garīga rakstura "
            "traucējumiem, kuriem vajadzīgs atbalsts patstāvīgai dzīvei.",
            "Dienas laikā cilvēkiem ar garīga rakstura traucējumiem nav, kur strādāt un "
            "satikties, tāpēc pašvaldība vēlas izveidot specializētās darbnīcas.",
        ],
        scope=[
            "Grupu dzīvoklī jāizmitina [6|8|10] klienti un jānodrošina atbalsta personāls "
            "diennakts laikā; pašvaldība var nodot lietošanā dzīvokli pilsētas centrā.",
            "Darbnīcās jānodrošina nodarbinātība [10|12|15] dalībniekiem piecas dienas nedēļā "
            "pa [4|6] stundām.",
        ],
        period=YEAR_ROUND,
    ),
    "community-events": CategoryTexts(
        titles=[
            "Pasākumi senioriem",
            "Jauno māmiņu klubiņš",
            "Paaudžu tikšanās vakari",
            "Senioru aktivitāšu programma",
        ],
        about=[
            "Rīkojam pasākumus senioriem: vingrošanu, dziesmu vakarus, ekskursijas un "
            "digitālo prasmju kafejnīcas, kur jaunieši palīdz senioriem apgūt viedtālruni.",
            "Vadām jauno māmiņu klubiņu, kurā mammas tiekas ar bērniem, dalās pieredzē un "
            "klausās speciālistu lekcijas par bērnu attīstību un atgriešanos darbā.",
        ],
        clients=[
            "Mūsu pasākumus apmeklē seniori, jaunās māmiņas un jaunieši.",
            "Pasākumus rīkojam kopā ar bibliotēkām, pagastu pārvaldēm un draudzēm.",
        ],
        need_titles=[
            "Pasākumi senioriem un jaunajām māmiņām {loc}",
            "Senioru aktivitāšu programma {loc}",
        ],
        problem=[
            "Daudzi seniori dzīvo vieni un gandrīz neiziet no mājām. Pašvaldība vēlas "
            "mazināt vientulību, piedāvājot regulāras tikšanās pagastu centros.",
            "Jaunās māmiņas, īpaši tās, kas pārcēlušās uz novadu nesen, jūtas izolētas. "
            "Pašvaldība meklē organizāciju, kas izveidotu viņām atbalsta tīklu.",
        ],
        scope=[
            "Gada laikā jānoorganizē [20|30|40] tikšanās [trijos|četros|piecos] pagastos, katrā "
            "ar aptuveni [15|20|25] dalībniekiem, un transports tiem, kas paši nevar atbraukt.",
            "Jānodrošina nodarbības reizi nedēļā un [4|6] lekcijas gadā ar pieaicinātiem "
            "speciālistiem.",
        ],
        period=YEAR_ROUND,
    ),
    "vulnerable-groups-training": CategoryTexts(
        titles=[
            "Digitālo prasmju kursi",
            "Darba prasmju apmācības",
            "Latviešu valodas kursi",
            "Finanšu pratības nodarbības",
        ],
        about=[
            "Vadām digitālo prasmju kursus: dalībnieki mācās lietot e-pastu, internetbanku, "
            "portālu Latvija.gov.lv un sazināties ar ārstu attālināti. Nodarbības notiek "
            "mazās grupās, un katram dalībniekam ir dators.",
            "Mūsu darba prasmju apmācībās dalībnieki sagatavo CV, trenējas darba intervijām un "
            "apgūst pamatprasmes, kas vajadzīgas pirmajā darba vietā.",
        ],
        clients=[
            "Mācām bezdarbniekus, seniorus, cilvēkus ar invaliditāti un personas ar bēgļa statusu.",
            "Dalībniekus mums nosūta sociālie dienesti un Nodarbinātības valsts aģentūra.",
        ],
        need_titles=[
            "Apmācības sociāli mazaizsargātajām grupām {loc}",
            "Digitālo prasmju kursi senioriem un bezdarbniekiem {loc}",
        ],
        problem=[
            "Arvien vairāk pakalpojumu ir pieejami tikai tiešsaistē, bet daļa senioru un "
            "bezdarbnieku neprot lietot datoru. Viņi nevar pieteikties pabalstiem un darba "
            "vakancēm.",
            "Sociālā dienesta klientiem, kuri ilgi nav strādājuši, trūkst pamatprasmju, lai "
            "atgrieztos darba tirgū.",
        ],
        scope=[
            "Jānoorganizē [4|6|8] kursu grupas pa [8|10|12] dalībniekiem, katrā [16|20|24] "
            "akadēmiskās stundas; nodarbības var notikt bibliotēkās.",
            "Apmācībās gada laikā jāiesaista aptuveni [40|60|80] dalībnieki, un katram jāsaņem "
            "apliecība par apgūtajām prasmēm.",
        ],
        period=YEAR_ROUND,
    ),
    "specialist-training": CategoryTexts(
        titles=[
            "Apmācības aprūpes speciālistiem",
            "Supervīzijas sociālajiem darbiniekiem",
            "Mācības asistentiem",
            "Pieredzes apmaiņa speciālistam – speciālistam",
        ],
        about=[
            "Mācām aprūpētājus, asistentus un sociālos darbiniekus pēc principa «speciālists – "
            "speciālistam»: apmācības vada praktiķi, kuri paši ik dienu strādā ar klientiem.",
            "Vadām supervīzijas un profesionālās pilnveides seminārus sociālajiem "
            "darbiniekiem, lai mazinātu izdegšanu un stiprinātu komandas.",
        ],
        clients=[
            "Mūsu klausītāji ir sociālo dienestu, aprūpes centru un dienas centru darbinieki.",
        ],
        need_titles=[
            "Apmācības aprūpes speciālistiem {loc}",
            "Supervīzijas sociālā dienesta darbiniekiem {loc}",
        ],
        problem=[
            "Pašvaldības aprūpētāji un asistenti bieži sāk darbu bez priekšzināšanām, un "
            "iestādēm trūkst laika viņus apmācīt.",
            "Sociālā dienesta darbinieki strādā ar smagiem gadījumiem, un pēdējā gadā vairāki "
            "aizgājuši no darba. Pašvaldība vēlas nodrošināt regulāras supervīzijas.",
        ],
        scope=[
            "Jāapmāca [20|30|40] aprūpētāji un asistenti, katram [24|32|40] akadēmiskās stundas "
            "teorijas un prakses; jāizsniedz apliecības par profesionālo pilnveidi.",
            "Jānodrošina [8|10|12] grupu supervīzijas gadā divām darbinieku grupām.",
        ],
        period=YEAR_ROUND,
    ),
    "vocational-training": CategoryTexts(
        titles=[
            "Meistarklases amatniecībā",
            "Pavāra palīga apmācības",
            "Šūšanas kursi",
            "Kokapstrādes meistarklases",
        ],
        about=[
            "Vadām meistarklases keramikā, aušanā, kokapstrādē un ēdiena gatavošanā. Mācības "
            "notiek īstā darbnīcā, un labākie dalībnieki pēc kursiem var sākt strādāt pie mums.",
            "Mūsu profesionālajās apmācībās dalībnieki apgūst pavāra palīga, šuvēja vai "
            "apkopēja prasmes un iziet praksi pie vietējiem darba devējiem.",
        ],
        clients=[
            "Mācās bezdarbnieki, jaunieši bez profesijas un cilvēki ar invaliditāti.",
        ],
        need_titles=[
            "Profesionālās meistarklases {loc}",
            "Amatu apmācības bezdarbniekiem {loc}",
        ],
        problem=[
            "Novada darba devēji meklē pavārus, šuvējus un kokapstrādes strādniekus, bet "
            "bezdarbniekiem trūkst vajadzīgo prasmju.",
            "Pašvaldība vēlas saglabāt vietējās amatniecības tradīcijas un vienlaikus dot "
            "iedzīvotājiem iespēju apgūt profesiju.",
        ],
        scope=[
            "Jānoorganizē [3|4|5] meistarklašu cikli pa [6|8|10] nodarbībām, katrā ar "
            "aptuveni [8|10|12] dalībniekiem; materiālus nodrošina pakalpojuma sniedzējs.",
            "Apmācībām jāilgst [2|3|4] mēnešus, ieskaitot praksi, un jāiesaista [10|15|20] "
            "dalībnieki.",
        ],
        period=YEAR_ROUND,
    ),
    "first-aid-care-training": CategoryTexts(
        titles=[
            "Pirmās palīdzības mācības",
            "Aprūpes mācības tuviniekiem",
            "Pirmās palīdzības kursi skolotājiem",
        ],
        about=[
            "Vadām pirmās palīdzības mācības iedzīvotājiem, skolotājiem un iestāžu "
            "darbiniekiem. Mācības vada sertificēti pasniedzēji, un praktiskos vingrinājumus "
            "veicam ar manekeniem un defibrilatoru.",
            "Mācām tuviniekus, kuri mājās aprūpē senioru vai cilvēku ar invaliditāti: kā "
            "pareizi pārvietot guļošu cilvēku, kopt ādu un rīkoties ārkārtas situācijā.",
        ],
        clients=[
            "Mācības pasūta skolas, pašvaldības iestādes un sociālie dienesti.",
        ],
        need_titles=[
            "Pirmās palīdzības mācības {loc}",
            "Aprūpes mācības tuviniekiem {loc}",
        ],
        problem=[
            "Pašvaldības iestāžu darbiniekiem jāatjauno pirmās palīdzības zināšanas, bet "
            "tuvākie kursi notiek tikai lielajās pilsētās.",
            "Daudzi iedzīvotāji aprūpē tuviniekus mājās bez jebkādām zināšanām, un sociālais "
            "dienests vēlas viņus atbalstīt.",
        ],
        scope=[
            "Jāapmāca [40|60|80] darbinieki grupās pa [10|12|15] cilvēkiem; katrai grupai "
            "jānodrošina [8|12] stundu kurss ar praktiskām nodarbībām.",
            "Jānoorganizē [4|6|8] nodarbības tuviniekiem, kas aprūpē cilvēkus mājās.",
        ],
        period=YEAR_ROUND,
    ),
    "children-education": CategoryTexts(
        titles=[
            "Programmēšanas nodarbības bērniem",
            "Robotikas nometnes",
            "Radošās darbnīcas skolēniem",
            "Interešu izglītības pulciņi",
        ],
        about=[
            "Mācām bērniem programmēšanu un robotiku: skolēni būvē robotus, veido spēles un "
            "apgūst loģisko domāšanu. Nodarbības ir bez maksas bērniem no trūcīgām un "
            "daudzbērnu ģimenēm.",
            "Rīkojam radošās darbnīcas un vasaras nometnes, kurās bērni zīmē, spēlē teātri un "
            "pēta dabu. Nometnēs piedalās arī bērni ar īpašām vajadzībām.",
        ],
        clients=[
            "Mūsu dalībnieki ir bērni un jaunieši vecumā no 7 līdz 16 gadiem.",
        ],
        need_titles=[
            "Neformālās izglītības nodarbības bērniem {loc}",
            "Programmēšanas un robotikas pulciņi skolēniem {loc}",
        ],
        problem=[
            "Lauku skolās nav pedagogu, kas varētu vadīt programmēšanas un robotikas "
            "pulciņus, un bērniem līdz pilsētai ir tālu jābrauc.",
            "Vasarā daudziem bērniem no trūcīgām ģimenēm nav iespējas apmeklēt nometnes, un "
            "pašvaldība vēlas to mainīt.",
        ],
        scope=[
            "Jānodrošina nodarbības [3|4|5] skolās reizi nedēļā, grupās pa [10|12|15] "
            "skolēniem; aprīkojumu nodrošina pakalpojuma sniedzējs.",
            "Jānoorganizē [2|3] vasaras nometnes pa [20|25|30] bērniem, katra piecas dienas.",
        ],
        period=SCHOOL_YEAR,
    ),
    "needs-research": CategoryTexts(
        titles=[
            "Iedzīvotāju vajadzību izpēte",
            "Sociālo pakalpojumu pieejamības pētījums",
            "Iedzīvotāju aptaujas",
        ],
        about=[
            "Veicam iedzīvotāju aptaujas, fokusa grupu diskusijas un intervijas, lai noskaidrotu, "
            "kādi pakalpojumi cilvēkiem trūkst. Intervētāju komandā strādā arī cilvēki no "
            "pētāmajām grupām, tāpēc ar respondentiem runājam viņu valodā.",
            "Analizējam sociālo pakalpojumu pieejamību: cik tālu jābrauc, cik ilgi jāgaida un "
            "ko iedzīvotāji par tiem domā. Rezultātus sagatavojam tā, lai tos var izmantot "
            "attīstības programmā.",
        ],
        clients=[
            "Mūsu pasūtītāji ir pašvaldības, plānošanas reģioni un nevalstiskās organizācijas.",
        ],
        need_titles=[
            "Iedzīvotāju situācijas un vajadzību izpēte {loc}",
            "Sociālo pakalpojumu pieejamības pētījums {loc}",
        ],
        problem=[
            "Pašvaldība gatavo jauno attīstības programmu, bet tai trūkst datu par senioru, "
            "cilvēku ar invaliditāti un jauno ģimeņu vajadzībām.",
            "Pašvaldībai nav skaidrs, kāpēc daži sociālie pakalpojumi netiek izmantoti, lai "
            "gan rindas uz citiem ir garas.",
        ],
        scope=[
            "Jāaptaujā vismaz [300|500|800] iedzīvotāji, jānovada [4|6|8] fokusa grupas un "
            "jāsagatavo ziņojums ar ieteikumiem.",
            "Pētījumā jāanalizē [8|10|12] sociālo pakalpojumu pieejamība visos pagastos un "
            "rezultāti jāprezentē domes komitejā.",
        ],
        period=[
            "četru mēnešu laikā no līguma noslēgšanas",
            "līdz attīstības programmas apspriešanai, ne ilgāk kā pusgadu",
        ],
    ),
    "working-groups": CategoryTexts(
        titles=[
            "Darba grupu vadīšana un moderēšana",
            "Saistošo noteikumu izstrādes atbalsts",
            "Sabiedrības līdzdalības pasākumi",
        ],
        about=[
            "Moderējam darba grupas, kurās pašvaldības speciālisti, iedzīvotāji un sociālie "
            "uzņēmumi kopā definē problēmu un meklē risinājumu. Sagatavojam diskusiju "
            "kopsavilkumus "
            "un priekšlikumus.",
            "Palīdzam pašvaldībām izstrādāt saistošos noteikumus un politikas dokumentus par "
            "sociālo uzņēmējdarbību, balstoties uz citu novadu pieredzi.",
        ],
        clients=[
            "Strādājam ar pašvaldību administrācijām un domes komitejām.",
        ],
        need_titles=[
            "Darba grupa sociālās uzņēmējdarbības veicināšanai {loc}",
            "Saistošo noteikumu izstrāde sociālās uzņēmējdarbības atbalstam {loc}",
        ],
        problem=[
            "Pašvaldība vēlas izstrādāt atbalsta programmu sociālajiem uzņēmumiem, bet tai "
            "trūkst pieredzes, kā šādu programmu veidot.",
            "Iedzīvotāji un uzņēmēji ir izteikuši daudz priekšlikumu, bet tie nav apkopoti, un "
            "pašvaldība meklē neitrālu moderatoru.",
        ],
        scope=[
            "Jānovada [4|5|6] darba grupas sanāksmes un jāsagatavo saistošo noteikumu projekts "
            "ar pamatojumu.",
            "Jānoorganizē [2|3] publiskas diskusijas un jāapkopo iedzīvotāju priekšlikumi.",
        ],
        period=[
            "pusgada laikā no līguma noslēgšanas",
            "līdz nākamā gada budžeta apspriešanai",
        ],
    ),
    "innovation": CategoryTexts(
        titles=[
            "Ideju laboratorijas pašvaldībām",
            "Ārvalstu labās prakses pārnese",
            "Sociālo inovāciju konsultācijas",
        ],
        about=[
            "Vadām ideju laboratorijas, kurās pašvaldības darbinieki kopā ar iedzīvotājiem "
            "izmēģina jaunus risinājumus sociālajām problēmām. Labākās idejas pārbaudām mazā "
            "mērogā, pirms tās ievieš visā novadā.",
            "Pētām citu Eiropas valstu pieredzi un palīdzam to pielāgot Latvijas pašvaldībām: "
            "organizējam pieredzes apmaiņas braucienus un aicinām ārvalstu ekspertus.",
        ],
        clients=[
            "Sadarbojamies ar pašvaldībām, universitātēm un starptautiskiem partneriem.",
        ],
        need_titles=[
            "Inovatīvi risinājumi sociālajā jomā {loc}",
            "Ideju laboratorija sociālo pakalpojumu uzlabošanai {loc}",
        ],
        problem=[
            "Sociālo pakalpojumu pieprasījums aug, bet budžets ne. Pašvaldība meklē jaunus "
            "risinājumus, kas citur jau ir pārbaudīti.",
            "Pašvaldība vēlas izmēģināt sociālo iepirkumu un citas sadarbības formas ar "
            "sociālajiem uzņēmumiem, bet tai trūkst praktiskas pieredzes.",
        ],
        scope=[
            "Jānovada [3|4|5] ideju laboratorijas sesijas un jāsagatavo [2|3] izmēģinājuma "
            "projektu apraksti.",
            "Jānoorganizē pieredzes apmaiņa ar [vienu ārvalstu pašvaldību|divām ārvalstu "
            "pašvaldībām] un jāsagatavo "
            "ieteikumi.",
        ],
        period=[
            "gada laikā no līguma noslēgšanas",
            "līdz nākamā gada vasarai",
        ],
    ),
    "jobs-at-risk-groups": CategoryTexts(
        titles=[
            "Darba vietas cilvēkiem ar īpašām vajadzībām",
            "Atbalstītais darbs",
            "Darba vietu izveide sociālās atstumtības riska grupām",
        ],
        about=[
            "Izveidojam darba vietas cilvēkiem, kuriem citur ir grūti atrast darbu, un "
            "pielāgojam darba pienākumus katra spējām. Jaunajiem darbiniekiem pirmos mēnešus "
            "palīdz darba audzinātājs.",
            "Sniedzam atbalstītā darba pakalpojumu: palīdzam cilvēkiem ar invaliditāti atrast "
            "darbu pie citiem darba devējiem un atbalstām gan darbinieku, gan darba devēju.",
        ],
        clients=[
            "Sadarbojamies ar Nodarbinātības valsts aģentūru, sociālajiem dienestiem un "
            "vietējiem darba devējiem.",
        ],
        need_titles=[
            "Jaunas darba vietas sociālās atstumtības riska grupām {loc}",
            "Atbalstītā darba pakalpojums {loc}",
        ],
        problem=[
            "Novadā ir augsts ilgstošā bezdarba līmenis, īpaši cilvēkiem pēc 54 gadu vecuma "
            "un cilvēkiem ar invaliditāti.",
            "Sociālā dienesta klienti ir gatavi strādāt, bet viņiem vajadzīgs darba devējs, "
            "kas pielāgo darba apstākļus.",
        ],
        scope=[
            "Gada laikā jāizveido vismaz [5|8|10] darba vietas un jānodrošina darba "
            "audzinātāja atbalsts pirmos sešus mēnešus.",
            "Atbalstītā darba pakalpojums jāsniedz [10|15|20] klientiem, palīdzot viņiem "
            "iekārtoties darbā pie vietējiem darba devējiem.",
        ],
        period=YEAR_ROUND,
    ),
    "disability-integration": CategoryTexts(
        titles=[
            "Darba asistenta pakalpojums",
            "Darba vietu pielāgošana",
            "Konsultācijas darba devējiem par cilvēku ar invaliditāti nodarbināšanu",
        ],
        about=[
            "Konsultējam darba devējus, kā pielāgot darba vietu cilvēkam ratiņkrēslā vai ar "
            "redzes traucējumiem, un sniedzam darba asistenta pakalpojumu pirmajos darba "
            "mēnešos.",
            "Palīdzam cilvēkiem ar invaliditāti sagatavoties darbam: novērtējam prasmes, "
            "izvēlamies piemērotu darbu un pavadām uz pirmajām darba dienām.",
        ],
        clients=[
            "Mūsu klienti ir cilvēki ar invaliditāti un uzņēmumi, kas vēlas viņus nodarbināt.",
        ],
        need_titles=[
            "Cilvēku ar invaliditāti integrācija darbā {loc}",
            "Darba vietu pielāgošana cilvēkiem ar invaliditāti {loc}",
        ],
        problem=[
            "Pašvaldības iestādes vēlas nodarbināt vairāk cilvēku ar invaliditāti, bet "
            "vadītājiem trūkst zināšanu par darba vietu pielāgošanu.",
            "Cilvēki ar invaliditāti novadā bieži paliek mājās, jo nav, kas viņus atbalstītu, "
            "sākot darbu.",
        ],
        scope=[
            "Jākonsultē [5|8|10] pašvaldības iestādes un jāpielāgo vismaz [3|5] darba vietas.",
            "Darba asistenta atbalsts jānodrošina [6|10|12] cilvēkiem ar invaliditāti.",
        ],
        period=YEAR_ROUND,
    ),
    "re-emigrants": CategoryTexts(
        titles=[
            "Reemigrantu konsultācijas",
            "Atgriešanās atbalsta programma",
            "Reemigrantu ģimeņu atbalsts",
        ],
        about=[
            "Konsultējam ģimenes, kas atgriežas Latvijā pēc dzīves ārzemēs: palīdzam atrast "
            "darbu, skolu bērniem, mājokli un kārtot dokumentus.",
            "Rīkojam tikšanās reemigrantiem, kur viņi iepazīstas ar vietējiem uzņēmējiem un "
            "cits ar citu, un palīdzam bērniem apgūt latviešu valodu.",
        ],
        clients=[
            "Mūsu klienti ir reemigranti un viņu ģimenes, kā arī pašvaldības, kas vēlas viņus "
            "piesaistīt.",
        ],
        need_titles=[
            "Reemigrantu atbalsts {loc}",
            "Konsultācijas ģimenēm, kas atgriežas Latvijā, {loc}",
        ],
        problem=[
            "Novadā atgriežas arvien vairāk ģimeņu no ārzemēm, bet pašvaldībai nav "
            "speciālista, kas viņus konsultētu.",
            "Reemigrantu bērniem ir grūtības skolā latviešu valodas dēļ, un ģimenes nezina, kur "
            "meklēt palīdzību.",
        ],
        scope=[
            "Jānodrošina konsultācijas [20|30|40] ģimenēm un [4|6] informatīvi pasākumi gadā.",
            "Jāorganizē latviešu valodas nodarbības [10|15|20] reemigrantu bērniem.",
        ],
        period=YEAR_ROUND,
    ),
    "inclusive-production": CategoryTexts(
        titles=[
            "Sveču un ziepju ražošana",
            "Šūti tekstilizstrādājumi",
            "Maizes ceptuve",
            "Vietējie pārtikas produkti",
        ],
        about=[
            "Mūsu darbnīcā cilvēki ar invaliditāti lej sveces, vāra ziepes un šuj auduma "
            "maisiņus. Izstrādājumus pārdodam tirdziņos, internetā un pēc pasūtījuma.",
            "Cepam rudzu maizi, pīrāgus un kliņģerus pēc vietējām receptēm. Ceptuvē strādā "
            "ilgstošie bezdarbnieki, kuri pie mums apguvuši maiznieka amatu.",
        ],
        clients=[
            "Mūsu produkciju pērk veikali, skolas, pašvaldības un iedzīvotāji.",
        ],
        need_titles=[
            "Vietējo ražotāju preces pašvaldības vajadzībām {loc}",
            "Vietējā maize un konditoreja pašvaldības iestādēm {loc}",
        ],
        problem=[
            "Pašvaldība vēlas iepirkt vairāk preču no vietējiem ražotājiem, īpaši no tiem, kas "
            "nodarbina cilvēkus ar invaliditāti.",
            "Pašvaldības iestādēm pasākumiem un viesu uzņemšanai vajadzīgi vietēji ražoti "
            "produkti.",
        ],
        scope=[
            "Gada laikā jāpiegādā [200|300|500] izstrādājumi pēc pašvaldības pasūtījuma, "
            "piegāde — [reizi|divas reizes] mēnesī.",
            "Jāpiegādā maize un konditoreja [3|4|5] iestādēm [2|3] reizes nedēļā.",
        ],
        period=YEAR_ROUND,
    ),
}
