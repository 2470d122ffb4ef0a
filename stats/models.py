"""What the portal counts about its own use: public searches that found nothing, and views of
enterprises' pages. Counters only, by month or day: no address, no browser, and nobody's
search tied to them. They live here, not in the apps whose pages are counted, because they
exist for the statistics and the enterprise's view counts, and nothing else reads them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A search longer than this is cut at a word: a folded query is stored, never a pasted text.
QUERY_MAX_LENGTH = 100
# An enterprise's representatives see its page's views over this many days, today included;
# which officer looked is forgotten after that (``services.forget_officer_views``).
VIEW_DAYS = 90


class Board(models.TextChoices):
    DIRECTORY = "directory", _("directory of social enterprises")
    NEEDS = "needs", _("needs board")
    OPPORTUNITIES = "opportunities", _("opportunities board")


class SearchMiss(models.Model):
    """How many public searches for a query on a board found nothing in a month."""

    board = models.CharField(_("where"), max_length=20, choices=Board.choices)
    query = models.CharField(_("search"), max_length=QUERY_MAX_LENGTH)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "query", "month"], name="search_miss_once_per_month"
            ),
            # No CHECK on the month's day: SQLite would write it with a Django function that
            # plain sqlite3 (scripts/restore.sh) cannot run. record_search_miss sets the 1st.
        ]
        indexes = [models.Index(fields=["month", "-count"])]

    def __str__(self) -> str:
        return self.query


class ProfileView(models.Model):
    """Views of an enterprise's public page on a day, by people and not by its own
    representatives or by robots."""

    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("social enterprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("profile views on a day")
        verbose_name_plural = _("profile views by day")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "day"], name="profile_view_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.day}: {self.views}"


class OfficerProfileView(models.Model):
    """A municipal officer looked at an enterprise's page on a day (once a day however often),
    so the enterprise can learn how many officers did, never which."""

    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("social enterprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("officer's view of a profile")
        verbose_name_plural = _("officers' views of profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "day", "officer"], name="officer_profile_view_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.day}: {self.officer_id}"
