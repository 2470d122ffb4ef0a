"""Form fields for the shared vocabulary, grouped the way people read it."""

from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.versioning import VersionedForm

from .models import Cooperation, CooperationMessage, Instrument, ServiceCategory
from .services import STEPS


class GroupedChoiceIterator(forms.models.ModelChoiceIterator):
    """Lazily yields the field's rows as option groups, named by ``field.group_label(row)``."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset
        if not rows._prefetch_related_lookups:
            rows = rows.iterator()
        for label, group in groupby(rows, key=self.field.group_label):
            yield (label, [self.choice(row) for row in group])


class CategoryChoiceField(forms.ModelChoiceField):
    """A concrete service, grouped under its top-level category."""

    iterator = GroupedChoiceIterator

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Service category"))
        queryset = (
            ServiceCategory.objects.filter(parent__isnull=False)
            .select_related("parent")
            .order_by("parent__position", "position")
        )
        super().__init__(queryset=queryset, **kwargs)

    @staticmethod
    def group_label(category: ServiceCategory) -> str:
        return category.parent.name


class InstrumentMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Cooperation instruments as checkboxes, light ones first, then targeted."""

    iterator = GroupedChoiceIterator
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset=Instrument.objects.all(), **kwargs)

    @staticmethod
    def group_label(instrument: Instrument) -> str:
        return instrument.get_kind_display()


class ProposalTargetForm(forms.Form):
    """Whom an enterprise proposes to, from the query string: a need, or else a municipality."""

    need = forms.IntegerField(required=False, min_value=1)
    municipality = forms.SlugField(required=False)


class CooperationForm(VersionedForm):
    """The plan, in the seven points that make cooperation work, and the numbers it aims at
    (value, jobs, people), which the statistics count against what is delivered."""

    instruments = InstrumentMultipleChoiceField(label=_("Forms of cooperation"), required=True)

    class Meta:
        model = Cooperation
        fields = [
            "title",
            "problem",
            "solution",
            "instruments",
            "offerings",
            "communication",
            "resources",
            "planned_results",
            "sustainability",
            "planned_value_eur",
            "planned_jobs",
            "planned_people",
            "planned_end",
        ]
        widgets = {
            "offerings": forms.CheckboxSelectMultiple,
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "problem",
                    "solution",
                    "communication",
                    "resources",
                    "planned_results",
                    "sustainability",
                ]
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offerings"].queryset = self.instance.enterprise.offerings.active()

    def clean_planned_end(self):
        planned_end = self.cleaned_data["planned_end"]
        started = self.instance.created_at or timezone.now()
        if planned_end and planned_end < timezone.localdate(started):
            raise ValidationError(_("The planned end cannot be before the cooperation started."))
        return planned_end


class ResultsForm(forms.ModelForm):
    class Meta:
        model = Cooperation
        fields = ["people_involved", "jobs_created", "value_eur", "what_worked", "what_did_not"]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_did_not": forms.Textarea(attrs={"rows": 3}),
        }


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in STEPS], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class MessageForm(forms.ModelForm):
    class Meta:
        model = CooperationMessage
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
