from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.forms import GroupedChoiceIterator
from cooperation.models import ServiceCategory
from municipalities.models import Municipality
from portal.forms import formfield
from portal.versioning import VersionedForm

from .models import KIND_FIELDS, REQUIRED_FIELDS, Application, Opportunity

COMMON_FIELDS = [
    "title_lv",
    "title_en",
    "description_lv",
    "description_en",
    "closes_on",
    "who_may_apply",
    "categories",
    "target_groups",
    "partners",
    "contact_name",
    "contact_email",
    "contact_phone",
]

WIDGETS = {
    "description_lv": forms.Textarea(attrs={"rows": 6}),
    "description_en": forms.Textarea(attrs={"rows": 4}),
    "who_may_apply": forms.Textarea(attrs={"rows": 3}),
    "allowed_use": forms.Textarea(attrs={"rows": 3}),
    "conditions": forms.Textarea(attrs={"rows": 3}),
    "task": forms.Textarea(attrs={"rows": 4}),
    "legal_basis": forms.Textarea(attrs={"rows": 3}),
    "target_groups": forms.CheckboxSelectMultiple,
    "partners": forms.CheckboxSelectMultiple,
    "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "decision_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "regulation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}


class CategoryMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Concrete services as checkboxes, grouped under their top-level category."""

    iterator = GroupedChoiceIterator
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Services it favours"))
        queryset = (
            ServiceCategory.objects.filter(parent__isnull=False)
            .select_related("parent")
            .order_by("parent__position", "position")
        )
        super().__init__(queryset=queryset, **kwargs)

    @staticmethod
    def group_label(category: ServiceCategory) -> str:
        return category.parent.name


class OpportunityForm(VersionedForm):
    """The common part; ``opportunity_form(kind)`` adds the facts of one kind."""

    categories = CategoryMultipleChoiceField()

    def __init__(self, *args, publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.publish = publish
        for name in REQUIRED_FIELDS.get(self.instance.kind, []):
            if name in self.fields:
                self.fields[name].required = True
        if "partners" in self.fields:
            partners = Municipality.objects.current()
            if self.instance.municipality_id:
                partners = partners.exclude(pk=self.instance.municipality_id)
            self.fields["partners"].queryset = partners

    def _post_clean(self):
        # Publishing is checked as the opportunity will be (e.g. a closing date that has
        # passed is refused for an open one, welcome in a draft).
        if self.publish and self.instance.status == "draft":
            self.instance.status = "open"
            super()._post_clean()
            self.instance.status = "draft"
        else:
            super()._post_clean()

    class Meta:
        model = Opportunity
        formfield_callback = formfield
        fields = COMMON_FIELDS
        widgets = WIDGETS
        # People type "186,5" in Latvian.
        localized_fields = ["budget_total", "amount_min", "amount_max", "area_m2"]


def opportunity_form(kind: str) -> type[OpportunityForm]:
    """The form for one kind of opportunity: the common fields and that kind's facts."""
    meta = type(
        "Meta",
        (OpportunityForm.Meta,),
        {"fields": COMMON_FIELDS[:5] + KIND_FIELDS[kind] + COMMON_FIELDS[5:]},
    )
    return type(f"{kind.title()}OpportunityForm", (OpportunityForm,), {"Meta": meta})


class ApplicationForm(forms.ModelForm):
    """An application: the first points of the seven-point plan."""

    class Meta:
        model = Application
        formfield_callback = formfield
        fields = ["problem", "solution", "resources"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].required = True
        self.fields["solution"].required = True


class RegistrationForm(forms.ModelForm):
    """A registration for an event."""

    class Meta:
        model = Application
        formfield_callback = formfield
        fields = ["places", "note"]
        labels = {"places": _("How many people come"), "note": _("Note for the organisers")}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("shortlist", _("Shortlist")),
            ("accept", _("Accept")),
            ("decline", _("Decline")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason (the enterprise reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MonthForm(forms.Form):
    """Which month the calendar shows: ?month=2027-03; this month when empty or wrong."""

    month = forms.DateField(required=False, input_formats=["%Y-%m"])
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.current(), to_field_name="slug", required=False
    )
