from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DeclineReason


class AnswerForm(forms.Form):
    """Interested, or not interested with a reason; the buttons carry ``interested``."""

    interested = forms.TypedChoiceField(
        choices=[("yes", _("interested")), ("no", _("not interested"))],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    reason = forms.ChoiceField(
        label=_("If not, why?"),
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Note for the municipality (optional)"),
        max_length=500,
        required=False,
        widget=forms.TextInput,
    )

    def clean(self):
        data = super().clean()
        if data.get("interested") is False and not data.get("reason"):
            self.add_error("reason", _("Please say why you are not interested."))
        return data
