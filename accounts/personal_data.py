"""Everything Kopā holds about one person, as a JSON-ready dict: what they can download
under GDPR Articles 15 (access) and 20 (portability).

Also the map of where a person appears in django-simple-history's tables, which account
deletion uses to remove them from the change history.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.db.models import Model, Q
from django.utils import timezone
from simple_history.models import HistoricalChanges

from alerts.models import SavedSearch
from cooperation.models import (
    Cooperation,
    CooperationEvent,
    CooperationMessage,
    CooperationSurvey,
)
from enterprises.models import Representative
from followups.models import FollowUp
from municipalities.models import Need, Officer
from shortlists.models import ShortlistEntry
from stats.models import OfficerProfileView

from .models import User

FORMAT = "kopa-personal-data"
VERSION = 1
HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def timestamp(value: datetime.datetime | None) -> str | None:
    """RFC 3339 in UTC, to the second."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


@dataclass(frozen=True)
class HistoryLinks:
    """Where a historical model names a person.

    ``owner``: columns naming the person an object belongs to (a membership's ``user``: not
    nullable on the tracked model), whose history is that person's own. ``actors``: columns
    naming someone who acted on the object (``history_user``, ``decided_by``,
    ``created_by``...), which are someone else's record with the person mentioned in it.
    """

    model: type[Model]
    owner: tuple[str, ...]
    actors: tuple[str, ...]


def history_links() -> list[HistoryLinks]:
    """Every historical model that names a person, with the columns that do."""
    links = []
    for model in apps.get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        owner, actors = [], []
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is not User:
                continue
            if field.name == "history_user":
                actors.append(field.attname)
                continue
            tracked = model.instance_type._meta.get_field(field.name)
            (actors if tracked.null else owner).append(field.attname)
        if owner or actors:
            links.append(HistoryLinks(model, tuple(owner), tuple(actors)))
    return links


def personal_data(user: User) -> dict:
    """The person's account and what they did in Kopā, in a fixed number of queries."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": timestamp(timezone.now()),
        "portal": settings.SITE_URL,
        "account": account(user),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "enterprise_memberships": [
            {
                "enterprise": membership.enterprise.name,
                "registration_number": membership.enterprise.registration_number,
                "status": membership.status,
                "role": membership.role,
                "connection": membership.connection,
                "authorisation_url": membership.authorisation_url,
                "requested_at": timestamp(membership.requested_at),
                "decided_at": timestamp(membership.decided_at),
            }
            for membership in Representative.objects.filter(user=user)
            .select_related("enterprise")
            .order_by("requested_at", "pk")
        ],
        "municipality_memberships": [
            {
                "municipality": officer.municipality.name,
                "status": officer.status,
                "approved_by_official_email_domain": officer.approved_by_domain,
                "requested_at": timestamp(officer.requested_at),
                "decided_at": timestamp(officer.decided_at),
            }
            for officer in Officer.objects.filter(user=user)
            .select_related("municipality")
            .order_by("requested_at", "pk")
        ],
        "needs_created": [
            {
                "id": need.pk,
                "title": need.title,
                "municipality": need.municipality.name,
                "status": need.status,
                "created_at": timestamp(need.created_at),
            }
            for need in Need.objects.filter(created_by=user)
            .select_related("municipality")
            .order_by("created_at", "pk")
        ],
        "cooperations_started": [
            {
                "id": cooperation.pk,
                "title": cooperation.title,
                "at": timestamp(cooperation.created_at),
            }
            for cooperation in Cooperation.objects.filter(created_by=user).order_by(
                "created_at", "pk"
            )
        ],
        "cooperation_steps": [
            {
                "cooperation": event.cooperation_id,
                "cooperation_title": event.cooperation.title,
                "side": event.side,
                "action": event.action,
                "from_status": event.from_status or None,
                "to_status": event.to_status,
                "comment": event.comment,
                "at": timestamp(event.at),
            }
            for event in CooperationEvent.objects.filter(by=user).select_related("cooperation")
        ],
        "cooperation_messages": [
            {
                "cooperation": message.cooperation_id,
                "cooperation_title": message.cooperation.title,
                "side": message.side,
                "text": message.text,
                "at": timestamp(message.at),
            }
            for message in CooperationMessage.objects.filter(author=user).select_related(
                "cooperation"
            )
        ],
        # Notes are private to the municipality, but what the person wrote is theirs to see.
        "shortlist_notes": [
            {
                "shortlist": entry.shortlist.name,
                "municipality": entry.shortlist.municipality.name,
                "enterprise": entry.enterprise.name,
                "note": entry.note,
                "at": timestamp(entry.note_updated_at),
            }
            for entry in ShortlistEntry.objects.filter(note_by=user)
            .select_related("shortlist__municipality", "enterprise")
            .order_by("note_updated_at", "pk")
        ],
        "saved_searches": [
            {
                "name": search.name,
                "list": search.kind,
                "filters": search.querystring,
                "frequency": search.frequency,
                "language": search.language,
                "created_at": timestamp(search.created_at),
                "confirmed_at": timestamp(search.confirmed_at),
                "last_alert_at": timestamp(search.last_sent_at),
            }
            for search in SavedSearch.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "survey_answers": [
            {
                "cooperation": answer.cooperation_id,
                "cooperation_title": answer.cooperation.title,
                "side": answer.side,
                "happened_as_planned": answer.happened_as_planned,
                "value_eur": str(answer.value_eur) if answer.value_eur is not None else None,
                "jobs_created": answer.jobs_created,
                "target_group_people": answer.target_group_people,
                "would_have_found_without_portal": answer.would_have_found_without_portal,
                "answered_at": timestamp(answer.answered_at),
            }
            for answer in CooperationSurvey.objects.filter(answered_by=user)
            .select_related("cooperation")
            .order_by("answered_at", "pk")
        ],
        "follow_up_emails": [
            {"kind": sent.kind, "about": sent.object_id, "sent_at": timestamp(sent.sent_at)}
            for sent in FollowUp.objects.filter(recipient=user).order_by("sent_at", "pk")
        ],
        # Kept 90 days, so an enterprise can learn how many officers looked, never which.
        "enterprise_pages_viewed": [
            {"enterprise": view.enterprise.name, "day": view.day.isoformat()}
            for view in OfficerProfileView.objects.filter(officer=user)
            .select_related("enterprise")
            .order_by("day", "pk")
        ],
        "change_history": change_history(user),
    }


def account(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "match_emails": user.match_emails,
        "last_digest_at": timestamp(user.last_digest_at),
        "date_joined": timestamp(user.date_joined),
        "last_login": timestamp(user.last_login),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
    }


def change_history(user: User) -> list[dict]:
    """The history records the person made (``history_user``), or that are about their own
    objects (their memberships), one query per historical model."""
    entries = []
    for links in history_links():
        model = links.model
        about = Q(pk__in=[])
        for column in links.owner:
            about |= Q(**{column: user.pk})
        made = Q(history_user_id=user.pk)
        object_id = model.instance_type._meta.pk.attname
        own_fields = [
            field.attname
            for field in model._meta.concrete_fields
            if not field.name.startswith("history_")
        ]
        for row in model.objects.filter(about | made).order_by("history_date", "history_id"):
            is_subject = any(getattr(row, column) == user.pk for column in links.owner)
            entry = {
                "record": model.instance_type._meta.label_lower,
                "object_id": getattr(row, object_id),
                "change": HISTORY_TYPES.get(row.history_type, row.history_type),
                "at": timestamp(row.history_date),
                "made_by_you": row.history_user_id == user.pk,
                "about_you": is_subject,
                "reason": row.history_change_reason,
            }
            if is_subject:
                entry["values"] = {
                    column: json_value(getattr(row, column)) for column in own_fields
                }
            entries.append(entry)
    entries.sort(key=lambda entry: entry["at"] or "")
    return entries


def json_value(value):
    if isinstance(value, datetime.datetime):
        return timestamp(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
