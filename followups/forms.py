from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.models import CooperationSurvey

YES_NO = [("yes", _("yes")), ("no", _("no"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class SurveyForm(forms.ModelForm):
    """One side's answer. The side is never a field: it is whoever the link or the signed-in
    person acts for, so nobody can write the other side's answer."""

    happened_as_planned = forms.TypedChoiceField(
        label=_("Did the cooperation happen as planned?"),
        choices=YES_NO,
        coerce=_yes_no,
        widget=forms.RadioSelect,
    )
    would_have_found_without_portal = forms.TypedChoiceField(
        label=_("Would you have found each other without Kopā?"),
        choices=[*YES_NO, ("unknown", _("I do not know"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = CooperationSurvey
        fields = [
            "happened_as_planned",
            "value_eur",
            "jobs_created",
            "target_group_people",
            "would_have_found_without_portal",
        ]
        labels = {
            "value_eur": _("Its value in euros (if you know it)"),
            "jobs_created": _("Jobs created"),
            "target_group_people": _("People from target groups involved"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("happened_as_planned", "would_have_found_without_portal"):
                value = getattr(self.instance, name)
                self.initial[name] = {True: "yes", False: "no"}.get(value, "unknown")
        self.fields["value_eur"].min_value = 0
        self.fields["value_eur"].widget.attrs["min"] = "0"
