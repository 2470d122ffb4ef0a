from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.forms import CategoryChoiceField, InstrumentMultipleChoiceField
from municipalities.forms import MunicipalitiesByRegionField
from municipalities.models import Municipality
from portal.forms import formfield
from portal.versioning import VersionedForm

from .models import (
    Offering,
    Representative,
    SocialEnterprise,
    registration_number_validator,
)

PROFILE_FIELDS = [
    "name",
    "description",
    "website",
    "email",
    "email_public",
    "phone",
    "phone_public",
    "home_municipality",
    "serves_nationwide",
    "served_regions",
    "served_municipalities",
    "target_groups",
    "fields_of_activity",
    "employees_total",
    "employees_target_group",
    "founded_year",
]
CHECKBOXES = {
    "served_regions": forms.CheckboxSelectMultiple,
    "served_municipalities": forms.CheckboxSelectMultiple,
    "target_groups": forms.CheckboxSelectMultiple,
    "fields_of_activity": forms.CheckboxSelectMultiple,
    "cpv_codes": forms.CheckboxSelectMultiple,
}


class EnterpriseProfileForm(VersionedForm):
    """What a representative keeps current. Register status is the administrators' to set;
    of a verified enterprise the name and staff figures wait for a curator
    (``services.save_profile``)."""

    class Meta:
        model = SocialEnterprise
        fields = PROFILE_FIELDS
        formfield_callback = formfield
        field_classes = {"served_municipalities": MunicipalitiesByRegionField}
        widgets = {**CHECKBOXES, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Municipality.objects.current()
        self.fields["home_municipality"].queryset = current
        self.fields["served_municipalities"].queryset = current


class EnterpriseRegistrationForm(EnterpriseProfileForm):
    """A new enterprise. Its status in the register of social enterprises is not asked: a
    curator reads it from the Ministry of Welfare's register (or the register import does)."""

    class Meta(EnterpriseProfileForm.Meta):
        fields = ["name", "registration_number", "legal_form", *PROFILE_FIELDS[1:]]

    def clean_registration_number(self) -> str:
        """A number registered in Kopā already gets one answer, whether the enterprise is in
        the public directory or hidden (pending or rejected): which one is not told here, and
        the join form answers alike for a hidden and an unknown number."""
        number = self.cleaned_data["registration_number"]
        if SocialEnterprise.objects.filter(registration_number=number).exists():
            raise forms.ValidationError(
                format_html(
                    gettext(
                        "An enterprise with this registration number is already in Kopā. "
                        "If you act for it, {link}ask to represent it{end}."
                    ),
                    link=format_html('<a href="{}">', reverse("enterprises:enterprise-join")),
                    end=mark_safe("</a>"),
                ),
                code="taken",
            )
        return number


class RepresentativeEvidenceForm(forms.ModelForm):
    """Who the person asking to act for an enterprise is, for whoever approves them."""

    class Meta:
        model = Representative
        fields = ["role", "connection", "authorisation_url"]
        formfield_callback = formfield
        widgets = {"connection": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["connection"].required = True

    @property
    def evidence(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


# One answer for a number nobody registered and for an enterprise the public does not see
# (pending or rejected): the form must not tell which numbers are in Kopā.
NOT_IN_DIRECTORY = _(
    "No enterprise with this number is in the Kopā directory. If you act for it, register "
    "it; if a colleague has registered it already, ask them or the administrators."
)


class JoinEnterpriseForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number of the enterprise"),
        max_length=11,
        validators=[registration_number_validator],
        help_text=_("The 11-digit number in the Register of Enterprises."),
    )

    def clean_registration_number(self) -> SocialEnterprise:
        number = self.cleaned_data["registration_number"]
        enterprise = SocialEnterprise.objects.verified().filter(registration_number=number).first()
        if enterprise is None:
            raise forms.ValidationError(NOT_IN_DIRECTORY, code="not_in_directory")
        return enterprise


class OfferingForm(VersionedForm):
    category = CategoryChoiceField()
    instruments = InstrumentMultipleChoiceField(label=_("Open to cooperation instruments"))

    class Meta:
        model = Offering
        fields = [
            "title",
            "kind",
            "category",
            "description",
            "target_groups",
            "instruments",
            "cpv_codes",
            "has_own_area",
            "serves_nationwide",
            "served_regions",
            "served_municipalities",
            "is_active",
        ]
        field_classes = {"served_municipalities": MunicipalitiesByRegionField}
        widgets = {**CHECKBOXES, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_municipalities"].queryset = Municipality.objects.current()
