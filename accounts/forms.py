from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["match_emails", "language"]


class AccountDeletionForm(forms.Form):
    """The person confirms with their password: a borrowed open session is not enough."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
