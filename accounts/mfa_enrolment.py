"""A staff account's first authenticator is set up only after a link sent to the account's
own address is opened, in the same browser.

A stolen staff password is enough to sign in and to pass allauth's password re-check; were it
enough to enrol an authenticator too, the thief would hold both factors. The link proves the
person also reads the account's mail. It is bound to the browser session that asked for it
(a nonce kept in the session), so the owner opening it elsewhere confirms nobody else.
"""

import secrets
import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal.notifications import notify

from .models import User

SALT = "kopa.accounts.mfa-enrolment"
LINK_VALID_SECONDS = 30 * 60
CONFIRMATION_VALID_SECONDS = 30 * 60
RESEND_AFTER_SECONDS = 5 * 60
NONCE = "mfa_enrolment_nonce"
SENT_AT = "mfa_enrolment_sent_at"
CONFIRMED_AT = "mfa_enrolment_confirmed_at"


def _fresh(request: HttpRequest, key: str, seconds: int) -> bool:
    moment = request.session.get(key)
    return moment is not None and time.time() - moment < seconds


def account_address(user) -> str:
    """The account's own address: its verified primary one, else the one an administrator
    gave it (createsuperuser makes no EmailAddress rows)."""
    address = EmailAddress.objects.filter(user=user, verified=True, primary=True).first()
    return address.email if address else user.email


def require_confirmed_address(request: HttpRequest) -> HttpResponse | None:
    """None when this browser opened a fresh link; else a page saying a link was sent (a new
    one at most every few minutes, so reloading sends no flood of mail)."""
    if _fresh(request, CONFIRMED_AT, CONFIRMATION_VALID_SECONDS):
        return None
    address = account_address(request.user)
    if address and not _fresh(request, SENT_AT, RESEND_AFTER_SECONDS):
        send_link(request, address)
    return render(request, "accounts/mfa_enrolment_sent.html", {"has_address": bool(address)})


def send_link(request: HttpRequest, address: str) -> None:
    nonce = secrets.token_urlsafe(16)
    request.session[NONCE] = nonce
    request.session[SENT_AT] = time.time()
    token = signing.dumps({"user": request.user.pk, "nonce": nonce}, salt=SALT)
    url = settings.SITE_URL + reverse("accounts:mfa-enrolment-confirm", args=[token])
    user = request.user
    # The link goes to the account's own address, even where the user row says another.
    recipient = User(pk=user.pk, email=address, language=user.language)
    notify(users=[recipient], template="emails/mfa_enrolment", context={"url": url})


def confirm(request: HttpRequest, token: str) -> bool:
    """Whether the token was sent to this user for this browser, recently; if so, the
    browser may set up its authenticator for a while."""
    try:
        value = signing.loads(token, salt=SALT, max_age=LINK_VALID_SECONDS)
    except signing.BadSignature:
        return False
    nonce = request.session.get(NONCE)
    if value.get("user") != request.user.pk or not nonce:
        return False
    if not secrets.compare_digest(str(value.get("nonce")), nonce):
        return False
    request.session[CONFIRMED_AT] = time.time()
    del request.session[NONCE]
    return True
