from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop, ngettext_lazy

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def user_display(user) -> str:
    """How allauth names a person ("Signed in as …"): their name, else their email.

    Never the username: allauth makes one up from the email address ("ilze.berzina"), and
    nobody recognises a name they never chose.
    """
    return user.get_full_name() or user.email or user.username


class AccountAdapter(DefaultAccountAdapter):
    """allauth speaking each person's language: the one they signed up in."""

    def save_user(self, request, user, form, commit=True):
        # The active language is the sign-up page's URL prefix (/lv/ or /en/).
        language = translation.get_language()
        if language in LANGUAGE_CODES:
            user.language = language
        return super().save_user(request, user, form, commit=commit)

    def recipient_language(self, email: str, user=None) -> str:
        """The language of the account behind `email`, else that of the current page.

        Notices such as "someone tried to sign up with your address" reach an existing owner
        who may read another language than whoever filled in the form.
        """
        if user is None:
            users = filter_users_by_email(email)
            user = users[0] if users else None
        if user is not None and user.language in LANGUAGE_CODES:
            return user.language
        return translation.get_language()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        with translation.override(self.recipient_language(email, context.get("user"))):
            super().send_mail(template_prefix, email, context)

    # These mails carry links, reversed under the active language's URL prefix: build them in
    # the recipient's language too, so the page a link opens speaks the language of the mail.

    def send_confirmation_mail(self, request, emailconfirmation, signup: bool) -> None:
        address = emailconfirmation.email_address
        with translation.override(self.recipient_language(address.email, address.user)):
            super().send_confirmation_mail(request, emailconfirmation, signup)

    def send_account_already_exists_mail(self, email: str) -> None:
        with translation.override(self.recipient_language(email)):
            super().send_account_already_exists_mail(email)

    def send_password_reset_mail(self, user, email: str, context: dict[str, Any]) -> None:
        # allauth built the link before calling us, in the language of the requesting page.
        with translation.override(self.recipient_language(email, user)):
            url = self.get_reset_password_from_key_url(f"{context['uid']}-{context['key']}")
            super().send_password_reset_mail(user, email, {**context, "password_reset_url": url})


# allauth's and Django's own messages whose Latvian locale/lv corrects (LOCALE_PATHS outranks
# their catalogues). Marked here so that makemessages keeps the corrections in our catalogue.
CORRECTED_IN_LATVIAN = [
    gettext_noop("Sign In"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Current Password"),
    gettext_noop("Please type your current password."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Re-send Verification"),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    # Every text's maximum length (Django's lv catalogue has "ne vairāk kā 5000 zīmei").
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    # Django's lv plural forms sit one place off ("5 mēnesis", "3 ieraksts", "15 iznākums").
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    ngettext_lazy("%(size)d byte", "%(size)d bytes", "size"),
    ngettext_lazy(
        "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"
    ),
    ngettext_lazy(
        "Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
    ngettext_lazy("%(counter)s result", "%(counter)s results", "counter"),
    ngettext_lazy("entry", "entries"),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "total_count"),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "count",
    ),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
    # Django admin's phrases decline the model name it cannot know ("Atlasīt sociālais
    # uzņēmums"); ours name "the record" and give the model name after it.
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Cannot delete %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop(
        "Deleting %(class_name)s %(instance)s would require deleting the following protected "
        "related objects: %(related_objects)s"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related "
        "objects, but your account doesn't have permission to delete the following types of "
        "objects:"
    ),
    gettext_noop(
        "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the "
        "following protected related objects:"
    ),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would result in deleting related objects, but "
        "your account doesn't have permission to delete the following types of objects:"
    ),
    gettext_noop(
        "Deleting the selected %(objects_name)s would require deleting the following protected "
        "related objects:"
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    ),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Added “%(object)s”."),
    gettext_noop("Changed “%(object)s” — %(changes)s"),
    gettext_noop("Deleted “%(object)s.”"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    # Django calls a permission group "kopa", which reads as the portal's name.
    gettext_noop("group"),
    gettext_noop("groups"),
    gettext_noop(
        "The groups this user belongs to. A user will get all permissions granted to each of "
        "their groups."
    ),
]
