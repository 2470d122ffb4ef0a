"""Signed links in match emails: answering a match and unsubscribing need no login."""

from django.core import signing

from accounts.models import User

from .models import Match

ANSWER_SALT = "kopa.matching.answer"
UNSUBSCRIBE_SALT = "kopa.matching.unsubscribe"
ANSWER_LINK_DAYS = 60


def answer_token(match: Match, person: User) -> str:
    """The link for one person: it answers only while they still represent the enterprise."""
    return signing.dumps({"match": match.pk, "person": person.pk}, salt=ANSWER_SALT, compress=True)


def read_answer_token(token: str) -> Match | None:
    """The match the link answers, or None when the link is forged, old, or its person no
    longer represents the enterprise."""
    try:
        value = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None  # a link from before links named their person
    match = (
        Match.objects.select_related("need__municipality", "enterprise")
        .filter(pk=value.get("match"))
        .first()
    )
    if (
        match is None
        or not match.enterprise.representatives.approved().filter(user=value.get("person")).exists()
    ):
        return None
    return match


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> User | None:
    """Unsubscribe links never expire: an old email must still let people opt out."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()
