import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Match


class MatchFilter(django_filters.FilterSet):
    """Narrow a need's matches to what the reader is weighing."""

    local = django_filters.BooleanFilter(
        label=_("Only those based in or serving the municipality"),
        method="filter_local",
        widget=forms.CheckboxInput,
    )
    min_score = django_filters.NumberFilter(
        label=_("Score at least"), field_name="score", lookup_expr="gte", min_value=0
    )
    # Only a choice for the page: the list of those outside the area is shown apart.
    outside = django_filters.BooleanFilter(
        label=_("Also show enterprises with the service outside the area"),
        method="keep",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Match
        fields = ["local", "min_score", "outside"]

    def keep(self, queryset, name, value):
        return queryset

    @property
    def show_outside(self) -> bool:
        return self.is_valid() and bool(self.form.cleaned_data.get("outside"))

    def filter_local(self, queryset, name, value):
        return queryset.filter(local=True) if value else queryset


class OfficerMatchFilter(MatchFilter):
    """The need's officers also filter by what enterprises answered, which only they see."""

    answer = django_filters.ChoiceFilter(
        label=_("Answer"),
        choices=[
            ("interested", _("interested")),
            ("declined", _("not interested")),
            ("none", _("no answer yet")),
        ],
        empty_label=_("Any"),
        method="filter_answer",
    )

    class Meta(MatchFilter.Meta):
        fields = ["local", "answer", "min_score", "outside"]

    def filter_answer(self, queryset, name, value):
        return {
            "interested": queryset.filter(interested_at__isnull=False),
            "declined": queryset.filter(declined_at__isnull=False),
            "none": queryset.filter(interested_at__isnull=True, declined_at__isnull=True),
        }[value]
