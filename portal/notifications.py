"""Email to people, in the language each of them chose."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from accounts.models import User

logger = logging.getLogger(__name__)


def render_text(template_name: str, context: dict) -> str:
    """A plain-text email template, rendered without HTML escaping: the mail says
    “Zaļā & Co”, not “Zaļā &amp; Co”."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def notify(*, users, template: str, context: dict) -> int:
    """Send ``templates/<template>_subject.txt`` and ``<template>.txt`` to each user, rendered
    in that user's language. Returns how many messages went out; a message that could not
    be sent is logged."""
    sent = 0
    for user in users:
        if not user.email:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            full_context = {**context, "recipient": user, "site_url": settings.SITE_URL}
            # One line, whatever a name in it holds: a line break in a header is refused.
            subject = " ".join(render_text(f"{template}_subject.txt", full_context).split())
            body = render_text(f"{template}.txt", full_context)
        # Mail goes after the action is saved: a mail server that fails must not turn the
        # saved action into an error page, nor stop the mail to the next person.
        try:
            sent += send_mail(subject, body, None, [user.email])
        except Exception:
            logger.exception("Could not send %s to user %s", template, user.pk)
    return sent


def staff_users():
    """Administrators who curate the portal and hear about new requests."""
    return User.objects.filter(is_staff=True, is_active=True).exclude(email="")
