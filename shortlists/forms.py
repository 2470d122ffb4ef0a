from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.forms import InstrumentMultipleChoiceField
from cooperation.models import Cooperation
from municipalities.models import Need
from opportunities.models import Opportunity, OpportunityInvitation

from .models import Shortlist, ShortlistEntry

TEXTAREA = {"rows": 3}


class ShortlistForm(forms.ModelForm):
    class Meta:
        model = Shortlist
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs=TEXTAREA)}
        help_texts = {
            "name": _("For example: Tirgus izpēte: parku uzkopšana 2027"),
        }

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality is not None:
            # Set before validation, so the one-name-per-municipality rule is checked.
            self.instance.municipality = municipality

    def clean_name(self) -> str:
        # The form has no municipality field, so ModelForm would skip the constraint.
        name = self.cleaned_data["name"]
        same = Shortlist.objects.filter(municipality=self.instance.municipality_id, name=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                Shortlist._meta.constraints[0].violation_error_message, code="unique"
            )
        return name


class NoteForm(forms.ModelForm):
    class Meta:
        model = ShortlistEntry
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs=TEXTAREA)}


class NeedChoiceForm(forms.Form):
    """The first step of inviting a list: which of the municipality's open needs."""

    need = forms.ModelChoiceField(
        label=_("Need"),
        queryset=Need.objects.none(),
        empty_label=None,
        help_text=_("Only the municipality's open needs can be invited to."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = (
            Need.objects.open().filter(municipality=municipality).order_by("-published_at", "pk")
        )


class InvitationPlanForm(forms.ModelForm):
    """The plan every enterprise of the list is invited with: the seven points of a
    cooperation proposal, without the offerings, which are each enterprise's own."""

    instruments = InstrumentMultipleChoiceField(label=_("Forms of cooperation"), required=True)

    class Meta:
        model = Cooperation
        fields = [
            "title",
            "problem",
            "solution",
            "instruments",
            "communication",
            "resources",
            "planned_results",
            "sustainability",
        ]
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in [
                "problem",
                "solution",
                "communication",
                "resources",
                "planned_results",
                "sustainability",
            ]
        }

    @property
    def plan(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "instruments"}


class OpportunityChoiceForm(forms.Form):
    """The first step of inviting a list to apply: which of the municipality's open
    opportunities (managed by it or offered together with others)."""

    opportunity = forms.ModelChoiceField(
        label=_("Opportunity"),
        queryset=Opportunity.objects.none(),
        empty_label=None,
        help_text=_("Only the municipality's open opportunities can be invited to."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = (
            Opportunity.objects.open()
            .offered_by(municipality)
            .select_related("municipality")
            .order_by("closes_on", "pk")
        )


class OpportunityInvitationForm(forms.ModelForm):
    class Meta:
        model = OpportunityInvitation
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs=TEXTAREA)}
        labels = {"note": _("Note to the enterprises")}
        help_texts = {
            "note": _("Optional. Every invited enterprise reads it in the email."),
        }
