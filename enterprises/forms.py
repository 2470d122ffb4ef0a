from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.forms import CategoryChoiceField, InstrumentMultipleChoiceField
from municipalities.forms import MunicipalitiesByRegionField
from municipalities.models import Municipality
from portal.forms import formfield
from portal.versioning import VersionedForm

from .models import Offering, SocialEnterprise, registration_number_validator

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
    """What a representative keeps current. Register status is the administrators' to set."""

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
    """A new enterprise with its own account of its register status, checked by a curator."""

    class Meta(EnterpriseProfileForm.Meta):
        fields = [
            "name",
            "registration_number",
            "legal_form",
            "register_status",
            "status_granted_on",
            "status_ended_on",
            *PROFILE_FIELDS[1:],
        ]
        widgets = {
            **EnterpriseProfileForm.Meta.widgets,
            "status_granted_on": forms.DateInput(attrs={"type": "date"}),
            "status_ended_on": forms.DateInput(attrs={"type": "date"}),
        }


class JoinEnterpriseForm(forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number of the enterprise"),
        max_length=11,
        validators=[registration_number_validator],
        help_text=_("The 11-digit number in the Register of Enterprises."),
    )

    def clean_registration_number(self) -> SocialEnterprise:
        number = self.cleaned_data["registration_number"]
        enterprise = SocialEnterprise.objects.filter(registration_number=number).first()
        if enterprise is None:
            raise forms.ValidationError(
                _("No enterprise with this number is registered in Kopā. You can register it.")
            )
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
