"""Latvia's municipalities, their planning regions, the support they offer social
enterprises, and the needs they post."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Membership
from portal.collation import MAX_LENGTH as MAX_SORT_KEY
from portal.collation import latvian_sort_key
from portal.fields import MultilineTextField, SingleLineCharField
from portal.i18n import Translated
from portal.versioning import Versioned

if TYPE_CHECKING:
    from cooperation.models import Instrument, ServiceCategory, TargetGroup
from portal.search import search_text


class PlanningRegion(models.Model):
    """One of Latvia's five planning regions (plānošanas reģioni)."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    name_lv = models.CharField(_("name (Latvian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Translated()

    class Meta:
        verbose_name = _("planning region")
        verbose_name_plural = _("planning regions")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class MunicipalityKind(models.TextChoices):
    STATE_CITY = "valstspilseta", _("state city")
    COUNTY = "novads", _("county")


class MunicipalityQuerySet(models.QuerySet):
    def current(self) -> "MunicipalityQuerySet":
        """Municipalities that exist today (not merged away)."""
        return self.filter(valid_to__isnull=True)

    def only_acted_for_by(self, user) -> "MunicipalityQuerySet":
        """Municipalities the user is the one approved officer of."""
        approved = Officer.objects.approved()
        return self.filter(
            Exists(approved.filter(municipality=OuterRef("pk"), user=user)),
            ~Exists(approved.filter(municipality=OuterRef("pk")).exclude(user=user)),
        )

    def with_open_need_count(self) -> "MunicipalityQuerySet":
        open_needs = (
            Need.objects.open()
            .filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(open_need_count=Coalesce(Subquery(open_needs), 0))


atvk_validator = RegexValidator(r"^[0-9]{7}$", _("An ATVK code has seven digits."))


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MunicipalityKind.choices)
    atvk = models.CharField(
        _("ATVK code"),
        max_length=7,
        unique=True,
        null=True,
        blank=True,
        validators=[atvk_validator],
        help_text=_("The Central Statistical Bureau's classifier code."),
    )
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    region = models.ForeignKey(
        PlanningRegion,
        verbose_name=_("planning region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
    )
    valid_to = models.DateField(
        _("existed until"),
        null=True,
        blank=True,
        help_text=_("Set when the municipality was merged into another one."),
    )
    history_note = models.CharField(_("history note"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = MultilineTextField(_("description"), max_length=3000, blank=True)
    contact_name = SingleLineCharField(_("contact person"), max_length=150, blank=True)
    contact_position = SingleLineCharField(
        _("contact person's position"), max_length=150, blank=True
    )
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    contact_name_public = models.BooleanField(
        _("show the contact person's name and position on the public pages"), default=True
    )
    contact_email_public = models.BooleanField(
        _("show the contact person's email on the public pages"), default=True
    )
    contact_phone_public = models.BooleanField(
        _("show the contact person's phone on the public pages"), default=True
    )
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(editable=False, max_length=MAX_SORT_KEY, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(atvk__isnull=True) | Q(atvk__regex=r"^[0-9]{7}$"),
                name="municipality_atvk_format",
                violation_error_message=atvk_validator.message,
            ),
            models.CheckConstraint(
                condition=Q(iso_code__regex=r"^LV-[0-9A-Z]{3}$"),
                name="municipality_iso_code_format",
                violation_error_message=_("An ISO 3166-2 code looks like LV-033 or LV-RIX."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_text(self.name, self.history_note, self.description)
        self.sort_name = latvian_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("municipalities:municipality-detail", kwargs={"slug": self.slug})

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    # What the public sees of the contact person: a detail the officers chose to hide reads
    # as empty everywhere outside their own pages and the cooperations they take part in.

    @property
    def public_contact_name(self) -> str:
        return self.contact_name if self.contact_name_public else ""

    @property
    def public_contact_position(self) -> str:
        return self.contact_position if self.contact_name_public else ""

    @property
    def public_contact_email(self) -> str:
        return self.contact_email if self.contact_email_public else ""

    @property
    def public_contact_phone(self) -> str:
        return self.contact_phone if self.contact_phone_public else ""

    @property
    def has_public_contact(self) -> bool:
        return bool(
            self.public_contact_name or self.public_contact_email or self.public_contact_phone
        )


# The domain the state's client-service centres share (valsts un pašvaldību vienotie klientu
# apkalpošanas centri): an address there proves nobody acts for any one municipality, so it
# can never be an official domain, nor can any subdomain of it.
SHARED_EMAIL_DOMAIN = "pakalpojumucentri.lv"


def is_shared_email_domain(domain: str) -> bool:
    return domain == SHARED_EMAIL_DOMAIN or domain.endswith(f".{SHARED_EMAIL_DOMAIN}")


class EmailDomain(models.Model):
    """An official email domain of a municipality; officers on it or on a subdomain of it
    are approved automatically."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="email_domains",
    )
    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                _("Enter a domain in lower case, e.g. gulbene.lv."),
            )
        ],
    )

    class Meta:
        verbose_name = _("official email domain")
        verbose_name_plural = _("official email domains")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=Q(domain=models.functions.Lower("domain")),
                name="email_domain_lower_case",
                violation_error_message=_("Enter a domain in lower case, e.g. gulbene.lv."),
            ),
            models.CheckConstraint(
                condition=~Q(domain=SHARED_EMAIL_DOMAIN)
                & ~Q(domain__endswith=f".{SHARED_EMAIL_DOMAIN}"),
                name="email_domain_not_shared",
                violation_error_message=_(
                    "This domain is shared by several municipalities' client-service centres, so "
                    "an address on it cannot show who acts for a municipality."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class MunicipalitySupport(models.Model):
    """An instrument a municipality offers social enterprises, with what it means there."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="support",
    )
    instrument = models.ForeignKey(
        "cooperation.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="offered_by",
    )
    note = MultilineTextField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("support offered")
        verbose_name_plural = _("support offered")
        ordering = ["instrument__kind", "instrument__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "instrument"],
                name="municipality_support_unique",
                violation_error_message=_("This instrument is already listed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.instrument}"


class NeedStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    FULFILLED = "fulfilled", _("fulfilled")
    CLOSED = "closed", _("closed")


class ContractReservation(models.TextChoices):
    NONE = "", _("not reserved")
    ART20 = "art20", _("reserved for work integration (Art. 20, at least 30 % target-group staff)")
    ART77 = "art77", _("reserved for mission-driven organisations (Art. 77)")


PUBLIC_NEED_STATUSES = [
    NeedStatus.OPEN,
    NeedStatus.IN_PROGRESS,
    NeedStatus.FULFILLED,
    NeedStatus.CLOSED,
]


class NeedQuerySet(models.QuerySet):
    def public(self) -> "NeedQuerySet":
        """Needs anyone may read: everything but drafts."""
        return self.filter(status__in=PUBLIC_NEED_STATUSES)

    def open(self) -> "NeedQuerySet":
        return self.filter(status=NeedStatus.OPEN)

    def expired(self, today) -> "NeedQuerySet":
        """Open needs whose deadline was before ``today``."""
        return self.open().filter(deadline__lt=today)

    def in_region(self, region: PlanningRegion) -> "NeedQuerySet":
        return self.filter(municipality__region=region)

    def in_category(self, category: "ServiceCategory") -> "NeedQuerySet":
        """In the category or, for a top-level one, in any category under it."""
        return self.filter(Q(category=category) | Q(category__parent=category))

    def for_target_group(self, target_group: "TargetGroup") -> "NeedQuerySet":
        return self.filter(
            Exists(
                Need.target_groups.through.objects.filter(
                    need=OuterRef("pk"), targetgroup=target_group
                )
            )
        )

    def preferring(self, instrument: "Instrument") -> "NeedQuerySet":
        return self.filter(
            Exists(
                Need.instruments.through.objects.filter(need=OuterRef("pk"), instrument=instrument)
            )
        )

    def for_listing(self) -> "NeedQuerySet":
        return self.select_related("municipality", "category")

    def for_page(self) -> "NeedQuerySet":
        return self.select_related("municipality__region", "category__parent").prefetch_related(
            "target_groups", "instruments", "cpv_codes"
        )


PAST_DEADLINE_MESSAGE = _(
    "The deadline has already passed. Choose today or a later date, or save the need as a draft."
)


class Need(Versioned):
    """Something a municipality needs and hopes a social enterprise can provide."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = SingleLineCharField(_("title"), max_length=200)
    description = MultilineTextField(_("description"), max_length=5000)
    category = models.ForeignKey(
        "cooperation.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    target_groups = models.ManyToManyField(
        "cooperation.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    instruments = models.ManyToManyField(
        "cooperation.Instrument",
        verbose_name=_("preferred cooperation instruments"),
        blank=True,
        related_name="needs",
    )
    cpv_codes = models.ManyToManyField(
        "cooperation.CpvCode", verbose_name=_("CPV codes"), blank=True, related_name="+"
    )
    reservation = models.CharField(
        _("contract reservation"),
        max_length=10,
        choices=ContractReservation.choices,
        default=ContractReservation.NONE,
        blank=True,
    )
    budget_min = models.DecimalField(
        _("budget from (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(editable=False, default="")

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True) | Q(budget_min__gte=0),
                name="need_budget_min_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget_max__isnull=True) | Q(budget_max__gte=0),
                name="need_budget_max_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="need_budget_range_ordered",
                violation_error_message=_(
                    "The upper end of the budget cannot be below the lower end."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=NeedStatus.DRAFT) | Q(published_at__isnull=False),
                name="need_published_unless_draft",
                violation_error_message=_("A need that is not a draft has a publication date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self._stamp_publication()
        self.search_text = search_text(self.title, self.description, *self._service_names())
        super().save(*args, **kwargs)

    def _service_names(self) -> list[str]:
        """The service and its field in both languages: the needs board finds a need by
        the name its card shows ("ēdināšana", "catering")."""
        if self.category_id is None:
            return []
        category = self.category
        names = [category.name_lv, category.name_en]
        if category.parent_id is not None:
            names += [category.parent.name_lv, category.parent.name_en]
        return names

    def get_absolute_url(self) -> str:
        return reverse("municipalities:need-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        self._stamp_publication()
        if self.status == NeedStatus.OPEN and self.deadline_has_passed:
            raise ValidationError({"deadline": PAST_DEADLINE_MESSAGE})

    @property
    def deadline_has_passed(self) -> bool:
        # The deadline day itself still counts: the need closes the night after it.
        return self.deadline is not None and self.deadline < timezone.localdate()

    def _stamp_publication(self) -> None:
        # A need is published the first time it leaves the draft state.
        if self.status != NeedStatus.DRAFT and self.published_at is None:
            self.published_at = timezone.now()


class Officer(Membership):
    """A person who acts for a municipality: edits its page and posts its needs."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="officers",
    )
    approved_by_domain = models.BooleanField(
        _("approved by official email domain"), default=False, editable=False
    )

    history = HistoricalRecords()

    class Meta(Membership.Meta):
        verbose_name = _("municipal officer")
        verbose_name_plural = _("municipal officers")
        constraints = [
            *Membership.Meta.constraints,
            models.UniqueConstraint(
                fields=["user", "municipality"],
                name="officer_once_per_municipality",
                violation_error_message=_("You have already asked to act for this municipality."),
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.municipality}"
