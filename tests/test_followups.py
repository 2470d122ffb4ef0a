"""Follow-ups that close the loop, with a fake clock: what is sent, to whom, in which
language, exactly once; the weekly cap, preferences and unsubscribes; and what must not be
sent (answered, closed, cancelled) or done (answering another cooperation's survey, or the
other side's)."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cooperation.models import Cooperation, CooperationStatus, CooperationSurvey, Side
from enterprises.models import Representative, SocialEnterprise
from followups import services
from followups.models import FollowUp, FollowUpKind
from followups.services import send_followups
from matching import scoring
from matching.models import Match
from matching.services import refresh_need_matches
from municipalities.models import Need, NeedStatus

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    officer_of,
    representative_of,
)
from .test_concurrency import on_postgresql, run_together

pytestmark = pytest.mark.django_db
RIGA = ZoneInfo("Europe/Riga")


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=RIGA)


def laundry(name: str, email: str, **person):
    """A Rīga laundry with one offering and its representative."""
    enterprise = SocialEnterpriseFactory(name=name, home_municipality=municipality("riga"))
    OfferingFactory(
        enterprise=enterprise,
        title="Veļas mazgāšana un gludināšana skolām un pansionātiem",
        category=category("laundry"),
    )
    user = representative_of(enterprise, email)
    for field, value in person.items():
        setattr(user, field, value)
    user.save()
    return enterprise, user


def riga_officer(email: str = "anna.berzina@riga.lv", **fields):
    user = User.objects.filter(email=email).first() or officer_of(municipality("riga"), email)
    for field, value in fields.items():
        setattr(user, field, value)
    user.save()
    return user


def need_published(published: datetime.datetime, by=None, **fields) -> Need:
    need = NeedFactory(
        title=fields.pop("title", "Veļas mazgāšana Rīgas sociālās aprūpes centriem"),
        municipality=municipality("riga"),
        category=category("laundry"),
        created_by=by,
        **fields,
    )
    refresh_need_matches(need, email=False)
    Need.objects.filter(pk=need.pk).update(published_at=published)
    need.refresh_from_db()
    return need


def sent_to(email: str) -> list:
    return [message for message in mail.outbox if message.to == [email]]


def link(message, pattern: str) -> str:
    return urlsplit(re.search(rf"http\S+{pattern}\S+", message.body).group(0)).path


# --- A need nobody is interested in.


def test_a_need_nobody_answers_is_followed_up_on_the_fifth_working_day_once():
    anna = riga_officer()
    riga_officer("janis.ozols@riga.lv")  # another officer: the need's author hears, not him
    laundry("Veļas māja", "ilze@velasmaja.lv")
    # Thursday 30 April 2026; 1 and 4 May are holidays: the fifth working day is 11 May.
    need = need_published(at(2026, 4, 30), by=anna)

    assert send_followups(now=at(2026, 5, 8, 18))[FollowUpKind.NEED_WITHOUT_INTEREST] == 0
    assert mail.outbox == []

    call_command("send_followups")  # the real clock: months later, still once
    send_followups(now=at(2026, 5, 11, 8))
    send_followups(now=at(2026, 5, 12, 8))
    [message] = mail.outbox
    assert message.to == ["anna.berzina@riga.lv"]
    assert message.subject == f"Vēl neviens nav atsaucies: {need.title}"
    assert "Veļas māja" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link(message, "/needs/") == reverse("followups:need-followup", args=[need.pk])


def test_the_officer_hears_in_their_own_language():
    anna = riga_officer(language="en")
    laundry("Veļas māja", "ilze@velasmaja.lv")
    need = need_published(at(2026, 4, 30), by=anna)
    send_followups(now=at(2026, 5, 11))
    [message] = mail.outbox
    assert message.subject == f"Nobody has answered yet: {need.title}"
    assert "These fit it best" in message.body


@pytest.mark.parametrize("what", ["interested", "closed", "proposed"])
def test_no_follow_up_for_a_need_that_got_interest_was_closed_or_has_a_proposal(what):
    anna = riga_officer()
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    need = need_published(at(2026, 4, 30), by=anna)
    if what == "interested":
        Match.objects.filter(need=need).update(interested_at=at(2026, 5, 6))
    elif what == "closed":
        Need.objects.filter(pk=need.pk).update(status=NeedStatus.CLOSED)
    else:
        Cooperation.objects.create(
            municipality=need.municipality,
            enterprise=enterprise,
            need=need,
            initiated_by=Side.ENTERPRISE,
            title="Veļas mazgāšana centriem",
            problem="Centriem nav veļas mazgātavas.",
            solution="Mazgājam un gludinām divreiz nedēļā.",
        )
    send_followups(now=at(2026, 5, 20))
    assert mail.outbox == []


def test_the_officer_reminds_an_enterprise_once(client):
    anna = riga_officer()
    enterprise, _ = laundry("Veļas māja", "peter@velasmaja.lv", language="en")
    need = need_published(at(2026, 4, 30), by=anna)
    match = Match.objects.get(need=need, enterprise=enterprise)
    url = reverse("followups:need-followup", args=[need.pk])

    client.force_login(anna)
    assert url in client.get(reverse("matching:need-matches", args=[need.pk])).content.decode()
    page = client.get(url)
    assert "Veļas māja" in page.content.decode()
    client.post(url, {"match": match.pk})
    [message] = mail.outbox
    assert message.to == ["peter@velasmaja.lv"]
    assert message.subject == f"Reminder: {need.title}"
    assert "Rīga asks whether Veļas māja is interested" in message.body
    answer = link(message, "/matches/answer/")
    client.logout()
    client.post(answer, {"interested": "yes"})
    assert Match.objects.get(pk=match.pk).interested_at is not None

    # The enterprise answered: no second reminder, however often the officer clicks.
    client.force_login(anna)
    client.post(url, {"match": match.pk})
    assert len(mail.outbox) == 1


def test_a_second_reminder_to_the_same_enterprise_is_refused(client):
    anna = riga_officer()
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    need = need_published(at(2026, 4, 30), by=anna)
    match = Match.objects.get(need=need, enterprise=enterprise)
    client.force_login(anna)
    url = reverse("followups:need-followup", args=[need.pk])
    client.post(url, {"match": match.pk})
    response = client.post(url, {"match": match.pk}, follow=True)
    assert "jau atgādināts" in response.content.decode()
    assert len(mail.outbox) == 1
    assert "Atgādināts." in response.content.decode()


def test_officers_of_another_municipality_cannot_remind(client):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    need = need_published(at(2026, 4, 30), by=riga_officer())
    match = Match.objects.get(need=need, enterprise=enterprise)
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    url = reverse("followups:need-followup", args=[need.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"match": match.pk}).status_code == 404
    assert mail.outbox == [] and not FollowUp.objects.exists()


def test_the_follow_up_page_reads_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    anna = riga_officer()
    for number in range(6):
        laundry(f"Veļas māja {number}", f"ilze{number}@velasmaja.lv")
    need = need_published(at(2026, 4, 30), by=anna)
    client.force_login(anna)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("followups:need-followup", args=[need.pk]))
    assert response.content.decode().count("Atgādināt: Veļas māja") == 6


# --- Viewed, not answered: a reminder three working days before the deadline.


def viewed_need(deadline: datetime.date, enterprise, **fields) -> Need:
    need = need_published(at(2026, 6, 1), by=riga_officer(), deadline=deadline, **fields)
    Match.objects.filter(need=need, enterprise=enterprise).update(viewed_at=at(2026, 6, 2))
    return need


def test_an_enterprise_that_viewed_and_did_not_answer_is_reminded_once_before_the_deadline():
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    # Friday 26 June 2026; 23 and 24 June are holidays: three working days before is 19 June.
    need = viewed_need(datetime.date(2026, 6, 26), enterprise)
    send_followups(now=at(2026, 6, 18, 20))
    assert sent_to("ilze@velasmaja.lv") == []
    send_followups(now=at(2026, 6, 19))
    send_followups(now=at(2026, 6, 22))
    [message] = sent_to("ilze@velasmaja.lv")
    assert message.subject == f"Atgādinājums: {need.title}"
    assert "apskatīja šo vajadzību" in message.body
    assert "26.06.2026." in message.body


@pytest.mark.parametrize("what", ["answered", "not viewed", "deadline passed"])
def test_no_reminder_when_answered_not_viewed_or_too_late(what):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    need = viewed_need(datetime.date(2026, 6, 26), enterprise)
    matches = Match.objects.filter(need=need, enterprise=enterprise)
    now = at(2026, 6, 22)
    if what == "answered":
        matches.update(declined_at=at(2026, 6, 3), decline_reason="no_capacity")
    elif what == "not viewed":
        matches.update(viewed_at=None)
    else:
        now = at(2026, 6, 27)
    send_followups(now=now)
    assert sent_to("ilze@velasmaja.lv") == []


# --- The survey 30 days after a cooperation.


COMPLETED_ON = at(2026, 9, 1)


def cooperation(enterprise, status=CooperationStatus.COMPLETED, completed=COMPLETED_ON, **kw):
    return Cooperation.objects.create(
        municipality=municipality("riga"),
        enterprise=enterprise,
        initiated_by=Side.MUNICIPALITY,
        status=status,
        completed_at=completed if status == CooperationStatus.COMPLETED else None,
        title=kw.pop("title", "Veļas mazgāšana Rīgas pansionātiem 2026. gada vasarā"),
        problem="Pansionātiem trūka veļas mazgāšanas vasaras mēnešos.",
        solution="Veļas māja mazgāja un gludināja veļu trīs reizes nedēļā.",
        **kw,
    )


SURVEY = {
    "happened_as_planned": "yes",
    "value_eur": "4800.00",
    "jobs_created": "2",
    "target_group_people": "5",
    "would_have_found_without_portal": "no",
}


def test_both_sides_are_asked_thirty_days_after_completion_once_each():
    enterprise, _ = laundry("Veļas māja", "peter@velasmaja.lv", language="en")
    riga_officer()
    done = cooperation(enterprise)
    send_followups(now=at(2026, 9, 30))
    assert mail.outbox == []
    send_followups(now=at(2026, 10, 1, 10))
    send_followups(now=at(2026, 10, 2, 10))
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.berzina@riga.lv", "peter@velasmaja.lv"]
    [english] = sent_to("peter@velasmaja.lv")
    assert english.subject == f"How did it go: {done.title}"
    [latvian] = sent_to("anna.berzina@riga.lv")
    assert latvian.subject == f"Kā veicās: {done.title}"


@pytest.mark.parametrize(
    "status", [CooperationStatus.ENDED, CooperationStatus.WITHDRAWN, CooperationStatus.ACTIVE]
)
def test_a_cooperation_not_completed_gets_no_survey(status):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    cooperation(enterprise, status=status)
    send_followups(now=at(2026, 10, 5))
    assert mail.outbox == []


def test_one_click_answers_for_this_side_only_and_leaves_the_other_sides_answer(client):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    done = cooperation(enterprise)
    send_followups(now=at(2026, 10, 1))
    enterprise_url = link(sent_to("ilze@velasmaja.lv")[0], "/follow-up/survey/")
    municipality_url = link(sent_to("anna.berzina@riga.lv")[0], "/follow-up/survey/")

    # Opening the link records nothing (mail scanners open links too); the answer does.
    assert client.get(enterprise_url).status_code == 200
    assert not CooperationSurvey.objects.exists()
    empty = client.post(enterprise_url, {}).content.decode()
    assert "Šis lauks ir nepieciešams" in empty and not CooperationSurvey.objects.exists()
    client.post(enterprise_url, SURVEY)
    client.post(municipality_url, {**SURVEY, "value_eur": "5000", "jobs_created": "0"})
    mine = done.surveys.get(side=Side.ENTERPRISE)
    theirs = done.surveys.get(side=Side.MUNICIPALITY)
    assert (mine.value_eur, mine.jobs_created, mine.target_group_people) == (
        Decimal("4800.00"),
        2,
        5,
    )
    assert mine.happened_as_planned is True and mine.would_have_found_without_portal is False

    # The enterprise changes its own answer; the municipality's stays as it gave it.
    client.post(enterprise_url, {**SURVEY, "value_eur": "100"})
    theirs.refresh_from_db()
    assert theirs.value_eur == Decimal("5000.00") and theirs.jobs_created == 0
    assert done.surveys.get(side=Side.ENTERPRISE).value_eur == Decimal("100.00")
    assert done.surveys.count() == 2

    # A changed token answers nothing.
    assert client.post(enterprise_url[:-4] + "xyz/", SURVEY).status_code == 410


def test_each_link_names_its_own_cooperation(client):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    first = cooperation(enterprise)
    second = cooperation(enterprise, title="Galdautu mazgāšana Rīgas skolām")
    send_followups(now=at(2026, 10, 1))
    by_title = {m.subject: link(m, "/follow-up/survey/") for m in sent_to("ilze@velasmaja.lv")}
    client.post(by_title[f"Kā veicās: {first.title}"], SURVEY)
    assert list(CooperationSurvey.objects.values_list("cooperation", flat=True)) == [first.pk]
    assert not second.surveys.exists()


def test_a_survey_link_stops_working_when_its_person_leaves(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    cooperation(enterprise)
    send_followups(now=at(2026, 10, 1))
    url = link(sent_to("ilze@velasmaja.lv")[0], "/follow-up/survey/")
    Representative.objects.filter(user=ilze).delete()
    assert client.post(url, SURVEY).status_code == 410
    assert not CooperationSurvey.objects.exists()


def test_a_side_that_answered_is_not_asked_again():
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    done = cooperation(enterprise)
    services.save_survey(
        cooperation=done,
        side=Side.ENTERPRISE,
        by=ilze,
        data={"happened_as_planned": True},
        now=at(2026, 9, 20),
    )
    send_followups(now=at(2026, 10, 1))
    assert [m.to for m in mail.outbox] == [["anna.berzina@riga.lv"]]


def test_the_same_survey_in_the_portal_for_the_parties_only(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    anna = riga_officer()
    done = cooperation(enterprise)
    url = reverse("followups:survey", args=[done.pk])
    client.force_login(anna)
    assert url in client.get(done.get_absolute_url()).content.decode()
    assert "Jūs atbildat pašvaldības vārdā" in client.get(url).content.decode()
    client.post(url, SURVEY)
    assert done.surveys.get().side == Side.MUNICIPALITY

    _, other = laundry("Cita veļa", "cits@citaveļa.lv")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(url, {**SURVEY, "value_eur": "1"}).status_code == 404
    assert done.surveys.get().value_eur == Decimal("4800.00")

    active = cooperation(enterprise, status=CooperationStatus.ACTIVE)
    client.force_login(ilze)
    assert client.get(reverse("followups:survey", args=[active.pk])).status_code == 404


# --- The survey a month after the planned end, when nobody completed the record.


PLANNED_END = datetime.date(2026, 9, 1)


def test_a_running_cooperation_is_surveyed_a_month_after_its_planned_end_and_not_again():
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    running = cooperation(enterprise, status=CooperationStatus.ACTIVE, planned_end=PLANNED_END)
    send_followups(now=at(2026, 9, 30))
    assert mail.outbox == []
    send_followups(now=at(2026, 10, 1, 10))
    send_followups(now=at(2026, 10, 2, 10))
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.berzina@riga.lv", "ilze@velasmaja.lv"]
    [latvian] = sent_to("ilze@velasmaja.lv")
    assert latvian.subject == f"Kā veicās: {running.title}"
    assert (
        f"Rīga un “Veļas māja” plānoja pabeigt sadarbību “{running.title}” līdz 01.09.2026."
        in latvian.body.replace("\n", " ")
    )
    assert "pabeidziet to portālā un ierakstiet rezultātus" in latvian.body

    # Completed later, it is not asked a second time a month after completion.
    Cooperation.objects.filter(pk=running.pk).update(
        status=CooperationStatus.COMPLETED, completed_at=at(2026, 10, 20)
    )
    send_followups(now=at(2026, 11, 20, 10))
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("status", "planned_end"),
    [
        # The work is not due to be over yet.
        (CooperationStatus.ACTIVE, datetime.date(2026, 9, 15)),
        # Never agreed, ended early or withdrawn: nothing happened to ask about.
        (CooperationStatus.IN_DISCUSSION, PLANNED_END),
        (CooperationStatus.ENDED, PLANNED_END),
        (CooperationStatus.WITHDRAWN, PLANNED_END),
        # Planned to end so long ago that memories have faded (and an upgrade must not
        # survey years of history).
        (CooperationStatus.ACTIVE, datetime.date(2026, 5, 1)),
        # No planned end, not completed.
        (CooperationStatus.ACTIVE, None),
    ],
)
def test_no_survey_before_a_month_after_the_planned_end_or_for_what_did_not_happen(
    status, planned_end
):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    cooperation(enterprise, status=status, planned_end=planned_end)
    send_followups(now=at(2026, 10, 5))
    assert mail.outbox == []


def test_the_survey_past_the_planned_end_is_answered_and_closes_when_withdrawn(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    paused = cooperation(enterprise, status=CooperationStatus.PAUSED, planned_end=PLANNED_END)
    send_followups(now=at(2026, 10, 1))
    url = link(sent_to("ilze@velasmaja.lv")[0], "/follow-up/survey/")
    page = client.get(url).content.decode()
    assert "plānotās beigas" in page and "01.09.2026." in page
    client.post(url, SURVEY)
    assert paused.surveys.get(side=Side.ENTERPRISE).value_eur == Decimal("4800.00")

    # In the portal, the detail page offers the same survey to the parties.
    client.force_login(ilze)
    detail = client.get(paused.get_absolute_url()).content.decode()
    assert reverse("followups:survey", args=[paused.pk]) in detail
    assert "Plānotās beigas ir pagājušas" in detail

    # Once the cooperation no longer stands, the link answers nothing.
    Cooperation.objects.filter(pk=paused.pk).update(status=CooperationStatus.ENDED)
    assert client.post(url, {**SURVEY, "value_eur": "1"}).status_code == 410
    assert client.get(reverse("followups:survey", args=[paused.pk])).status_code == 404
    assert paused.surveys.get(side=Side.ENTERPRISE).value_eur == Decimal("4800.00")


def test_no_survey_offered_in_the_portal_before_the_planned_end(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    future = datetime.date.today() + datetime.timedelta(days=10)
    running = cooperation(enterprise, status=CooperationStatus.ACTIVE, planned_end=future)
    client.force_login(ilze)
    detail = client.get(running.get_absolute_url()).content.decode()
    assert reverse("followups:survey", args=[running.pk]) not in detail
    assert client.get(reverse("followups:survey", args=[running.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.save_survey(
            cooperation=running, side=Side.ENTERPRISE, by=ilze, data={"happened_as_planned": True}
        )
    assert not running.surveys.exists()


# --- "Is this still right?" after 12 months.


def test_an_unconfirmed_profile_is_asked_about_after_a_year_and_confirmed_in_one_click(client):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    SocialEnterprise.objects.filter(pk=enterprise.pk).update(created_at=at(2025, 3, 1))
    send_followups(now=at(2026, 2, 27))
    assert mail.outbox == []
    send_followups(now=at(2026, 3, 2))
    send_followups(now=at(2026, 3, 3))
    [message] = mail.outbox
    assert message.subject == "Vai uzņēmuma “Veļas māja” profils joprojām ir pareizs?"
    url = link(message, "/follow-up/confirm/")

    # In a browser, with CSRF checks as a real one meets them.
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(url).content.decode()
    assert SocialEnterprise.objects.get(pk=enterprise.pk).profile_confirmed_at is None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    browser.post(url, {"csrfmiddlewaretoken": token})
    confirmed = SocialEnterprise.objects.get(pk=enterprise.pk).profile_confirmed_at
    assert confirmed is not None
    page = client.get(enterprise.get_absolute_url()).content.decode()
    shown = timezone.localtime(confirmed).strftime("%d.%m.%Y.")
    assert f'apstiprināts <time datetime="{confirmed:%Y-%m-%d}">{shown}</time>' in page


def test_the_profile_is_asked_about_again_a_year_after_it_was_confirmed():
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    SocialEnterprise.objects.filter(pk=enterprise.pk).update(
        created_at=at(2024, 1, 10), profile_confirmed_at=at(2026, 3, 5)
    )
    send_followups(now=at(2026, 12, 1))
    assert mail.outbox == []
    send_followups(now=at(2027, 3, 6))
    send_followups(now=at(2027, 3, 7))
    assert len(mail.outbox) == 1


def test_a_confirm_link_of_a_former_representative_does_nothing(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    SocialEnterprise.objects.filter(pk=enterprise.pk).update(created_at=at(2025, 3, 1))
    send_followups(now=at(2026, 3, 2))
    url = link(mail.outbox[0], "/follow-up/confirm/")
    Representative.objects.filter(user=ilze).delete()
    assert client.post(url).status_code == 410
    assert SocialEnterprise.objects.get(pk=enterprise.pk).profile_confirmed_at is None


def test_matching_counts_a_recent_confirmation_and_says_when_it_is_stale():
    today = datetime.date(2026, 12, 6)
    facts = dict(
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
        register_active=False,
        employees_total=0,
        employees_target_group=0,
        checked_at=None,
        complete_profile=False,
        words=frozenset(),
    )
    need = scoring.NeedFacts(
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
    fresh = scoring.score(
        need, scoring.CandidateFacts(**facts, profile_confirmed_at=at(2026, 3, 1)), today
    )
    stale = scoring.score(
        need, scoring.CandidateFacts(**facts, profile_confirmed_at=at(2025, 3, 1)), today
    )
    never = scoring.score(need, scoring.CandidateFacts(**facts), today)
    assert fresh.total == never.total + scoring.PROFILE_CONFIRMED
    assert {"code": "profile_confirmed", "points": 2, "params": {"date": "2026-03-01"}} in [
        r.as_dict() for r in fresh.reasons
    ]
    assert stale.total == never.total
    assert "profile_not_confirmed" in [r.code for r in stale.missing]


def test_a_representative_saving_the_profile_confirms_it(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    client.force_login(ilze)
    response = client.post(
        reverse("enterprises:enterprise-edit", args=[enterprise.slug]),
        {
            "name": enterprise.name,
            "home_municipality": enterprise.home_municipality_id,
            "employees_total": "10",
            "employees_target_group": "4",
            "description": "Veļas māja Rīgā nodarbina deviņus cilvēkus ar invaliditāti.",
            "version": enterprise.version,
        },
    )
    assert response.status_code == 302
    assert SocialEnterprise.objects.get(pk=enterprise.pk).profile_confirmed_at is not None


def test_a_confirmed_profile_scores_in_the_stored_match_with_its_reason():
    from matching.reasons import Vocabulary, describe

    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    need = need_published(timezone.now())
    before = Match.objects.get(need=need).score
    services.confirm_profile(enterprise=enterprise, by=ilze)
    match = Match.objects.get(need=need)
    assert match.score == before + scoring.PROFILE_CONFIRMED
    [reason] = [r for r in match.reasons if r["code"] == "profile_confirmed"]
    assert describe(reason, Vocabulary.load()).startswith("apstiprināja savu profilu ")


# --- Caps, preferences, unsubscribes, and two runs at once.


def test_at_most_three_follow_ups_a_week_the_most_urgent_first():
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    SocialEnterprise.objects.filter(pk=enterprise.pk).update(created_at=at(2025, 1, 1))
    for number in range(3):
        viewed_need(datetime.date(2026, 6, 26), enterprise, title=f"Veļas mazgāšana {number}")
    send_followups(now=at(2026, 6, 22))
    subjects = [m.subject for m in sent_to("ilze@velasmaja.lv")]
    assert len(subjects) == 3 and all(s.startswith("Atgādinājums") for s in subjects)
    send_followups(now=at(2026, 6, 25))
    assert len(sent_to("ilze@velasmaja.lv")) == 3
    # A week after, the profile question goes.
    send_followups(now=at(2026, 6, 29, 10))
    assert sent_to("ilze@velasmaja.lv")[-1].subject.startswith("Vai uzņēmuma “Veļas māja” profils")


def test_no_follow_ups_for_someone_who_turned_them_off(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    client.force_login(ilze)
    client.post(
        reverse("accounts:email-preferences"),
        {"match_emails": "immediate", "language": "lv"},  # the box left unticked
    )
    ilze.refresh_from_db()
    assert ilze.reminder_emails is False
    cooperation(enterprise)
    send_followups(now=at(2026, 10, 1))
    assert mail.outbox == []


def test_one_click_unsubscribe_stops_the_next_follow_ups(client):
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    cooperation(enterprise)
    send_followups(now=at(2026, 10, 1))
    header = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = urlsplit(header).path
    client.get(path)  # a mail scanner opening it changes nothing
    ilze.refresh_from_db()
    assert ilze.reminder_emails is True
    assert client.post(path).status_code == 200  # RFC 8058: a POST with no session
    ilze.refresh_from_db()
    assert ilze.reminder_emails is False and ilze.match_emails == "immediate"
    cooperation(enterprise, title="Galdautu mazgāšana", completed=at(2026, 9, 10))
    send_followups(now=at(2026, 10, 12))
    assert len(mail.outbox) == 1


def test_a_follow_up_another_run_claimed_is_not_sent_again():
    enterprise, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    done = cooperation(enterprise)
    letters = services.survey_letters(at(2026, 10, 1))
    # Another machine claims it between this run's reading and its sending.
    FollowUp.objects.create(
        kind=FollowUpKind.COOPERATION_SURVEY,
        object_id=done.pk,
        recipient=ilze,
        sent_at=at(2026, 10, 1),
    )
    assert services.deliver(letters, at(2026, 10, 1)) == 0
    assert mail.outbox == []


def test_a_follow_up_the_mail_server_refused_is_tried_again(monkeypatch):
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    cooperation(enterprise)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        assert send_followups(now=at(2026, 10, 1))[FollowUpKind.COOPERATION_SURVEY] == 0
    assert not FollowUp.objects.exists()
    assert send_followups(now=at(2026, 10, 2))[FollowUpKind.COOPERATION_SURVEY] == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_follow_up_once():
    enterprise, _ = laundry("Veļas māja", "ilze@velasmaja.lv")
    riga_officer()
    for number in range(3):
        cooperation(enterprise, title=f"Veļas mazgāšana {number}")
    now = at(2026, 10, 1)
    results = run_together(lambda: send_followups(now=now), lambda: send_followups(now=now))
    assert all(isinstance(result, dict) for result in results), results
    assert sum(r[FollowUpKind.COOPERATION_SURVEY] for r in results) == 6
    assert len(mail.outbox) == 6
    assert FollowUp.objects.count() == 6


def test_the_database_holds_one_row_per_follow_up():
    _, ilze = laundry("Veļas māja", "ilze@velasmaja.lv")
    FollowUp.objects.create(
        kind="cooperation_survey", object_id=1, recipient=ilze, sent_at=at(2026, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            kind="cooperation_survey", object_id=1, recipient=ilze, sent_at=at(2026, 1, 2)
        )
