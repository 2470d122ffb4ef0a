"""Follow-ups that close the loop, each sent once, within a person's preferences and cap.

- A need nobody is interested in, 5 working days after it was published: its officer hears,
  with the next best matches and a "remind them" button (one reminder per enterprise per need).
- An enterprise that viewed a need and did not answer: one reminder 3 working days before
  the need's deadline.
- A cooperation completed 30 days ago, or still open 30 days after its planned end: both
  sides get a one-click survey.
- An enterprise profile nobody has confirmed for 12 months: "is this still right?".

``send_followups`` runs them all (daily, by the scheduler). Each email is claimed first by
inserting its ``FollowUp`` row — unique per kind, object, round and person — and sent after:
a second run, or another machine at the same moment, cannot claim the same row, so nobody
hears twice. A person who turned reminders off hears nothing; nobody hears more than
WEEKLY_CAP follow-ups in seven days (the log counts them).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cooperation.models import (
    AGREED_STATUSES,
    Cooperation,
    CooperationStatus,
    CooperationSurvey,
    Side,
)
from enterprises.models import SocialEnterprise, Verification
from matching.models import Match
from matching.services import refresh_enterprise_matches
from matching.tokens import answer_token
from municipalities.models import Need, NeedStatus
from portal.notifications import render_text

from .models import FollowUp, FollowUpKind
from .tokens import confirm_token, survey_token, unsubscribe_token
from .workdays import add_working_days

logger = logging.getLogger(__name__)

WEEKLY_CAP = 3  # follow-ups one person gets in seven days, of every kind together
QUIET_WORKING_DAYS = 5  # a need with no interested enterprise this long after publishing
REMIND_WORKING_DAYS = 3  # before the deadline, to those who viewed and did not answer
NEXT_BEST = 5  # matches the officer is shown to remind
SURVEY_AFTER = datetime.timedelta(days=30)
# Cooperations completed longer ago than this are not asked: memories fade, and the first
# run after an upgrade must not survey years of history.
SURVEY_UNTIL = datetime.timedelta(days=120)
CONFIRM_EVERY = datetime.timedelta(days=365)


@dataclass
class Letter:
    kind: str
    object_id: int
    recipient: User
    template: str
    context: dict = field(default_factory=dict)
    round: str = ""
    # Links made for this person (signed), from their language-free parts.
    links: dict = field(default_factory=dict)


def sent_this_week(person: User, now: datetime.datetime) -> int:
    return FollowUp.objects.filter(
        recipient=person, sent_at__gt=now - datetime.timedelta(days=7)
    ).count()


def _may_receive(person: User, now: datetime.datetime) -> bool:
    return (
        person.is_active
        and bool(person.email)
        and person.reminder_emails
        and sent_this_week(person, now) < WEEKLY_CAP
    )


def _message(letter: Letter) -> EmailMessage:
    person = letter.recipient
    unsubscribe_url = settings.SITE_URL + reverse(
        "followups:unsubscribe", args=[unsubscribe_token(person)]
    )
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            **letter.context,
            **letter.links,
            "recipient": person,
            "unsubscribe_url": unsubscribe_url,
            "site_url": settings.SITE_URL,
        }
        # One line, whatever a title in it holds: a line break in a header is refused.
        subject = " ".join(render_text(f"emails/{letter.template}_subject.txt", context).split())
        body = render_text(f"emails/{letter.template}.txt", context)
    return EmailMessage(
        subject,
        body,
        to=[person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def deliver(letters: list[Letter], now: datetime.datetime) -> int:
    """Claim each letter's row, then send it; returns how many went. A letter whose row
    exists (sent before, or by another run right now) is not sent; one the mail server
    refused gives its row back for the next run."""
    delivered = 0
    # Those sent before are left out here; the claim below still stops a run racing this one.
    sent_before = set(
        FollowUp.objects.filter(
            kind__in={letter.kind for letter in letters},
            object_id__in={letter.object_id for letter in letters},
        ).values_list("kind", "object_id", "round", "recipient_id")
    )
    for letter in letters:
        key = (letter.kind, letter.object_id, letter.round, letter.recipient.pk)
        if key in sent_before or not _may_receive(letter.recipient, now):
            continue
        try:
            with transaction.atomic():
                claim = FollowUp.objects.create(
                    kind=letter.kind,
                    object_id=letter.object_id,
                    round=letter.round,
                    recipient=letter.recipient,
                    sent_at=now,
                )
        except IntegrityError:
            continue
        try:
            _message(letter).send()
        except Exception:  # the mail server, not us: the next run tries again
            logger.exception("A %s follow-up to user %s failed.", letter.kind, letter.recipient.pk)
            claim.delete()
        else:
            delivered += 1
    return delivered


def _officers_of(need: Need) -> list[User]:
    """Who hears about a need: the officer who wrote it while they still act for the
    municipality, else every approved officer of it."""
    officers = User.objects.filter(
        officers__municipality=need.municipality_id, officers__status="approved"
    ).distinct()
    author = [person for person in officers if person.pk == need.created_by_id]
    return author or list(officers)


def _representatives_of(enterprise_id: int) -> list[User]:
    return list(
        User.objects.filter(
            representatives__enterprise=enterprise_id, representatives__status="approved"
        ).distinct()
    )


def _site(path: str) -> str:
    return settings.SITE_URL + path


# --- A need nobody is interested in.


def quiet_needs(now: datetime.datetime) -> list[Need]:
    """Open needs published at least QUIET_WORKING_DAYS working days ago that no enterprise
    has said it is interested in, nor proposed to cooperate on."""
    today = timezone.localdate(now)
    needs = (
        Need.objects.open()
        .filter(published_at__lte=now)
        .exclude(Exists(Match.objects.filter(need=OuterRef("pk"), interested_at__isnull=False)))
        .exclude(Exists(Cooperation.objects.filter(need=OuterRef("pk"))))
        .select_related("municipality")
    )
    return [
        need
        for need in needs
        if add_working_days(timezone.localdate(need.published_at), QUIET_WORKING_DAYS) <= today
    ]


def next_best(need: Need):
    """The need's best listed matches that have not said no, for the officer to remind."""
    return need.matches.listed().filter(declined_at__isnull=True).ranked().with_cards()


def need_letters(now: datetime.datetime) -> list[Letter]:
    letters = []
    for need in quiet_needs(now):
        matches = list(next_best(need)[:NEXT_BEST])
        page = _site(reverse("followups:need-followup", args=[need.pk]))
        for officer in _officers_of(need):
            letters.append(
                Letter(
                    FollowUpKind.NEED_WITHOUT_INTEREST,
                    need.pk,
                    officer,
                    "followup_need_without_interest",
                    {"need": need, "matches": matches, "followup_url": page},
                )
            )
    return letters


# --- Viewed, not answered: a reminder before the deadline.


def unanswered_viewed(now: datetime.datetime) -> list[Match]:
    """Listed matches of open needs the enterprise viewed and did not answer (nor propose
    on), within REMIND_WORKING_DAYS working days of the deadline."""
    today = timezone.localdate(now)
    matches = (
        Match.objects.open_needs()
        .listed()
        .filter(
            viewed_at__isnull=False,
            interested_at__isnull=True,
            declined_at__isnull=True,
            need__deadline__gte=today,
        )
        .exclude(
            Exists(
                Cooperation.objects.filter(need=OuterRef("need"), enterprise=OuterRef("enterprise"))
            )
        )
        .select_related("need__municipality", "enterprise")
    )
    return [
        match
        for match in matches
        if add_working_days(match.need.deadline, -REMIND_WORKING_DAYS) <= today
    ]


def _match_letter(kind: str, match: Match, person: User, extra: dict | None = None) -> Letter:
    answer_url = _site(reverse("matching:answer-by-link", args=[answer_token(match, person)]))
    return Letter(
        kind,
        match.pk,
        person,
        "followup_reminder",
        {"match": match, "need": match.need, **(extra or {})},
        links={"answer_url": answer_url},
    )


def reminder_letters(now: datetime.datetime) -> list[Letter]:
    return [
        _match_letter(FollowUpKind.DEADLINE_REMINDER, match, person)
        for match in unanswered_viewed(now)
        for person in _representatives_of(match.enterprise_id)
    ]


def already_reminded(match: Match) -> bool:
    return FollowUp.objects.filter(kind=FollowUpKind.OFFICER_REMINDER, object_id=match.pk).exists()


@transaction.atomic
def remind_enterprise(*, match: Match, by: User, now: datetime.datetime | None = None) -> int:
    """The officer's "remind them": once per enterprise per need, to its representatives
    who take reminders. Returns how many were emailed."""
    now = now or timezone.now()
    # Locked, so two clicks (or two officers) at once remind once.
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("need__municipality", "enterprise")
        .get(pk=match.pk)
    )
    if match.need.status != NeedStatus.OPEN or match.answered:
        raise ValidationError(_("This enterprise has answered, or the need is no longer open."))
    if already_reminded(match):
        raise ValidationError(_("This enterprise has already been reminded about this need."))
    letters = [
        _match_letter(FollowUpKind.OFFICER_REMINDER, match, person, {"asked_by": by})
        for person in _representatives_of(match.enterprise_id)
    ]
    return deliver(letters, now)


# --- A survey 30 days after a cooperation was completed or should have ended.


def survey_due(now: datetime.datetime):
    """Completed cooperations 30 to 120 days after completion, and agreed or running ones 30
    to 120 days after their planned end (whose record nobody completed). Ended early,
    withdrawn or declined ones are not asked: they did not happen. A cooperation asked
    after its planned end is not asked again once completed: the log has its row."""
    today = timezone.localdate(now)
    return Cooperation.objects.filter(
        Q(
            status=CooperationStatus.COMPLETED,
            completed_at__lte=now - SURVEY_AFTER,
            completed_at__gt=now - SURVEY_UNTIL,
        )
        | Q(
            status__in=AGREED_STATUSES,
            planned_end__lte=today - SURVEY_AFTER,
            planned_end__gt=today - SURVEY_UNTIL,
        )
    ).select_related("municipality", "enterprise")


def survey_letters(now: datetime.datetime) -> list[Letter]:
    letters = []
    for cooperation in survey_due(now):
        answered = set(cooperation.surveys.values_list("side", flat=True))
        sides = {
            Side.ENTERPRISE: _representatives_of(cooperation.enterprise_id),
            Side.MUNICIPALITY: list(
                User.objects.filter(
                    officers__municipality=cooperation.municipality_id,
                    officers__status="approved",
                ).distinct()
            ),
        }
        for side, people in sides.items():
            if side in answered:
                continue
            for person in people:
                token = survey_token(cooperation, side, person)
                letters.append(
                    Letter(
                        FollowUpKind.COOPERATION_SURVEY,
                        cooperation.pk,
                        person,
                        "followup_survey",
                        {"cooperation": cooperation},
                        links={
                            "survey_url": _site(reverse("followups:survey-by-link", args=[token]))
                        },
                    )
                )
    return letters


@transaction.atomic
def save_survey(
    *,
    cooperation: Cooperation,
    side: str,
    by: User,
    data: dict,
    now: datetime.datetime | None = None,
) -> CooperationSurvey:
    """Record one side's answer (its latest answer counts). The caller has established
    that ``by`` acts for ``side``: the other side's answer is never touched."""
    if not cooperation.is_surveyable(timezone.localdate(now)):
        raise ValidationError(
            _("Only a completed cooperation, or one past its planned end, can be surveyed.")
        )
    survey = (
        CooperationSurvey.objects.select_for_update()
        .filter(cooperation=cooperation, side=side)
        .first()
    ) or CooperationSurvey(cooperation=cooperation, side=side)
    for name in SURVEY_FIELDS:
        setattr(survey, name, data.get(name))
    survey.answered_by = by
    survey.answered_at = now or timezone.now()
    survey.full_clean()
    survey.save()
    return survey


SURVEY_FIELDS = [
    "happened_as_planned",
    "value_eur",
    "jobs_created",
    "target_group_people",
    "would_have_found_without_portal",
]


# --- "Is this still right?" 12 months after the profile was last confirmed.


def unconfirmed_enterprises(now: datetime.datetime):
    """Verified enterprises whose profile was last confirmed (or, never confirmed, created)
    CONFIRM_EVERY ago or longer, with that date as ``confirmed_since``."""
    return (
        SocialEnterprise.objects.filter(verification=Verification.VERIFIED)
        .annotate(confirmed_since=Coalesce("profile_confirmed_at", "created_at"))
        .filter(confirmed_since__lte=now - CONFIRM_EVERY)
    )


def confirmation_letters(now: datetime.datetime) -> list[Letter]:
    letters = []
    for enterprise in unconfirmed_enterprises(now):
        for person in _representatives_of(enterprise.pk):
            token = confirm_token(enterprise, person)
            letters.append(
                Letter(
                    FollowUpKind.PROFILE_CONFIRMATION,
                    enterprise.pk,
                    person,
                    "followup_confirm_profile",
                    {"enterprise": enterprise},
                    # Asked once per confirmation: confirming starts a new round.
                    round=enterprise.confirmed_since.date().isoformat(),
                    links={
                        "confirm_url": _site(reverse("followups:confirm-profile", args=[token])),
                        "edit_url": _site(
                            reverse("enterprises:enterprise-edit", args=[enterprise.slug])
                        ),
                    },
                )
            )
    return letters


@transaction.atomic
def confirm_profile(
    *, enterprise: SocialEnterprise, by: User, now: datetime.datetime | None = None
) -> SocialEnterprise:
    """A representative says the profile is still right: dated, shown, and rescored."""
    enterprise = SocialEnterprise.objects.select_for_update().get(pk=enterprise.pk)
    enterprise.profile_confirmed_at = now or timezone.now()
    enterprise._history_user = by
    enterprise.save(update_fields=["profile_confirmed_at", "updated_at"])
    refresh_enterprise_matches(enterprise)
    return enterprise


def send_followups(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Every follow-up that is due, each once. Returns how many went, by kind. The most
    time-bound go first, so the weekly cap leaves out a profile check before a deadline."""
    now = now or timezone.now()
    sent = {}
    for kind, letters in (
        (FollowUpKind.DEADLINE_REMINDER, reminder_letters),
        (FollowUpKind.NEED_WITHOUT_INTEREST, need_letters),
        (FollowUpKind.COOPERATION_SURVEY, survey_letters),
        (FollowUpKind.PROFILE_CONFIRMATION, confirmation_letters),
    ):
        sent[kind] = deliver(letters(now), now)
    return sent
