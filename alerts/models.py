import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.fields import SingleLineCharField

# An unconfirmed search from someone without an account is deleted after this long, and so
# is its confirmation link's validity.
CONFIRM_DAYS = 7


class SearchKind(models.TextChoices):
    """Which list the search was saved on."""

    ENTERPRISES = "enterprises", _("social enterprises")
    NEEDS = "needs", _("needs of municipalities")
    OPPORTUNITIES = "opportunities", _("opportunities")


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


def _local_midnight(moment: datetime.datetime, days_back: int = 0) -> datetime.datetime:
    day = timezone.localdate(moment) - datetime.timedelta(days=days_back)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class SavedSearchQuerySet(models.QuerySet):
    def confirmed(self) -> "SavedSearchQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def due(self, now: datetime.datetime) -> "SavedSearchQuerySet":
        """Confirmed searches whose last alert was on an earlier day (daily) or at least
        seven days ago (weekly). By calendar day in Riga, not by 24 hours: a timer that fires
        a few seconds earlier tomorrow must still find today's searches due."""
        return self.confirmed().filter(
            Q(frequency=Frequency.DAILY, last_sent_at__lt=_local_midnight(now))
            | Q(frequency=Frequency.WEEKLY, last_sent_at__lt=_local_midnight(now, days_back=6))
        )

    def expired(self, now: datetime.datetime) -> "SavedSearchQuerySet":
        """Never confirmed within the time the confirmation link is valid."""
        return self.filter(
            confirmed_at__isnull=True,
            created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS),
        )


class SavedSearch(models.Model):
    """The filters and query of a list, kept so that what is new on it can be emailed.

    A signed-in person's search belongs to their account and is confirmed at once; anyone
    else's is kept with an address and confirmed by a link sent to it first."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_searches",
    )
    # Only for someone without an account: a signed-in person's alerts follow their account.
    email = models.EmailField(_("email"), blank=True)
    kind = models.CharField(_("list"), max_length=20, choices=SearchKind.choices)
    # Normalised from the list's FilterSet: its valid, non-empty filters in a fixed order.
    querystring = models.CharField(_("filters"), max_length=1000, blank=True)
    name = SingleLineCharField(_("name"), max_length=200)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(
        pgettext_lazy("saved search", "confirmed"), null=True, blank=True
    )
    # When the last alert went out (before the first one: when the search was confirmed).
    # What was verified or published after it is new. Claimed by compare-and-set, so two
    # runs of send_alerts never send one alert twice.
    last_sent_at = models.DateTimeField(_("last alert"), null=True, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["frequency", "last_sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""),
                name="saved_search_has_recipient",
                violation_error_message=_("A saved search needs an account or an email address."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(last_sent_at__isnull=False),
                name="saved_search_confirmed_has_start",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="saved_search_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SearchKind.values), name="saved_search_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def recipient(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
