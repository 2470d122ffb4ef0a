""" "What waits for me": each person sees exactly the items of their own enterprises and
municipalities that need their action, the count goes down once they act, anonymous
visitors see nothing, and the header's count costs a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.inbox import SHOWN_PER_GROUP, waiting_for
from cooperation.models import Cooperation, CooperationStatus
from enterprises.models import Representative
from matching.models import Fit, Match
from municipalities.models import NeedStatus, Officer

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    instrument,
    municipality,
    officer_of,
    representative_of,
    verified_user,
)

pytestmark = pytest.mark.django_db

INBOX = "/lv/account/inbox/"


def plan(**changes) -> dict:
    return {
        "title": "Skolu veļas mazgāšana Gulbenes novada skolām",
        "problem": "Trim skolām nav, kas mazgā un gludina galdautus un darba apģērbu.",
        "solution": "Mazgājam un gludinām reizi nedēļā, darbā iesaistot cilvēkus ar invaliditāti.",
        "instruments": [instrument("purchasing").pk],
        **changes,
    }


@pytest.fixture
def world():
    """Two enterprises and two municipalities, each with its own person, and open needs."""
    gulbene, ludza = municipality("gulbenes-novads"), municipality("ludzas-novads")
    velas_maja = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    darbnica = SocialEnterpriseFactory(name="Saules darbnīca", home_municipality=ludza)
    return {
        "gulbene": gulbene,
        "ludza": ludza,
        "velas_maja": velas_maja,
        "darbnica": darbnica,
        "offering": OfferingFactory(enterprise=velas_maja, title="Skolu veļas mazgāšana"),
        "other_offering": OfferingFactory(enterprise=darbnica, title="Galdautu gludināšana"),
        "need": NeedFactory(municipality=gulbene, title="Skolu veļas mazgāšana un gludināšana"),
        "ludza_need": NeedFactory(municipality=ludza, title="Pansionāta veļas mazgāšana"),
        "ilze": representative_of(velas_maja, "ilze.berzina@velasmaja.lv"),
        "janis": representative_of(darbnica, "janis.kalnins@saulesdarbnica.lv"),
        "liga": officer_of(gulbene, "liga.ozola@gulbene.lv"),
        "anna": officer_of(ludza, "anna.liepa@ludza.lv"),
    }


def counts(user) -> dict[str, int]:
    return {name: count for name, count in waiting_for(user).counts.items() if count}


def header_count(client, user) -> str | None:
    """What the header says, read from the home page as that person sees it."""
    client.force_login(user)
    page = client.get("/lv/").content.decode()
    found = re.search(r'class="inbox-link"[^>]*>Gaida mani: <span[^>]*>(\d+)</span>', page)
    return found[1] if found else None


def propose(client, user, enterprise, need, **changes):
    client.force_login(user)
    url = reverse("cooperation:cooperation-propose", args=[enterprise.slug])
    return client.post(f"{url}?need={need.pk}", plan(**changes))


def invite(client, user, need, enterprise):
    client.force_login(user)
    return client.post(
        reverse("cooperation:cooperation-invite", args=[need.pk, enterprise.slug]), plan()
    )


def step(client, user, cooperation, action, comment=""):
    client.force_login(user)
    return client.post(
        reverse("cooperation:cooperation-step", args=[cooperation.pk]),
        {"action": action, "comment": comment},
    )


def write(client, user, cooperation, text):
    client.force_login(user)
    return client.post(
        reverse("cooperation:cooperation-message", args=[cooperation.pk]), {"text": text}
    )


# Proposals and plans


def test_a_proposal_waits_for_the_municipality_addressed_and_nobody_else(client, world):
    propose(client, world["ilze"], world["velas_maja"], world["need"])
    cooperation = Cooperation.objects.get()

    assert counts(world["liga"]) == {"proposals": 1}
    # Not the proposer, not another municipality, not another enterprise.
    assert counts(world["ilze"]) == {}
    assert counts(world["anna"]) == {}
    assert counts(world["janis"]) == {}

    page = client.get(INBOX).content.decode()  # still Ilze
    assert "Skolu veļas mazgāšana Gulbenes novada skolām" not in page
    client.force_login(world["liga"])
    page = client.get(INBOX).content.decode()
    assert "1 sadarbības priekšlikums gaida jūsu atbildi" in page
    assert f'href="{cooperation.get_absolute_url()}"' in page
    assert header_count(client, world["liga"]) == "1"

    step(client, world["liga"], cooperation, "agree")
    assert Cooperation.objects.get().status == CooperationStatus.AGREED
    assert counts(world["liga"]) == {}
    assert header_count(client, world["liga"]) == "0"


def test_an_invitation_waits_for_the_enterprise_invited(client, world):
    invite(client, world["liga"], world["need"], world["darbnica"])
    cooperation = Cooperation.objects.get()

    assert counts(world["janis"]) == {"proposals": 1}
    assert counts(world["ilze"]) == {}
    assert counts(world["liga"]) == {}
    assert counts(world["anna"]) == {}

    # Starting a discussion answers the proposal, but the plan still waits for agreement.
    step(client, world["janis"], cooperation, "discuss")
    assert counts(world["janis"]) == {"plans": 1}
    step(client, world["janis"], cooperation, "decline", "Šobrīd nav brīvu cilvēku.")
    assert counts(world["janis"]) == {}


def test_a_changed_plan_waits_for_the_other_sides_agreement(client, world):
    propose(client, world["ilze"], world["velas_maja"], world["need"])
    cooperation = Cooperation.objects.get()
    step(client, world["liga"], cooperation, "agree")
    assert counts(world["liga"]) == counts(world["ilze"]) == {}

    client.force_login(world["ilze"])
    cooperation.refresh_from_db()
    client.post(
        reverse("cooperation:cooperation-plan", args=[cooperation.pk]),
        plan(solution="Mazgājam divreiz nedēļā.", version=cooperation.version),
    )
    assert Cooperation.objects.get().status == CooperationStatus.IN_DISCUSSION

    assert counts(world["liga"]) == {"plans": 1}
    assert counts(world["ilze"]) == {}  # her change carries her agreement
    assert counts(world["anna"]) == counts(world["janis"]) == {}
    client.force_login(world["liga"])
    assert "1 plāns gaida jūsu piekrišanu" in client.get(INBOX).content.decode()

    step(client, world["liga"], cooperation, "agree")
    assert counts(world["liga"]) == {}


# Messages


def test_a_message_waits_for_the_other_side_until_they_reply_or_act(client, world):
    propose(client, world["ilze"], world["velas_maja"], world["need"])
    cooperation = Cooperation.objects.get()
    step(client, world["liga"], cooperation, "agree")

    write(client, world["liga"], cooperation, "Vai varat sākt jau septembrī?")
    assert counts(world["ilze"]) == {"messages": 1}
    assert counts(world["liga"]) == {}  # her own message waits for nobody on her side
    assert counts(world["janis"]) == counts(world["anna"]) == {}
    client.force_login(world["ilze"])
    page = client.get(INBOX).content.decode()
    assert "1 saruna gaida jūsu atbildi" in page
    assert "Vai varat sākt jau septembrī?" in page
    assert f'href="{cooperation.get_absolute_url()}#thread"' in page

    write(client, world["ilze"], cooperation, "Jā, varam sākt septembra pirmajā nedēļā.")
    assert counts(world["ilze"]) == {}
    assert counts(world["liga"]) == {"messages": 1}

    # Acting answers too: starting the work after the question.
    step(client, world["liga"], cooperation, "start")
    assert counts(world["liga"]) == {}


def test_a_proposal_with_a_message_counts_once(client, world):
    propose(client, world["ilze"], world["velas_maja"], world["need"])
    cooperation = Cooperation.objects.get()
    write(client, world["ilze"], cooperation, "Pievienojām cenas piedāvājumu.")
    assert counts(world["liga"]) == {"proposals": 1}


def test_messages_in_a_finished_cooperation_wait_for_nobody(client, world):
    propose(client, world["ilze"], world["velas_maja"], world["need"])
    cooperation = Cooperation.objects.get()
    write(client, world["ilze"], cooperation, "Paldies par sadarbību!")
    step(client, world["ilze"], cooperation, "withdraw")
    assert counts(world["liga"]) == {}


# Needs that fit, and interested enterprises


def match(world, enterprise="velas_maja", need="need", **fields) -> Match:
    offering = world["offering"] if enterprise == "velas_maja" else world["other_offering"]
    return Match.objects.create(
        need=world[need], enterprise=world[enterprise], offering=offering, score=62, **fields
    )


def test_a_need_that_fits_waits_for_the_enterprise_until_it_answers(client, world):
    match(world)
    match(world, "darbnica", "ludza_need")
    assert counts(world["ilze"]) == {"needs_to_answer": 1}
    assert counts(world["janis"]) == {"needs_to_answer": 1}
    assert counts(world["liga"]) == counts(world["anna"]) == {}

    client.force_login(world["ilze"])
    page = client.get(INBOX).content.decode()
    assert "1 jums piemērota vajadzība gaida jūsu atbildi" in page
    assert "Skolu veļas mazgāšana un gludināšana" in page
    assert "Pansionāta veļas mazgāšana" not in page  # Saules darbnīca's, not hers

    # Answered from the inbox itself, it is gone from hers and waits for the municipality.
    found = Match.objects.get(enterprise=world["velas_maja"])
    response = client.post(
        reverse("matching:answer", args=[found.pk]), {"interested": "yes", "next": INBOX}
    )
    assert response.url == INBOX
    assert counts(world["ilze"]) == {}
    assert counts(world["liga"]) == {"interested": 1}
    assert counts(world["anna"]) == {}
    client.force_login(world["liga"])
    page = client.get(INBOX).content.decode()
    assert "1 atbilde “Mūs tas interesē” uz jūsu vajadzībām" in page
    assert f"/lv/needs/{world['need'].pk}/matches/?answer=interested" in page

    # Inviting the interested enterprise settles it for her, and it waits for Ilze instead.
    invite(client, world["liga"], world["need"], world["velas_maja"])
    assert counts(world["liga"]) == {}
    assert counts(world["ilze"]) == {"proposals": 1}


def test_matches_that_wait_for_nobody(world):
    match(world, declined_at=timezone.now(), decline_reason="no_capacity")  # answered
    match(world, "darbnica", fit=Fit.OUTSIDE)  # outside the area: never asked
    world["ludza_need"].status = NeedStatus.CLOSED
    world["ludza_need"].save()
    match(world, need="ludza_need", interested_at=timezone.now())  # need no longer open
    assert counts(world["ilze"]) == counts(world["janis"]) == {}
    assert counts(world["liga"]) == counts(world["anna"]) == {}


def test_an_unverified_enterprise_is_not_asked_to_answer(world):
    world["velas_maja"].verification = "pending"
    world["velas_maja"].save()
    match(world)
    assert counts(world["ilze"]) == {}


# Requests to join


def test_a_request_to_join_waits_for_that_enterprises_representatives(client, world):
    newcomer = verified_user("marta.ozolina@velasmaja.lv")
    request = Representative.objects.create(user=newcomer, enterprise=world["velas_maja"])
    assert counts(world["ilze"]) == {"requests": 1}
    assert counts(world["janis"]) == counts(world["liga"]) == {}
    assert counts(newcomer) == {}  # her own request waits for others

    client.force_login(world["ilze"])
    page = client.get(INBOX).content.decode()
    assert "1 pieprasījums pārstāvēt jūsu uzņēmumu" in page
    assert "marta.ozolina@velasmaja.lv" in page
    client.post(
        reverse("enterprises:representative-decide", args=[request.pk]), {"decision": "approve"}
    )
    assert counts(world["ilze"]) == {}


def test_requests_to_act_for_a_municipality_wait_for_administrators_not_officers(world):
    Officer.objects.create(user=verified_user("peteris@gmail.com"), municipality=world["gulbene"])
    assert counts(world["liga"]) == {}


# Who sees what


def test_anonymous_visitors_see_no_count_and_cause_no_query_for_it(client, world):
    match(world)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/lv/needs/").content.decode()
    assert "inbox-link" not in page and "Gaida mani" not in page
    asked = " ".join(query["sql"] for query in queries.captured_queries)
    assert "enterprises_representative" not in asked
    assert "municipalities_officer" not in asked
    response = client.get(INBOX)
    assert response.status_code == 302 and "/auth/login/" in response.url


def test_a_person_acting_for_nobody_is_told_so(client, world):
    assert header_count(client, verified_user("karlis@example.lv")) == "0"
    page = client.get(INBOX).content.decode()
    assert "Jūs vēl nepārstāvat ne sociālo uzņēmumu, ne pašvaldību" in page


def test_the_header_says_it_in_full_for_screen_readers(client, world):
    match(world)
    newcomer = verified_user("marta.ozolina@velasmaja.lv")
    Representative.objects.create(user=newcomer, enterprise=world["velas_maja"])
    client.force_login(world["ilze"])
    page = client.get("/lv/").content.decode()
    assert 'aria-label="Gaida mani: 2 darāmās lietas"' in page
    english = client.get("/en/").content.decode()
    assert 'aria-label="Waiting for me: 2 things to do"' in english
    assert 'Waiting for me: <span class="badge badge--good">2</span>' in english
    inbox = client.get("/en/account/inbox/").content.decode()
    assert "2 things wait for your action." in inbox
    assert 'class="inbox-link" href="/en/account/inbox/" aria-current="page"' in inbox


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, "0 darāmo lietu"),
        (1, "1 darāmā lieta"),
        (2, "2 darāmās lietas"),
        (11, "11 darāmās lietas"),
        (21, "21 darāmā lieta"),
    ],
)
def test_latvian_plural_forms_in_the_header(client, world, count, said):
    for index in range(count):
        Representative.objects.create(
            user=verified_user(f"kolega{index}@velasmaja.lv"), enterprise=world["velas_maja"]
        )
    client.force_login(world["ilze"])
    assert f'aria-label="Gaida mani: {said}"' in client.get("/lv/").content.decode()


# Cost


def many_items(world, count: int, start: int = 0) -> None:
    """``count`` items of every kind waiting for Ilze (Veļas māja) and Līga (Gulbene)."""
    now = timezone.now()
    for index in range(start, start + count):
        need = NeedFactory(municipality=world["gulbene"], title=f"Veļas mazgāšana skolai {index}")
        Match.objects.create(
            need=need, enterprise=world["velas_maja"], offering=world["offering"], score=50
        )
        other = SocialEnterpriseFactory(name=f"Darbnīca {index}")
        Match.objects.create(
            need=need,
            enterprise=other,
            offering=OfferingFactory(enterprise=other),
            score=40,
            interested_at=now,
        )
        proposed = Cooperation.objects.create(
            municipality=world["gulbene"],
            enterprise=other,
            initiated_by="enterprise",
            enterprise_agreed_at=now,
            title=f"Sadarbība {index}",
            problem="Trūkst veļas mazgāšanas.",
            solution="Mazgājam.",
        )
        proposed.messages.create(side="enterprise", text="Pievienojām cenu piedāvājumu.")
        agreed = Cooperation.objects.create(
            municipality=world["gulbene"],
            enterprise=other,
            initiated_by="enterprise",
            status=CooperationStatus.AGREED,
            enterprise_agreed_at=now,
            municipality_agreed_at=now,
            title=f"Saskaņota sadarbība {index}",
            problem="Trūkst veļas mazgāšanas.",
            solution="Mazgājam.",
        )
        agreed.messages.create(side="enterprise", text="Kad sākam?")
        Cooperation.objects.create(
            municipality=world["ludza"],
            enterprise=world["velas_maja"],
            initiated_by="municipality",
            municipality_agreed_at=now,
            title=f"Uzaicinājums {index}",
            problem="Trūkst veļas mazgāšanas.",
            solution="Mazgājam.",
        )
        Representative.objects.create(
            user=verified_user(f"pieteicejs{index}@velasmaja.lv"), enterprise=world["velas_maja"]
        )


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("person", ["ilze", "liga"])
def test_the_header_costs_the_same_few_queries_however_much_waits(
    client, world, person, django_assert_max_num_queries
):
    user = world[person]
    client.force_login(user)
    many_items(world, 1)
    few = queries_for(client, "/lv/needs/")
    many_items(world, 6, start=1)
    assert queries_for(client, "/lv/needs/") == few
    # Memberships, cooperations, matches, requests.
    with django_assert_max_num_queries(4):
        assert waiting_for(user).total == {"ilze": 7 * 3, "liga": 7 * 3}[person]


def test_the_inbox_page_lists_each_group_in_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    # Ilze also acts for Gulbene, so every group is on her page.
    Officer.objects.create(
        user=world["ilze"],
        municipality=world["gulbene"],
        status="approved",
        decided_at=timezone.now(),
    )
    items = SHOWN_PER_GROUP + 2
    many_items(world, items)
    # Acting for both sides, the header's count takes one more query, each on its side's
    # index (one query over both sides read every match).
    with django_assert_max_num_queries(5):
        assert waiting_for(world["ilze"]).total == 2 * items + 4 * items
    # Gulbene's proposals from other enterprises and Ludza's invitations to Veļas māja.
    assert counts(world["ilze"]) == {
        "proposals": 2 * items,
        "messages": items,
        "needs_to_answer": items,
        "interested": items,
        "requests": items,
    }
    client.force_login(world["ilze"])
    with django_assert_max_num_queries(16):
        page = client.get(INBOX).content.decode()
    assert page.count(f"Šeit redzami pirmie {SHOWN_PER_GROUP}.") == 5
