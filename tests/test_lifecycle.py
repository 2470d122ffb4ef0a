"""A need and its cooperation, from proposal to story: the need follows its cooperation,
is never invited to once it is not open, closes when its deadline passes; the plan can
change and be paused or ended early; every message says truthfully who is emailed."""

import datetime
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.forms import CooperationForm
from cooperation.models import Cooperation, CooperationStatus, Side
from cooperation.services import edit_plan, propose, set_publication, take_step
from enterprises.forms import EnterpriseProfileForm
from matching.models import Match
from matching.notifications import send_match_emails
from municipalities.models import Need, NeedStatus
from municipalities.services import save_need

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    UserFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

pytestmark = pytest.mark.django_db
S = CooperationStatus

PROBLEM = (
    "Gulbenes novada skolās un pirmsskolas izglītības iestādēs nav, kas regulāri mazgā un\n"
    "gludina galdautus, priekšautus un gultasveļu; pašlaik to dara skolotāju palīgi pēc darba."
)
SOLUTION = (
    "Veļas māja divreiz nedēļā savāc veļu no septiņām iestādēm, mazgā to savā darbnīcā Gulbenē\n"
    "un atved atpakaļ gludinātu. Darbu dara cilvēki ar invaliditāti, kuriem tā ir pastāvīga alga."
)


@pytest.fixture
def parties():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(
        name="Veļas māja", home_municipality=gulbene, email="info@velasmaja.lv"
    )
    OfferingFactory(enterprise=enterprise, title="Veļas mazgāšana skolām")
    officer = officer_of(gulbene, "liga@gulbene.lv")
    officer.language = "lv"
    officer.save()
    representative = representative_of(enterprise, "ilze@velasmaja.lv")
    representative.language = "en"
    representative.save()
    return {
        "need": NeedFactory(
            title="Skolu veļas mazgāšana",
            description=PROBLEM,
            municipality=gulbene,
            category=OfferingFactory._meta.model.objects.first().category,
        ),
        "enterprise": enterprise,
        "officer": officer,
        "representative": representative,
    }


def plan(**changes) -> dict:
    return {
        "title": "Skolu veļa Gulbenē",
        "problem": PROBLEM,
        "solution": SOLUTION,
        "instruments": [instrument("purchasing").pk],
        "communication": "Reizi mēnesī tikšanās skolā; ikdienā tālrunis un e-pasts.",
        **changes,
    }


def proposal(parties, status=S.PROPOSED, **fields) -> Cooperation:
    cooperation = Cooperation.objects.create(
        municipality=parties["need"].municipality,
        enterprise=parties["enterprise"],
        need=parties["need"],
        initiated_by=Side.ENTERPRISE,
        status=status,
        title="Skolu veļa Gulbenē",
        problem=PROBLEM,
        solution=SOLUTION,
        **fields,
    )
    cooperation.instruments.add(instrument("purchasing"))
    return cooperation


def both_agree(parties, cooperation):
    take_step(
        cooperation=cooperation, action="agree", side=Side.ENTERPRISE, by=parties["representative"]
    )
    take_step(
        cooperation=cooperation, action="agree", side=Side.MUNICIPALITY, by=parties["officer"]
    )


# Observation 6: one need, one story.


def test_agreement_moves_the_need_off_the_board_and_out_of_match_emails(parties):
    need, enterprise = parties["need"], parties["enterprise"]
    Match.objects.create(
        need=need, enterprise=enterprise, offering=enterprise.offerings.get(), score=90
    )
    cooperation = proposal(parties)
    both_agree(parties, cooperation)
    mail.outbox.clear()
    send_match_emails()
    assert mail.outbox == []  # an in-progress need is no longer offered to anyone
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS
    assert need not in Need.objects.open()


def json_of(response) -> dict:
    assert response.status_code == 200
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_a_need_in_progress_leaves_the_board_and_is_counted_by_its_status(client, parties):
    need = parties["need"]
    board = reverse("municipalities:need-list")
    assert need.title in client.get(board).content.decode()
    both_agree(parties, proposal(parties))
    assert need.title not in client.get(board).content.decode()
    # Still public, under its real status, for whoever asks for it.
    assert need.title in client.get(board, {"status": "in_progress"}).content.decode()
    needs = json_of(client.get("/open-data/needs.json"))
    assert [item["status"] for item in needs["needs"] if item["title"] == need.title] == [
        "in_progress"
    ]
    counts = json_of(client.get("/open-data/statistics.json"))
    by_status = {row["status"]: row["count"] for row in counts["needs"]["by_status"]}
    assert (counts["needs"]["open_total"], by_status["in_progress"]) == (0, 1)


def test_one_side_agreeing_leaves_the_need_open(parties):
    cooperation = proposal(parties)
    take_step(
        cooperation=cooperation, action="agree", side=Side.ENTERPRISE, by=parties["representative"]
    )
    parties["need"].refresh_from_db()
    assert parties["need"].status == NeedStatus.OPEN


def test_agreement_does_not_reopen_a_closed_need(parties):
    need = parties["need"]
    cooperation = proposal(parties)
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.CLOSED)
    both_agree(parties, cooperation)
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED


def test_need_page_lists_its_cooperations_to_parties_and_only_stories_to_the_public(
    client, parties
):
    need = parties["need"]
    ongoing = proposal(parties)
    ongoing.title = "Skolu veļa — sarunas"
    ongoing.save()
    other = SocialEnterpriseFactory(name="Tīrības darbnīca")
    story = Cooperation.objects.create(
        municipality=need.municipality,
        enterprise=other,
        need=need,
        initiated_by=Side.MUNICIPALITY,
        status=S.COMPLETED,
        completed_at=timezone.now(),
        title="Galdautu mazgāšana bērnudārzā",
        problem=PROBLEM,
        solution=SOLUTION,
        municipality_publishes=True,
        enterprise_publishes=True,
    )
    public = client.get(need.get_absolute_url()).content.decode()
    assert "Galdautu mazgāšana bērnudārzā" in public
    assert reverse("cooperation:story-detail", args=[story.pk]) in public
    assert "Skolu veļa — sarunas" not in public  # a negotiation is the parties' business

    # A representative of another enterprise sees the story, not this one's negotiation.
    client.force_login(representative_of(other, "janis@tiribas.lv"))
    assert "Skolu veļa — sarunas" not in client.get(need.get_absolute_url()).content.decode()

    client.force_login(parties["officer"])
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Skolu veļa — sarunas" in page
    assert ongoing.get_absolute_url() in page


def test_a_need_that_is_not_open_cannot_be_invited_to_or_proposed_on(client, parties):
    need, enterprise = parties["need"], parties["enterprise"]
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.IN_PROGRESS)
    client.force_login(parties["officer"])
    invite = reverse("cooperation:cooperation-invite", args=[need.pk, enterprise.slug])
    response = client.post(invite, plan(), follow=True)
    assert "Šī vajadzība vairs nav atvērta" in response.content.decode()
    assert "Tās statuss: “tiek īstenota”." in response.content.decode()
    assert not Cooperation.objects.exists()
    assert mail.outbox == []

    client.force_login(parties["representative"])
    propose_url = reverse("cooperation:cooperation-propose", args=[enterprise.slug])
    response = client.post(f"{propose_url}?need={need.pk}", plan(), follow=True)
    assert "Šī vajadzība vairs nav atvērta" in response.content.decode()
    assert not Cooperation.objects.exists()


def test_the_service_refuses_a_proposal_on_a_closed_need(parties):
    need = parties["need"]
    Need.objects.filter(pk=need.pk).update(status=NeedStatus.CLOSED)
    with pytest.raises(ValidationError, match="Šī vajadzība vairs nav atvērta"):
        propose(
            cooperation=Cooperation(
                municipality=need.municipality,
                enterprise=parties["enterprise"],
                need=need,
                title="Vēlreiz",
                problem=PROBLEM,
                solution=SOLUTION,
            ),
            side=Side.ENTERPRISE,
            by=parties["representative"],
        )
    assert not Cooperation.objects.exists()


def test_a_second_proposal_on_the_same_need_leads_to_the_first(client, parties):
    need, enterprise = parties["need"], parties["enterprise"]
    first = proposal(parties)
    client.force_login(parties["officer"])
    invite = reverse("cooperation:cooperation-invite", args=[need.pk, enterprise.slug])
    response = client.post(invite, plan(title="Vēl viens uzaicinājums"))
    assert response.url == first.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "jau ir sadarbība, kas nav beigusies" in page
    assert Cooperation.objects.count() == 1
    # Another enterprise may still be invited to the same need.
    other = SocialEnterpriseFactory(name="Tīrības darbnīca")
    representative_of(other, "janis@tiribas.lv")
    client.post(reverse("cooperation:cooperation-invite", args=[need.pk, other.slug]), plan())
    assert Cooperation.objects.filter(enterprise=other).count() == 1


def test_after_a_declined_proposal_the_enterprise_may_propose_again(parties):
    first = proposal(parties)
    take_step(cooperation=first, action="decline", side=Side.MUNICIPALITY, by=parties["officer"])
    again = propose(
        cooperation=Cooperation(
            municipality=parties["need"].municipality,
            enterprise=parties["enterprise"],
            need=parties["need"],
            title="Otrais mēģinājums",
            problem=PROBLEM,
            solution=SOLUTION,
        ),
        side=Side.ENTERPRISE,
        by=parties["representative"],
    )
    assert again.status == S.PROPOSED


def test_the_database_holds_one_ongoing_cooperation_per_need_and_enterprise(parties):
    proposal(parties)
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal(parties, status=S.ACTIVE)


def test_completion_offers_the_officer_to_mark_the_need_fulfilled(client, parties):
    need = parties["need"]
    cooperation = proposal(parties)
    both_agree(parties, cooperation)
    take_step(cooperation=cooperation, action="start", side=Side.ENTERPRISE, by=parties["officer"])
    client.force_login(parties["representative"])
    client.post(
        reverse("cooperation:cooperation-complete", args=[cooperation.pk]),
        {"people_involved": "6", "jobs_created": "2", "what_worked": "Regulārs grafiks."},
    )
    # The enterprise is not offered to decide about the municipality's need.
    assert "Atzīmēt vajadzību kā izpildītu" not in client.get(
        cooperation.get_absolute_url()
    ).content.decode("utf-8")
    client.force_login(parties["officer"])
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Atzīmēt vajadzību kā izpildītu" in page
    client.post(reverse("municipalities:need-transition", args=[need.pk]), {"status": "fulfilled"})
    need.refresh_from_db()
    assert need.status == NeedStatus.FULFILLED
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Atzīmēt vajadzību kā izpildītu" not in page


# Observation 7: dates and states.


def need_form(**changes) -> dict:
    return {
        "title": "Parku uzkopšana Stāmerienā",
        "description": "Stāmerienas pils parkā jāpļauj zāliens,\njāgrābj lapas un jākopj celiņi.",
        "category": Need._meta.get_field("category")
        .related_model.objects.get(slug="park-maintenance")
        .pk,
        "instruments": [instrument("purchasing").pk],
        **changes,
    }


def test_a_past_deadline_is_refused_at_publishing_but_a_draft_may_keep_it(client, parties):
    client.force_login(parties["officer"])
    url = reverse("municipalities:need-create", args=["gulbenes-novads"])
    page = client.post(url, need_form(deadline="2020-01-01", publish="1")).content.decode()
    assert "Termiņš jau ir pagājis." in page
    assert not Need.objects.filter(title="Parku uzkopšana Stāmerienā").exists()
    # Today is still in time.
    today = timezone.localdate().isoformat()
    client.post(url, need_form(deadline=today, publish="1", title="Šodien"))
    assert Need.objects.get(title="Šodien").status == NeedStatus.OPEN
    # A draft is not public, so its old date can wait until it is published.
    client.post(url, need_form(deadline="2020-01-01"))
    draft = Need.objects.get(title="Parku uzkopšana Stāmerienā")
    assert draft.status == NeedStatus.DRAFT
    page = client.post(
        reverse("municipalities:need-edit", args=[draft.pk]),
        need_form(deadline="2020-01-01", publish="1", version=draft.version),
    ).content.decode()
    assert "Termiņš jau ir pagājis." in page
    draft.refresh_from_db()
    assert draft.status == NeedStatus.DRAFT


def test_the_service_refuses_to_publish_with_a_past_deadline(parties):

    need = NeedFactory(status=NeedStatus.DRAFT, deadline=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as refused:
        save_need(need=need, by=parties["officer"], publish=True)
    assert "deadline" in refused.value.message_dict
    need.refresh_from_db()
    assert need.status == NeedStatus.DRAFT


def test_expired_needs_are_closed_once_and_their_officers_told_in_their_language(
    parties, django_capture_on_commit_callbacks
):
    gulbene = parties["need"].municipality
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = NeedFactory(municipality=gulbene, title="Ziemas dārzs", deadline=yesterday)
    due_today = NeedFactory(municipality=gulbene, deadline=timezone.localdate())
    in_progress = NeedFactory(
        municipality=gulbene, deadline=yesterday, status=NeedStatus.IN_PROGRESS
    )
    elsewhere = NeedFactory(municipality=municipality("ludzas-novads"), deadline=yesterday)
    english = officer_of(gulbene, "peter@gulbene.lv")
    english.language = "en"
    english.save()
    pending = UserFactory(username="gaida", email="gaida@gulbene.lv")
    gulbene.officers.create(user=pending)  # not approved: not told

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_expired_needs", stdout=out)
    assert "2 need(s) closed." in out.getvalue()
    for need, status in [
        (expired, NeedStatus.CLOSED),
        (due_today, NeedStatus.OPEN),
        (in_progress, NeedStatus.IN_PROGRESS),
        (elsewhere, NeedStatus.CLOSED),
    ]:
        need.refresh_from_db()
        assert need.status == status
    # The subject is the portal's own words; the need's title is in the body.
    to_gulbene = {m.to[0]: m for m in mail.outbox if "Ziemas dārzs" in m.body}
    assert set(to_gulbene) == {"liga@gulbene.lv", "peter@gulbene.lv"}
    assert "Pēc termiņa beigām slēgta vajadzība" in to_gulbene["liga@gulbene.lv"].subject
    assert "closed after its deadline" in to_gulbene["peter@gulbene.lv"].subject
    assert expired.get_absolute_url().replace("/lv/", "/") in to_gulbene["liga@gulbene.lv"].body

    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_expired_needs", stdout=out)
    assert "0 need(s) closed." in out.getvalue()
    assert mail.outbox == []


def test_a_founding_year_in_the_future_is_refused(parties):
    enterprise = parties["enterprise"]
    next_year = timezone.localdate().year + 1
    data = {
        "name": enterprise.name,
        "home_municipality": enterprise.home_municipality_id,
        "employees_total": "10",
        "employees_target_group": "4",
        "founded_year": str(next_year),
    }
    form = EnterpriseProfileForm(data, instance=enterprise)
    assert not form.is_valid()
    assert form.errors["founded_year"] == ["Dibināšanas gads nevar būt nākotnē."]
    data["founded_year"] = str(timezone.localdate().year)
    assert EnterpriseProfileForm(data, instance=enterprise).is_valid()


# Observation 8: a cooperation that can change.


def test_both_sides_edit_the_plan_while_discussing_each_change_recorded(client, parties):
    cooperation = proposal(parties)
    client.force_login(parties["officer"])
    url = reverse("cooperation:cooperation-plan", args=[cooperation.pk])
    client.post(
        url,
        plan(resources="Pašvaldība apmaksā transportu.", version=cooperation.version),
    )
    cooperation.refresh_from_db()
    assert cooperation.resources == "Pašvaldība apmaksā transportu."
    # The recipient changing the proposal opens the discussion.
    assert cooperation.status == S.IN_DISCUSSION

    client.force_login(parties["representative"])
    client.post(
        url,
        plan(
            resources="Pašvaldība apmaksā transportu.",
            planned_results="Četras jaunas darba vietas līdz gada beigām.",
            version=cooperation.version,
        ),
    )
    event = cooperation.events.filter(action="edit_plan").last()
    assert (event.side, event.by, event.changes) == (
        Side.ENTERPRISE,
        parties["representative"],
        ["planned_results"],
    )
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "mainīja plānu — rezultāti, kas jāsasniedz" in page or "mainīja plānu" in page
    assert "ilze" in page


def test_a_change_after_agreement_needs_the_other_side_again(
    client, parties, django_capture_on_commit_callbacks
):
    cooperation = proposal(parties)
    both_agree(parties, cooperation)
    cooperation.refresh_from_db()
    assert cooperation.status == S.AGREED
    mail.outbox.clear()
    client.force_login(parties["representative"])
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Ja to maināt, otrai pusei jāpiekrīt vēlreiz." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cooperation:cooperation-plan", args=[cooperation.pk]),
            plan(
                solution=SOLUTION + "\nSākam nevis septembrī, bet oktobrī.",
                version=cooperation.version,
            ),
        )
    cooperation.refresh_from_db()
    assert cooperation.status == S.IN_DISCUSSION
    assert cooperation.enterprise_agreed_at is not None
    assert cooperation.municipality_agreed_at is None
    assert [m.to for m in mail.outbox] == [["liga@gulbene.lv"]]
    assert "plāns Kopā ir mainīts" in mail.outbox[0].subject
    take_step(
        cooperation=cooperation, action="agree", side=Side.MUNICIPALITY, by=parties["officer"]
    )
    assert cooperation.status == S.AGREED


def test_agreeing_to_an_old_plan_does_not_count_after_the_other_side_changes_it(parties):
    cooperation = proposal(parties, status=S.IN_DISCUSSION)
    take_step(
        cooperation=cooperation, action="agree", side=Side.MUNICIPALITY, by=parties["officer"]
    )
    form = CooperationForm(
        plan(solution="Mazgājam tikai gultasveļu.", version=cooperation.version),
        instance=cooperation,
    )
    assert form.is_valid()
    edit_plan(
        cooperation=cooperation,
        side=Side.ENTERPRISE,
        by=parties["representative"],
        form=form,
        version=form.read_version,
    )
    take_step(
        cooperation=cooperation, action="agree", side=Side.ENTERPRISE, by=parties["representative"]
    )
    cooperation.refresh_from_db()
    assert cooperation.status == S.IN_DISCUSSION  # the officer has not seen this plan


def test_the_plan_is_frozen_once_the_work_starts(client, parties):
    cooperation = proposal(parties, status=S.ACTIVE)
    client.force_login(parties["officer"])
    url = reverse("cooperation:cooperation-plan", args=[cooperation.pk])
    client.post(url, plan(problem="Pārrakstīts", version=cooperation.version))
    cooperation.refresh_from_db()
    assert cooperation.problem == PROBLEM
    assert "Mainīt plānu" not in client.get(cooperation.get_absolute_url()).content.decode()


def test_an_active_cooperation_is_paused_resumed_and_ended_early_with_a_reason(client, parties):
    cooperation = proposal(parties)
    both_agree(parties, cooperation)
    take_step(
        cooperation=cooperation, action="start", side=Side.MUNICIPALITY, by=parties["officer"]
    )
    client.force_login(parties["officer"])
    step = reverse("cooperation:cooperation-step", args=[cooperation.pk])
    client.post(step, {"action": "pause", "comment": "Skolu brīvlaiks"})
    cooperation.refresh_from_db()
    assert cooperation.status == S.PAUSED
    client.post(step, {"action": "resume"})
    cooperation.refresh_from_db()
    assert cooperation.status == S.ACTIVE
    page = client.post(step, {"action": "end", "comment": "  "}, follow=True).content.decode()
    assert "Norādiet, kāpēc sadarbība beidzas pirms laika" in page
    cooperation.refresh_from_db()
    assert cooperation.status == S.ACTIVE
    client.post(step, {"action": "end", "comment": "Uzņēmums zaudēja telpas Gulbenē."})
    cooperation.refresh_from_db()
    assert cooperation.status == S.ENDED
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Sadarbība izbeigta pirms laika" in page
    assert "Uzņēmums zaudēja telpas Gulbenē." in page
    assert "Nākamais solis" not in page
    # The need is not silently reopened (matches would be emailed again); the officer is asked.
    need = parties["need"]
    need.refresh_from_db()
    assert need.status == NeedStatus.IN_PROGRESS
    assert "Atvērt vajadzību vēlreiz" in page
    client.post(reverse("municipalities:need-transition", args=[need.pk]), {"status": "open"})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (S.DECLINED, "Priekšlikums tika noraidīts"),
        (S.WITHDRAWN, "Priekšlikums tika atsaukts"),
        (S.ENDED, "Sadarbība izbeigta pirms laika"),
        (S.COMPLETED, "Sadarbība ir pabeigta"),
    ],
)
def test_every_final_state_reads_as_final(client, parties, status, heading):
    cooperation = proposal(
        parties, status=status, completed_at=timezone.now() if status == S.COMPLETED else None
    )
    for person in (parties["officer"], parties["representative"]):
        client.force_login(person)
        page = client.get(cooperation.get_absolute_url()).content.decode()
        assert heading in page
        assert "Šī sadarbība ir beigusies" in page
        assert "Nākamais solis" not in page
        assert 'name="action"' not in page


def test_consent_to_publish_tells_the_other_side_in_their_language(
    parties, django_capture_on_commit_callbacks
):
    cooperation = proposal(parties, status=S.COMPLETED, completed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        set_publication(
            cooperation=cooperation, side=Side.MUNICIPALITY, publish=True, by=parties["officer"]
        )
    assert [m.to for m in mail.outbox] == [["ilze@velasmaja.lv"]]
    assert "agrees to publish it as a success story" in mail.outbox[0].body
    assert "only when your side agrees too" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        set_publication(
            cooperation=cooperation,
            side=Side.ENTERPRISE,
            publish=True,
            by=parties["representative"],
        )
    assert mail.outbox[-1].to == ["liga@gulbene.lv"]
    assert "stāsts tagad ir publicēts" in mail.outbox[-1].body
    # Saying yes again, or no, emails nobody.
    with django_capture_on_commit_callbacks(execute=True):
        set_publication(cooperation=cooperation, side=Side.ENTERPRISE, publish=True)
        set_publication(cooperation=cooperation, side=Side.ENTERPRISE, publish=False)
    assert len(mail.outbox) == 2


# Observation 11: say "emailed" only when someone is.


def test_inviting_an_unrepresented_enterprise_says_so_and_shows_its_public_contact(
    client, parties, django_capture_on_commit_callbacks
):
    need = parties["need"]
    nobody = SocialEnterpriseFactory(
        name="Klusā darbnīca",
        email="kontakti@klusa.lv",
        phone="+371 26 123 456",
        phone_public=False,
    )
    client.force_login(parties["officer"])
    url = reverse("cooperation:cooperation-invite", args=[need.pk, nobody.slug])
    form = client.get(url).content.decode()
    assert "Uzņēmumu Klusā darbnīca Kopā vēl neviens nepārstāv" in form
    assert "kontakti@klusa.lv" in form
    assert "26 123 456" not in form  # the phone is not public
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, plan(), follow=True)
    page = response.content.decode()
    assert "neviens nepārstāv, tāpēc e-pasts netiek sūtīts nevienam" in page
    assert "Sazinieties ar viņiem tieši: kontakti@klusa.lv." in page
    assert "Otra puse saņems e-pastu" not in page
    assert mail.outbox == []


def test_inviting_a_represented_enterprise_promises_the_email_it_sends(
    client, parties, django_capture_on_commit_callbacks
):
    client.force_login(parties["officer"])
    url = reverse(
        "cooperation:cooperation-invite", args=[parties["need"].pk, parties["enterprise"].slug]
    )
    assert "neviens nepārstāv" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, plan(), follow=True).content.decode()
    assert "Otra puse saņems e-pastu." in page
    assert [m.to for m in mail.outbox] == [["ilze@velasmaja.lv"]]


def test_proposing_to_a_municipality_without_officers_says_nobody_is_emailed(
    client, parties, django_capture_on_commit_callbacks
):
    ludza = municipality("ludzas-novads")
    ludza.contact_email = "dome@ludzasnovads.lv"
    ludza.contact_phone = "+371 65 707 400"
    ludza.contact_phone_public = False
    ludza.save()
    client.force_login(parties["representative"])
    url = reverse("cooperation:cooperation-propose", args=[parties["enterprise"].slug])
    url += "?municipality=ludzas-novads"
    form = client.get(url).content.decode()
    assert "Pašvaldības Ludzas novads vārdā Kopā vēl nedarbojas neviens darbinieks" in form
    assert "dome@ludzasnovads.lv" in form
    assert "65 707 400" not in form
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, plan(), follow=True).content.decode()
    assert "tāpēc e-pasts netiek sūtīts nevienam" in page
    assert "Sazinieties ar viņiem tieši: dome@ludzasnovads.lv." in page
    assert mail.outbox == []
    cooperation = Cooperation.objects.get()
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Otrai pusei Kopā vēl nevienam nevar nosūtīt e-pastu" in page


def test_the_need_page_reads_its_cooperations_in_a_fixed_number_of_queries(
    client, parties, django_assert_max_num_queries
):
    need = parties["need"]
    client.force_login(parties["officer"])

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(need.get_absolute_url()).status_code == 200
        return len(captured)

    proposal(parties)
    with_one = queries_for_page()
    for number in range(5):
        enterprise = SocialEnterpriseFactory(name=f"Darbnīca Nr. {number}")
        Cooperation.objects.create(
            municipality=need.municipality,
            enterprise=enterprise,
            need=need,
            initiated_by=Side.MUNICIPALITY,
            title=f"Uzaicinājums Nr. {number}",
            problem=PROBLEM,
            solution=SOLUTION,
        )
    assert queries_for_page() == with_one
    with django_assert_max_num_queries(1):
        assert len(Cooperation.objects.visible_to(parties["officer"]).filter(need=need)) == 6


def test_publishing_says_published_and_a_later_edit_says_saved(client):
    gulbene = municipality("gulbenes-novads")
    client.force_login(officer_of(gulbene, "liga.ozola@gulbene.lv"))
    data = {
        "title": "Parka soliņu krāsošana Gulbenē",
        "description": "Pilsētas parkā jānotīra un jānokrāso 40 soliņi līdz jūnija beigām.",
        "category": category("park-maintenance").pk,
        "instruments": [instrument("purchasing").pk],
    }
    url = reverse("municipalities:need-create", args=[gulbene.slug])
    page = client.post(url, {**data, "publish": "1"}, follow=True).content.decode()
    assert "Vajadzība ir publicēta" in page
    need = Need.objects.get()
    edit = reverse("municipalities:need-edit", args=[need.pk])
    page = client.post(edit, {**data, "version": need.version}, follow=True).content.decode()
    assert "Vajadzība ir saglabāta." in page and "publicēta" not in page.split("</h1>")[0]
