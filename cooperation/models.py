"""The shared vocabulary both sides speak: cooperation instruments, service categories,
target groups, CPV codes and fields of activity. Curated by administrators in Django admin."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.i18n import Translated


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
