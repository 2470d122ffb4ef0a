"""Signed links for saved searches of people without an account: each link names one search,
so it can confirm, change or delete that search and no other."""

from django.core import signing

from .models import CONFIRM_DAYS, SavedSearch

CONFIRM_SALT = "kopa.alerts.confirm"
MANAGE_SALT = "kopa.alerts.manage"
UNSUBSCRIBE_SALT = "kopa.alerts.unsubscribe"


def make_token(search: SavedSearch, salt: str) -> str:
    return signing.dumps(search.pk, salt=salt)


def read_token(token: str, salt: str) -> SavedSearch | None:
    """The search the link names, or None when it is forged, expired (a confirmation link
    lives as long as the unconfirmed search) or its search is gone. Management and
    unsubscribe links never expire: an old alert must still let people opt out."""
    max_age = CONFIRM_DAYS * 24 * 3600 if salt == CONFIRM_SALT else None
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return SavedSearch.objects.select_related("user").filter(pk=pk).first()
