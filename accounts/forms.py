from django import forms

from .models import User


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["match_emails", "language"]
