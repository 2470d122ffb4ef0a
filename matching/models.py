"""A need matched with an enterprise: the score, the reasons, and what happened since."""

import hashlib

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from enterprises.models import Verification
from municipalities.models import PUBLIC_NEED_STATUSES


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("no capacity at the moment")
    NOT_OUR_SERVICE = "not_our_service", _("not a service we provide")
    AREA = "area", _("too far from where we work")
    TERMS = "terms", _("the budget or deadline does not suit us")
    OTHER = "other", _("another reason")


class Fit(models.TextChoices):
    """How a match qualifies; ``matching.scoring`` decides it, with the reasons."""

    STRONG = "strong", _("the service, where needed")
    RELATED = "related", _("a related service, where needed")
    OUTSIDE = "outside", _("the service, outside the area")
    # No longer fits, or no longer public; kept only because the enterprise had answered.
    NONE = "none", _("no longer fits")


LISTED_FITS = [Fit.STRONG, Fit.RELATED]


class MatchQuerySet(models.QuerySet):
    def public(self) -> "MatchQuerySet":
        """Matches whose every side may be shown: a verified enterprise's active offering
        for a need that is not a draft. Rescoring removes the others too; this makes sure
        no page or email shows one in between."""
        return self.filter(
            enterprise__verification=Verification.VERIFIED,
            offering__is_active=True,
            need__status__in=PUBLIC_NEED_STATUSES,
        )

    def listed(self) -> "MatchQuerySet":
        """The need's list: the service (or a related one, by its text) where it is needed."""
        return self.public().filter(fit__in=LISTED_FITS)

    def outside_area(self) -> "MatchQuerySet":
        """Enterprises with the service that do not say they work in the need's place."""
        return self.public().filter(fit=Fit.OUTSIDE)

    def ranked(self) -> "MatchQuerySet":
        """Best first; equal scores in an order that differs from need to need, so the same
        enterprises are not always last (see ``Match.fair_order``)."""
        return self.order_by("-score", "fair_order", "pk")

    def open_needs(self) -> "MatchQuerySet":
        return self.filter(need__status="open")

    def with_cards(self) -> "MatchQuerySet":
        """What a match card about an enterprise shows."""
        return self.select_related("enterprise__home_municipality", "offering__category")

    def for_need_page(self) -> "MatchQuerySet":
        """The listed matches of a need, as its pages show them."""
        return self.listed().with_cards()

    def for_enterprise_page(self) -> "MatchQuerySet":
        """The listed matches of an enterprise, as its pages show them."""
        return self.listed().select_related("need__municipality", "need__category", "enterprise")

    def with_cooperation(self) -> "MatchQuerySet":
        """Each match's cooperation on the need that is still going (``cooperation_id``), so
        the page offers no second invitation."""
        from cooperation.models import Cooperation, CooperationStatus

        ongoing = Cooperation.objects.filter(
            need=models.OuterRef("need"), enterprise=models.OuterRef("enterprise")
        ).exclude(status__in=[CooperationStatus.DECLINED, CooperationStatus.WITHDRAWN])
        return self.annotate(cooperation_id=models.Subquery(ongoing.values("pk")[:1]))

    def funnel(self) -> dict:
        """How far the matches got: matched, notified, viewed, interested, declined."""
        return self.aggregate(
            matched=Count("pk"),
            notified=Count("pk", filter=Q(notified_at__isnull=False)),
            viewed=Count("pk", filter=Q(viewed_at__isnull=False)),
            interested=Count("pk", filter=Q(interested_at__isnull=False)),
            declined=Count("pk", filter=Q(declined_at__isnull=False)),
        )


class Match(models.Model):
    need = models.ForeignKey(
        "municipalities.Need",
        verbose_name=_("need"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    offering = models.ForeignKey(
        "enterprises.Offering",
        verbose_name=_("best-fitting offering"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    missing = models.JSONField(_("what is missing"), default=list, blank=True)
    local = models.BooleanField(
        _("based in or serving the municipality"), default=False, editable=False
    )
    fit = models.CharField(
        _("fit"), max_length=10, choices=Fit.choices, default=Fit.STRONG, editable=False
    )
    fair_order = models.PositiveIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(_("matched"), auto_now_add=True)
    updated_at = models.DateTimeField(_("recomputed"), auto_now=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    viewed_at = models.DateTimeField(_("viewed"), null=True, blank=True)
    interested_at = models.DateTimeField(_("interested"), null=True, blank=True)
    declined_at = models.DateTimeField(_("not interested"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for not being interested"),
        max_length=20,
        choices=DeclineReason.choices,
        blank=True,
    )
    decline_note = models.CharField(_("note"), max_length=500, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["need", "enterprise"], name="match_once_per_pair"),
            models.CheckConstraint(
                condition=Q(interested_at__isnull=True) | Q(declined_at__isnull=True),
                name="match_interested_or_declined_not_both",
            ),
            models.CheckConstraint(
                condition=Q(declined_at__isnull=True) | ~Q(decline_reason=""),
                name="match_decline_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["need", "-score", "fair_order"]),
            models.Index(fields=["enterprise", "-score"]),
            models.Index(fields=["notified_at"]),
            models.Index(fields=["fit", "notified_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.enterprise} ({self.score})"

    @staticmethod
    def fair_order_for(need_id: int, enterprise_id: int) -> int:
        """A stable shuffle of equal scores that differs per need."""
        digest = hashlib.blake2b(f"{need_id}:{enterprise_id}".encode(), digest_size=4).digest()
        return int.from_bytes(digest, "big") & 0x7FFFFFFF  # fits PostgreSQL's integer

    @property
    def answered(self) -> bool:
        return self.interested_at is not None or self.declined_at is not None
