from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _

from .models import User


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["match_emails", "reminder_emails", "language"]


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


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, answering in the same time whether or not the address has an
    account: a new account costs a password hash, so an existing address pays for one too,
    and nobody can tell from the response time which addresses are registered."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
