"""Texts of every length up to each field's maximum, sent through the forms as a person sends
them (the test client, logged in as the officer or representative, line breaks as a browser
sends them: "\\r\\n"), in Latvian with diacritics, paragraphs and very long words.

Whatever the text, the answer is the saved text shown intact on the next page, or the form
again with a Latvian error on the field; never a 500. One character over the maximum is
refused with the field's limit named, and nothing is saved.
"""

from itertools import cycle, islice

from django import forms
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cooperation.models import Cooperation, CooperationMessage, CooperationStatus, Side
from enterprises.forms import EnterpriseProfileForm, OfferingForm
from enterprises.models import Offering, SocialEnterprise
from municipalities.forms import MunicipalityForm, NeedForm, SupportFormSet
from municipalities.models import Municipality, MunicipalitySupport, Need

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

LENGTHS = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Latvian stems and endings: hundreds of distinct words, as a long description has.
STEMS = [
    "park", "uzkopšan", "ēdināšan", "veļ", "mazgāšan", "skol", "bērn", "ģimen", "ķirb",
    "ļaud", "čakl", "žog", "ūden", "pļav", "snieg", "tīrīšan", "pakalpojum", "apkalpošan",
    "darbiniek", "invaliditāt", "pašvaldīb", "iedzīvotāj", "sociāl", "uzņēmum", "teritorij",
    "zāliena", "koplietošan", "gādīb", "atkritum", "šķirošan", "siltumnīc", "dārzeņ",
    "pirtsslot", "kokapstrād", "šūšan", "klientu", "piegād", "savākšan", "nedēļ", "grafik",
]  # fmt: skip
ENDINGS = ["a", "as", "ai", "u", "ā", "ām", "os", "iem", "ējs", "ības", "ēm", "us"]
ALPHABET = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"


def long_word(length: int) -> str:
    """One word of Latvian letters, longer than any line (a pasted code, a compound)."""
    return "".join(islice(cycle(ALPHABET), length)).capitalize()


piece = st.one_of(
    st.builds(lambda stem, ending: stem + ending, st.sampled_from(STEMS), st.sampled_from(ENDINGS)),
    st.sampled_from(["\n", "\n\n", ", ", ". ", " – ", "„pēdiņās”", "100 %", "Nr. 7"]),
    st.integers(min_value=250, max_value=350).map(long_word),
)


# What municipalities write about the services they need and whom they hope to employ: 389
# distinct meaningful stems, as the longest descriptions have.
VOCABULARY = """
pašvaldība meklē uzņēmumu parku zaļo zonu uzkopšanai visā novada teritorijā ieskaitot
skolu bērnudārzu laukumus kapsētas pludmales ceļmalas krastmalas estrādi stadionu
pakalpojums ietver zāliena pļaušanu lapu grābšanu krūmu apgriešanu puķu dobju
kopšanu atkritumu savākšanu soliņu krāsošanu celiņu tīrīšanu sniega tīrīšanu ziemā
smilts kaisīšanu ledus laušanu strūklaku apkopi rotaļu iekārtu pārbaudi koku
stādīšanu dzīvžogu veidošanu ūdenstilpju tīrīšanu niedru pļaušanu bebru dambju
nojaukšanu darbinieki jānodrošina ar darba apģērbu instrumentiem transportu
degvielu aizsardzības līdzekļiem izpildītājs iesniedz mēneša atskaiti fotogrāfijas
darba laiku grafiku saskaņo ar saimniecības nodaļas vadītāju termiņš sākas aprīlī
beidzas oktobrī vēlams iesaistīt cilvēkus invaliditāti ilgstošos bezdarbniekus
jauniešus bez pieredzes pirmspensijas vecuma personas bijušos ieslodzītos
atkarību pārvarējušos bēgļus patvēruma meklētājus daudzbērnu ģimeņu vecākus
aprūpētājus līgums slēgts gadu pagarināšanas iespēju cena iekļauj nodokļus
apdrošināšanu samaksa veikta reizi mēnesī pēc pieņemšanas akta parakstīšanas
kvalitātes kontrole notiek nejauši izvēlētās vietās sūdzības izskata piecu
darbdienu laikā atkārtotu pārkāpumu gadījumā piemēro līgumsodu pretendents
pievieno pieredzes aprakstu atsauksmes iepriekšējiem pasūtītājiem tehnikas
sarakstu sertifikātus reģistrācijas apliecību sociālā uzņēmuma statusu
labklājības ministrijas reģistrā ēdināšana veļas mazgāšana gludināšana šūšana
remonts galdniecība kokapstrāde keramika aušana adīšana maizes cepšana konditoreja
dārzeņu audzēšana siltumnīcas medus biškopība sēnes ogas zāļu tējas sveces ziepes
suvenīri rotaslietas grāmatu iesiešana tipogrāfija drukāšana dizains fotografēšana
video montāža tulkošana grāmatvedība konsultācijas apmācības semināri nometnes
ekskursijas tūrisms viesu nams kafejnīca veikals piegāde kurjers taksometrs
pārvadājumi asistenti aprūpe mājās dienas centrs grupu dzīvokļi specializētās
darbnīcas rehabilitācija ergoterapija fizioterapija logopēds psihologs sociālais
darbinieks mentors brīvprātīgie biedrība nodibinājums kooperatīvs sabiedrība
ierobežotu atbildību valdes loceklis prokūrists grāmatvedis jurists vadītājs
apgaismojums elektrība santehnika jumta nomaiņa fasādes krāsošana logu mazgāšana
paklāju tīrīšana dezinfekcija kaitēkļu apkarošana skursteņslauķis malkas sagāde
zāģēšana skaldīšana kravāšana pārvešana glabāšana noliktava plaukti kastes iepakojums
marķēšana etiķetes šķirošana otrreizējā pārstrāde kompostēšana mulčēšana laistīšana
mēslošana ravēšana sējumi stādi sēklas podi augsne kūdra mēslojums traktors pļāvējs
trimmeris motorzāģis lapu pūtējs ecēšas grābekļi lāpstas slotas spaiņi ratiņi
piekabe furgons autobuss biļetes maršruts pietura sliedes tilts caurteka grāvis
meliorācija drenāža nogāze terase mola pirts peldvieta glābēji bojas laivas kuteris
makšķerēšana zvejnieki tīkli zivis kūpināšana sālīšana konservēšana žāvēšana
augļi āboli bumbieri plūmes ķirši avenes jāņogas upenes dzērvenes brūklenes mellenes
kartupeļi burkāni bietes kāposti sīpoli ķiploki gurķi tomāti paprika ķirbji
cukini pupas zirņi kvieši rudzi mieži auzas griķi milti putraimi pārslas
piens siers biezpiens krējums sviests olas gaļa desas šķiņķis speķis pīrāgi
kliņģeris torte smalkmaizītes kūka pankūkas zupa putra sautējums kotletes salāti
brokastis pusdienas vakariņas launags ēdienkarte diētas alerģijas veģetārie porcijas
termosi trauki galda klājums apkalpošana bufete banketi svinības kāzas bēres
jubilejas konferences sanāksmes izstādes gadatirgi festivāli koncerti teātris kino
bibliotēka muzejs arhīvs baznīca klosteris pils muiža parks dārzs aleja laukums
""".split()


def prose() -> list[str]:
    """The vocabulary as sentences of 12 words, in paragraphs of five sentences."""
    parts = []
    for number, start in enumerate(range(0, len(VOCABULARY), 12), start=1):
        parts.append(" ".join(VOCABULARY[start : start + 12]).capitalize() + ".")
        if number % 5 == 0:
            parts.append("\n\n")
    return parts


PROSE = prose()


def shaped(pieces: list[str], length: int) -> str:
    """The pieces, repeated, cut to exactly the length: a text a person could have written."""
    text = ""
    for part in cycle(pieces):
        if len(text) >= length:
            break
        glued = text.endswith(("\n", " ")) or part.startswith(("\n", ",", "."))
        text += part if glued else f" {part}"
    text = text[:length].strip()
    # Whitespace cut off the ends is made up by letters, so the length is exact.
    return text + "".join(islice(cycle("āž"), length - len(text)))


def written(max_length: int):
    """Texts up to ``max_length`` characters as the person sees them in the textarea: drawn
    words, signs, line breaks and very long words, among sentences of other distinct words."""
    return st.builds(
        lambda pieces, offset, count, length: shaped(
            pieces + PROSE[offset : offset + count], length
        ),
        st.lists(piece, min_size=1, max_size=25),
        st.integers(min_value=0, max_value=len(PROSE) - 1),
        st.integers(min_value=0, max_value=len(PROSE)),
        st.one_of(
            st.just(max_length),
            st.integers(min_value=max_length - 50, max_value=max_length),
            st.integers(min_value=1, max_value=max_length),
        ),
    )


def full_length(max_length: int) -> str:
    """A text of exactly the maximum: paragraphs of distinct words and a 300-letter word."""
    return shaped(["Pašvaldība meklē", long_word(300), "\n\n", *PROSE], max_length)


def as_sent(text: str) -> str:
    """What a browser sends from a textarea: every line break as CR LF."""
    return text.replace("\n", "\r\n")


def as_stored(text: str) -> str:
    return text.strip()


def posted(form: forms.BaseForm | forms.BaseFormSet) -> dict:
    """What a browser sends for a form as the edit page shows it, hidden fields included."""
    if isinstance(form, forms.BaseFormSet):
        data = posted(form.management_form)
        for each in form.forms:
            data.update(posted(each))
        return data
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "isoformat"):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def too_long(max_length: int) -> str:
    """Latvian for "at most N characters, it has N + 1", as the person reads it."""
    return (
        f"Teksts ir par garu: atļautas ne vairāk kā {max_length} rakstzīmes, "
        f"bet ir {max_length + 1}."
    )


class PersonWritesTestCase(TestCase):
    """Each example starts logged in as ``cls.author`` (Hypothesis makes the test client
    per example, after setUp)."""

    def setup_example(self):
        super().setup_example()
        self.client.force_login(self.author)

    def setUp(self):
        super().setUp()
        if hasattr(self, "client"):  # a test without examples
            self.client.force_login(self.author)

    def assert_shown(self, url: str, *texts: str) -> None:
        page = self.client.get(url)
        assert page.status_code == 200, url
        content = page.content.decode()
        for text in texts:
            assert str(linebreaksbr(text)) in content, text[:80]

    def assert_refused(self, response, field: str, max_length: int) -> None:
        assert response.status_code == 200  # the form again, not a redirect
        errors = response.context["form"].errors
        assert errors[field] == [too_long(max_length)], errors
        assert too_long(max_length) in response.content.decode()


# Needs -------------------------------------------------------------------------------------


class NeedLengthTests(PersonWritesTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.gulbene = municipality("gulbenes-novads")
        cls.officer = cls.author = officer_of(cls.gulbene, "liga.ozola@gulbene.lv")
        # Enterprises the need is matched against when it is published.
        for name in ["Zaļie Dārzi", "Gulbenes Parki", "Veļas Māja"]:
            enterprise = SocialEnterpriseFactory(name=name, home_municipality=cls.gulbene)
            OfferingFactory(
                enterprise=enterprise,
                title="Parku un zaļo zonu uzkopšana",
                description="Zāliena pļaušana, lapu grābšana, sniega tīrīšana parkos un skolās.",
                category=category("park-maintenance"),
            )

    def need_data(self, description: str) -> dict:
        return {
            "title": "Parku uzkopšana Gulbenē 2027. gadā",
            "description": as_sent(description),
            "category": category("park-maintenance").pk,
            "instruments": [instrument().pk],
            "budget_min": "1000",
            "budget_max": "8000",
            "publish": "1",
        }

    @LENGTHS
    @given(description=written(Need._meta.get_field("description").max_length))
    @example(description=full_length(5000))
    def test_an_officer_publishes_a_need_of_any_length_up_to_the_maximum(self, description):
        url = reverse("municipalities:need-create", args=[self.gulbene.slug])
        response = self.client.post(url, self.need_data(description))
        assert response.status_code == 302, response.context and response.context["form"].errors
        need = Need.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
        assert need.description == as_stored(description)
        self.assert_shown(need.get_absolute_url(), need.description)
        self.assert_shown(reverse("municipalities:need-list"), need.title)

    @LENGTHS
    @given(description=written(Need._meta.get_field("description").max_length))
    @example(description=full_length(5000))
    def test_an_officer_edits_a_need_to_any_length_up_to_the_maximum(self, description):
        need = NeedFactory(municipality=self.gulbene, category=category("park-maintenance"))
        url = reverse("municipalities:need-edit", args=[need.pk])
        data = posted(NeedForm(instance=need))
        data["description"] = as_sent(description)
        response = self.client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        need.refresh_from_db()
        assert need.description == as_stored(description)
        self.assert_shown(need.get_absolute_url(), need.description)

    def test_one_character_over_is_refused_and_nothing_is_saved(self):
        description = full_length(5000) + "ž"
        url = reverse("municipalities:need-create", args=[self.gulbene.slug])
        response = self.client.post(url, self.need_data(description))
        self.assert_refused(response, "description", 5000)
        assert 'maxlength="5000"' in response.content.decode()
        assert not Need.objects.exists()

        need = NeedFactory(municipality=self.gulbene, description="Īss apraksts.")
        data = {**posted(NeedForm(instance=need)), "description": as_sent(description)}
        response = self.client.post(reverse("municipalities:need-edit", args=[need.pk]), data)
        self.assert_refused(response, "description", 5000)
        need.refresh_from_db()
        assert need.description == "Īss apraksts."


# The municipality's page -------------------------------------------------------------------


class MunicipalityLengthTests(PersonWritesTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.gulbene = municipality("gulbenes-novads")
        cls.author = officer_of(cls.gulbene, "liga.ozola@gulbene.lv")

    def page_data(self, description: str, note: str) -> dict:
        gulbene = Municipality.objects.get(pk=self.gulbene.pk)
        data = {
            **posted(MunicipalityForm(instance=gulbene)),
            **posted(SupportFormSet(instance=gulbene)),
        }
        data["description"] = as_sent(description)
        data["support-0-instrument"] = str(instrument().pk)
        data["support-0-note"] = note
        return data

    @LENGTHS
    @given(
        description=written(Municipality._meta.get_field("description").max_length),
        note=written(MunicipalitySupport._meta.get_field("note").max_length).map(
            lambda note: " ".join(note.split())  # one line: the note is a text input
        ),
    )
    @example(description=full_length(3000), note=" ".join(full_length(1000).split()))
    def test_an_officer_describes_the_municipality_up_to_the_maximum(self, description, note):
        url = reverse("municipalities:municipality-edit", args=[self.gulbene.slug])
        response = self.client.post(url, self.page_data(description, note))
        assert response.status_code == 302, response.context and response.context["form"].errors
        gulbene = Municipality.objects.get(pk=self.gulbene.pk)
        assert gulbene.description == as_stored(description)
        support = gulbene.support.get()
        assert support.note == note
        self.assert_shown(gulbene.get_absolute_url(), gulbene.description, support.note)

    def test_one_character_over_is_refused_and_nothing_is_saved(self):
        url = reverse("municipalities:municipality-edit", args=[self.gulbene.slug])
        data = self.page_data(full_length(3000) + "ž", "Telpas bez maksas.")
        response = self.client.post(url, data)
        self.assert_refused(response, "description", 3000)
        assert Municipality.objects.get(pk=self.gulbene.pk).description == ""
        assert not MunicipalitySupport.objects.exists()

        data = self.page_data("Gulbenes novads atbalsta sociālos uzņēmumus.", "ā" * 1001)
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert response.context["support"].forms[0].errors["note"] == [too_long(1000)]
        assert Municipality.objects.get(pk=self.gulbene.pk).description == ""


# The enterprise's profile and offerings ----------------------------------------------------


class EnterpriseLengthTests(PersonWritesTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.enterprise = SocialEnterpriseFactory(name="Zaļā Darbnīca Gulbenē")
        cls.author = representative_of(cls.enterprise, "ilze.kalnina@zaladarbnica.lv")

    @LENGTHS
    @given(description=written(SocialEnterprise._meta.get_field("description").max_length))
    @example(description=full_length(3000))
    def test_a_representative_describes_the_enterprise_up_to_the_maximum(self, description):
        enterprise = SocialEnterprise.objects.get(pk=self.enterprise.pk)
        data = {**posted(EnterpriseProfileForm(instance=enterprise))}
        data["description"] = as_sent(description)
        url = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
        response = self.client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        enterprise.refresh_from_db()
        assert enterprise.description == as_stored(description)
        self.assert_shown(enterprise.get_absolute_url(), enterprise.description)

    @LENGTHS
    @given(description=written(Offering._meta.get_field("description").max_length))
    @example(description=full_length(3000))
    def test_a_representative_offers_a_service_of_any_description_up_to_the_maximum(
        self, description
    ):
        enterprise = SocialEnterprise.objects.get(pk=self.enterprise.pk)
        data = {
            **posted(OfferingForm(instance=Offering(enterprise=enterprise))),
            "title": "Zāliena pļaušana un lapu grābšana",
            "kind": "service",
            "category": category("park-maintenance").pk,
            "description": as_sent(description),
            "is_active": "on",
        }
        url = reverse("enterprises:offering-create", args=[enterprise.slug])
        response = self.client.post(url, data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        offering = enterprise.offerings.latest("pk")
        assert offering.description == as_stored(description)
        self.assert_shown(enterprise.get_absolute_url(), offering.description)

        # And edited again to another text of any length.
        shorter = description[: len(description) // 2].strip() or "Ā"
        data = {**posted(OfferingForm(instance=offering)), "description": as_sent(shorter)}
        response = self.client.post(reverse("enterprises:offering-edit", args=[offering.pk]), data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        offering.refresh_from_db()
        assert offering.description == as_stored(shorter)
        self.assert_shown(enterprise.get_absolute_url(), offering.description)

    def test_one_character_over_is_refused_and_nothing_is_saved(self):
        enterprise = SocialEnterprise.objects.get(pk=self.enterprise.pk)
        before = enterprise.description
        data = {**posted(EnterpriseProfileForm(instance=enterprise))}
        data["description"] = as_sent(full_length(3000) + "ž")
        response = self.client.post(
            reverse("enterprises:enterprise-edit", args=[enterprise.slug]), data
        )
        self.assert_refused(response, "description", 3000)
        enterprise.refresh_from_db()
        assert enterprise.description == before

        offering = OfferingFactory(enterprise=enterprise, description="Veļas mazgāšana skolām.")
        data = {**posted(OfferingForm(instance=offering)), "description": data["description"]}
        response = self.client.post(reverse("enterprises:offering-edit", args=[offering.pk]), data)
        self.assert_refused(response, "description", 3000)
        offering.refresh_from_db()
        assert offering.description == "Veļas mazgāšana skolām."


# Cooperation -------------------------------------------------------------------------------

PLAN_POINTS = [
    "problem",
    "solution",
    "communication",
    "resources",
    "planned_results",
    "sustainability",
]


class CooperationLengthTests(PersonWritesTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.gulbene = municipality("gulbenes-novads")
        cls.officer = officer_of(cls.gulbene, "liga.ozola@gulbene.lv")
        cls.enterprise = SocialEnterpriseFactory(name="Zaļā Darbnīca Gulbenē")
        OfferingFactory(enterprise=cls.enterprise)
        cls.author = representative_of(cls.enterprise, "ilze.kalnina@zaladarbnica.lv")
        cls.cooperation = Cooperation.objects.create(
            municipality=cls.gulbene,
            enterprise=cls.enterprise,
            initiated_by=Side.ENTERPRISE,
            status=CooperationStatus.ACTIVE,
            title="Skolu veļas mazgāšana",
            problem="Skolām nav savas veļas mazgātavas.",
            solution="Darbnīca mazgā un gludina veļu divas reizes nedēļā.",
        )

    def propose_url(self) -> str:
        url = reverse("cooperation:cooperation-propose", args=[self.enterprise.slug])
        return f"{url}?municipality={self.gulbene.slug}"

    @LENGTHS
    @given(
        points=st.fixed_dictionaries(
            {name: written(Cooperation._meta.get_field(name).max_length) for name in PLAN_POINTS}
        )
    )
    @example(points={name: full_length(2000) for name in PLAN_POINTS})
    def test_a_proposal_of_seven_full_points_is_sent_and_shown(self, points):
        data = {
            "title": "Parku uzkopšana kopā ar Gulbenes novadu",
            "instruments": [instrument().pk],
            **{name: as_sent(text) for name, text in points.items()},
        }
        response = self.client.post(self.propose_url(), data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        cooperation = Cooperation.objects.latest("pk")
        for name, text in points.items():
            assert getattr(cooperation, name) == as_stored(text), name
        self.assert_shown(response.url, *(getattr(cooperation, name) for name in PLAN_POINTS))

    def test_a_plan_point_one_character_over_is_refused_and_nothing_is_sent(self):
        before = Cooperation.objects.count()
        for name in PLAN_POINTS:
            data = {
                "title": "Parku uzkopšana kopā ar Gulbenes novadu",
                "instruments": [instrument().pk],
                "problem": "Parki aizaug.",
                "solution": "Darbnīca pļauj zālienu.",
                name: as_sent(full_length(2000) + "ž"),
            }
            response = self.client.post(self.propose_url(), data)
            self.assert_refused(response, name, 2000)
        assert Cooperation.objects.count() == before

    @LENGTHS
    @given(text=written(CooperationMessage._meta.get_field("text").max_length))
    @example(text=full_length(5000))
    def test_a_message_of_any_length_up_to_the_maximum_reaches_the_thread(self, text):
        url = reverse("cooperation:cooperation-message", args=[self.cooperation.pk])
        response = self.client.post(url, {"text": as_sent(text)})
        assert response.status_code == 302
        message = self.cooperation.messages.latest("pk")
        assert message.text == as_stored(text)
        self.assert_shown(self.cooperation.get_absolute_url(), message.text)
        self.client.force_login(self.officer)  # the other side reads it too
        self.assert_shown(self.cooperation.get_absolute_url(), message.text)
        self.client.force_login(self.author)

    def test_a_message_one_character_over_is_refused_in_latvian(self):
        url = reverse("cooperation:cooperation-message", args=[self.cooperation.pk])
        response = self.client.post(url, {"text": as_sent(full_length(5000) + "ž")}, follow=True)
        assert too_long(5000) in response.content.decode()
        assert not self.cooperation.messages.exists()
