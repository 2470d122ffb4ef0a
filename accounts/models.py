from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MatchEmails(models.TextChoices):
    IMMEDIATE = "immediate", _("at once")
    DAILY = "daily", _("in a daily digest")
    WEEKLY = "weekly", _("in a weekly digest")
    NONE = "none", _("never")


class User(AbstractUser):
    """The portal's user; roles (representative, officer) are memberships, not user fields."""

    match_emails = models.CharField(
        _("emails about matching needs"),
        max_length=10,
        choices=MatchEmails.choices,
        default=MatchEmails.IMMEDIATE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Follow-ups (followups.services): reminders before a deadline, needs nobody answered,
    # surveys after a cooperation, asking to confirm a profile. At most a few a week.
    reminder_emails = models.BooleanField(_("reminders and short surveys"), default=True)

    language = models.CharField(
        _("language for emails"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username

    def get_short_name(self) -> str:
        # Django admin greets with this, else the username allauth made up from the email.
        return self.first_name or self.email or self.username

    def withhold_staff_powers(self) -> None:
        """For this request only, act as a member without staff or superuser status and
        without model permissions (accounts.middleware: staff without a second factor).
        Saving the user still writes the real status."""
        if self.staff_powers_withheld:
            return
        self._withheld_status = (self.is_staff, self.is_superuser)
        self.is_staff = self.is_superuser = False
        # ModelBackend reads these caches before the database: empty, it finds no permission.
        self._perm_cache = self._user_perm_cache = self._group_perm_cache = set()

    def restore_staff_powers(self) -> None:
        if self.staff_powers_withheld:
            self.is_staff, self.is_superuser = self._withheld_status
            del self._withheld_status, self._perm_cache
            del self._user_perm_cache, self._group_perm_cache

    @property
    def staff_powers_withheld(self) -> bool:
        return hasattr(self, "_withheld_status")

    def save(self, *args, **kwargs) -> None:
        if not self.staff_powers_withheld:
            return super().save(*args, **kwargs)
        shown = (self.is_staff, self.is_superuser)
        self.is_staff, self.is_superuser = self._withheld_status
        try:
            super().save(*args, **kwargs)
        finally:
            self.is_staff, self.is_superuser = shown


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class MembershipQuerySet(models.QuerySet):
    def approved(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.APPROVED)

    def pending(self) -> "MembershipQuerySet":
        return self.filter(status=MembershipStatus.PENDING)


class Membership(models.Model):
    """A person's request to act for an organisation, and the decision on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.PENDING) | Q(decided_at__isnull=False),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
        ]

    @property
    def is_approved(self) -> bool:
        return self.status == MembershipStatus.APPROVED
