import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cooperation.filters import VocabularyFilterSet
from portal.search import search

from .models import PUBLIC_NEED_STATUSES, Need, NeedStatus


class NeedFilter(VocabularyFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(status.value, status.label) for status in PUBLIC_NEED_STATUSES],
        empty_label=_("Any"),
    )
    deadline_from = django_filters.DateFilter(
        label=_("Deadline from"),
        field_name="deadline",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    deadline_to = django_filters.DateFilter(
        label=_("Deadline until"),
        field_name="deadline",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[("published_at", "published"), ("deadline", "deadline")],
        choices=[
            ("-published", _("newest first")),
            ("deadline", _("deadline, soonest first")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Need
        fields = ["q", "region", "municipality", "category", "target_group", "instrument"]

    def __init__(self, data=None, *args, **kwargs):
        # The board shows open needs unless the visitor asks for others.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = NeedStatus.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return search(queryset, value)

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)

    def filter_municipality(self, queryset, name, municipality):
        return queryset.filter(municipality=municipality)

    def filter_service_category(self, queryset, category):
        return queryset.in_category(category)

    def filter_target_group(self, queryset, name, target_group):
        return queryset.for_target_group(target_group)

    def filter_instrument(self, queryset, name, instrument):
        return queryset.preferring(instrument)
