from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.forms import (
    CategoryChoiceField,
    GroupedChoiceIterator,
    InstrumentMultipleChoiceField,
)
from portal.forms import formfield
from portal.versioning import VersionedForm

from .models import PAST_DEADLINE_MESSAGE, Municipality, MunicipalitySupport, Need, NeedStatus


class MunicipalitiesByRegionField(forms.ModelMultipleChoiceField):
    """Municipalities as checkboxes under their planning regions: 42 in one list are hard to
    scan, and people think of where they work by region."""

    iterator = GroupedChoiceIterator
    widget = forms.CheckboxSelectMultiple

    def _set_queryset(self, queryset):
        # Whatever the form narrows it to (e.g. current municipalities), read in region order.
        if queryset is not None:
            queryset = queryset.select_related("region").order_by(
                "region__position", "sort_name", "pk"
            )
        super()._set_queryset(queryset)

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    @staticmethod
    def group_label(municipality: Municipality) -> str:
        return municipality.region.name


class OfficerRequestForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.current(),
        help_text=_(
            "With an email address on the municipality's official domain you can start at once; "
            "otherwise an administrator confirms the request."
        ),
    )


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        formfield_callback = formfield
        fields = [
            "description",
            "website",
            "contact_name",
            "contact_position",
            "contact_name_public",
            "contact_email",
            "contact_email_public",
            "contact_phone",
            "contact_phone_public",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


SupportFormSet = forms.inlineformset_factory(
    Municipality,
    MunicipalitySupport,
    fields=["instrument", "note"],
    extra=2,
    can_delete=True,
    widgets={"note": forms.TextInput()},
    # There are a dozen instruments. Django would otherwise build up to 2,000 forms for a
    # posted form count, seconds of work for one request.
    max_num=50,
    absolute_max=50,
)


class NeedForm(VersionedForm):
    category = CategoryChoiceField()
    instruments = InstrumentMultipleChoiceField(label=_("Preferred cooperation instruments"))

    def __init__(self, *args, publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publish = publish

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        will_be_open = self.instance.status == NeedStatus.OPEN or (
            self.publish and self.instance.status == NeedStatus.DRAFT
        )
        if will_be_open and Need(deadline=deadline).deadline_has_passed:
            raise forms.ValidationError(PAST_DEADLINE_MESSAGE)
        return deadline

    class Meta:
        model = Need
        fields = [
            "title",
            "description",
            "category",
            "target_groups",
            "instruments",
            "cpv_codes",
            "reservation",
            "budget_min",
            "budget_max",
            "deadline",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "target_groups": forms.CheckboxSelectMultiple,
            "cpv_codes": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }
