"""Matching a procurement officer would sign (issue 13, observations 2, 6, 10, 11): who is
listed, in which order, who is kept apart or left out, who is emailed and when, and that the
lists stay true whichever door changed the need or the enterprise."""

import datetime
import importlib
import re
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from accounts.models import MatchEmails, User
from cooperation.models import Cooperation, CooperationStatus, Side
from enterprises.models import RegisterStatus, SocialEnterprise, Verification
from enterprises.services import record_verification, set_offering_active
from matching.models import Match
from matching.notifications import send_match_emails
from matching.services import refresh_need_matches
from municipalities.models import Need, NeedStatus

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
from .test_filter_index import submit_as_browser

pytestmark = pytest.mark.django_db

PARK_NEED = (
    "Gulbenes pilsētas parkos un skvēros vajadzīga zāles pļaušana, lapu grābšana un krūmu "
    "apgriešana no maija līdz oktobrim.\n"
    "Darbus var veikt cilvēki ar invaliditāti; inventārs jānodrošina izpildītājam."
)
LAUNDRY_NEED = (
    "Trīs Rīgas skolām un aprūpes centram vajadzīga gultasveļas un darba apģērbu mazgāšana "
    "un gludināšana divreiz nedēļā.\nVeļu savāc un piegādā izpildītājs."
)


def enterprise(name, category_slug, *, home="gulbenes-novads", text="", person=None, **fields):
    """A verified enterprise with one offering and, if ``person`` (an address), an approved
    representative who wants match emails at once."""
    created = SocialEnterpriseFactory(name=name, home_municipality=municipality(home), **fields)
    OfferingFactory(
        enterprise=created,
        title=text.split(".")[0] or name,
        description=text,
        category=category(category_slug),
    ).instruments.set([instrument("purchasing")])
    if person:
        representative_of(created, person)
    return created


def complete_profile(**fields):
    """What earns "recently checked" and "complete profile": the padding that used to
    qualify anyone in the same field."""
    return {
        "website": "https://example.lv",
        "email": "birojs@example.lv",
        "founded_year": 2015,
        **fields,
    }


def park_need(**fields) -> Need:
    need = NeedFactory(
        title="Parku uzkopšana Gulbenē",
        description=PARK_NEED,
        municipality=municipality("gulbenes-novads"),
        category=category("park-maintenance"),
        **fields,
    )
    need.instruments.add(instrument("purchasing"))
    return need


def listed(need) -> list[str]:
    return list(need.matches.listed().ranked().values_list("enterprise__name", flat=True))


def outside(need) -> list[str]:
    return list(need.matches.outside_area().ranked().values_list("enterprise__name", flat=True))


def test_park_upkeep_lists_the_service_where_needed_and_not_a_laundry():
    enterprise("Gulbenes parku kopēji", "park-maintenance", text="Parku uzkopšana.")
    enterprise(
        "Zaļie pirksti",
        "gardening-landscaping",
        text="Dārzu kopšana.\nZāles pļaušana un krūmu apgriešana privātmājām un parkiem.",
    )
    enterprise("Latvijas zaļā josla", "park-maintenance", home="riga", serves_nationwide=True)
    enterprise(
        "Gulbenes veļas māja",
        "laundry",
        text="Veļas mazgāšana un gludināšana skolām un aprūpes centriem.",
        **complete_profile(),
    )
    enterprise(
        "Gulbenes dārzeņi",
        "gardening-landscaping",
        text="Stādu audzēšana.\nAudzējam tomātu un gurķu dēstus siltumnīcās.",
        **complete_profile(),
    )
    enterprise("Rīgas parki", "park-maintenance", home="riga", text="Parku uzkopšana Rīgā.")
    enterprise("Mājas aprūpe", "home-care", text="Aprūpe mājās.", serves_nationwide=True)
    need = park_need()

    refresh_need_matches(need)

    # Exact service at home, exact service nationwide, related service nearby with words.
    assert listed(need) == ["Gulbenes parku kopēji", "Latvijas zaļā josla", "Zaļie pirksti"]
    # The service elsewhere is kept apart; a laundry, seedlings or home care not at all,
    # however complete and freshly checked their profile.
    assert outside(need) == ["Rīgas parki"]
    assert not Match.objects.filter(
        enterprise__name__in=["Gulbenes veļas māja", "Gulbenes dārzeņi", "Mājas aprūpe"]
    ).exists()
    related = Match.objects.get(enterprise__name="Zaļie pirksti")
    assert related.fit == "related"
    assert {"same_field", "keywords"} <= {reason["code"] for reason in related.reasons}


def test_a_caterer_is_not_matched_for_a_laundry_need():
    enterprise(
        "Rīgas virtuve",
        "catering",
        home="riga",
        text="Ēdināšana skolām.\nSiltas pusdienas skolām un aprūpes centriem katru dienu.",
        **complete_profile(),
    )
    enterprise("Rīgas veļa", "laundry", home="riga", text="Veļas mazgāšana skolām.")
    need = NeedFactory(
        title="Veļas mazgāšana skolām",
        description=LAUNDRY_NEED,
        municipality=municipality("riga"),
        category=category("laundry"),
    )
    refresh_need_matches(need)
    assert listed(need) == ["Rīgas veļa"]
    assert outside(need) == []


def test_outside_the_area_is_shown_apart_on_request_and_never_emailed(client):
    enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    enterprise("Rīgas parki", "park-maintenance", home="riga", person="janis@rigasparki.lv")
    need = park_need()
    refresh_need_matches(need)
    url = reverse("matching:need-matches", args=[need.pk])

    page = client.get(url).content.decode()
    assert "Gulbenes parku kopēji" in page and "Rīgas parki" not in page
    assert 'href="?outside=on"' in page
    assert "ar šo pakalpojumu ārpus teritorijas" in page  # "also show 1 enterprise ..."

    page = client.get(url, {"outside": "on"}).content.decode()
    apart = page.split('id="outside-heading"', 1)[1]
    assert "Rīgas parki" in apart and "Gulbenes parku kopēji" not in apart
    assert "nav norādījis, ka apkalpo: Gulbenes novads" in apart

    call_command("send_match_emails")
    assert [message.to for message in mail.outbox] == [["ilze@kopeji.lv"]]
    assert "Rīgas parki" not in mail.outbox[0].body
    # The public sees them apart too, but only the need's officer may invite one.
    assert "/invite/" not in apart


def test_the_officer_may_invite_an_enterprise_outside_the_area(client):
    enterprise("Rīgas parki", "park-maintenance", home="riga", person="janis@rigasparki.lv")
    need = park_need()
    refresh_need_matches(need)
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    url = reverse("matching:need-matches", args=[need.pk])
    page = client.get(url, {"outside": "on"}).content.decode()
    apart = page.split('id="outside-heading"', 1)[1]
    rigas = SocialEnterprise.objects.get(name="Rīgas parki")
    invite = reverse("cooperation:cooperation-invite", args=[need.pk, rigas.slug])
    assert f'href="{invite}"' in apart
    assert client.get(invite).status_code == 200
    # With nobody in the area, the need's page leads to them.
    need_page = client.get(need.get_absolute_url()).content.decode()
    assert f"{url}?outside=on" in need_page


def test_at_once_emails_go_after_the_commit_once_to_strong_matches_only(
    client, django_capture_on_commit_callbacks
):
    enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    enterprise("Green Hands", "park-maintenance", person="peter@greenhands.lv")
    User.objects.filter(email="peter@greenhands.lv").update(language="en")
    enterprise(
        "Zaļie pirksti",
        "gardening-landscaping",
        text="Dārzu kopšana.\nZāles pļaušana un krūmu apgriešana parkos.",
        person="anna@pirksti.lv",
    )
    enterprise("Nedēļas kopēji", "park-maintenance", person="nedela@kopeji.lv")
    User.objects.filter(email="nedela@kopeji.lv").update(match_emails=MatchEmails.WEEKLY)
    enterprise(
        "Vēl nepārbaudīti",
        "park-maintenance",
        person="jauns@kopeji.lv",
        verification=Verification.PENDING,
        checked_at=None,
    )
    enterprise("Rīgas parki", "park-maintenance", home="riga", person="janis@rigasparki.lv")
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("municipalities:need-create", args=["gulbenes-novads"]),
            {
                "title": "Parku uzkopšana Gulbenē",
                "description": PARK_NEED,
                "category": category("park-maintenance").pk,
                "instruments": [instrument("purchasing").pk],
                "publish": "1",
            },
        )
    assert response.status_code == 302
    sent = {message.to[0]: message for message in mail.outbox}
    # At once: the two strong matches who chose it, each in their language. Not the
    # related service, not the weekly digest (yet), not the unverified enterprise, not the
    # enterprise outside the area.
    assert set(sent) == {"ilze@kopeji.lv", "peter@greenhands.lv"}
    assert "atrodas: Gulbenes novads" in sent["ilze@kopeji.lv"].body
    assert "is based in Gulbenes novads" in sent["peter@greenhands.lv"].body

    call_command("send_match_emails")  # the scheduler's run after it sends the digest only
    assert [message.to for message in mail.outbox[2:]] == [["nedela@kopeji.lv"]]
    call_command("send_match_emails")
    assert len(mail.outbox) == 3
    notified = Match.objects.filter(notified_at__isnull=False)
    assert set(notified.values_list("enterprise__name", flat=True)) == {
        "Gulbenes parku kopēji",
        "Green Hands",
        "Nedēļas kopēji",
    }


def test_a_second_sender_finds_nothing_left_to_send(django_capture_on_commit_callbacks):
    enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        need = park_need()
        refresh_need_matches(need)
    ids = list(need.matches.values_list("pk", flat=True))
    assert send_match_emails() == 1  # the scheduler got there first
    for callback in callbacks:  # the commit's own sender runs after it
        callback()
    assert send_match_emails(only=ids) == 0
    assert len(mail.outbox) == 1


def test_a_need_edited_in_admin_is_rescored_like_one_edited_in_the_portal(client):
    enterprise("Gulbenes parku kopēji", "park-maintenance")
    enterprise("Daugavpils parki", "park-maintenance", home="daugavpils")
    need = park_need()
    refresh_need_matches(need)
    assert listed(need) == ["Gulbenes parku kopēji"]

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:municipalities_need_change", args=[need.pk])
    response = submit_as_browser(client, url, municipality=municipality("daugavpils").pk)
    assert response.status_code == 302
    assert listed(need) == ["Daugavpils parki"]
    page = client.get(reverse("matching:need-matches", args=[need.pk])).content.decode()
    assert "atrodas: Gulbenes novads" not in page
    assert "atrodas: Daugavpils" in page

    # And through the portal, the same rescoring.
    officer = officer_of(municipality("daugavpils"), "inese@daugavpils.lv")
    client.force_login(officer)
    response = submit_as_browser(
        client,
        reverse("municipalities:need-edit", args=[need.pk]),
        category=category("laundry").pk,
    )
    assert response.status_code == 302
    assert listed(need) == []


def test_an_enterprise_unverified_after_answering_disappears_everywhere(client):
    kept = enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    gone = enterprise("Bijušie kopēji", "park-maintenance", person="juris@bijusie.lv")
    need = park_need()
    refresh_need_matches(need)
    Match.objects.filter(enterprise=gone).update(interested_at=need.created_at)

    curator = UserFactory(is_staff=True, is_superuser=True)
    record_verification(
        enterprise=gone, verification=Verification.REJECTED, by=curator, reason="Nav reģistrā."
    )

    pages = [
        reverse("matching:need-matches", args=[need.pk]),
        need.get_absolute_url(),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Gulbenes parku kopēji" in page, url
        assert "Bijušie kopēji" not in page and gone.get_absolute_url() not in page, url
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    page = client.get(pages[0]).content.decode()
    assert "Bijušie kopēji" not in page
    # The answer is kept (it happened), hidden.
    assert Match.objects.get(enterprise=gone).interested_at is not None

    call_command("send_match_emails")
    assert [message.to for message in mail.outbox] == [["ilze@kopeji.lv"]]
    assert kept.name in mail.outbox[0].body


def test_a_retired_offering_takes_its_answered_match_off_the_lists(client):
    kept = enterprise("Gulbenes parku kopēji", "park-maintenance")
    need = park_need()
    refresh_need_matches(need)
    Match.objects.update(interested_at=need.created_at)
    set_offering_active(offering=kept.offerings.get(), active=False)
    page = client.get(reverse("matching:need-matches", args=[need.pk])).content.decode()
    assert "Gulbenes parku kopēji" not in page
    assert need.matches.listed().count() == 0


def test_a_need_that_is_no_longer_open_is_not_emailed_invited_or_listed_for_enterprises(client):
    kopeji = enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    need = park_need()
    refresh_need_matches(need)
    need.status = NeedStatus.IN_PROGRESS
    need.save()
    assert refresh_need_matches(need) == 1  # not rescored, not emailed
    call_command("send_match_emails")
    assert mail.outbox == []

    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    page = client.get(reverse("matching:need-matches", args=[need.pk])).content.decode()
    assert "Gulbenes parku kopēji" in page
    assert reverse("cooperation:cooperation-invite", args=[need.pk, kopeji.slug]) not in page
    assert "nevienu neaicina un nevienam neraksta" in page

    client.force_login(kopeji.representatives.get().user)
    page = client.get(reverse("matching:needs-for-enterprise", args=[kopeji.slug]))
    assert need.title not in page.content.decode()


def test_no_second_invitation_while_a_cooperation_on_the_need_is_under_way(client):
    kopeji = enterprise("Gulbenes parku kopēji", "park-maintenance")
    other = enterprise("Otrie kopēji", "park-maintenance")
    need = park_need()
    refresh_need_matches(need)
    cooperation = Cooperation.objects.create(
        municipality=need.municipality,
        enterprise=kopeji,
        need=need,
        initiated_by=Side.MUNICIPALITY,
        title="Parku uzkopšana Gulbenē",
        problem="Parkos nav, kas pļauj zāli.",
        solution="Kopēji pļauj reizi divās nedēļās.",
    )
    Cooperation.objects.create(
        municipality=need.municipality,
        enterprise=other,
        need=need,
        initiated_by=Side.MUNICIPALITY,
        status=CooperationStatus.DECLINED,
        title="Parku uzkopšana Gulbenē",
        problem="Parkos nav, kas pļauj zāli.",
        solution="Otrie kopēji pļauj.",
    )
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    page = client.get(reverse("matching:need-matches", args=[need.pk])).content.decode()
    assert reverse("cooperation:cooperation-invite", args=[need.pk, kopeji.slug]) not in page
    assert reverse("cooperation:cooperation-detail", args=[cooperation.pk]) in page
    # A declined proposal does not stand in the way of a new one.
    assert reverse("cooperation:cooperation-invite", args=[need.pk, other.slug]) in page


def test_every_match_card_says_the_register_status_and_never_calls_a_ceased_one_checked(
    client,
):
    enterprise("Aktīvie kopēji", "park-maintenance")
    enterprise(
        "Bijušie kopēji",
        "park-maintenance",
        register_status=RegisterStatus.CEASED,
        status_ended_on=datetime.date(2025, 1, 1),
    )
    need = park_need()
    refresh_need_matches(need)
    page = client.get(reverse("matching:need-matches", args=[need.pk]).replace("/lv/", "/en/"))
    cards = page.content.decode().split('<article class="card match">')[1:]
    by_name = {
        name: card
        for card in cards
        for name in ("Aktīvie kopēji", "Bijušie kopēji")
        if name in card
    }
    assert "social enterprise status active" in by_name["Aktīvie kopēji"]
    assert "active status in the register, checked on" in by_name["Aktīvie kopēji"]
    ceased = by_name["Bijušie kopēji"]
    assert re.search(r"social enterprise status ended [0-9./]*2025<", ceased)
    assert "checked on" not in ceased and "status active" not in ceased
    assert "no active status in the register of social enterprises" in ceased


def test_the_matches_page_costs_the_same_queries_with_more_matches(
    client, django_assert_max_num_queries
):
    need = park_need()
    enterprise("Pirmie kopēji", "park-maintenance")
    enterprise("Rīgas parki", "park-maintenance", home="riga")
    refresh_need_matches(need)
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    url = reverse("matching:need-matches", args=[need.pk])
    client.get(url, {"outside": "on"})
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"outside": "on"})
    for number in range(12):
        enterprise(f"Kopēji {number}", "park-maintenance")
        enterprise(f"Rīgas kopēji {number}", "park-maintenance", home="riga")
    refresh_need_matches(need)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"outside": "on"}).content.decode()
    assert "Kopēji 11" in page and "Rīgas kopēji 11" in page


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_when_the_mail_server_is_down_the_need_is_saved_and_the_next_run_sends(
    client, settings, django_capture_on_commit_callbacks
):
    enterprise("Gulbenes parku kopēji", "park-maintenance", person="ilze@kopeji.lv")
    client.force_login(officer_of(municipality("gulbenes-novads"), "liga@gulbene.lv"))
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("municipalities:need-create", args=["gulbenes-novads"]),
            {
                "title": "Parku uzkopšana Gulbenē",
                "description": PARK_NEED,
                "category": category("park-maintenance").pk,
                "publish": "1",
            },
        )
    assert response.status_code == 302
    match = Match.objects.get()
    assert match.notified_at is None  # nobody was told, so it is not marked as told

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_match_emails")
    assert [message.to for message in mail.outbox] == [["ilze@kopeji.lv"]]


def test_refresh_matches_rescores_matches_made_under_the_old_rules():
    laundry = enterprise("Gulbenes veļas māja", "laundry", text="Veļas mazgāšana skolām.")
    need = park_need()
    # As the old rules stored it: same field + recently checked + complete profile.
    Match.objects.create(
        need=need,
        enterprise=laundry,
        offering=laundry.offerings.get(),
        score=23,
        reasons=[{"code": "same_field", "points": 15, "params": {}}],
    )
    enterprise("Gulbenes parku kopēji", "park-maintenance")
    call_command("refresh_matches")
    assert listed(need) == ["Gulbenes parku kopēji"]
    assert not Match.objects.filter(enterprise=laundry).exists()


def test_the_migration_sorts_stored_matches_by_the_new_rule():
    from django.apps import apps

    classify = importlib.import_module("matching.migrations.0002_match_fit").classify
    need = park_need()
    rows = {
        "strong": ("Parku kopēji", "park-maintenance", ["same_category", "home_municipality"]),
        "outside": ("Rīgas parki", "park-maintenance", ["same_category"]),
        "laundry": ("Veļas māja", "laundry", ["same_field", "home_municipality"]),
        "answered": ("Atbildējusī veļa", "laundry", ["same_field", "home_municipality"]),
    }
    for key, (name, slug, codes) in rows.items():
        created = enterprise(name, slug)
        Match.objects.create(
            need=need,
            enterprise=created,
            offering=created.offerings.get(),
            score=40,
            reasons=[{"code": code, "points": 10, "params": {}} for code in codes],
            interested_at=need.created_at if key == "answered" else None,
        )
    ceased = enterprise(
        "Bijušie",
        "park-maintenance",
        register_status=RegisterStatus.CEASED,
        status_ended_on=datetime.date(2025, 1, 1),
    )
    Match.objects.create(
        need=need,
        enterprise=ceased,
        offering=ceased.offerings.get(),
        score=70,
        reasons=[
            {"code": "same_category", "points": 40, "params": {}},
            {"code": "home_municipality", "points": 25, "params": {}},
            {"code": "recently_checked", "points": 5, "params": {"date": "2026-01-01"}},
        ],
    )
    classify(apps, None)
    fits = dict(Match.objects.values_list("enterprise__name", "fit"))
    assert fits == {
        "Parku kopēji": "strong",
        "Rīgas parki": "outside",
        "Atbildējusī veļa": "none",
        "Bijušie": "strong",
    }
    stored = Match.objects.get(enterprise=ceased)
    assert stored.score == 65
    assert "recently_checked" not in [reason["code"] for reason in stored.reasons]


def test_places_time_words_and_target_groups_are_no_evidence_of_a_service():
    # A Rīga catering need that names its district, its dates and its people; a park keeper
    # in the same field of municipal services whose text says the same about itself.
    riga = municipality("riga")
    need = NeedFactory(
        title="Pusdienas Latgales priekšpilsētas dienas centra apmeklētājiem",
        description=(
            "Latgales priekšpilsētā katru darbdienu līdz 2027. gada decembrim vajadzīgas "
            "siltas pusdienas 40 apmeklētājiem, kuru dzīvesvieta deklarēta naktspatversmē.\n"
            "Ēdienu piegādā līdz plkst. 12.00."
        ),
        municipality=riga,
        category=category("catering"),
    )
    need.instruments.add(instrument("purchasing"))
    enterprise(
        "Latgales parku kopēji",
        "park-maintenance",
        home="riga",
        text=(
            "Parku uzkopšana Latgales priekšpilsētā. Strādājam katru darbdienu līdz vēlam "
            "rudenim, nodarbinām cilvēkus, kuru dzīvesvieta deklarēta naktspatversmē."
        ),
    )
    refresh_need_matches(need)
    assert listed(need) == []
    assert outside(need) == []


def test_reasons_quote_the_words_the_officer_wrote():
    enterprise(
        "Zaļie pirksti",
        "gardening-landscaping",
        text="Dārzu kopšana.\nZāliena pļaušana, krūmu apgriešana un lapu grābšana parkos.",
    )
    need = park_need()
    refresh_need_matches(need)
    [match] = need.matches.listed()
    [keywords] = [reason for reason in match.reasons if reason["code"] == "keywords"]
    words = keywords["params"]["words"]
    written = f"{need.title} {need.description}".casefold()
    assert "pļaušana" in words and "grābšana" in words
    assert all(word in written for word in words), words
