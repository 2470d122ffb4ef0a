"""Shortlists: named lists of social enterprises a municipality's officers keep while they
look around a market ("Tirgus izpēte: parku uzkopšana 2027"), with a private note on each.

A list belongs to the municipality, not to the officer who started it: every approved
officer of the municipality reads and changes it, nobody else does, and the enterprises on it
never learn of it (the entry has no reverse relation on the enterprise for that reason)."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import MembershipStatus
from enterprises.models import Offering, SocialEnterprise, Verification
from portal.fields import MultilineTextField, SingleLineCharField

NOTE_MAX_LENGTH = 2000


class ShortlistQuerySet(models.QuerySet):
    def kept_by(self, user) -> "ShortlistQuerySet":
        """The lists of every municipality the user is an approved officer of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            municipality__officers__user=user,
            municipality__officers__status=MembershipStatus.APPROVED,
        )

    def with_counts(self) -> "ShortlistQuerySet":
        return self.annotate(entry_count=Count("entries"))


class Shortlist(models.Model):
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="shortlists",
    )
    name = SingleLineCharField(_("name"), max_length=200)
    description = MultilineTextField(_("description"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = ShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            # Two lists of one name would be told apart only by their addresses.
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="shortlist_name_once_per_municipality",
                violation_error_message=_("Your municipality already has a list of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shortlists:shortlist-detail", kwargs={"pk": self.pk})


class ShortlistEntryQuerySet(models.QuerySet):
    def for_page(self) -> "ShortlistEntryQuerySet":
        """What a list's page and its CSV show of each entry, in a fixed number of queries."""
        return self.select_related(
            "enterprise__home_municipality", "added_by", "note_by"
        ).prefetch_related(
            Prefetch(
                "enterprise__offerings",
                queryset=Offering.objects.active().select_related("category").order_by("title"),
                to_attr="active_offerings",
            )
        )

    def invitable(self) -> "ShortlistEntryQuerySet":
        """Entries whose enterprise the public may still see, so it may be invited."""
        return self.filter(enterprise__verification=Verification.VERIFIED)


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(
        Shortlist, verbose_name=_("shortlist"), on_delete=models.CASCADE, related_name="entries"
    )
    # No reverse relation: nothing reached from an enterprise may lead to the lists it is on.
    enterprise = models.ForeignKey(
        SocialEnterprise,
        verbose_name=_("social enterprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = MultilineTextField(
        _("private note"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("Only your municipality's officers see it. The enterprise never does."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    # Who wrote the note as it reads now: it is part of that person's own data.
    note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("note written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note_updated_at = models.DateTimeField(_("note written"), null=True, blank=True)

    objects = ShortlistEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["enterprise__sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shortlist", "enterprise"],
                name="shortlist_entry_once_per_list",
                violation_error_message=_("This enterprise is already on the list."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.shortlist} → {self.enterprise}"

    @property
    def is_invitable(self) -> bool:
        return self.enterprise.verification == Verification.VERIFIED

    @property
    def services(self) -> list[str]:
        """Distinct services of the enterprise's active offerings; needs ``for_page()``."""
        seen = {}
        for offering in self.enterprise.active_offerings:
            seen.setdefault(offering.category_id, offering.category.name)
        return list(seen.values())
