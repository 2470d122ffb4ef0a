from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .lists import LISTS, describe, normalised_querystring
from .models import Frequency, SavedSearch, SearchKind


class SaveSearchForm(forms.Form):
    """Name, how often, and (without an account) the address; the filters travel as the
    list's query string and are checked with the list's own FilterSet."""

    name = forms.CharField(label=_("Name of the search"), max_length=200)
    frequency = forms.ChoiceField(
        label=_("Send new results"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We first send a link to confirm it. Nothing else is sent until you do."),
    )
    querystring = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    def __init__(self, *args, kind: SearchKind, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_list = LISTS[kind]
        if signed_in:
            del self.fields["email"]

    def clean(self):
        data = super().clean()
        filterset = self.search_list.filterset(QueryDict(data.get("querystring", "")))
        if not filterset.is_valid():
            # The filters are hidden in the form: the error is the whole form's.
            raise forms.ValidationError(
                _("These filters are no longer valid. Go back to the list and choose again.")
            )
        self.description = describe(filterset)
        data["querystring"] = normalised_querystring(filterset)
        return data


class FrequencyForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


class ManageSearchForm(forms.Form):
    """On "My account": change how often, or delete, one of the person's own searches."""

    search = forms.ModelChoiceField(queryset=SavedSearch.objects.none(), widget=forms.HiddenInput)
    frequency = forms.ChoiceField(choices=Frequency.choices, required=False)
    delete = forms.BooleanField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the person's own: anyone else's number is "not a valid choice".
        self.fields["search"].queryset = SavedSearch.objects.filter(user=user)

    def clean(self):
        data = super().clean()
        if not data.get("delete") and not data.get("frequency"):
            raise forms.ValidationError(_("Choose how often, or delete the search."))
        return data
