"""What municipalities offer social enterprises — grant calls, premises, real-estate tax
relief, delegated tasks, events and information support — and the applications and
registrations enterprises send in answer.

An opportunity is one of six kinds. Each kind uses one cooperation instrument of the shared
vocabulary and has its own facts: they are nullable columns, required per kind by a database
constraint and by ``clean()``, and emptied when they belong to another kind.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.fields import MultilineTextField, SingleLineCharField
from portal.i18n import Translated
from portal.search import search_text
from portal.versioning import Versioned


class OpportunityKind(models.TextChoices):
    GRANT_CALL = "grant_call", _("grant call")
    PREMISES = "premises", _("premises or property")
    TAX_RELIEF = "tax_relief", _("real-estate tax relief")
    DELEGATION = "delegation", _("delegation of a task")
    EVENT = "event", _("event")
    INFORMATION = "information", _("information support")


class PremisesTerms(models.TextChoices):
    FREE_USE = "free_use", _("free use")
    REDUCED_RENT = "reduced_rent", _("reduced rent")
    TRANSFER = "transfer", _("transfer into ownership free of charge")


class EventFormat(models.TextChoices):
    EXPERIENCE_EXCHANGE = "experience_exchange", _("experience exchange")
    TRAINING = "training", _("training")
    IDEA_LAB = "idea_lab", _("idea lab")
    MENTORING = "mentoring", _("mentoring session")
    SHADOWING = "shadowing", _("shadowing day")
    INFORMATION_DAY = "information_day", _("information day")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    AWARDED = "awarded", _("awarded")


# Premises given without payment are the Social Enterprise Law's "transfer of property free
# of charge, to own or to use"; at a reduced rent they are making infrastructure available.
FREE_TERMS = [PremisesTerms.FREE_USE, PremisesTerms.TRANSFER]

# The facts each kind has, in the order the form asks for them.
KIND_FIELDS: dict[str, list[str]] = {
    OpportunityKind.GRANT_CALL: [
        "budget_total",
        "amount_min",
        "amount_max",
        "cofinancing_percent",
        "status_required",
        "decision_on",
        "rules_url",
    ],
    OpportunityKind.PREMISES: [
        "address",
        "area_m2",
        "condition",
        "allowed_use",
        "terms",
        "period",
        "plan_url",
    ],
    OpportunityKind.TAX_RELIEF: [
        "regulation_number",
        "regulation_date",
        "relief_percent",
        "conditions",
        "period",
    ],
    OpportunityKind.DELEGATION: ["task", "legal_basis", "period", "volume"],
    OpportunityKind.EVENT: [
        "event_format",
        "starts_at",
        "ends_at",
        "venue",
        "online_url",
        "audience",
        "places",
    ],
    OpportunityKind.INFORMATION: ["materials_url"],
}
ALL_KIND_FIELDS = sorted({name for names in KIND_FIELDS.values() for name in names})

# Without these an enterprise cannot tell what is offered.
REQUIRED_FIELDS: dict[str, list[str]] = {
    OpportunityKind.GRANT_CALL: ["budget_total"],
    OpportunityKind.PREMISES: ["address", "terms"],
    OpportunityKind.TAX_RELIEF: ["regulation_number", "regulation_date", "relief_percent"],
    OpportunityKind.DELEGATION: ["task", "legal_basis"],
    OpportunityKind.EVENT: ["event_format", "starts_at"],
    OpportunityKind.INFORMATION: [],
}

# Text columns hold "" when empty, the others NULL.
_TEXT_FIELDS = {
    "address",
    "condition",
    "allowed_use",
    "terms",
    "period",
    "plan_url",
    "rules_url",
    "regulation_number",
    "conditions",
    "task",
    "legal_basis",
    "volume",
    "event_format",
    "venue",
    "online_url",
    "audience",
    "materials_url",
}


def _filled(name: str) -> Q:
    return ~Q(**{name: ""}) if name in _TEXT_FIELDS else Q(**{f"{name}__isnull": False})


def instrument_slug(kind: str, terms: str = "") -> str:
    """The cooperation instrument (``cooperation.Instrument.slug``) an opportunity uses."""
    if kind == OpportunityKind.PREMISES:
        return "property-free-of-charge" if terms in FREE_TERMS else "infrastructure"
    return {
        OpportunityKind.GRANT_CALL: "grant-programme",
        OpportunityKind.TAX_RELIEF: "property-tax-relief",
        OpportunityKind.DELEGATION: "delegation",
        OpportunityKind.EVENT: "education-events",
        OpportunityKind.INFORMATION: "information-support",
    }[kind]


# How many days before it closes an opportunity counts as "closing soon".
CLOSING_SOON_DAYS = 30


class OpportunityQuerySet(models.QuerySet):
    def public(self) -> "OpportunityQuerySet":
        """Everything but drafts."""
        return self.exclude(status=OpportunityStatus.DRAFT)

    def open(self, today: datetime.date | None = None) -> "OpportunityQuerySet":
        """Open, and not past its closing date: the day itself still counts, so a call whose
        date has passed is never shown as open, even before anyone closes it."""
        today = today or timezone.localdate()
        return self.filter(status=OpportunityStatus.OPEN).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=today)
        )

    def closing_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days))

    def offered_by(self, municipality) -> "OpportunityQuerySet":
        """Offered by the municipality alone or together with others."""
        return self.filter(
            Q(municipality=municipality)
            | Exists(
                Opportunity.partners.through.objects.filter(
                    opportunity=OuterRef("pk"), municipality=municipality
                )
            )
        )

    def in_region(self, region) -> "OpportunityQuerySet":
        return self.filter(
            Q(municipality__region=region)
            | Exists(
                Opportunity.partners.through.objects.filter(
                    opportunity=OuterRef("pk"), municipality__region=region
                )
            )
        )

    def in_category(self, category) -> "OpportunityQuerySet":
        """Favouring the category or, for a top-level one, any category under it."""
        return self.filter(
            Exists(
                Opportunity.categories.through.objects.filter(
                    Q(servicecategory=category) | Q(servicecategory__parent=category),
                    opportunity=OuterRef("pk"),
                )
            )
        )

    def for_target_group(self, target_group) -> "OpportunityQuerySet":
        return self.filter(
            Exists(
                Opportunity.target_groups.through.objects.filter(
                    opportunity=OuterRef("pk"), targetgroup=target_group
                )
            )
        )

    def open_to(self, enterprise) -> "OpportunityQuerySet":
        """What the enterprise may apply for: without an active register status, nothing
        that requires one."""
        from enterprises.models import RegisterStatus

        if enterprise.register_status == RegisterStatus.ACTIVE:
            return self
        return self.filter(status_required=False)

    def for_listing(self) -> "OpportunityQuerySet":
        return self.select_related("municipality", "instrument")

    def for_page(self) -> "OpportunityQuerySet":
        return self.select_related("municipality__region", "instrument").prefetch_related(
            "partners", "categories__parent", "target_groups"
        )


class Opportunity(Versioned):
    """Something one municipality, or several together, offers social enterprises."""

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="opportunities",
        help_text=_("The municipality that manages it and decides on the applications."),
    )
    partners = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name=_("offered together with"),
        blank=True,
        related_name="partner_opportunities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    # Derived from the kind (and a premises' terms) on every save, for filters and for the
    # cooperation an accepted application starts.
    instrument = models.ForeignKey(
        "cooperation.Instrument",
        verbose_name=_("cooperation instrument"),
        on_delete=models.PROTECT,
        related_name="opportunities",
        editable=False,
    )
    title_lv = SingleLineCharField(_("title"), max_length=200)
    title_en = SingleLineCharField(_("title in English"), max_length=200, blank=True)
    description_lv = MultilineTextField(_("description"), max_length=5000)
    description_en = MultilineTextField(_("description in English"), max_length=5000, blank=True)
    who_may_apply = MultilineTextField(
        _("who may apply"),
        max_length=1000,
        blank=True,
        help_text=_("Conditions beyond the ones the law sets, e.g. “based in the county”."),
    )
    categories = models.ManyToManyField(
        "cooperation.ServiceCategory",
        verbose_name=_("services it favours"),
        blank=True,
        related_name="+",
    )
    target_groups = models.ManyToManyField(
        "cooperation.TargetGroup",
        verbose_name=_("target groups it favours"),
        blank=True,
        related_name="+",
    )
    contact_name = SingleLineCharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closes_on = models.DateField(
        _("applications close on"),
        null=True,
        blank=True,
        help_text=_("The last day to apply or register. Empty: open until closed."),
    )
    status_required = models.BooleanField(
        _("only for enterprises with an active status in the register"),
        default=False,
        help_text=_(
            "Always so for real-estate tax relief and property given free of charge: the "
            "Social Enterprise Law reserves them. A grant call may require it too."
        ),
    )

    # Grant call.
    budget_total = models.DecimalField(
        _("total budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_min = models.DecimalField(
        _("amount per applicant from (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("amount per applicant up to (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    cofinancing_percent = models.PositiveSmallIntegerField(
        _("co-financing required (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    decision_on = models.DateField(_("decision expected on"), null=True, blank=True)
    rules_url = models.URLField(_("rules of the call"), blank=True)

    # Premises or property.
    address = SingleLineCharField(_("address"), max_length=300, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    condition = SingleLineCharField(_("condition"), max_length=300, blank=True)
    allowed_use = MultilineTextField(_("use allowed"), max_length=1000, blank=True)
    terms = models.CharField(_("terms"), max_length=20, choices=PremisesTerms.choices, blank=True)
    plan_url = models.URLField(_("plan of the building"), blank=True)

    # Real-estate tax relief.
    regulation_number = SingleLineCharField(
        _("binding regulation number"), max_length=50, blank=True
    )
    regulation_date = models.DateField(_("binding regulation date"), null=True, blank=True)
    relief_percent = models.PositiveSmallIntegerField(
        _("relief (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    conditions = MultilineTextField(_("conditions"), max_length=2000, blank=True)

    # Premises, tax relief and delegation.
    period = SingleLineCharField(_("period"), max_length=200, blank=True)

    # Delegation of a task.
    task = MultilineTextField(_("task"), max_length=2000, blank=True)
    legal_basis = MultilineTextField(_("legal basis"), max_length=1000, blank=True)
    volume = SingleLineCharField(_("expected volume"), max_length=300, blank=True)

    # Event.
    event_format = models.CharField(
        _("format"), max_length=20, choices=EventFormat.choices, blank=True
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    venue = SingleLineCharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    audience = SingleLineCharField(_("audience"), max_length=300, blank=True)
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )

    # Information support.
    materials_url = models.URLField(_("materials"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    title = Translated()
    description = Translated()

    objects = OpportunityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["closes_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=OpportunityStatus.DRAFT) | Q(published_at__isnull=False),
                name="opportunity_published_unless_draft",
                violation_error_message=_(
                    "An opportunity that is not a draft has a publication date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=OpportunityKind.TAX_RELIEF)
                & ~Q(kind=OpportunityKind.PREMISES, terms__in=FREE_TERMS)
                | Q(status_required=True),
                name="opportunity_reserved_instrument_requires_status",
                violation_error_message=_(
                    "The Social Enterprise Law reserves real-estate tax relief and property "
                    "given free of charge for enterprises with an active register status."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(budget_total__isnull=True) | Q(budget_total__gte=0))
                & (Q(amount_min__isnull=True) | Q(amount_min__gte=0))
                & (Q(amount_max__isnull=True) | Q(amount_max__gte=0)),
                name="opportunity_amounts_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=F("amount_min")),
                name="opportunity_amount_range_ordered",
                violation_error_message=_(
                    "The largest amount per applicant cannot be below the smallest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True)
                | Q(budget_total__isnull=True)
                | Q(amount_max__lte=F("budget_total")),
                name="opportunity_amount_within_budget",
                violation_error_message=_(
                    "The amount per applicant cannot be more than the call's total budget."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cofinancing_percent__isnull=True) | Q(cofinancing_percent__lte=100),
                name="opportunity_cofinancing_percent",
                violation_error_message=_("A share is between 0 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(relief_percent__isnull=True)
                | Q(relief_percent__gte=1, relief_percent__lte=100),
                name="opportunity_relief_percent",
                violation_error_message=_("Relief is between 1 and 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gt=0),
                name="opportunity_area_positive",
                violation_error_message=_("The area must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gte=1),
                name="opportunity_places_positive",
                violation_error_message=_("An event has at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="opportunity_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            *[
                models.CheckConstraint(
                    condition=~Q(kind=kind) | Q(*[_filled(name) for name in required]),
                    name=f"opportunity_{kind}_facts",
                    violation_error_message=_("Fill in the facts this kind of opportunity needs."),
                )
                for kind, required in REQUIRED_FIELDS.items()
                if required
            ],
        ]

    def __str__(self) -> str:
        return self.title_lv

    def get_absolute_url(self) -> str:
        return reverse("opportunities:opportunity-detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:
        self._derive()
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        return search_text(
            self.title_lv,
            self.title_en,
            self.description_lv,
            self.description_en,
            self.get_kind_display() if self.kind else "",
            self.address,
            self.venue,
        )

    def _derive(self) -> None:
        from cooperation.models import Instrument

        if self.kind in OpportunityKind.values:
            slug = instrument_slug(self.kind, self.terms)
            if self.instrument_id is None or self.instrument.slug != slug:
                self.instrument = Instrument.objects.get(slug=slug)
            if self.instrument.requires_register_status:
                self.status_required = True
        if self.status != OpportunityStatus.DRAFT and self.published_at is None:
            self.published_at = timezone.now()

    def clean(self) -> None:
        # Facts of another kind (left from a change of kind, or typed in admin) would be
        # shown on the page and mislead: only this kind's facts are kept.
        own = set(KIND_FIELDS.get(self.kind, []))
        for name in ALL_KIND_FIELDS:
            if name not in own:
                field = self._meta.get_field(name)
                setattr(self, name, "" if name in _TEXT_FIELDS else field.get_default())
        errors = {}
        for name in REQUIRED_FIELDS.get(self.kind, []):
            if getattr(self, name) in (None, ""):
                errors[name] = _("This kind of opportunity needs it.")
        if self.kind == OpportunityKind.EVENT and not (self.venue or self.online_url):
            errors["venue"] = _("Say where the event takes place, or give its online link.")
        if (
            self.status == OpportunityStatus.OPEN
            and self.closes_on
            and self.closes_on < timezone.localdate()
        ):
            errors["closes_on"] = _(
                "This date has already passed. Choose today or a later date, or save the "
                "opportunity as a draft."
            )
        if errors:
            raise ValidationError(errors)
        if self.kind in OpportunityKind.values:
            self._derive()

    @property
    def facts(self) -> list[tuple[str, str, str, str]]:
        """(field name, label, value as read, link) of this kind's facts that are filled
        in, formatted for the active language, for the page."""
        rows = []
        for name in KIND_FIELDS.get(self.kind, []):
            value = getattr(self, name)
            if name == "status_required" or value in (None, ""):
                continue
            label = str(self._meta.get_field(name).verbose_name)
            rows.append((name, label, *_shown(self, name, value)))
        return rows

    @property
    def is_open(self) -> bool:
        return self.status == OpportunityStatus.OPEN and (
            self.closes_on is None or self.closes_on >= timezone.localdate()
        )

    @property
    def is_event(self) -> bool:
        return self.kind == OpportunityKind.EVENT

    @property
    def closing_soon(self) -> bool:
        return (
            self.is_open
            and self.closes_on is not None
            and (self.closes_on - timezone.localdate()).days <= CLOSING_SOON_DAYS
        )

    def places_taken(self) -> int:
        return self.applications.holding_places().aggregate(taken=Sum("places"))["taken"] or 0


def _shown(opportunity: "Opportunity", name: str, value) -> tuple[str, str]:
    """A fact as the page shows it, and its link if it is one."""
    if name.endswith("_url"):
        return value, value
    display = getattr(opportunity, f"get_{name}_display", None)
    if display is not None:
        return str(display()), ""
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT"), ""
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT"), ""
    if isinstance(value, Decimal):
        number = formats.number_format(
            value if value % 1 else value.quantize(Decimal(1)), use_l10n=True, force_grouping=True
        )
        unit = " m²" if name == "area_m2" else " EUR"
        return number + unit, ""
    if name.endswith("_percent"):
        return f"{value} %", ""
    return str(value), ""


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    SHORTLISTED = "shortlisted", _("shortlisted")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


# An application still in the running (or accepted) holds its event places.
HOLDING_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.ACCEPTED,
]


class ApplicationQuerySet(models.QuerySet):
    def holding_places(self) -> "ApplicationQuerySet":
        return self.filter(status__in=HOLDING_STATUSES)

    def for_officer(self) -> "ApplicationQuerySet":
        return self.select_related("enterprise__home_municipality", "created_by", "cooperation")


class Application(models.Model):
    """An enterprise's answer to an opportunity: an application with a short proposal (the
    first points of the seven-point plan), or a registration for an event."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("social enterprise"),
        on_delete=models.CASCADE,
        related_name="opportunity_applications",
    )
    problem = MultilineTextField(_("which problem it solves"), max_length=2000, blank=True)
    solution = MultilineTextField(_("the concrete solution"), max_length=2000, blank=True)
    resources = MultilineTextField(_("resources available"), max_length=2000, blank=True)
    places = models.PositiveIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    note = MultilineTextField(_("note"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    reason = MultilineTextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    cooperation = models.OneToOneField(
        "cooperation.Cooperation",
        verbose_name=_("cooperation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunity_application",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "enterprise"],
                name="application_once_per_enterprise",
                violation_error_message=_("This enterprise has already applied."),
            ),
            models.CheckConstraint(
                condition=Q(places__gte=1),
                name="application_places_positive",
                violation_error_message=_("Register at least one place."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.DECLINED) | ~Q(reason=""),
                name="application_declined_with_reason",
                violation_error_message=_("Say why the application is declined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.opportunity}"


class OpportunityNotice(models.Model):
    """An enterprise was emailed about an opportunity: never twice about one, and at most
    ``services.NOTICES_PER_WEEK`` opportunities a week."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "enterprise"], name="opportunity_notice_once"
            )
        ]
        indexes = [models.Index(fields=["enterprise", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} ← {self.opportunity_id}"


class OpportunityInvitation(models.Model):
    """A municipality invited an enterprise to apply for one of its opportunities (from a
    shortlist): never twice, so inviting the list again reaches only those not yet asked."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    enterprise = models.ForeignKey(
        "enterprises.SocialEnterprise",
        verbose_name=_("social enterprise"),
        on_delete=models.CASCADE,
        related_name="opportunity_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited"), default=timezone.now, editable=False)
    note = MultilineTextField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("invitation to apply")
        verbose_name_plural = _("invitations to apply")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "enterprise"],
                name="opportunity_invitation_once",
                violation_error_message=_("This enterprise has already been invited."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ← {self.opportunity}"
