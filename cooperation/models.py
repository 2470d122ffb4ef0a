"""The shared vocabulary both sides speak (cooperation instruments, service categories,
target groups, CPV codes and fields of activity, curated in Django admin), and the
cooperations municipalities and social enterprises record together."""

import datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.fields import MultilineTextField, SingleLineCharField
from portal.i18n import Translated
from portal.versioning import Versioned


class VocabularyItem(models.Model):
    """A named term in Latvian and English, in the order curators give it."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name_lv = models.CharField(_("name (Latvian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Translated()

    class Meta:
        abstract = True
        ordering = ["position", "name_lv"]

    def __str__(self) -> str:
        return self.name


class CooperationKind(models.TextChoices):
    LIGHT = "light", _("Light cooperation")
    TARGETED = "targeted", _("Targeted cooperation")


class Instrument(VocabularyItem):
    """One instrument of cooperation, e.g. information support or buying goods and services."""

    kind = models.CharField(_("kind"), max_length=10, choices=CooperationKind.choices)
    description_lv = models.TextField(_("description (Latvian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audience_lv = models.TextField(_("who can use it (Latvian)"), blank=True)
    audience_en = models.TextField(_("who can use it (English)"), blank=True)
    legal_basis_lv = models.TextField(_("legal basis (Latvian)"), blank=True)
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    requires_register_status = models.BooleanField(
        _("only for registered social enterprises"),
        default=False,
        help_text=_(
            "The Social Enterprise Law reserves this instrument for enterprises with an active "
            "status in the Ministry of Welfare register."
        ),
    )

    description = Translated()
    audience = Translated()
    legal_basis = Translated()

    class Meta(VocabularyItem.Meta):
        verbose_name = _("cooperation instrument")
        verbose_name_plural = _("cooperation instruments")
        ordering = ["kind", "position", "name_lv"]
        indexes = [models.Index(fields=["kind", "position"])]


class ServiceCategory(VocabularyItem):
    """Two levels: a field (e.g. municipal services) and the concrete services under it."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta(VocabularyItem.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("Categories have two levels: choose a top-level category.")}
            )
        if self.parent_id and self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This category has subcategories, so it must stay top-level.")}
            )


class TargetGroup(VocabularyItem):
    """A group at risk of social exclusion (Cabinet Regulation No. 173, point 2) or one a
    municipality targets without a statutory basis (e.g. re-emigrants, seniors)."""

    regulation_point = models.CharField(
        _("point of Cabinet Regulation No. 173"),
        max_length=10,
        blank=True,
        help_text=_("E.g. 2.1. Empty for groups that are not listed in the regulation."),
    )

    class Meta(VocabularyItem.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    @property
    def is_statutory(self) -> bool:
        return bool(self.regulation_point)


cpv_code_validator = RegexValidator(
    r"^[0-9]{8}-[0-9]$", _("Enter a CPV code as eight digits, a hyphen and a check digit.")
)


class CpvCode(models.Model):
    """A code of the EU Common Procurement Vocabulary that municipal buyers use."""

    code = models.CharField(
        _("CPV code"), max_length=10, unique=True, validators=[cpv_code_validator]
    )
    label_lv = models.CharField(_("label (Latvian)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    art77_reservable = models.BooleanField(
        _("reservable under Art. 77"),
        default=False,
        help_text=_(
            "Health, social, cultural or education services that Directive 2014/24/EU Art. 77 "
            "lets a buyer reserve for mission-driven organisations."
        ),
    )

    label = Translated()

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{8}-[0-9]$"),
                name="cpv_code_format",
                violation_error_message=cpv_code_validator.message,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class FieldOfActivity(VocabularyItem):
    """The fields the Ministry of Welfare uses in its statistics of social enterprises."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")


class CooperationStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    IN_DISCUSSION = "in_discussion", _("in discussion")
    AGREED = "agreed", _("agreed")
    # Latvian says it of "sadarbība", feminine, unlike an enterprise's "active" status.
    ACTIVE = "active", pgettext_lazy("cooperation status", "active")
    PAUSED = "paused", pgettext_lazy("cooperation status", "paused")
    COMPLETED = "completed", _("completed")
    ENDED = "ended", pgettext_lazy("cooperation status", "ended early")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Nothing follows these: the cooperation is over, whichever way it ended.
FINAL_STATUSES = [
    CooperationStatus.COMPLETED,
    CooperationStatus.ENDED,
    CooperationStatus.DECLINED,
    CooperationStatus.WITHDRAWN,
]
# Still going: a need and an enterprise have at most one of these at a time.
ONGOING_STATUSES = [status for status in CooperationStatus if status not in FINAL_STATUSES]
# The two sides have agreed to work together: the need is no longer open.
AGREED_STATUSES = [
    CooperationStatus.AGREED,
    CooperationStatus.ACTIVE,
    CooperationStatus.PAUSED,
]


class Side(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    ENTERPRISE = "enterprise", _("social enterprise")


class CooperationQuerySet(models.QuerySet):
    def stories(self) -> "CooperationQuerySet":
        """Completed cooperations both sides agreed to publish, of enterprises the public
        may still see: a story must not name an enterprise whose page would answer 404."""
        return self.filter(
            status=CooperationStatus.COMPLETED,
            municipality_publishes=True,
            enterprise_publishes=True,
            enterprise__verification="verified",
        )

    def ongoing(self) -> "CooperationQuerySet":
        return self.filter(status__in=ONGOING_STATUSES)

    def visible_to(self, user) -> "CooperationQuerySet":
        """What the user may read: stories for everyone, their own cooperations, and all
        of them for administrators."""
        if user.is_staff:
            return self.all()
        if not user.is_authenticated:
            return self.stories()
        mine = self.model.objects.involving(user).values("pk")
        return self.filter(Q(pk__in=mine) | Q(pk__in=self.model.objects.stories().values("pk")))

    def surveyable(self, today: datetime.date) -> "CooperationQuerySet":
        """Cooperations whose parties may answer the follow-up survey: completed ones, and
        agreed or running ones past their planned end (the work should be over even if the
        record has not caught up). Declined, withdrawn or ended ones did not happen."""
        return self.filter(
            Q(status=CooperationStatus.COMPLETED)
            | Q(status__in=AGREED_STATUSES, planned_end__lt=today)
        )

    def involving(self, user) -> "CooperationQuerySet":
        """Cooperations of the enterprises and municipalities the user acts for."""
        return self.filter(
            Q(
                enterprise__representatives__user=user,
                enterprise__representatives__status="approved",
            )
            | Q(municipality__officers__user=user, municipality__officers__status="approved")
        ).distinct()


class Cooperation(Versioned):
    """A municipality and a social enterprise working together, planned around the seminar's
    seven points: the problem, the solution, the forms, communication, resources, results
    and sustainability."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="cooperations",
    )
    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("social enterprise"),
        on_delete=models.PROTECT,
        related_name="cooperations",
    )
    need = models.ForeignKey(
        "municipalities.Need",
        verbose_name=_("need"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperations",
    )
    offerings = models.ManyToManyField(
        "enterprises.Offering", verbose_name=_("offerings"), blank=True, related_name="+"
    )
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("forms of cooperation"), related_name="cooperations"
    )
    initiated_by = models.CharField(_("started by"), max_length=15, choices=Side.choices)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=CooperationStatus.choices,
        default=CooperationStatus.PROPOSED,
    )
    title = SingleLineCharField(_("title"), max_length=200)
    problem = MultilineTextField(_("which problem it solves"), max_length=2000)
    solution = MultilineTextField(_("the concrete solution"), max_length=2000)
    communication = MultilineTextField(
        _("ways and channels of communication"), max_length=2000, blank=True
    )
    resources = MultilineTextField(_("resources available"), max_length=2000, blank=True)
    planned_results = MultilineTextField(_("results to be reached"), max_length=2000, blank=True)
    sustainability = MultilineTextField(
        _("how the service will be sustained"), max_length=2000, blank=True
    )
    # The plan's numbers, beside its words, so that what was planned can be counted against
    # what was delivered. Bounded like the results they will be compared with.
    planned_value_eur = models.DecimalField(
        _("planned value in euros"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What the cooperation is expected to be worth, if known."),
    )
    planned_jobs = models.PositiveIntegerField(
        _("jobs to be created"),
        null=True,
        blank=True,
        help_text=_("New jobs the cooperation is expected to create, if known."),
    )
    planned_people = models.PositiveIntegerField(
        _("people from target groups to be involved"),
        null=True,
        blank=True,
        help_text=_("People from target groups the cooperation is expected to involve."),
    )
    # When the work should be over: a month after it both sides are asked how it went, even
    # if nobody has marked the cooperation completed yet.
    planned_end = models.DateField(
        _("planned end"),
        null=True,
        blank=True,
        help_text=_(
            "The day the work is planned to be finished, if known. A month after it both "
            "sides are asked how the cooperation went."
        ),
    )
    municipality_agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    enterprise_agreed_at = models.DateTimeField(null=True, blank=True, editable=False)
    people_involved = models.PositiveIntegerField(
        _("people from target groups involved"), null=True, blank=True
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    value_eur = models.DecimalField(
        _("value in euros"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    what_worked = MultilineTextField(_("what worked"), max_length=2000, blank=True)
    what_did_not = MultilineTextField(_("what did not work"), max_length=2000, blank=True)
    municipality_publishes = models.BooleanField(_("municipality agrees to publish"), default=False)
    enterprise_publishes = models.BooleanField(_("enterprise agrees to publish"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-completed_at"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["enterprise", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_eur__isnull=True) | Q(value_eur__gte=0),
                name="cooperation_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_value_eur__isnull=True) | Q(planned_value_eur__gte=0),
                name="cooperation_planned_value_not_negative",
                violation_error_message=_("The planned value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="cooperation_completed_dated",
            ),
            models.CheckConstraint(
                condition=Q(municipality_publishes=False, enterprise_publishes=False)
                | Q(status="completed"),
                name="cooperation_published_only_when_completed",
            ),
            # Two proposals from one enterprise on one need would split the discussion and
            # ask the officer to agree twice; a new one may follow once the last has ended.
            models.UniqueConstraint(
                fields=["need", "enterprise"],
                condition=Q(status__in=ONGOING_STATUSES),
                name="cooperation_one_ongoing_per_need_and_enterprise",
                violation_error_message=_(
                    "This enterprise already has a cooperation on this need that is not over."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:cooperation-detail", kwargs={"pk": self.pk})

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    def is_surveyable(self, today: datetime.date) -> bool:
        """The rule of ``CooperationQuerySet.surveyable`` for one cooperation."""
        if self.status == CooperationStatus.COMPLETED:
            return True
        return (
            self.status in AGREED_STATUSES
            and self.planned_end is not None
            and self.planned_end < today
        )

    @property
    def is_story(self) -> bool:
        return (
            self.status == CooperationStatus.COMPLETED
            and self.municipality_publishes
            and self.enterprise_publishes
        )


class CooperationEvent(models.Model):
    """A step in a cooperation's life: who moved it, when, and what they said."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=15, choices=CooperationStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=CooperationStatus.choices)
    side = models.CharField(_("side"), max_length=15, choices=Side.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    comment = MultilineTextField(_("comment"), max_length=2000, blank=True)
    # For a change of the plan: the names of the fields that changed.
    changes = models.JSONField(_("changed fields"), default=list, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation event")
        verbose_name_plural = _("cooperation events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.cooperation}: {self.from_status} → {self.to_status}"

    @property
    def is_plan_change(self) -> bool:
        return self.action == "edit_plan"

    @property
    def change_labels(self) -> list[str]:
        """The changed parts of the plan, named as the form names them."""
        labels = []
        for name in self.changes:
            try:
                labels.append(str(Cooperation._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:
                continue
        return labels


class CooperationMessage(models.Model):
    """The discussion thread both sides write in."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("side"), max_length=15, choices=Side.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = MultilineTextField(_("message"), max_length=5000)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CooperationSurvey(models.Model):
    """One side's answer to "how did it go?", asked 30 days after a cooperation was completed
    (``followups.services``). Each side answers for itself and may change its answer; the
    impact statistics read these next to the cooperation's own recorded results."""

    cooperation = models.ForeignKey(
        Cooperation,
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    side = models.CharField(_("side"), max_length=15, choices=Side.choices)
    happened_as_planned = models.BooleanField(_("did it happen as planned?"))
    value_eur = models.DecimalField(
        _("value in euros"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    jobs_created = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    target_group_people = models.PositiveIntegerField(
        _("people from target groups involved"), null=True, blank=True
    )
    # None: "I do not know".
    would_have_found_without_portal = models.BooleanField(
        _("would you have found each other without Kopā?"), null=True, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("cooperation survey")
        verbose_name_plural = _("cooperation surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "side"], name="cooperation_survey_once_per_side"
            ),
            models.CheckConstraint(
                condition=Q(value_eur__isnull=True) | Q(value_eur__gte=0),
                name="cooperation_survey_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperation} ({self.get_side_display()})"
