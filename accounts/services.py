"""Writes to a person's account that have side effects."""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import router, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.notifications import notify

from .models import User
from .personal_data import history_links

# Session engines whose sessions live in the database, where a person's can be found.
DATABASE_SESSIONS = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Delete the person and everything that is theirs alone; keep the organisations' records.

    Goes: the account, its email addresses, memberships, sessions and second factors, the
    admin log entries about any of them, the change history of their own objects (their
    memberships), and their name on anyone else's history. Stays, without their name: the
    enterprises and municipalities they acted for, needs, cooperations, messages and steps
    (shown as by a former user), and the history of those. A confirmation goes to the
    address that was the account's, in its language.
    """
    recipient = User(email=user.email, language=user.language)
    pk = user.pk
    _forget_admin_log_entries(user)
    _end_sessions(user)
    # Cascades to what is the person's own; SET_NULL on what they wrote for others.
    user.delete()
    # Deleting the memberships has just added history rows, naming the person too.
    for links in history_links():
        rows = links.model.objects
        owned = Q(pk__in=[])
        for column in links.owner:
            owned |= Q(**{column: pk})
        rows.filter(owned).delete()
        for column in links.actors:
            rows.filter(**{column: pk}).update(**{column: None})
    transaction.on_commit(
        lambda: notify(
            users=[recipient],
            template="emails/account_deleted",
            context={"operator_email": settings.KOPA_OPERATOR_EMAIL},
        )
    )


def _forget_admin_log_entries(user: User) -> None:
    """Django admin's log names each object it changed as the object read then: for the
    account and memberships, the person's name or address."""
    collector = Collector(using=router.db_for_write(User))
    collector.collect([user])
    doomed = Q(pk__in=[])
    for model, instances in collector.data.items():
        doomed |= _log_entries_about(model, [instance.pk for instance in instances])
    for queryset in collector.fast_deletes:
        doomed |= _log_entries_about(queryset.model, list(queryset.values_list("pk", flat=True)))
    LogEntry.objects.filter(doomed).delete()


def _log_entries_about(model, pks: list) -> Q:
    if not pks or model is LogEntry:
        return Q(pk__in=[])
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])


def _end_sessions(user: User) -> None:
    """Log the person out everywhere. Sessions kept only in a cache cannot be looked up; they
    end by themselves, as a session whose person no longer exists is anonymous."""
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
        return
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            store(session.session_key).delete()
