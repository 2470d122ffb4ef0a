"""Who may start a conversation, and how often: only verified enterprises propose and write,
nobody floods the other side with proposals or messages, and the subject of every mail is
written by the portal, never by whoever typed a title."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationMessage, CooperationStatus, Side
from enterprises.models import Verification
from municipalities.models import Municipality

from .factories import (
    SocialEnterpriseFactory,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db

TRAP_TITLE = "Steidzami: apstipriniet savu Kopā kontu šodien"


def plan(**changes) -> dict:
    return {
        "title": "Skolu veļas mazgāšana Gulbenes novada skolām",
        "problem": "Trim skolām nav, kas mazgā un gludina galdautus un darba apģērbu.",
        "solution": "Mazgājam un gludinām reizi nedēļā, darbā iesaistot cilvēkus ar invaliditāti.",
        "instruments": [instrument("purchasing").pk],
        **changes,
    }


def propose(client, enterprise, target: Municipality, **changes):
    url = reverse("cooperation:cooperation-propose", args=[enterprise.slug])
    return client.post(f"{url}?municipality={target.slug}", plan(**changes))


@pytest.mark.parametrize("verification", [Verification.PENDING, Verification.REJECTED])
def test_an_enterprise_not_verified_cannot_propose(
    client, verification, django_capture_on_commit_callbacks
):
    gulbene = municipality("gulbenes-novads")
    officer_of(gulbene, "liga.ozola@gulbene.lv")
    enterprise = SocialEnterpriseFactory(verification=verification, checked_at=None)
    client.force_login(representative_of(enterprise, "janis@saulesdarbnica.lv"))
    with django_capture_on_commit_callbacks(execute=True):
        page = propose(client, enterprise, gulbene).content.decode()
    assert "vēl nav pārbaudīts" in page
    assert not Cooperation.objects.exists()
    assert not mail.outbox


def test_an_enterprise_no_longer_verified_cannot_write_in_its_cooperation(client):
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    cooperation = Cooperation.objects.create(
        municipality=gulbene,
        enterprise=enterprise,
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Skolu veļa",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina.",
        created_at=timezone.now(),
    )
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    enterprise.verification = Verification.REJECTED
    enterprise.save()
    url = reverse("cooperation:cooperation-message", args=[cooperation.pk])
    page = client.post(url, {"text": "Vai varam tikties otrdien?"}, follow=True)
    assert "vēl nav pārbaudīts" in page.content.decode()
    assert not CooperationMessage.objects.exists()


def test_the_eleventh_proposal_in_an_hour_is_refused(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    targets = list(Municipality.objects.current()[:11])
    for target in targets[:10]:
        assert propose(client, enterprise, target).status_code == 302
    refused = propose(client, enterprise, targets[10])
    assert refused.status_code == 429
    assert Cooperation.objects.count() == 10


def test_the_sixty_first_message_in_an_hour_is_refused(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    cooperation = Cooperation.objects.create(
        municipality=municipality("gulbenes-novads"),
        enterprise=enterprise,
        initiated_by=Side.ENTERPRISE,
        status=CooperationStatus.IN_DISCUSSION,
        title="Skolu veļa",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina.",
        created_at=timezone.now(),
    )
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    url = reverse("cooperation:cooperation-message", args=[cooperation.pk])
    for n in range(60):
        assert client.post(url, {"text": f"Ziņa nr. {n}"}).status_code == 302
    assert client.post(url, {"text": "Vēl viena ziņa"}).status_code == 429
    assert CooperationMessage.objects.count() == 60


def test_the_portal_writes_the_subject_whatever_the_title_says(
    client, django_capture_on_commit_callbacks
):
    gulbene = municipality("gulbenes-novads")
    officer_of(gulbene, "liga.ozola@gulbene.lv")
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    with django_capture_on_commit_callbacks(execute=True):
        assert propose(client, enterprise, gulbene, title=TRAP_TITLE).status_code == 302
    [message] = mail.outbox
    assert message.to == ["liga.ozola@gulbene.lv"]
    assert TRAP_TITLE not in message.subject
    assert message.subject == "Sadarbība Kopā tagad ir “piedāvāta”"
    assert TRAP_TITLE in message.body
    # The mail says who proposes what, not only that "the other side moved a step".
    assert "Uzņēmums Veļas māja piedāvā sadarbību pašvaldībai: Gulbenes novads." in message.body
    assert "Trim skolām nav, kas mazgā un gludina galdautus" in message.body


def test_the_proposer_agrees_by_proposing_and_one_answer_settles_it(client):
    from cooperation.services import available_actions

    gulbene = municipality("gulbenes-novads")
    officer = officer_of(gulbene, "liga.ozola@gulbene.lv")
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    assert propose(client, enterprise, gulbene).status_code == 302
    cooperation = Cooperation.objects.get()
    assert "agree" not in available_actions(cooperation, Side.ENTERPRISE)
    assert "agree" in available_actions(cooperation, Side.MUNICIPALITY)

    client.force_login(officer)
    step = reverse("cooperation:cooperation-step", args=[cooperation.pk])
    client.post(step, {"action": "agree"})
    cooperation.refresh_from_db()
    assert cooperation.status == CooperationStatus.AGREED
