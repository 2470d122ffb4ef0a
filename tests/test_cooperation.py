"""Cooperation from proposal to result: every allowed and forbidden step, the thread,
results, and stories published only when both sides agree."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Cooperation, CooperationStatus, Side
from cooperation.services import STEPS, available_actions, set_publication, take_step
from enterprises.models import Verification

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db
S = CooperationStatus


@pytest.fixture
def parties():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    OfferingFactory(enterprise=enterprise)
    return {
        "need": NeedFactory(title="Skolu veļa", municipality=gulbene),
        "enterprise": enterprise,
        "officer": officer_of(gulbene, "liga@gulbene.lv"),
        "representative": representative_of(enterprise, "ilze@velasmaja.lv"),
    }


def make(parties, status=S.PROPOSED, initiated_by=Side.ENTERPRISE) -> Cooperation:
    return Cooperation.objects.create(
        municipality=parties["need"].municipality,
        enterprise=parties["enterprise"],
        need=parties["need"],
        initiated_by=initiated_by,
        status=status,
        title="Skolu veļa",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina.",
        completed_at=timezone.now() if status == S.COMPLETED else None,
    )


# Expected: (status, action, side) -> allowed, for a cooperation the enterprise proposed.
ALLOWED = {
    (S.PROPOSED, "discuss", Side.MUNICIPALITY),
    (S.PROPOSED, "agree", Side.MUNICIPALITY),
    (S.PROPOSED, "agree", Side.ENTERPRISE),
    (S.PROPOSED, "decline", Side.MUNICIPALITY),
    (S.PROPOSED, "withdraw", Side.ENTERPRISE),
    (S.IN_DISCUSSION, "agree", Side.MUNICIPALITY),
    (S.IN_DISCUSSION, "agree", Side.ENTERPRISE),
    (S.IN_DISCUSSION, "decline", Side.MUNICIPALITY),
    (S.IN_DISCUSSION, "withdraw", Side.ENTERPRISE),
    (S.AGREED, "start", Side.MUNICIPALITY),
    (S.AGREED, "start", Side.ENTERPRISE),
    (S.AGREED, "withdraw", Side.ENTERPRISE),
    (S.ACTIVE, "pause", Side.MUNICIPALITY),
    (S.ACTIVE, "pause", Side.ENTERPRISE),
    (S.PAUSED, "resume", Side.MUNICIPALITY),
    (S.PAUSED, "resume", Side.ENTERPRISE),
    (S.ACTIVE, "end", Side.MUNICIPALITY),
    (S.ACTIVE, "end", Side.ENTERPRISE),
    (S.PAUSED, "end", Side.MUNICIPALITY),
    (S.PAUSED, "end", Side.ENTERPRISE),
}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", list(STEPS))
@pytest.mark.parametrize("side", list(Side))
def test_every_step_is_allowed_only_where_the_table_says(parties, status, action, side):
    cooperation = make(parties, status=status)
    allowed = (status, action, side) in ALLOWED
    assert (action in available_actions(cooperation, side)) == allowed
    # Ending early asks for a reason; the others take an optional comment.
    reason = "Finansējums beidzās pirms termiņa."
    if allowed:
        take_step(
            cooperation=cooperation, action=action, side=side, by=parties["officer"], comment=reason
        )
    else:
        with pytest.raises(ValidationError):
            take_step(
                cooperation=cooperation,
                action=action,
                side=side,
                by=parties["officer"],
                comment=reason,
            )
        cooperation.refresh_from_db()
        assert cooperation.status == status


def test_agreement_needs_both_sides(parties):
    cooperation = make(parties, status=S.IN_DISCUSSION)
    take_step(
        cooperation=cooperation, action="agree", side=Side.ENTERPRISE, by=parties["representative"]
    )
    assert cooperation.status == S.IN_DISCUSSION
    # The enterprise cannot agree on the municipality's behalf by agreeing again.
    assert "agree" not in available_actions(cooperation, Side.ENTERPRISE)
    take_step(
        cooperation=cooperation, action="agree", side=Side.MUNICIPALITY, by=parties["officer"]
    )
    assert cooperation.status == S.AGREED


def test_a_completed_cooperation_cannot_be_reopened(parties):
    cooperation = make(parties, status=S.COMPLETED)
    for side in Side:
        assert available_actions(cooperation, side) == []


def test_stories_need_both_sides_consent(client, parties):
    cooperation = make(parties, status=S.COMPLETED)
    set_publication(cooperation=cooperation, side=Side.ENTERPRISE, publish=True)
    assert "Skolu veļa" not in client.get(reverse("cooperation:story-list")).content.decode()
    assert client.get(reverse("cooperation:story-detail", args=[cooperation.pk])).status_code == 404
    set_publication(cooperation=cooperation, side=Side.MUNICIPALITY, publish=True)
    assert "Skolu veļa" in client.get(reverse("cooperation:story-list")).content.decode()
    with pytest.raises(ValidationError):
        set_publication(cooperation=make(parties), side=Side.MUNICIPALITY, publish=True)


def test_whole_journey_from_invitation_to_story(
    client, parties, django_capture_on_commit_callbacks
):
    need, enterprise = parties["need"], parties["enterprise"]
    client.force_login(parties["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperation:cooperation-invite", args=[need.pk, enterprise.slug]),
            {
                "title": "Skolu veļa",
                "problem": "Skolām nav, kas mazgā veļu.",
                "solution": "Veļas māja mazgā un gludina.",
                "instruments": [instrument("purchasing").pk],
                "communication": "Reizi mēnesī tikšanās",
            },
        )
    cooperation = Cooperation.objects.get()
    assert response.url == cooperation.get_absolute_url()
    assert (cooperation.status, cooperation.initiated_by) == (S.PROPOSED, Side.MUNICIPALITY)
    assert mail.outbox[-1].to == ["ilze@velasmaja.lv"]
    step = reverse("cooperation:cooperation-step", args=[cooperation.pk])

    # Inviting is agreeing to the plan; the municipality cannot agree for the enterprise.
    assert cooperation.municipality_agreed_at is not None
    client.post(step, {"action": "agree"})
    client.post(step, {"action": "agree"})
    cooperation.refresh_from_db()
    assert cooperation.status == S.PROPOSED
    assert cooperation.enterprise_agreed_at is None

    client.force_login(parties["representative"])
    client.post(
        reverse("cooperation:cooperation-message", args=[cooperation.pk]),
        {"text": "Varam sākt septembrī."},
    )
    client.post(step, {"action": "agree", "comment": "Piekrītam"})
    client.post(step, {"action": "start"})
    cooperation.refresh_from_db()
    assert cooperation.status == S.ACTIVE
    client.post(
        reverse("cooperation:cooperation-complete", args=[cooperation.pk]),
        {"people_involved": "4", "jobs_created": "2", "value_eur": "5400", "what_worked": "Kopā"},
    )
    cooperation.refresh_from_db()
    assert (cooperation.status, cooperation.jobs_created) == (S.COMPLETED, 2)
    client.post(step, {"action": "start"})  # reopening a completed one is refused
    cooperation.refresh_from_db()
    assert cooperation.status == S.COMPLETED

    publish = reverse("cooperation:cooperation-publish", args=[cooperation.pk])
    client.post(publish, {"publish": "1"})
    client.force_login(parties["officer"])
    client.post(publish, {"publish": "1"})
    page = client.get(reverse("cooperation:story-detail", args=[cooperation.pk])).content.decode()
    assert "Skolām nav, kas mazgā veļu." in page
    assert "Preču un pakalpojumu pirkšana" in page
    detail = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Varam sākt septembrī." in detail
    assert "Piekrītam" in detail


def test_an_active_cooperation_reads_in_the_feminine_in_latvian(client, parties):
    # "Sadarbība" is feminine, like the other statuses ("saskaņota", "pabeigta").
    cooperation = make(parties, status=S.ACTIVE)
    client.force_login(parties["officer"])
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert '<span class="badge">aktīva</span>' in page


def test_a_cooperation_with_an_unverified_enterprise_does_not_link_to_a_missing_page(
    client, parties
):
    enterprise = parties["enterprise"]
    enterprise.verification = Verification.PENDING
    enterprise.save()
    cooperation = make(parties, status=S.COMPLETED)
    cooperation.municipality_publishes = cooperation.enterprise_publishes = True
    cooperation.save()
    client.force_login(parties["officer"])
    public_page = enterprise.get_absolute_url()
    assert client.get(public_page).status_code == 404
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Veļas māja" in page
    assert f'href="{public_page}"' not in page
    assert '<span class="badge">gaida pārbaudi</span>' in page
    # Its story is not public while the enterprise is not (tests/test_public_visibility.py).
    assert client.get(reverse("cooperation:story-detail", args=[cooperation.pk])).status_code == 404


def test_negative_value_is_refused_with_a_latvian_error(client, parties):
    cooperation = make(parties, status=S.ACTIVE)
    client.force_login(parties["officer"])
    page = client.post(
        reverse("cooperation:cooperation-complete", args=[cooperation.pk]), {"value_eur": "-5"}
    ).content.decode()
    assert "Vērtība nevar būt negatīva." in page
    cooperation.refresh_from_db()
    assert cooperation.status == S.ACTIVE


def test_enterprise_proposes_on_an_open_need(client, parties):
    client.force_login(parties["representative"])
    url = reverse("cooperation:cooperation-propose", args=[parties["enterprise"].slug])
    url += f"?need={parties['need'].pk}"
    assert "Skolu veļa" in client.get(url).content.decode()
    client.post(
        url,
        {
            "title": "Piedāvājums",
            "problem": "p",
            "solution": "s",
            "instruments": [instrument("purchasing").pk],
        },
    )
    cooperation = Cooperation.objects.get()
    assert (cooperation.initiated_by, cooperation.need) == (Side.ENTERPRISE, parties["need"])
