"""Signed links in follow-up emails: one click answers, confirms or unsubscribes, no login.

Each link names its object and its person; it works only while that person still acts for
the side the link was made for, so a forwarded old email stops working when they leave."""

from django.core import signing

from accounts.models import User
from cooperation.models import Cooperation, Side
from enterprises.models import SocialEnterprise

SURVEY_SALT = "kopa.followups.survey"
CONFIRM_SALT = "kopa.followups.confirm-profile"
UNSUBSCRIBE_SALT = "kopa.followups.unsubscribe"
LINK_DAYS = 90


def survey_token(cooperation: Cooperation, side: str, person: User) -> str:
    value = {"cooperation": cooperation.pk, "side": side, "person": person.pk}
    return signing.dumps(value, salt=SURVEY_SALT, compress=True)


def _load(token: str, salt: str) -> dict | None:
    try:
        value = signing.loads(token, salt=salt, max_age=LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def read_survey_token(token: str) -> tuple[Cooperation, str, User] | None:
    """The cooperation, side and person the link answers for, or None."""
    value = _load(token, SURVEY_SALT)
    if value is None:
        return None
    cooperation = (
        Cooperation.objects.select_related("municipality", "enterprise")
        .filter(pk=value.get("cooperation"))
        .first()
    )
    person = User.objects.filter(pk=value.get("person"), is_active=True).first()
    side = value.get("side")
    if cooperation is None or person is None or side_of(cooperation, person) != side:
        return None
    return cooperation, side, person


def side_of(cooperation: Cooperation, person: User) -> str | None:
    """The side the person acts for in the cooperation, or None."""
    if cooperation.enterprise.representatives.approved().filter(user=person).exists():
        return Side.ENTERPRISE
    if cooperation.municipality.officers.approved().filter(user=person).exists():
        return Side.MUNICIPALITY
    return None


def confirm_token(enterprise: SocialEnterprise, person: User) -> str:
    return signing.dumps({"enterprise": enterprise.pk, "person": person.pk}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> tuple[SocialEnterprise, User] | None:
    value = _load(token, CONFIRM_SALT)
    if value is None:
        return None
    enterprise = SocialEnterprise.objects.filter(pk=value.get("enterprise")).first()
    if enterprise is None:
        return None
    membership = (
        enterprise.representatives.approved()
        .filter(user=value.get("person"), user__is_active=True)
        .select_related("user")
        .first()
    )
    return (enterprise, membership.user) if membership else None


def unsubscribe_token(user: User) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> User | None:
    """Unsubscribe links never expire: an old email must still let people opt out."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()
