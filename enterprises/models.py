"""Social enterprises and what they offer: services, goods and training."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Length
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accounts.models import Membership, MembershipStatus
from municipalities.models import Municipality
from portal.collation import MAX_LENGTH as MAX_SORT_KEY
from portal.collation import latvian_sort_key
from portal.fields import MultilineTextField, SingleLineCharField
from portal.search import edit_distance, keyword_text, query_terms, search_text, typo_limit
from portal.versioning import Versioned

if TYPE_CHECKING:
    from cooperation.models import Instrument, ServiceCategory, TargetGroup
    from municipalities.models import PlanningRegion

# Directive 2014/24/EU Art. 20: at least 30 % of employees from disadvantaged groups.
RESERVED_CONTRACT_SHARE = 30
# A verified enterprise's check older than this waits on the curators' desk again.
CHECK_INTERVAL_DAYS = 365
# How many items missing_profile_items() checks.
PROFILE_ITEMS = 8

registration_number_validator = RegexValidator(
    r"^[0-9]{11}$", _("A registration number has exactly 11 digits.")
)


def validate_year_not_in_future(year: int) -> None:
    # A check constraint cannot read today's date, so the database only bounds the year
    # (up to 2100); this is what stops "founded in 2031".
    if year is not None and year > timezone.localdate().year:
        raise ValidationError(_("The year founded cannot be in the future."), code="future_year")


MAX_WORD = 64


class LegalForm(models.TextChoices):
    SIA = "sia", _("limited liability company (SIA)")
    ASSOCIATION = "association", _("association (biedrība)")
    FOUNDATION = "foundation", _("foundation (nodibinājums)")
    OTHER = "other", _("other")


class RegisterStatus(models.TextChoices):
    """Status in the Ministry of Welfare's register of social enterprises."""

    ACTIVE = "active", _("active")
    CEASED = "ceased", _("ceased")
    NOT_REGISTERED = "not_registered", _("not registered")


class Verification(models.TextChoices):
    """The portal's own check of the enterprise against the register."""

    PENDING = "pending", _("pending")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


# What a directory card shows of an enterprise.
LISTING_FIELDS = (
    "name",
    "slug",
    "description",
    "serves_nationwide",
    "register_status",
    "status_ended_on",
    "employees_total",
    "employees_target_group",
    "home_municipality__name",
    "home_municipality__slug",
)


class SocialEnterpriseQuerySet(models.QuerySet):
    def search(self, query: str) -> "SocialEnterpriseQuerySet":
        """Enterprises with a word starting with each word of the query (as a stem), found
        through the index of their words (``SearchWord``: their own, their active offerings',
        their services', target groups' and places' words), so the cost follows the matches,
        not the table."""
        queryset = self
        for term in query_terms(query):
            words = SearchWord.objects.starting_with(term)
            queryset = queryset.filter(pk__in=words.values("enterprise"))
        return queryset

    def with_relevance(self, query: str) -> "SocialEnterpriseQuerySet":
        """Annotate ``relevance``: for each word of the query, the weight of the best place
        it was found (a name or an offering's title beats a service or target group, which
        beats a place, which beats a description), summed; and ``starts_with_query``, 0 when
        the name starts with the first word. Each is an index lookup per result."""
        terms = query_terms(query)
        relevance = Value(0)
        for term in terms:
            best = (
                SearchWord.objects.starting_with(term)
                .filter(enterprise=OuterRef("pk"))
                .order_by("-weight")
                .values("weight")[:1]
            )
            relevance = relevance + Coalesce(Subquery(best), Value(0))
        starts = Value(1)
        if terms:
            starts = models.Case(
                models.When(search_text__startswith=terms[0], then=Value(0)),
                default=Value(1),
            )
        return self.annotate(
            relevance=models.ExpressionWrapper(relevance, output_field=models.IntegerField()),
            starts_with_query=models.ExpressionWrapper(starts, output_field=models.IntegerField()),
        )

    def verified(self) -> "SocialEnterpriseQuerySet":
        """Enterprises the public may see."""
        return self.filter(verification=Verification.VERIFIED)

    def first_verified_between(
        self, start: datetime.datetime, end: datetime.datetime | None = None
    ) -> "SocialEnterpriseQuerySet":
        """Verified enterprises that became public in [start, end): their history's first
        verified version falls there. ``checked_at`` moves at every yearly re-check, so it
        cannot say when an enterprise was new; one verified before ``start`` (even if later
        reset and verified again) is not new."""
        verified = self.model.history.model.objects.filter(
            id=OuterRef("pk"), verification=Verification.VERIFIED
        )
        within = verified.filter(history_date__gte=start)
        if end is not None:
            within = within.filter(history_date__lt=end)
        return self.verified().filter(
            Exists(within), ~Exists(verified.filter(history_date__lt=start))
        )

    def awaiting_verification(self) -> "SocialEnterpriseQuerySet":
        return self.filter(verification=Verification.PENDING)

    def due_for_check(self) -> "SocialEnterpriseQuerySet":
        """Verified enterprises the register has not confirmed, nor a curator checked, for
        over a year: their status may have ended meanwhile."""
        year_ago = timezone.now() - datetime.timedelta(days=CHECK_INTERVAL_DAYS)
        return self.verified().filter(checked_at__lt=year_ago)

    def serving(self, municipality: "Municipality") -> "SocialEnterpriseQuerySet":
        """Based in the municipality, or serving it, its planning region or all of Latvia."""
        return self.filter(
            Exists(PlaceServed.objects.filter(enterprise=OuterRef("pk"), municipality=municipality))
        )

    def working_in_region(self, region: "PlanningRegion") -> "SocialEnterpriseQuerySet":
        """Based in the region, or serving it, any of its municipalities or all of Latvia."""
        return self.filter(
            Exists(
                PlaceServed.objects.filter(enterprise=OuterRef("pk"), municipality__region=region)
            )
        )

    def offering_in(self, category: "ServiceCategory") -> "SocialEnterpriseQuerySet":
        """With an active offering in the category or, for a top-level one, under it."""
        return self.filter(
            Exists(CategoryOffered.objects.filter(enterprise=OuterRef("pk"), category=category))
        )

    def working_with(self, target_group: "TargetGroup") -> "SocialEnterpriseQuerySet":
        """Working with the target group, as an enterprise or in one of its active offerings."""
        return self.filter(
            Exists(
                SocialEnterprise.target_groups.through.objects.filter(
                    socialenterprise=OuterRef("pk"), targetgroup=target_group
                )
            )
            | Exists(
                Offering.objects.active().filter(
                    enterprise=OuterRef("pk"), target_groups=target_group
                )
            )
        )

    def open_to(self, instrument: "Instrument") -> "SocialEnterpriseQuerySet":
        """With an active offering open to the cooperation instrument."""
        return self.filter(
            Exists(
                Offering.objects.active().filter(enterprise=OuterRef("pk"), instruments=instrument)
            )
        )

    def for_listing(self) -> "SocialEnterpriseQuerySet":
        """What a directory card shows (``includes/enterprise_card.html``) and no more: a
        ranked search sorts its whole result, and long texts nobody sees only slow that down."""
        offerings = Offering.objects.active().only("enterprise", "category")
        return (
            self.select_related("home_municipality")
            .only(*LISTING_FIELDS)
            .prefetch_related(
                Prefetch(
                    "offerings",
                    queryset=offerings.select_related("category").order_by("title"),
                    to_attr="active_offerings",
                )
            )
        )

    def for_profile(self) -> "SocialEnterpriseQuerySet":
        """Everything the enterprise's public page shows, in a fixed number of queries."""
        return self.select_related("home_municipality__region").prefetch_related(
            "target_groups",
            "fields_of_activity",
            "served_regions",
            Prefetch("served_municipalities", queryset=Municipality.objects.order_by("name")),
            Prefetch(
                "offerings",
                queryset=Offering.objects.active()
                .select_related("category__parent")
                .prefetch_related(
                    "target_groups",
                    "instruments",
                    "cpv_codes",
                    "served_regions",
                    Prefetch(
                        "served_municipalities", queryset=Municipality.objects.order_by("name")
                    ),
                )
                .order_by("title"),
                to_attr="active_offerings",
            ),
        )

    def only_represented_by(self, user) -> "SocialEnterpriseQuerySet":
        """Enterprises the user is the one approved representative of."""
        approved = Representative.objects.approved()
        return self.filter(
            Exists(approved.filter(enterprise=OuterRef("pk"), user=user)),
            ~Exists(approved.filter(enterprise=OuterRef("pk")).exclude(user=user)),
        )

    def reserved_contract_eligible(self) -> "SocialEnterpriseQuerySet":
        """At least 30 % of employees from target groups (Directive 2014/24/EU Art. 20)."""
        return self.alias(target_group_percent=F("employees_target_group") * 100).filter(
            employees_total__gt=0,
            target_group_percent__gte=F("employees_total") * RESERVED_CONTRACT_SHARE,
        )


class ServiceArea(models.Model):
    """Where someone works: named municipalities, whole planning regions, or all of Latvia."""

    serves_nationwide = models.BooleanField(_("serves all of Latvia"), default=False)
    served_regions = models.ManyToManyField(
        "municipalities.PlanningRegion",
        verbose_name=_("planning regions served"),
        blank=True,
        related_name="+",
    )
    served_municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class SocialEnterprise(Versioned, ServiceArea):
    name = SingleLineCharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=220, unique=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=11,
        unique=True,
        validators=[registration_number_validator],
        help_text=_("The 11-digit number in the Register of Enterprises."),
        error_messages={"unique": _("An enterprise with this registration number exists.")},
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.SIA
    )
    register_status = models.CharField(
        _("status in the register of social enterprises"),
        max_length=20,
        choices=RegisterStatus.choices,
        default=RegisterStatus.NOT_REGISTERED,
    )
    status_granted_on = models.DateField(_("status granted on"), null=True, blank=True)
    status_ended_on = models.DateField(_("status ended on"), null=True, blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    # When a representative last said the profile is right (saving it, or the yearly
    # "is this still right?" link): shown as "apstiprināts" and scored as freshness.
    profile_confirmed_at = models.DateTimeField(_("profile confirmed"), null=True, blank=True)
    # Why a curator rejected the enterprise, as its representatives were told.
    verification_note = MultilineTextField(_("reason for rejection"), max_length=1000, blank=True)
    description = MultilineTextField(_("description"), max_length=3000, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    email_public = models.BooleanField(
        _("show the email on the public page and in open data"), default=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_public = models.BooleanField(
        _("show the phone number on the public page and in open data"), default=True
    )
    home_municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="home_enterprises",
    )
    target_groups = models.ManyToManyField(
        "cooperation.TargetGroup",
        verbose_name=_("target groups"),
        blank=True,
        related_name="enterprises",
    )
    fields_of_activity = models.ManyToManyField(
        "cooperation.FieldOfActivity",
        verbose_name=_("fields of activity"),
        blank=True,
        related_name="enterprises",
    )
    employees_total = models.PositiveIntegerField(_("employees"), default=0)
    employees_target_group = models.PositiveIntegerField(
        _("employees from target groups"), default=0
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1800),
            MaxValueValidator(2100),
            validate_year_not_in_future,
        ],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(editable=False, max_length=MAX_SORT_KEY, default="")

    objects = SocialEnterpriseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "sort_name"])

    class Meta:
        verbose_name = _("social enterprise")
        verbose_name_plural = _("social enterprises")
        ordering = ["sort_name", "pk"]
        indexes = [
            models.Index(fields=["verification", "sort_name"]),
            models.Index(fields=["verification", "-updated_at"]),
            models.Index(fields=["register_status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_number__regex=r"^[0-9]{11}$"),
                name="enterprise_registration_number_11_digits",
                violation_error_message=registration_number_validator.message,
            ),
            models.CheckConstraint(
                condition=Q(employees_target_group__lte=F("employees_total")),
                name="enterprise_target_group_employees_within_total",
                violation_error_message=_(
                    "Employees from target groups cannot outnumber all employees."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status_granted_on__isnull=True)
                | Q(status_ended_on__isnull=True)
                | Q(status_ended_on__gte=F("status_granted_on")),
                name="enterprise_status_ends_after_grant",
                violation_error_message=_("The status cannot end before it was granted."),
            ),
            models.CheckConstraint(
                condition=~Q(register_status=RegisterStatus.ACTIVE)
                | Q(status_granted_on__isnull=False, status_ended_on__isnull=True),
                name="enterprise_active_status_dates",
                violation_error_message=_("An active status has a grant date and no end date."),
            ),
            models.CheckConstraint(
                condition=~Q(register_status=RegisterStatus.CEASED)
                | Q(status_ended_on__isnull=False),
                name="enterprise_ceased_status_has_end_date",
                violation_error_message=_("A ceased status has an end date."),
            ),
            models.CheckConstraint(
                condition=~Q(register_status=RegisterStatus.ACTIVE) | Q(legal_form=LegalForm.SIA),
                name="enterprise_active_status_only_for_sia",
                violation_error_message=_(
                    "Only a limited liability company (SIA) can hold the social enterprise status."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(verification=Verification.VERIFIED) | Q(checked_at__isnull=False),
                name="enterprise_verified_has_check_date",
                violation_error_message=_("A verified enterprise has a date it was last checked."),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="enterprise_founded_year_plausible",
                violation_error_message=_("Enter the year the enterprise was founded."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.build_search_text()
        self.sort_name = latvian_sort_key(self.name)
        super().save(*args, **kwargs)
        # Rewrite the derived rows only when the searched text changed since it was loaded:
        # most saves (verification, staff figures, contact flags) leave it as it was. The
        # services refresh them again after offerings and areas change.
        if self.search_text != self._indexed_search_text:
            from .filter_index import refresh_filter_index  # it reads this module's models

            refresh_filter_index([self.pk])
            self._indexed_search_text = self.search_text

    def get_absolute_url(self) -> str:
        return reverse("enterprises:enterprise-detail", kwargs={"slug": self.slug})

    _indexed_search_text: str | None = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Loaded rows have their words indexed already (seeding and the migration fill
        # them in bulk, every save after that through here).
        if "search_text" in field_names:
            instance._indexed_search_text = instance.search_text
        return instance

    def build_search_text(self) -> str:
        return search_text(self.name, self.registration_number, self.description)

    # What the public sees: a contact detail its representatives chose to hide reads as empty
    # everywhere outside their own pages and the cooperations they take part in.

    @property
    def public_email(self) -> str:
        return self.email if self.email_public else ""

    @property
    def public_phone(self) -> str:
        return self.phone if self.phone_public else ""

    def missing_profile_items(self) -> list[str]:
        """What a visitor would miss on the public page, in words, for the dashboard."""
        checks = [
            (bool(self.description), _("a description")),
            (bool(self.email or self.phone), _("an email or phone number")),
            (bool(self.website), _("a website")),
            (self.target_groups.exists(), _("the target groups you work with")),
            (self.fields_of_activity.exists(), _("fields of activity")),
            (self.employees_total > 0, _("the number of employees")),
            (self.founded_year is not None, _("the year founded")),
            (self.offerings.active().exists(), _("at least one active offering")),
        ]
        return [str(label) for present, label in checks if not present]

    def profile_completeness(self, missing: list[str]) -> int:
        """Whole percent of the profile items filled in, given ``missing_profile_items()``."""
        return round(100 * (PROFILE_ITEMS - len(missing)) / PROFILE_ITEMS)

    @property
    def offering_categories(self) -> list:
        """Distinct categories of the active offerings; needs ``for_listing()``."""
        seen = {}
        for offering in self.active_offerings:
            seen.setdefault(offering.category_id, offering.category)
        return list(seen.values())

    @property
    def target_group_share(self) -> int | None:
        """Whole percent of employees from target groups, or None without employees."""
        if not self.employees_total:
            return None
        return self.employees_target_group * 100 // self.employees_total

    @property
    def is_reserved_contract_eligible(self) -> bool:
        return (
            self.employees_total > 0
            and self.employees_target_group * 100 >= self.employees_total * RESERVED_CONTRACT_SHARE
        )


class WordWeight(models.IntegerChoices):
    """Where a word was found, as the points it gives a search result: a name or an
    offering's title says what the enterprise is; a description may mention anything."""

    TEXT = 0, _("description")
    PLACE = 1, _("place served")
    VOCABULARY = 2, _("service or target group")
    TITLE = 3, _("name or offering title")


class SearchWordQuerySet(models.QuerySet):
    def starting_with(self, term: str) -> "SearchWordQuerySet":
        # Folded words hold only 0-9 and a-z, and "{" sorts right after "z": a range the
        # (word, enterprise) index answers.
        return self.filter(word__gte=term, word__lt=term + "{")

    def public(self) -> "SearchWordQuerySet":
        return self.filter(enterprise__verification=Verification.VERIFIED)

    def unknown_terms(self, terms: list[str]) -> list[str]:
        """The terms no word of these rows starts with, in one query whatever their number."""
        if not terms:
            return []
        found = (
            IndexedWord.objects.annotate(
                **{f"t{i}": Exists(self.starting_with(term)) for i, term in enumerate(terms)}
            )
            .values_list(*(f"t{i}" for i in range(len(terms))))
            .first()
        )
        # Without a single indexed word nothing is known.
        hits = found or [False] * len(terms)
        return [term for term, hit in zip(terms, hits, strict=True) if not hit]


class SearchWord(models.Model):
    """One word an enterprise is found by, with the weight of the best place it appears:
    its name, registration number and description, its active offerings' titles and
    descriptions, the names of their services (and fields) and target groups in Latvian and
    English, and the places it serves. Derived by ``filter_index.refresh_filter_index``.
    Looking up words that start with a stem uses the index; a ``contains`` over every
    enterprise's text cannot."""

    enterprise = models.ForeignKey(
        SocialEnterprise, on_delete=models.CASCADE, related_name="search_words", db_index=False
    )
    word = models.CharField(max_length=MAX_WORD)
    weight = models.PositiveSmallIntegerField(choices=WordWeight.choices, default=WordWeight.TEXT)

    objects = SearchWordQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "enterprise"], name="search_word_unique")
        ]
        # Ranking asks, for each result, the best weight of its words starting with a term.
        indexes = [models.Index(fields=["enterprise", "word", "weight"])]

    def __str__(self) -> str:
        return self.word


# How many vocabulary words "did you mean" reads for one misspelt word at most.
MAX_NEAR_WORDS = 5_000


class IndexedWordQuerySet(models.QuerySet):
    def near(self, words: list[str], *, best: int = 5) -> dict[str, list[tuple[str, str]]]:
        """For each folded word, up to ``best`` known words within its typo limit, nearest
        first, as (word, display form). One query: the words with the same first letter and
        a length in the band the limit allows."""
        condition = Q()
        for word in words:
            limit = typo_limit(word)
            condition |= Q(
                word__gte=word[0],
                word__lt=chr(ord(word[0]) + 1),
                length__gte=len(word) - limit,
                length__lte=len(word) + limit,
            )
        if not words:
            return {}
        rows = list(
            self.alias(length=Length("word"))
            .filter(condition)
            .order_by("word")
            .values_list("word", "display")[:MAX_NEAR_WORDS]
        )
        nearest = {}
        for word in words:
            limit = typo_limit(word)
            scored = []
            for known, display in rows:
                if known[0] != word[0] or known == word:
                    continue
                distance = edit_distance(word, known, limit)
                if distance <= limit:
                    scored.append((distance, -_common_prefix(word, known), known, display))
            nearest[word] = [(known, display) for *_, known, display in sorted(scored)[:best]]
        return nearest


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


class IndexedWord(models.Model):
    """The vocabulary of the word index: each folded word once, with the form it was written
    in ("edinasana" → "ēdināšana"), for "did you mean". Words are added as enterprises are
    indexed and stay (a suggestion is checked against the public words before it is shown)."""

    word = models.CharField(max_length=MAX_WORD, unique=True)
    display = models.CharField(max_length=MAX_WORD)

    objects = IndexedWordQuerySet.as_manager()

    def __str__(self) -> str:
        return self.display


class PlaceServed(models.Model):
    """A municipality the enterprise works in, however its profile says so: its home, a
    municipality or planning region it serves, or all of Latvia. Derived by
    ``filter_index.refresh_filter_index``, so the directory narrows by place through one
    index before it reads a single enterprise row."""

    enterprise = models.ForeignKey(
        SocialEnterprise, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "municipality"], name="place_served_unique"
            )
        ]
        indexes = [models.Index(fields=["municipality", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.municipality_id}"


class CategoryOffered(models.Model):
    """A service category the enterprise has an active offering in, or under (for a
    top-level one). Derived like ``PlaceServed``, for the directory's category filter."""

    enterprise = models.ForeignKey(
        SocialEnterprise, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    category = models.ForeignKey(
        "cooperation.ServiceCategory", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "category"], name="category_offered_unique"
            )
        ]
        indexes = [models.Index(fields=["category", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.category_id}"


class OfferingKind(models.TextChoices):
    SERVICE = "service", _("service")
    PRODUCT = "product", _("product")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class OfferingQuerySet(models.QuerySet):
    def active(self) -> "OfferingQuerySet":
        return self.filter(is_active=True)

    def public(self) -> "OfferingQuerySet":
        """Active offerings of verified enterprises."""
        return self.active().filter(enterprise__verification=Verification.VERIFIED)


class Offering(Versioned, ServiceArea):
    """A service, product or training an enterprise offers."""

    enterprise = models.ForeignKey(
        SocialEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="offerings",
    )
    title = SingleLineCharField(_("title"), max_length=200)
    description = MultilineTextField(_("description"), max_length=3000, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=OfferingKind.choices, default=OfferingKind.SERVICE
    )
    category = models.ForeignKey(
        "cooperation.ServiceCategory",
        verbose_name=_("service category"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    cpv_codes = models.ManyToManyField(
        "cooperation.CpvCode", verbose_name=_("CPV codes"), blank=True, related_name="offerings"
    )
    target_groups = models.ManyToManyField(
        "cooperation.TargetGroup",
        verbose_name=_("target groups involved"),
        blank=True,
        related_name="offerings",
    )
    instruments = models.ManyToManyField(
        "cooperation.Instrument",
        verbose_name=_("open to cooperation instruments"),
        blank=True,
        related_name="offerings",
    )
    has_own_area = models.BooleanField(
        _("has its own service area"),
        default=False,
        help_text=_("Leave unticked when the offering is available wherever the enterprise works."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    search_text = models.TextField(editable=False, default="")
    # The words matching compares with a need's text (see portal.search.keyword_text).
    keywords = models.TextField(editable=False, default="")

    objects = OfferingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text", "keywords"])

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["enterprise", "title", "pk"]
        indexes = [
            models.Index(fields=["category", "is_active"]),
            models.Index(fields=["enterprise", "is_active"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_text(self.title, self.description)
        self.keywords = keyword_text(self.title, self.description)
        super().save(*args, **kwargs)


def website_domain(url: str) -> str:
    """The host of a web address without "www.", lower-case: "https://www.Darbnica.lv/par"
    → "darbnica.lv"."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def is_on_domain(email: str, domain: str) -> bool:
    """The address is at the domain or one of its subdomains."""
    if not domain or "@" not in email:
        return False
    host = email.rsplit("@", 1)[1].lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


@dataclass(frozen=True)
class Evidence:
    """Something the portal found itself that speaks for (or against) a person's claim to
    act for an enterprise, in words a curator reads."""

    supports: bool
    text: str


class Representative(Membership):
    """A person who acts for a social enterprise in the portal. Until approved (by a curator
    or an approved representative) they may prepare an enterprise that is not yet public,
    but never speak for one: publish, propose, write or answer."""

    enterprise = models.ForeignKey(
        SocialEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    # What the person says about themselves when asking; a curator weighs it.
    role = SingleLineCharField(
        _("your role or position"),
        max_length=200,
        blank=True,
        help_text=_("For example: board member, director, project manager."),
    )
    connection = MultilineTextField(
        _("how you are connected to the enterprise"),
        max_length=1000,
        blank=True,
        help_text=_(
            "For example: since when you work there, who in the enterprise can confirm it."
        ),
    )
    authorisation_url = models.URLField(
        _("link to a signed authorisation"),
        blank=True,
        help_text=_(
            "Optional: a link to a document signed by the board that authorises you to act "
            "for the enterprise."
        ),
    )

    history = HistoricalRecords()

    class Meta(Membership.Meta):
        verbose_name = _("enterprise representative")
        verbose_name_plural = _("enterprise representatives")
        constraints = [
            *Membership.Meta.constraints,
            models.UniqueConstraint(
                fields=["user", "enterprise"],
                name="representative_once_per_enterprise",
                violation_error_message=_("You have already asked to represent this enterprise."),
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"

    @property
    def may_prepare(self) -> bool:
        """Approved, or waiting while the enterprise is not public yet."""
        return self.is_approved or (
            self.status == MembershipStatus.PENDING
            and self.enterprise.verification != Verification.VERIFIED
        )

    def verified_addresses(self) -> list[str]:
        """The person's email addresses allauth has verified (prefetched by the admin as
        ``user.verified_addresses``)."""
        prefetched = getattr(self.user, "verified_addresses", None)
        if prefetched is not None:
            return [address.email for address in prefetched]
        from allauth.account.models import EmailAddress

        return list(
            EmailAddress.objects.filter(user=self.user_id, verified=True).values_list(
                "email", flat=True
            )
        )

    def automatic_evidence(self) -> list[Evidence]:
        """What the portal can check itself: a verified address on the enterprise's own
        website domain. (The register export holds no contact address to compare with.)"""
        domain = website_domain(self.enterprise.website)
        if not domain:
            return [Evidence(False, _("The enterprise has no website to compare addresses with."))]
        addresses = [email for email in self.verified_addresses() if is_on_domain(email, domain)]
        if addresses:
            return [
                Evidence(
                    True,
                    _(
                        "Verified address %(emails)s is on the enterprise's website domain "
                        "%(domain)s."
                    )
                    % {"emails": ", ".join(addresses), "domain": domain},
                )
            ]
        return [
            Evidence(
                False,
                _(
                    "No verified address of the person is on the enterprise's website domain "
                    "%(domain)s."
                )
                % {"domain": domain},
            )
        ]


# Fields of a verified enterprise that its representatives may propose but only a curator
# puts in place: who it is, its status, and the staff figures the reserved-contract badge
# (Directive 2014/24/EU Art. 20) is read from.
REVIEWED_FIELDS = (
    "name",
    "registration_number",
    "legal_form",
    "register_status",
    "status_granted_on",
    "status_ended_on",
    "employees_total",
    "employees_target_group",
)


class ChangeStatus(models.TextChoices):
    # "Changes" are plural in Latvian (izmaiņas), so the words differ from a membership's.
    PENDING = "pending", pgettext_lazy("changes", "waiting for review")
    APPROVED = "approved", pgettext_lazy("changes", "approved")
    REJECTED = "rejected", pgettext_lazy("changes", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("changes", "withdrawn")


class EnterpriseChangeRequestQuerySet(models.QuerySet):
    def pending(self) -> "EnterpriseChangeRequestQuerySet":
        return self.filter(status=ChangeStatus.PENDING)


class EnterpriseChangeRequest(models.Model):
    """Values a representative proposed for a verified enterprise's reviewed fields
    (``REVIEWED_FIELDS``). The public keeps seeing the verified values until a curator
    approves; at most one request per enterprise waits, and a later edit replaces it."""

    enterprise = models.ForeignKey(
        SocialEnterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    proposed = models.JSONField(_("proposed values"), encoder=DjangoJSONEncoder)
    previous = models.JSONField(_("values when proposed"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = MultilineTextField(
        _("reason"),
        max_length=1000,
        blank=True,
        help_text=_("Why the change is rejected: the enterprise's representatives read it."),
    )

    objects = EnterpriseChangeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise change waiting for review")
        verbose_name_plural = _("enterprise changes waiting for review")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status=ChangeStatus.PENDING),
                name="enterprise_change_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ChangeStatus.PENDING, ChangeStatus.WITHDRAWN])
                | Q(decided_at__isnull=False),
                name="enterprise_change_decision_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=ChangeStatus.REJECTED) | ~Q(reason=""),
                name="enterprise_change_rejection_has_reason",
                violation_error_message=_("Say why the change is rejected."),
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.enterprise} ({self.get_status_display()})"

    def proposed_values(self) -> dict:
        """The proposed values as the model's fields hold them (dates as dates)."""
        fields = SocialEnterprise._meta
        return {
            name: fields.get_field(name).to_python(value) for name, value in self.proposed.items()
        }

    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, public value, proposed value) in words, in the order of
        ``REVIEWED_FIELDS``: what the enterprise and the curator read."""
        fields = SocialEnterprise._meta
        rows = []
        for name in REVIEWED_FIELDS:
            if name not in self.proposed:
                continue
            field = fields.get_field(name)
            rows.append(
                (
                    str(field.verbose_name),
                    _display(field, self.previous.get(name)),
                    _display(field, self.proposed[name]),
                )
            )
        return rows


def _display(field: models.Field, value) -> str:
    value = field.to_python(value)
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class RegisterEntry(models.Model):
    """What the Ministry of Welfare's register said about a registration number the last
    time an import listed it, kept apart from what the enterprise (or a curator) wrote, so
    the enterprise's admin page can show the two side by side. Written by
    ``register_import``."""

    registration_number = models.CharField(_("registration number"), max_length=11, unique=True)
    name = models.CharField(_("name in the register"), max_length=300, blank=True)
    register_status = models.CharField(
        _("status in the register of social enterprises"),
        max_length=20,
        choices=RegisterStatus.choices,
    )
    status_granted_on = models.DateField(_("status granted on"), null=True, blank=True)
    status_ended_on = models.DateField(_("status ended on"), null=True, blank=True)
    checked_on = models.DateField(_("register checked on"))

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")

    def __str__(self) -> str:
        return self.registration_number

    REGISTER_FIELDS = ("register_status", "status_granted_on", "status_ended_on")

    def confirms(self, enterprise: SocialEnterprise) -> bool:
        """Whether the enterprise's register status and dates are what the register said."""
        return all(
            getattr(self, name) == getattr(enterprise, name) for name in self.REGISTER_FIELDS
        )


class RegisterImportQuerySet(models.QuerySet):
    def failed(self) -> "RegisterImportQuerySet":
        """Runs with errors: a file that could not be read, or rows that could not (then
        nothing was written, or only the valid rows)."""
        return self.filter(has_errors=True)

    def unresolved(self) -> "RegisterImportQuerySet":
        """Failed runs no import without errors has followed: what a curator still has to
        fix in the file and load again."""
        clean_later = RegisterImport.objects.filter(has_errors=False, ran_at__gt=OuterRef("ran_at"))
        return self.failed().filter(~Exists(clean_later))


class RegisterImport(models.Model):
    """One run of the register import that was meant to write (dry runs are not kept),
    with its outcome counts and every row error, for the curators' desk."""

    ran_at = models.DateTimeField(_("imported"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_on = models.DateField(_("register checked on"))
    partial = models.BooleanField(_("valid rows written alone"), default=False)
    written = models.BooleanField(_("written"), default=False)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    invalid_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    has_errors = models.BooleanField(_("with errors"), default=False)
    # {outcome: count} and [{"line", "column", "message"}], in the curator's language; an
    # error about the whole file has line 0.
    counts = models.JSONField(_("outcomes"), default=dict)
    errors = models.JSONField(_("errors"), default=list)

    objects = RegisterImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return str(timezone.localtime(self.ran_at).strftime("%Y-%m-%d %H:%M"))
