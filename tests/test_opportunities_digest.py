"""New opportunities in the daily and weekly match digests: the at-once email's rule, caps
and record, so nobody hears of one twice and the law's reservations hold."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import MatchEmails
from enterprises.models import RegisterStatus
from matching.notifications import send_match_emails
from opportunities.models import OpportunityKind, OpportunityNotice
from opportunities.services import NOTICES_PER_WEEK, tell_suited_enterprises

from .factories import (
    NeedFactory,
    OfferingFactory,
    OpportunityFactory,
    SocialEnterpriseFactory,
    category,
    municipality,
    representative_of,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def later(hours: int = 1) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def caterer(name: str, email: str, *, emails=MatchEmails.DAILY, language="lv", **kwargs):
    enterprise = SocialEnterpriseFactory(
        name=name, home_municipality=municipality("riga"), **kwargs
    )
    OfferingFactory(
        enterprise=enterprise,
        title="Pusdienas skolām un dienas centriem",
        description="Gatavojam siltas pusdienas; virtuvē strādā cilvēki ar invaliditāti.",
        category=category("catering"),
    )
    person = representative_of(enterprise, email)
    person.match_emails = emails
    person.language = language
    person.save()
    return enterprise, person


def premises(title: str, *, terms="reduced_rent", slug="riga", **kwargs):
    opportunity = OpportunityFactory(
        municipality=municipality(slug),
        kind=OpportunityKind.PREMISES,
        title_lv=title,
        title_en=kwargs.pop("title_en", ""),
        description_lv="Telpas ar samazinātu nomas maksu sociālā uzņēmuma virtuvei un ēdnīcai.",
        address="Avotu iela 31, Rīga, pirmais stāvs ar atsevišķu ieeju",
        area_m2=Decimal("74"),
        terms=terms,
        closes_on=TODAY + datetime.timedelta(days=30),
        **kwargs,
    )
    opportunity.categories.add(category("catering"))
    return opportunity


def test_a_digest_with_only_opportunities_is_sent_once_in_latvian():
    caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv")
    first = premises("Virtuves telpas Rīgas Avotu ielā")
    second = premises("Ēdnīcas telpas Maskavas forštatē")
    assert send_match_emails(later()) == 1
    [message] = mail.outbox
    assert message.to == ["anna@rigas-virtuve.lv"]
    assert message.subject == "2 jaunas pašvaldību iespējas der jūsu uzņēmumam"
    assert "2 jaunas pašvaldību iespējas" in message.body
    assert "Virtuves telpas Rīgas Avotu ielā" in message.body
    assert "Ēdnīcas telpas Maskavas forštatē" in message.body
    assert "Der uzņēmumam: SIA “Rīgas Virtuve”." in message.body
    assert first.get_absolute_url() in message.body
    assert "vajadzīb" not in message.body  # no needs section without new needs
    assert OpportunityNotice.objects.filter(opportunity__in=[first, second]).count() == 2
    # Nothing new: the next day's digest is not sent, and nothing is repeated.
    assert send_match_emails(later(30)) == 0
    assert len(mail.outbox) == 1
    # Neither is the at-once path.
    assert tell_suited_enterprises(opportunity=first) == 0


@pytest.mark.parametrize(
    ("count", "heading"),
    [(1, "1 jauna pašvaldību iespēja"), (21, "21 jauna pašvaldību iespēja")],
)
def test_latvian_plurals_in_the_heading(count, heading, monkeypatch):
    monkeypatch.setattr("opportunities.services.NOTICES_PER_WEEK", 30)
    caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv")
    for number in range(count):
        premises(f"Virtuves telpas Avotu ielā {number + 1}")
    send_match_emails(later())
    [message] = mail.outbox
    assert f"{heading}\n" in message.body
    assert message.subject.startswith(heading.replace("pašvaldību", "pašvaldības"))


def test_needs_and_opportunities_share_one_digest_in_english():
    caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv", language="en")
    from matching.services import refresh_need_matches

    need = NeedFactory(
        title="Pusdienas Rīgas skolēniem",
        municipality=municipality("riga"),
        category=category("catering"),
    )
    refresh_need_matches(need)
    premises("Virtuves telpas Rīgas Avotu ielā", title_en="Kitchen premises on Avotu iela")
    assert send_match_emails(later()) == 1
    [message] = mail.outbox
    assert message.subject == "2 municipal needs and opportunities fit your enterprise"
    assert "Pusdienas Rīgas skolēniem" in message.body
    assert "1 new opportunity from municipalities" in message.body
    assert "Kitchen premises on Avotu iela" in message.body


def test_weekly_digest_waits_its_week_and_the_command_sends_it():
    _, person = caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv", emails=MatchEmails.WEEKLY)
    person.last_digest_at = timezone.now() - datetime.timedelta(days=2)
    person.save()
    premises("Virtuves telpas Rīgas Avotu ielā")
    assert send_match_emails(later()) == 0
    person.last_digest_at = timezone.now() - datetime.timedelta(days=8)
    person.save()
    call_command("send_match_emails")
    assert [message.to for message in mail.outbox] == [["anna@rigas-virtuve.lv"]]


# What must not happen.


def test_ceased_enterprise_never_gets_reserved_support_in_its_digest():
    caterer(
        "SIA “Bijusī Virtuve”",
        "juris@bijusi-virtuve.lv",
        register_status=RegisterStatus.CEASED,
        status_ended_on=datetime.date(2025, 6, 30),
    )
    premises("Virtuves telpas bez maksas", terms="free_use")
    OpportunityFactory(
        municipality=municipality("riga"),
        kind=OpportunityKind.TAX_RELIEF,
        title_lv="Nekustamā īpašuma nodokļa atlaide sociālajiem uzņēmumiem",
        regulation_number="Saistošie noteikumi Nr. 12",
        regulation_date=datetime.date(2024, 3, 28),
        relief_percent=90,
    ).categories.add(category("catering"))
    premises("Virtuves telpas par samazinātu nomu")
    send_match_emails(later())
    [message] = mail.outbox
    assert "Virtuves telpas par samazinātu nomu" in message.body
    assert "bez maksas" not in message.body
    assert "nodokļa atlaide" not in message.body


def test_drafts_closed_and_expired_opportunities_never_appear():
    caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv")
    premises("Melnraksts: telpas Avotu ielā", status="draft")
    premises("Slēgts: telpas Brīvības ielā", status="closed")
    premises("Beidzies: telpas Tērbatas ielā").__class__.objects.filter(
        title_lv__startswith="Beidzies"
    ).update(closes_on=TODAY - datetime.timedelta(days=1))
    assert send_match_emails(later()) == 0
    assert mail.outbox == []
    assert not OpportunityNotice.objects.exists()


def test_an_opportunity_told_at_once_is_not_repeated_in_the_digest():
    enterprise, person = caterer(
        "SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv", emails=MatchEmails.IMMEDIATE
    )
    told = premises("Virtuves telpas Rīgas Avotu ielā")
    assert tell_suited_enterprises(opportunity=told) == 1
    # She then switches to a daily digest; a colleague already reads it daily.
    person.match_emails = MatchEmails.DAILY
    person.save()
    representative_of(enterprise, "peteris@rigas-virtuve.lv").__class__.objects.filter(
        email="peteris@rigas-virtuve.lv"
    ).update(match_emails=MatchEmails.DAILY)
    fresh = premises("Ēdnīcas telpas Maskavas forštatē")
    mail.outbox.clear()
    assert send_match_emails(later()) == 2
    for message in mail.outbox:
        assert "Ēdnīcas telpas Maskavas forštatē" in message.body
        assert "Virtuves telpas Rīgas Avotu ielā" not in message.body
    assert OpportunityNotice.objects.filter(opportunity=fresh).count() == 1


def test_never_and_other_enterprises_get_nothing():
    caterer("SIA “Klusā Virtuve”", "karlis@klusa-virtuve.lv", emails=MatchEmails.NONE)
    # A daily reader whose enterprise serves only Latgale, and one who offers no catering.
    far = SocialEnterpriseFactory(
        name="SIA “Ludzas Virtuve”", home_municipality=municipality("ludzas-novads")
    )
    OfferingFactory(enterprise=far, category=category("catering"))
    representative_of(far, "ieva@ludzas-virtuve.lv").__class__.objects.filter(
        email="ieva@ludzas-virtuve.lv"
    ).update(match_emails=MatchEmails.DAILY)
    laundry = SocialEnterpriseFactory(
        name="SIA “Veļas māja”", home_municipality=municipality("riga")
    )
    OfferingFactory(enterprise=laundry, category=category("laundry"))
    representative_of(laundry, "ilze@velasmaja.lv").__class__.objects.filter(
        email="ilze@velasmaja.lv"
    ).update(match_emails=MatchEmails.DAILY)
    premises("Virtuves telpas Rīgas Avotu ielā")
    assert send_match_emails(later()) == 0
    assert mail.outbox == []


def test_the_weekly_cap_holds_across_both_paths():
    enterprise, _ = caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv")
    for number in range(NOTICES_PER_WEEK + 2):
        premises(f"Virtuves telpas nr. {number + 1}")
    send_match_emails(later())
    [message] = mail.outbox
    assert message.subject == f"{NOTICES_PER_WEEK} jaunas pašvaldību iespējas der jūsu uzņēmumam"
    assert OpportunityNotice.objects.filter(enterprise=enterprise).count() == NOTICES_PER_WEEK


def test_a_failed_digest_leaves_the_opportunity_for_the_next_run(monkeypatch):
    caterer("SIA “Rīgas Virtuve”", "anna@rigas-virtuve.lv")
    premises("Virtuves telpas Rīgas Avotu ielā")

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert send_match_emails(later()) == 0
    assert not OpportunityNotice.objects.exists()
